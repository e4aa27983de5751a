// CSV and HTML renderings of the alignment report (taxonomy/alignment_report.h).
#include <sstream>

#include "taxonomy/alignment_report.h"

namespace km::taxonomy {
namespace {

std::string csv_cell(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string percent(const nlohmann::json& share) {
  return std::to_string(static_cast<int>(share.get<double>() * 100 + 0.5)) + "%";
}

std::string counts_text(const nlohmann::json& counts) {
  std::string out;
  for (const auto& [org, n] : counts.items()) out += (out.empty() ? "" : "; ") + org + " " + text(n);
  return out;
}

}  // namespace

std::string alignment_report_csv(const nlohmann::json& r) {
  std::ostringstream out;
  const auto& cov = r["coverage"];
  out << "section,concept,label,value,detail\n";
  out << "coverage,,local concepts mapped," << text(cov["mapped_concepts"]) << "/" << text(cov["local_concepts"]) << ","
      << percent(cov["concept_share"]) << "\n";
  out << "coverage,,items reaching the shared scheme," << text(cov["items_reaching_shared"]) << "/" << text(cov["items"]) << ","
      << percent(cov["item_share"]) << "\n";
  for (const auto& u : r["unmapped"]) {
    out << "unmapped," << csv_cell(text(u["concept"])) << "," << csv_cell(text(u["label"])) << "," << text(u["items"])
        << ",demand " << text(u["demand"]) << "\n";
  }
  for (const auto& o : r["one_way"]) {
    out << "one_way," << csv_cell(text(o["concept"])) << "," << csv_cell(text(o["label"])) << "," << csv_cell(counts_text(o["counts"]))
        << "," << csv_cell(text(o["direction"])) << "\n";
  }
  for (const auto& c : r["conflicts"]) {
    out << "conflict," << csv_cell(text(c["concept"])) << "," << text(c["type"]) << ",," << csv_cell(text(c["detail"])) << "\n";
  }
  for (const auto& s : r["suggestions"]) {
    for (const auto& c : s["candidates"]) {
      std::string evidence;
      for (const auto& e : c["evidence"]) evidence += (evidence.empty() ? "" : "; ") + text(e);
      out << "suggestion," << csv_cell(text(s["concept"])) << "," << csv_cell(text(c["target"]) + " " + text(c["relation"])) << ","
          << c["confidence"].get<double>() << "," << csv_cell(evidence) << "\n";
    }
  }
  return out.str();
}

std::string alignment_report_html(const nlohmann::json& r) {
  std::ostringstream out;
  const auto& cov = r["coverage"];
  const std::string org = text(r["org"]);
  out << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Alignment report: " << html(org)
      << "</title><style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2433}table{border-collapse:collapse;"
         "width:100%;margin-bottom:1.5rem}th,td{border:1px solid #ccd;padding:.3rem .5rem;text-align:left;vertical-align:top}"
         "th{background:#eef1f6}h2{margin-top:2rem}.figure{font-size:1.4rem;font-weight:600}@media print{h2{break-before:auto}}"
         "</style></head><body>\n";
  out << "<h1>Taxonomy alignment report: " << html(org) << "</h1><p>Generated " << html(text(r["generated_at"])) << ".</p>\n";
  out << "<h2>Coverage</h2><p><span class=\"figure\">" << percent(cov["concept_share"]) << "</span> of local concepts mapped ("
      << text(cov["mapped_concepts"]) << " of " << text(cov["local_concepts"]) << ") &middot; <span class=\"figure\">"
      << percent(cov["item_share"]) << "</span> of items reach the shared scheme (" << text(cov["items_reaching_shared"])
      << " of " << text(cov["items"]) << ")</p>\n";
  out << "<h2>Unmapped concepts</h2><table><tr><th>Concept</th><th>Label</th><th>Items</th><th>Search demand</th></tr>\n";
  for (const auto& u : r["unmapped"]) {
    out << "<tr><td>" << html(text(u["concept"])) << "</td><td>" << html(text(u["label"])) << "</td><td>" << text(u["items"])
        << "</td><td>" << text(u["demand"]) << "</td></tr>\n";
  }
  out << "</table><h2>Knowledge flowing one way</h2><table><tr><th>Shared concept</th><th>Items by org</th><th>Direction</th></tr>\n";
  for (const auto& o : r["one_way"]) {
    out << "<tr><td>" << html(text(o["label"])) << " <small>(" << html(text(o["concept"])) << ")</small></td><td>"
        << html(counts_text(o["counts"])) << "</td><td>" << html(text(o["direction"])) << "</td></tr>\n";
  }
  out << "</table><h2>Conflicts</h2><table><tr><th>Type</th><th>Concept</th><th>Detail</th></tr>\n";
  for (const auto& c : r["conflicts"]) {
    out << "<tr><td>" << html(text(c["type"])) << "</td><td>" << html(text(c["concept"])) << "</td><td>" << html(text(c["detail"]))
        << "</td></tr>\n";
  }
  out << "</table><h2>Suggested mappings to review</h2><table><tr><th>Concept</th><th>Candidate</th><th>Confidence</th><th>Evidence</th></tr>\n";
  for (const auto& s : r["suggestions"]) {
    for (const auto& c : s["candidates"]) {
      out << "<tr><td>" << html(text(s["label"])) << "</td><td>" << html(text(c["label"])) << " <small>(" << html(text(c["relation"]))
          << ")</small></td><td>" << static_cast<int>(c["confidence"].get<double>() * 100) << "%</td><td>";
      for (const auto& e : c["evidence"]) out << html(text(e)) << "<br>";
      out << "</td></tr>\n";
    }
  }
  out << "</table></body></html>\n";
  return out.str();
}

}  // namespace km::taxonomy
