#include "eval/cli.h"

#include <xapian.h>

#include <fstream>
#include <map>
#include <regex>

#include "core/database.h"
#include "core/error.h"
#include "core/item_store.h"
#include "core/index_layout.h"
#include "core/store_paths.h"
#include "eval/report.h"

namespace km::eval {
namespace {

const char* kUsage = R"(usage: km-eval --db DIR --queries FILE --qrels FILE [options]
       km-eval convert CORPUS.jsonl ITEMS.jsonl

Runs every query through the same search code as GET /api/search and reports nDCG@10, MAP,
P@10, Recall@100 and MRR, beside two baselines built from the same items: plain Xapian BM25
(default parameters, no expansion) and SQLite FTS5 bm25() with the porter tokenizer.

  --queries FILE   JSONL {"id","text"} per line
  --qrels FILE     TREC "qid 0 docid grade" or TSV "qid docid grade"
  --as USER        search as this user (permissions apply); default: the whole collection
  --no-expand      no cross-vocabulary expansion
  --set NAME=VALUE override a ranking option (bm25_k1, bm25_b, stopwords, title, prf_docs,
                   prf_terms, prf_weight, proximity, signals...; see search/ranking.h)
  --no-baselines   our system only
  --per-query      also print every query's figures
  --run FILE       also write every ranking to FILE in TREC run format (for trec_eval, or to diff)
  --today DATE     judge the signals' freshness on DATE (YYYY-MM-DD) instead of today: items pass
                   their review-by dates as days go by, and judged figures move with them
  --json           print JSON instead of a table
convert turns a {"id","title","text"} corpus into the ingest format (org "eval", shared, validated).
)";

struct Options {
  std::map<std::string, std::string> values;
  std::map<std::string, bool> flags;
  std::vector<std::string> operands;
  std::vector<std::string> settings;  // --set name=value (RankingOptions)
};

// A date as YYYY-MM-DD, or InvalidInput.
std::string day(const std::string& text) {
  static const std::regex kDay(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
  if (!std::regex_match(text, kDay)) throw core::InvalidInput("--today needs a date as YYYY-MM-DD, not '" + text + "'");
  return text;
}

Options parse(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--db" || a == "--queries" || a == "--qrels" || a == "--as" || a == "--run" || a == "--shards" ||
        a == "--today") {
      if (i + 1 >= args.size()) throw core::InvalidInput(a + " needs a value");
      o.values[a.substr(2)] = args[++i];
      if (a == "--today") day(o.values["today"]);  // checked before any work
    } else if (a == "--set") {
      if (i + 1 >= args.size()) throw core::InvalidInput("--set needs name=value");
      o.settings.push_back(args[++i]);
    } else if (a == "--no-expand" || a == "--no-baselines" || a == "--per-query" || a == "--json") {
      o.flags[a.substr(2)] = true;
    } else if (a.rfind("--", 0) == 0) {
      throw core::InvalidInput("unknown option " + a);
    } else {
      o.operands.push_back(a);
    }
  }
  return o;
}

std::string required(const Options& o, const std::string& name) {
  auto it = o.values.find(name);
  if (it == o.values.end()) throw core::InvalidInput("--" + name + " is required");
  return it->second;
}

int run_eval(const Options& o, std::ostream& out) {
  const std::string db_dir = required(o, "db");
  auto queries = read_queries(required(o, "queries"));
  auto qrels = read_qrels(required(o, "qrels"));
  SQLite::Database db = core::open_database(core::sqlite_path(db_dir));
  std::vector<core::Item> items;
  core::ItemStore(db).for_each([&](const core::Item& item, const std::string&) {
    if (item.status != core::Status::retired) items.push_back(item);
  });
  std::optional<core::User> user;
  if (o.values.count("as")) {
    user = core::UserStore(db).get(o.values.at("as"));
    if (!user) throw core::NotFound("no user '" + o.values.at("as") + "'");
  }
  search::SearchParams base;
  base.expand = !o.flags.count("no-expand");
  if (o.values.count("today")) base.today = o.values.at("today");  // checked by parse()
  for (const std::string& setting : o.settings) {
    auto eq = setting.find('=');
    if (eq == std::string::npos) throw core::InvalidInput("--set needs name=value, got '" + setting + "'");
    base.ranking.set(setting.substr(0, eq), setting.substr(eq + 1));
  }
  std::vector<std::unique_ptr<Ranker>> rankers;
  rankers.push_back(std::make_unique<KnowledgeMarket>(core::IndexLayout::parse(db_dir, o.values.count("shards") ? o.values.at("shards") : "1").open(), taxonomy::ConceptGraph::load(db), user, base));
  if (!o.flags.count("no-baselines")) {
    rankers.push_back(std::make_unique<XapianBm25Baseline>(items));
    rankers.push_back(std::make_unique<Fts5Baseline>(items));
  }
  std::ofstream run_file;
  if (o.values.count("run")) {
    run_file.open(o.values.at("run"));
    if (!run_file) throw core::InvalidInput(o.values.at("run") + ": cannot be written");
  }
  nlohmann::json results = evaluate(rankers, queries, qrels, run_file.is_open() ? &run_file : nullptr);
  results["documents"] = items.size();
  if (o.flags.count("json")) out << results.dump(2) << "\n";
  else print_table(results, o.flags.count("per-query") > 0, out);
  return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      out << kUsage;
      return 0;
    }
    if (a == "--version") {
      out << "km-eval " << KM_VERSION << "\n";
      return 0;
    }
  }
  try {
    Options o = parse(args);
    if (!o.operands.empty() && o.operands[0] == "convert") {
      if (o.operands.size() != 3) throw core::InvalidInput("convert needs CORPUS and OUTPUT");
      out << "convert: " << convert_corpus(o.operands[1], o.operands[2]) << " items written to " << o.operands[2] << "\n";
      return 0;
    }
    if (!o.operands.empty()) throw core::InvalidInput("unexpected argument '" + o.operands[0] + "'");
    return run_eval(o, out);
  } catch (const std::exception& e) {
    err << "km-eval: " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    err << "km-eval: index error: " << e.get_description() << "\n";
  }
  return 2;
}

}  // namespace km::eval
