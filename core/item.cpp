#include "core/item.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/enum_names.h"
#include "core/text.h"

namespace km::core {
namespace {

constexpr std::array<std::string_view, 4> kKinds = {"lesson", "good_practice", "insight", "answer"};
constexpr std::array<std::string_view, 3> kVisibilities = {"org", "community", "shared"};
constexpr std::array<std::string_view, 3> kStatuses = {"draft", "validated", "retired"};

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& names) {
  std::string out = "must be one of";
  for (std::size_t i = 0; i < N; ++i) out += (i ? ", " : " ") + std::string(names[i]);
  return out;
}

const std::set<std::string_view> kKnownFields = {
    "id",         "org",      "kind",    "title",   "summary", "body",      "sections",  "community",
    "concepts",   "visibility", "status", "author", "created", "updated",   "review_by", "source_url"};

// Reads the validation context for one record: errors accumulate, never throw.
class Reader {
 public:
  explicit Reader(const nlohmann::json& record) : record_(record) {}
  std::vector<FieldError> errors;

  // A string field: absent/null gives "", other types and bad UTF-8 are errors.
  std::string text(const nlohmann::json& node, const std::string& field, std::size_t max_len) {
    if (node.is_null()) return {};
    if (!node.is_string()) {
      fail(field, std::string("must be a string, not ") + node.type_name());
      return {};
    }
    const auto& value = node.get_ref<const std::string&>();
    if (!is_valid_utf8(value)) {
      fail(field, "is not valid UTF-8");
      return {};
    }
    if (value.size() > max_len) {
      fail(field, "is too long (" + std::to_string(value.size()) + " bytes, at most " +
                      std::to_string(max_len) + ")");
      return {};
    }
    return value;
  }
  std::string field(const std::string& name, std::size_t max_len = kMaxTextLength) {
    auto it = record_.find(name);
    return it == record_.end() ? std::string() : text(*it, name, max_len);
  }
  std::string date(const std::string& name) {
    std::string value = field(name, 64);
    if (value.empty()) return value;
    auto parsed = parse_iso8601(value);
    if (!parsed) fail(name, "'" + value + "' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    return parsed.value_or("");
  }
  void fail(const std::string& field, std::string reason) { errors.push_back({field, std::move(reason)}); }
  bool has_error(const std::string& field) const {
    return std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == field; });
  }

 private:
  const nlohmann::json& record_;
};

bool is_identifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

void read_sections(Reader& r, const nlohmann::json& record, Sections& out) {
  auto it = record.find("sections");
  if (it == record.end() || it->is_null()) return;
  if (!it->is_object()) {
    r.fail("sections", std::string("must be an object, not ") + it->type_name());
    return;
  }
  for (const auto& [key, value] : it->items()) {
    const std::string name = "sections." + key;
    if (key == "observation") out.observation = r.text(value, name, kMaxTextLength);
    else if (key == "lesson") out.lesson = r.text(value, name, kMaxTextLength);
    else if (key == "recommendation") out.recommendation = r.text(value, name, kMaxTextLength);
    else r.fail(name, "unknown section (observation, lesson, recommendation)");
  }
}

void read_concepts(Reader& r, const nlohmann::json& record, std::vector<std::string>& out) {
  auto it = record.find("concepts");
  if (it == record.end() || it->is_null()) return;
  if (!it->is_array()) {
    r.fail("concepts", std::string("must be an array of concept ids, not ") + it->type_name());
    return;
  }
  if (it->size() > kMaxConcepts) {
    r.fail("concepts", "has " + std::to_string(it->size()) + " entries, at most " + std::to_string(kMaxConcepts));
    return;
  }
  for (const auto& value : *it) {
    std::string id = r.text(value, "concepts", kMaxIdLength);
    if (id.empty()) continue;
    if (!is_identifier(id)) r.fail("concepts", "'" + id + "' is not a concept id");
    else if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
}

template <typename Enum, std::size_t N>
Enum read_enum(Reader& r, const std::string& name, const std::array<std::string_view, N>& names, Enum fallback) {
  std::string value = r.field(name, 64);
  if (value.empty()) return fallback;
  auto parsed = enum_from_name<Enum>(names, value);
  if (!parsed) r.fail(name, "'" + value + "' " + one_of(names));
  return parsed.value_or(fallback);
}

void append_paragraph(std::string& out, const std::string& text) {
  if (text.empty()) return;
  if (!out.empty()) out += "\n\n";
  out += text;
}

}  // namespace

std::string_view to_string(Kind kind) { return enum_name(kKinds, kind); }
std::string_view to_string(Visibility v) { return enum_name(kVisibilities, v); }
std::string_view to_string(Status status) { return enum_name(kStatuses, status); }
std::optional<Kind> parse_kind(std::string_view text) { return enum_from_name<Kind>(kKinds, text); }
std::optional<Visibility> parse_visibility(std::string_view text) {
  return enum_from_name<Visibility>(kVisibilities, text);
}
std::optional<Status> parse_status(std::string_view text) { return enum_from_name<Status>(kStatuses, text); }

ItemParse parse_item(const nlohmann::json& record) {
  ItemParse result;
  if (!record.is_object()) {
    result.errors.push_back({"record", std::string("must be a JSON object, not ") + record.type_name()});
    return result;
  }
  Reader r(record);
  for (const auto& [key, value] : record.items()) {
    if (!kKnownFields.count(key)) r.fail(key, "unknown field");
  }
  Item item;
  item.id = r.field("id", kMaxIdLength);
  item.org = r.field("org", kMaxIdLength);
  item.title = r.field("title", kMaxTitleLength);
  item.summary = r.field("summary");
  item.body = r.field("body");
  item.community = r.field("community", kMaxIdLength);
  item.author = r.field("author", kMaxIdLength);
  item.source_url = r.field("source_url", 2048);
  item.created = r.date("created");
  item.updated = r.date("updated");
  item.review_by = r.date("review_by");
  item.kind = read_enum(r, "kind", kKinds, Kind::lesson);
  item.visibility = read_enum(r, "visibility", kVisibilities, Visibility::org);
  item.status = read_enum(r, "status", kStatuses, Status::draft);
  read_sections(r, record, item.sections);
  read_concepts(r, record, item.concepts);

  auto require = [&](const std::string& name, const std::string& value) {
    if (!r.has_error(name) && value.find_first_not_of(" \t\r\n") == std::string::npos)
      r.fail(name, record.contains(name) ? "must not be empty" : "required");
  };
  require("id", item.id);
  require("org", item.org);
  require("title", item.title);
  if (!item.id.empty() && !is_identifier(item.id))
    r.fail("id", "'" + item.id + "' may only use letters, digits, '-', '_', '.' and ':'");
  if (!item.org.empty() && !is_identifier(item.org)) r.fail("org", "'" + item.org + "' is not an org id");
  if (!item.community.empty() && !is_identifier(item.community))
    r.fail("community", "'" + item.community + "' is not a community id");
  if (item.body.empty() && item.sections.empty() && !r.has_error("body")) r.fail("body", "required (body or sections)");
  if (!item.created.empty() && !item.updated.empty() && item.updated.substr(0, 10) < item.created.substr(0, 10))
    r.fail("updated", "is before created");

  result.errors = std::move(r.errors);
  if (result.errors.empty()) result.item = std::move(item);
  return result;
}

nlohmann::json Item::to_json() const {
  nlohmann::json j = {{"id", id},
                      {"org", org},
                      {"kind", to_string(kind)},
                      {"title", title},
                      {"visibility", to_string(visibility)},
                      {"status", to_string(status)},
                      {"concepts", concepts}};
  auto put = [&j](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("summary", summary);
  put("body", body);
  put("community", community);
  put("author", author);
  put("created", created);
  put("updated", updated);
  put("review_by", review_by);
  put("source_url", source_url);
  if (!sections.empty()) {
    nlohmann::json s = nlohmann::json::object();
    if (!sections.observation.empty()) s["observation"] = sections.observation;
    if (!sections.lesson.empty()) s["lesson"] = sections.lesson;
    if (!sections.recommendation.empty()) s["recommendation"] = sections.recommendation;
    j["sections"] = std::move(s);
  }
  return j;
}

std::string Item::content_hash() const { return sha256_hex(to_json().dump()); }

std::string Item::full_text() const {
  std::string out;
  append_paragraph(out, summary);
  append_paragraph(out, sections.recommendation);
  append_paragraph(out, sections.lesson);
  append_paragraph(out, sections.observation);
  append_paragraph(out, body);
  return out;
}

}  // namespace km::core
