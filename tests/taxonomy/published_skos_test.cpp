// Issue 13: every published vocabulary in ../shared/data/alignment/ imports as it is, exports
// as Turtle and RDF/XML that rapper (raptor2-utils) accepts, and import -> export -> import
// gives the same scheme. Skipped when ../shared/data is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/database.h"
#include "core/text.h"
#include "taxonomy/import.h"
#include "taxonomy/scheme_store.h"
#include "taxonomy/skos_io.h"
#include "tests/support/process.h"

using namespace km::taxonomy;
namespace fs = std::filesystem;

namespace {

const std::string kAlignment = std::string(KM_SHARED_DATA_DIR) + "/alignment";
const std::string kSkos = "http://www.w3.org/2004/02/skos/core#";

std::vector<fs::path> pairs() {
  std::vector<fs::path> out;
  if (!fs::is_directory(kAlignment)) return out;
  for (const auto& e : fs::directory_iterator(kAlignment)) {
    if (fs::exists(e.path() / "source.rdf") && fs::exists(e.path() / "target.rdf")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Both vocabularies of a pair: the target as the shared scheme, the source as a local one.
void load_pair(SQLite::Database& db, const fs::path& dir, const std::string& source_file) {
  import_scheme(db, (dir / "target.rdf").string(), {"shared", "", "", {}});
  import_scheme(db, source_file, {"local", "", "client", {}});
}

// Label literals and *Match links the file states on each concept of the scheme read from it.
std::pair<std::size_t, std::size_t> stated(const std::string& path, const Scheme& scheme) {
  const RdfGraph g = parse_rdf(km::core::read_file_text(path), RdfFormat::rdfxml, path);
  std::size_t labels = 0, links = 0;
  for (const Concept& c : scheme.concepts) {
    const std::string uri = c.uri.empty() ? default_uri_of(c.id) : c.uri;
    labels += g.values(uri, kSkos + "prefLabel").size() + g.values(uri, kSkos + "altLabel").size();
    for (const char* r : {"exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"}) links += g.values(uri, kSkos + r).size();
  }
  return {labels, links};
}

std::size_t label_count(const Scheme& s) {
  std::size_t n = 0;
  for (const Concept& c : s.concepts) n += all_labels(c).size();
  return n;
}

}  // namespace

TEST(PublishedSkos, EveryVocabularyImportsAsPublished) {
  if (!fs::is_directory(kAlignment)) GTEST_SKIP() << kAlignment << " is absent: no published vocabulary to import";
  ASSERT_FALSE(pairs().empty()) << kAlignment << " holds no pair with source.rdf and target.rdf";
  for (const fs::path& dir : pairs()) {
    SQLite::Database db = km::core::open_database(":memory:");
    ASSERT_NO_THROW(load_pair(db, dir, (dir / "source.rdf").string())) << dir;
    for (const auto& [id, file] : {std::pair<std::string, std::string>{"shared", "target.rdf"}, {"local", "source.rdf"}}) {
      const Scheme s = *SchemeStore(db).scheme(id);
      EXPECT_GT(s.concepts.size(), 10u) << dir << " " << file;
      EXPECT_FALSE(s.uri.empty()) << dir << " " << file << ": the ConceptScheme URI is kept";
      auto [labels, links] = stated((dir / file).string(), s);
      EXPECT_EQ(label_count(s), labels) << dir << " " << file << ": every prefLabel and altLabel is kept";
      std::size_t kept = 0;
      for (const Concept& c : s.concepts) {
        kept += c.external_links.size();
        EXPECT_FALSE(c.uri.empty()) << c.id << ": the source URI is kept";
      }
      kept += MappingStore(db).list(id).size();
      EXPECT_EQ(kept, links) << dir << " " << file << ": every *Match link is a mapping or an external link";
    }
  }
}

TEST(PublishedSkos, ExportsAreValidForRapperAndRoundTrip) {
  if (!fs::is_directory(kAlignment)) GTEST_SKIP() << kAlignment << " is absent: no published vocabulary to export";
  ASSERT_TRUE(fs::exists("/usr/bin/rapper")) << "rapper is missing: scripts/install-deps.sh installs raptor2-utils";
  for (const fs::path& dir : pairs()) {
    SQLite::Database db = km::core::open_database(":memory:");
    load_pair(db, dir, (dir / "source.rdf").string());
    for (const std::string id : {"shared", "local"}) {
      const Scheme scheme = *SchemeStore(db).scheme(id);
      for (RdfFormat format : {RdfFormat::turtle, RdfFormat::rdfxml}) {
        const bool ttl = format == RdfFormat::turtle;
        const std::string path = ::testing::TempDir() + dir.filename().string() + "_" + id + (ttl ? ".ttl" : ".rdf");
        std::ofstream(path) << write_skos(scheme, MappingStore(db).list(id), format,
                                          [&db](const std::string& c) { return SchemeStore(db).concept_uri(c); });
        auto checked = km::testing::run({"/usr/bin/rapper", "-q", "-c", "-i", ttl ? "turtle" : "rdfxml", path});
        EXPECT_EQ(checked.exit_code, 0) << path << ": " << checked.err;
        // Import again, into a store holding the same shared scheme: the same scheme comes back.
        SQLite::Database again = km::core::open_database(":memory:");
        if (id == "local") {
          load_pair(again, dir, path);
        } else {
          import_scheme(again, path, {"shared", "", "", {}});
        }
        EXPECT_EQ(*SchemeStore(again).scheme(id), scheme) << path;
        EXPECT_EQ(MappingStore(again).list(id).size(), MappingStore(db).list(id).size()) << path;
      }
    }
  }
}
