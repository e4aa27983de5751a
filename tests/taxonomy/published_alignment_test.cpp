// Issue 13: mapping suggestions on the published vocabulary pairs of ../shared/data/alignment/,
// scored against their Alignment API references at the fixed default threshold. Skipped when
// ../shared/data is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "core/database.h"
#include "taxonomy/import.h"
#include "taxonomy/reference_alignment.h"
#include "taxonomy/suggestion_score.h"

using namespace km::taxonomy;
namespace fs = std::filesystem;

namespace {

const std::string kAlignment = std::string(KM_SHARED_DATA_DIR) + "/alignment";

// Floors on F1 at the default threshold, measured 2026-12-03 (README, mapping suggestions): the
// issue's targets, both met (DHA 0.750, iDAI 0.500). iDAI's remaining misses are German compounds
// such as "Spätbronzezeit" whose English target, "Late Bronze age", shares no spelling.
const std::map<std::string, double> kFloor = {{"dhcs1_dha-unesco", 0.75}, {"cult1_idai-parthenos", 0.50}};
// F1 is a ratio of counts: 0.5 may come out a hair below in floating point.
constexpr double kRounding = 1e-9;

}  // namespace

TEST(PublishedAlignment, SuggestionsBeatLabelEqualityAtTheDefaultThreshold) {
  if (!fs::is_directory(kAlignment)) GTEST_SKIP() << kAlignment << " is absent: no published alignment to score";
  int scored = 0;
  for (const auto& entry : fs::directory_iterator(kAlignment)) {
    const fs::path dir = entry.path();
    if (!fs::exists(dir / "reference.rdf")) continue;
    const std::string name = dir.filename().string();
    SQLite::Database db = km::core::open_database(":memory:");
    import_scheme(db, (dir / "target.rdf").string(), {"shared", "", "", {}});
    import_scheme(db, (dir / "source.rdf").string(), {"local", "", "client", {}});
    const ConceptGraph graph = ConceptGraph::load(db);
    const ConceptPairs reference = read_reference(db, (dir / "reference.rdf").string());
    const SuggestionScore ours = score_suggestions(graph, reference, {});
    const SuggestionScore equality = score_label_equality(graph, reference);
    EXPECT_DOUBLE_EQ(ours.threshold, kDefaultSuggestionThreshold);
    EXPECT_GT(ours.f1, equality.f1) << name;
    EXPECT_GE(ours.top5_recall, ours.top1_recall) << name;
    EXPECT_GE(ours.top1_recall, ours.recall) << name;
    if (auto floor = kFloor.find(name); floor != kFloor.end()) {
      EXPECT_GE(ours.f1, floor->second - kRounding) << name;
    }
    ++scored;
  }
  EXPECT_GT(scored, 0) << kAlignment << " holds no pair with a reference.rdf";
}
