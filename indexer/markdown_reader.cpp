#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "core/csv.h"
#include "core/text.h"
#include "indexer/readers.h"

namespace km::indexer {
namespace {

// Front-matter YAML to JSON. Scalars stay strings: the item validator decides their types.
nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& child : node) list.push_back(to_json(child));
      return list;
    }
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = to_json(entry.second);
      return object;
    }
    case YAML::NodeType::Scalar: return node.as<std::string>();
    default: return nullptr;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Moves "## Observation|Lesson|Recommendation" blocks into sections; the rest stays body.
void split_sections(const std::string& markdown, nlohmann::json& fields) {
  std::string body, *target = &body;
  std::string sections[3];
  static const char* kNames[3] = {"observation", "lesson", "recommendation"};
  std::size_t start = 0;
  while (start < markdown.size()) {
    std::size_t end = std::min(markdown.find('\n', start), markdown.size());
    std::string line = markdown.substr(start, end - start);
    start = end + 1;
    if (line.rfind("## ", 0) == 0) {
      std::string heading = lower(core::trim(line.substr(3)));
      target = &body;
      for (int s = 0; s < 3; ++s) {
        if (heading == kNames[s]) target = &sections[s];
      }
      if (target != &body) continue;
    }
    *target += line;
    *target += '\n';
  }
  if (!fields.contains("title")) {
    std::string trimmed = core::trim(body);
    if (trimmed.rfind("# ", 0) == 0) {
      std::size_t eol = std::min(trimmed.find('\n'), trimmed.size());
      fields["title"] = core::trim(trimmed.substr(2, eol - 2));
      body = trimmed.substr(eol);
    }
  }
  for (int s = 0; s < 3; ++s) {
    if (!core::trim(sections[s]).empty()) fields["sections"][kNames[s]] = core::trim(sections[s]);
  }
  if (!core::trim(body).empty()) fields["body"] = core::trim(body);
}

}  // namespace

std::vector<SourceRecord> read_markdown(const std::string& path, const std::string& text) {
  SourceRecord record{path, 1, nlohmann::json::object(), {}};
  if (!core::is_valid_utf8(text)) {
    record.read_errors.push_back({"record", "file is not valid UTF-8"});
    return {record};
  }
  std::string rest = text;
  if (text.rfind("---", 0) == 0 && (text.size() == 3 || text[3] == '\n' || text[3] == '\r')) {
    std::size_t close = text.find("\n---", 3);
    if (close == std::string::npos) {
      record.read_errors.push_back({"front matter", "no closing '---' line"});
      return {record};
    }
    std::string yaml = text.substr(text.find('\n') + 1, close - text.find('\n'));
    std::size_t after = text.find('\n', close + 4);
    rest = after == std::string::npos ? std::string() : text.substr(after + 1);
    try {
      YAML::Node node = YAML::Load(yaml);
      if (!node.IsMap() && !node.IsNull()) {
        record.read_errors.push_back({"front matter", "must be 'key: value' lines"});
        return {record};
      }
      if (node.IsMap()) record.fields = to_json(node);
    } catch (const YAML::Exception& e) {
      // Front matter starts on file line 2; yaml-cpp marks are 0-based.
      record.line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 2 : 1;
      record.read_errors.push_back({"front matter", e.msg});
      return {record};
    }
  }
  split_sections(rest, record.fields);
  return {record};
}

}  // namespace km::indexer
