// km-raw-indexer: the single-threaded baseline of `bench/ingest.sh`. What any Xapian indexer of
// these items must do, and nothing else: parse each JSONL line, index title (3x and S-prefixed),
// summary (2x and XU-prefixed) and body with English stemming and positions, add the boolean
// filter terms and the value slots, store the line as document data, replace by id term.
// No validation, no SQLite, no spelling data; Xapian's default flush threshold, one commit.
//   km-raw-indexer INDEX_DIR < items.jsonl
#include <xapian.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

std::string text_of(const nlohmann::json& record, const char* field) {
  const auto it = record.find(field);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: km-raw-indexer INDEX_DIR < items.jsonl\n";
    return 2;
  }
  Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::size_t count = 0;
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    const nlohmann::json record = nlohmann::json::parse(line);
    Xapian::Document doc;
    generator.set_document(doc);
    const std::string title = text_of(record, "title"), summary = text_of(record, "summary");
    generator.index_text(title, 3);
    generator.index_text(title, 1, "S");
    generator.increase_termpos();
    generator.index_text(summary, 2);
    generator.index_text(summary, 1, "XU");
    generator.increase_termpos();
    generator.index_text(text_of(record, "body"));
    const std::string id = text_of(record, "id");
    doc.add_boolean_term("Q" + id);
    for (const auto& [prefix, field] : {std::pair{"XO", "org"}, {"XK", "kind"}, {"XS", "status"}, {"XV", "visibility"},
                                        {"XC", "community"}, {"XA", "author"}}) {
      doc.add_boolean_term(prefix + text_of(record, field));
    }
    if (record.contains("concepts")) {
      for (const auto& c : record["concepts"]) doc.add_boolean_term("XT" + c.get<std::string>());
    }
    doc.add_value(0, text_of(record, "created"));
    doc.add_value(3, text_of(record, "org"));
    doc.add_value(4, text_of(record, "kind"));
    doc.add_value(5, text_of(record, "community"));
    doc.set_data(line);
    db.replace_document("Q" + id, doc);
    ++count;
  }
  db.commit();
  std::cout << count << " documents\n";
  return 0;
}
