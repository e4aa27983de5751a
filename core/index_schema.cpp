#include "core/index_schema.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace km::core::schema {
namespace {

int count_of(std::string_view text) {
  return static_cast<int>(parse_integer(text, 0, std::numeric_limits<int>::max()).value_or(0));
}

std::string string_at(const nlohmann::json& data, const char* key) {
  const auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string schema_markdown() {
  std::string out = "| prefix | meaning | | value slot | meaning |\n|---|---|---|---|---|\n";
  const std::size_t rows = std::max(std::size(kPrefixMeanings), std::size(kSlotMeanings));
  for (std::size_t i = 0; i < rows; ++i) {
    if (i < std::size(kPrefixMeanings)) {
      out += "| `" + std::string(kPrefixMeanings[i].prefix) + "` | " + std::string(kPrefixMeanings[i].meaning) + " | |";
    } else {
      out += "| | | |";
    }
    if (i < std::size(kSlotMeanings)) {
      out += " " + std::to_string(kSlotMeanings[i].slot) + " | " + std::string(kSlotMeanings[i].meaning) + " |\n";
    } else {
      out += " | |\n";
    }
  }
  return out;
}

std::string encode_id_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += '\n';
    out += id;
  }
  return out;
}

std::vector<std::string> decode_id_list(std::string_view value) {
  std::vector<std::string> out;
  for_each_listed_id(value, [&](std::string_view id) { out.emplace_back(id); });
  return out;
}

std::string encode_signals(const Signals& s) {
  return std::string(to_string(s.status)) + "|" + std::to_string(s.helpful) + "|" + std::to_string(s.not_helpful) + "|" +
         s.review_by.substr(0, 10);
}

Signals decode_signals(std::string_view value) {
  std::string_view fields[4];
  for (std::string_view& field : fields) {
    const std::size_t bar = value.find('|');
    field = value.substr(0, bar);
    value = bar == std::string_view::npos ? std::string_view() : value.substr(bar + 1);
  }
  Signals s;
  s.status = parse_status(fields[0]).value_or(Status::draft);
  s.helpful = count_of(fields[1]);
  s.not_helpful = count_of(fields[2]);
  s.review_by = std::string(fields[3]);
  return s;
}

std::string encode_document_data(const DocumentData& d) {
  const nlohmann::json data = {{data_key::kId, d.id},
                               {data_key::kTitle, d.title},
                               {data_key::kKind, d.kind},
                               {data_key::kOrg, d.org},
                               {data_key::kCommunity, d.community},
                               {data_key::kConcepts, d.concepts},
                               {data_key::kStatus, d.status},
                               {data_key::kVisibility, d.visibility},
                               {data_key::kAuthor, d.author},
                               {data_key::kCreated, d.created},
                               {data_key::kUpdated, d.updated},
                               {data_key::kSummary, d.summary},
                               {data_key::kText, utf8_prefix(d.text, kMaxStoredText)}};
  return data.dump();
}

DocumentData decode_document_data(std::string_view value) {
  const nlohmann::json data = nlohmann::json::parse(value, nullptr, false);
  DocumentData d;
  if (!data.is_object()) return d;
  d.id = string_at(data, data_key::kId);
  d.title = string_at(data, data_key::kTitle);
  d.kind = string_at(data, data_key::kKind);
  d.org = string_at(data, data_key::kOrg);
  d.community = string_at(data, data_key::kCommunity);
  if (const auto it = data.find(data_key::kConcepts); it != data.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_string()) d.concepts.push_back(c.get<std::string>());
    }
  }
  d.status = string_at(data, data_key::kStatus);
  d.visibility = string_at(data, data_key::kVisibility);
  d.author = string_at(data, data_key::kAuthor);
  d.created = string_at(data, data_key::kCreated);
  d.updated = string_at(data, data_key::kUpdated);
  d.summary = string_at(data, data_key::kSummary);
  d.text = string_at(data, data_key::kText);
  return d;
}

}  // namespace km::core::schema
