#include "core/index_schema.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace km::core::schema {
namespace {

int count_of(std::string_view text) {
  return static_cast<int>(parse_integer(text, 0, std::numeric_limits<int>::max()).value_or(0));
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

namespace {

// Reads the document data's fields straight from its JSON text, without building a DOM: a
// search page decodes ten of them, and the DOM (a map and a copy of each string, the text's
// included) was most of the cost. Keeps what the DOM reading kept: the top-level object's
// string fields, and the strings of its "concepts" array; anything else is skipped.
class DataReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit DataReader(DocumentData& d) : d_(d) {}

  bool string(string_t& value) override {
    if (depth_ == 1 && field_) *field_ = std::move(value);
    if (depth_ == 2 && in_concepts_) d_.concepts.push_back(std::move(value));
    return true;
  }
  bool key(string_t& key) override {
    if (depth_ != 1) return true;
    field_ = field(key);
    in_concepts_ = key == data_key::kConcepts;
    if (in_concepts_) d_.concepts.clear();  // a repeated key: the last one counts, as in a DOM
    return true;
  }
  bool start_object(std::size_t) override {
    if (depth_ == 1) other();
    return enter();
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return false;  // a top-level array is not document data
    if (depth_ == 1 && !in_concepts_) other();
    return enter();
  }
  bool end_object() override { return leave(); }
  bool end_array() override { return leave(); }
  bool null() override { return other(); }
  bool boolean(bool) override { return other(); }
  bool number_integer(number_integer_t) override { return other(); }
  bool number_unsigned(number_unsigned_t) override { return other(); }
  bool number_float(number_float_t, const string_t&) override { return other(); }
  bool binary(binary_t&) override { return other(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::string* field(const std::string& key) {
    using namespace data_key;
    for (const auto& [name, target] : {std::pair{kId, &d_.id}, {kTitle, &d_.title}, {kKind, &d_.kind}, {kOrg, &d_.org},
                                      {kCommunity, &d_.community}, {kStatus, &d_.status}, {kVisibility, &d_.visibility},
                                      {kAuthor, &d_.author}, {kCreated, &d_.created}, {kUpdated, &d_.updated},
                                      {kSummary, &d_.summary}, {kText, &d_.text}}) {
      if (key == name) return target;
    }
    return nullptr;
  }
  bool enter() {
    ++depth_;
    return true;
  }
  bool leave() {
    --depth_;
    return true;
  }
  // A value that is no string: a string field it stands for is empty (the last value of a
  // repeated key counts), and a value at the top is no document data.
  bool other() {
    if (depth_ == 1 && field_) field_->clear();
    return depth_ != 0;
  }

  DocumentData& d_;
  int depth_ = 0;
  std::string* field_ = nullptr;
  bool in_concepts_ = false;
};

}  // namespace

DocumentData decode_document_data(std::string_view value) {
  DocumentData d;
  DataReader reader(d);
  if (!nlohmann::json::sax_parse(value, &reader)) return DocumentData{};
  return d;
}

}  // namespace km::core::schema
