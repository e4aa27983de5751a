// km-search-bench: how fast search answers, as figures beside a baseline run in the same process.
//
//   km-search-bench --db DIR --queries FILE [--shards S] [--threads N] [--seconds S] [--as USER] [--set NAME=VALUE]...
//                   [--only ranking|search-page]
//
// Runs the queries round-robin on N threads for S seconds in each of three modes, every thread
// with its own reader from the server's pool (search/index_readers.h), ten results a page:
//   plain-bm25   the same index through Xapian's default parser and BM25: the baseline;
//   ranking      the server's ranking (search_ids: expansion, permissions, feedback, boosts);
//   search-page  the whole GET /api/search answer (search(): snippets, reasons, facets, spelling).
// Prints queries per second, mean / p50 / p95 latency, each mode's mean as a ratio to the
// baseline's, and the same for the searching threads' CPU time per query (which a busy machine
// disturbs less than wall time). Compare ratios, not absolute figures. --only runs the
// baseline and that one mode (to profile a mode with perf).
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/index_schema.h"
#include "core/database.h"
#include "core/error.h"
#include "core/index_layout.h"
#include "core/store_paths.h"
#include "core/text.h"
#include "core/user.h"
#include "eval/collection.h"
#include "search/doc_values.h"
#include "search/first_pass.h"
#include "search/term_postings.h"
#include "search/index_readers.h"
#include "search/search.h"
#include "taxonomy/concept_graph.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string db, queries, as;
  std::vector<std::string> set;  // ranking options, NAME=VALUE
  std::string shards = "1";  // the index layout (core/index_layout.h)
  std::string only;          // empty: every mode
  unsigned threads = 2;
  double seconds = 3;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw km::core::InvalidInput(a + " needs a value");
      return argv[++i];
    };
    if (a == "--db") o.db = value();
    else if (a == "--queries") o.queries = value();
    else if (a == "--as") o.as = value();
    else if (a == "--shards") o.shards = value();
    else if (a == "--set") o.set.push_back(value());
    else if (a == "--threads") {
      const auto n = km::core::parse_integer(value(), 1, 256);
      if (!n) throw km::core::InvalidInput("--threads must be a whole number from 1 to 256");
      o.threads = static_cast<unsigned>(*n);
    } else if (a == "--seconds") {
      const auto s = km::core::parse_number(value(), 0.1, 86'400);
      if (!s) throw km::core::InvalidInput("--seconds must be a number of seconds from 0.1 to 86400");
      o.seconds = *s;
    }
    else if (a == "--only") o.only = value();
    else throw km::core::InvalidInput("unknown option " + a);
  }
  if (o.db.empty() || o.queries.empty()) throw km::core::InvalidInput("--db and --queries are required");
  if (o.threads == 0 || o.seconds <= 0) throw km::core::InvalidInput("--threads and --seconds must be positive");
  if (!o.only.empty() && o.only != "ranking" && o.only != "search-page") {
    throw km::core::InvalidInput("--only takes ranking or search-page, not '" + o.only + "'");
  }
  return o;
}

struct Figures {
  double per_second = 0, mean_ms = 0, p50_ms = 0, p95_ms = 0;
  double cpu_ms = 0;  // mean CPU time of the searching thread: less sensitive to a busy machine
  std::size_t queries = 0;
};

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Runs `one(db, query)` round-robin on every thread until the time is up.
template <typename Fn>
Figures measure(km::search::IndexReaders& readers, const std::vector<std::string>& queries, const Options& o, Fn one) {
  std::atomic<std::size_t> next{0};
  std::vector<std::vector<double>> latencies(o.threads);
  std::vector<double> cpu(o.threads);
  const auto end = Clock::now() + std::chrono::duration<double>(o.seconds);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (unsigned t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      const double cpu_start = thread_cpu_ms();
      while (Clock::now() < end) {
        const std::string& q = queries[next++ % queries.size()];
        const auto begin = Clock::now();
        readers.with_reader([&](Xapian::Database& db) { one(db, q); });
        latencies[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
      }
      cpu[t] = thread_cpu_ms() - cpu_start;
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Figures f;
  f.queries = all.size();
  if (all.empty()) return f;
  double sum = 0;
  for (double ms : all) sum += ms;
  f.per_second = static_cast<double>(all.size()) / elapsed;
  f.mean_ms = sum / static_cast<double>(all.size());
  f.p50_ms = all[all.size() / 2];
  f.p95_ms = all[std::min(all.size() - 1, all.size() * 95 / 100)];
  for (double ms : cpu) f.cpu_ms += ms;
  f.cpu_ms /= static_cast<double>(all.size());
  return f;
}

int run(const Options& o) {
  std::vector<std::string> queries;
  for (const auto& q : km::eval::read_queries(o.queries)) queries.push_back(km::taxonomy::plain_words(q.text));
  if (queries.empty()) throw km::core::InvalidInput(o.queries + ": no queries");
  SQLite::Database sqlite = km::core::open_database(km::core::sqlite_path(o.db));
  const auto graph = km::taxonomy::ConceptGraph::load(sqlite);
  std::optional<km::core::User> user;
  if (!o.as.empty()) {
    user = km::core::UserStore(sqlite).get(o.as);
    if (!user) throw km::core::NotFound("no user '" + o.as + "'");
  }
  const km::core::User viewer = user.value_or(km::core::User{"bench", "bench", "bench", {}, {km::core::Role::reader}});
  km::search::SearchParams base;
  base.unrestricted = !user;
  for (const std::string& kv : o.set) {
    if (kv.find('=') == std::string::npos) throw km::core::InvalidInput("--set takes NAME=VALUE, not '" + kv + "'");
    base.ranking.set(kv.substr(0, kv.find('=')), kv.substr(kv.find('=') + 1));
  }
  km::search::IndexReaders readers(km::core::IndexLayout::parse(o.db, o.shards));

  auto plain = [](Xapian::Database& db, const std::string& q) {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query(q));
    enquire.get_mset(0, 10);
  };
  auto ranking = [&](Xapian::Database& db, const std::string& q) {
    km::search::SearchParams p = base;
    p.q = q;
    km::search::search_ids(db, viewer, p, graph);
  };
  auto page = [&](Xapian::Database& db, const std::string& q) {
    km::search::SearchParams p = base;
    p.q = q;
    km::search::search(db, viewer, p, graph);
  };

  std::printf("%zu queries, %u threads, %.1f s per mode, %s\n", queries.size(), o.threads, o.seconds,
              user ? ("as " + o.as).c_str() : "the whole collection");
  readers.with_reader([](Xapian::Database& db) {  // what a commit costs the reader pool, in a thread of its own
    const auto begin = Clock::now();
    bool loaded = true;
    for (const Xapian::Database* part : km::core::parts_of(db)) loaded &= km::search::DocValues::load(*part) != nullptr;
    if (loaded) {
      std::printf("in-memory facet and signal values of the snapshot read in %.1f ms\n",
                  std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
    }
  });
  std::printf("%-12s %10s %10s %10s %10s %12s %10s %10s\n", "mode", "queries/s", "mean ms", "p50 ms", "p95 ms", "mean ratio",
              "cpu ms", "cpu ratio");
  const Figures baseline = measure(readers, queries, o, plain);
  auto row = [&](const char* name, const Figures& f) {
    std::printf("%-12s %10.1f %10.2f %10.2f %10.2f %11.1fx %10.2f %9.1fx\n", name, f.per_second, f.mean_ms, f.p50_ms,
                f.p95_ms, baseline.mean_ms > 0 ? f.mean_ms / baseline.mean_ms : 0.0, f.cpu_ms,
                baseline.cpu_ms > 0 ? f.cpu_ms / baseline.cpu_ms : 0.0);
  };
  row("plain-bm25", baseline);
  // How often the feedback finds a term's postings already kept (search/term_postings.h) when
  // each query is asked once: the reuse across distinct queries, before any query repeats.
  const std::size_t asked = km::search::TermPostingsCache::lookups(), read = km::search::TermPostingsCache::lists_read();
  const std::size_t kept_passes = km::search::kept_first_passes();
  for (const auto& q : queries) readers.with_reader([&](Xapian::Database& db) { ranking(db, q); });
  std::printf("first passes over kept postings (search/first_pass.h): %zu of %zu searches\n",
              km::search::kept_first_passes() - kept_passes, queries.size());
  const std::size_t asked_once = km::search::TermPostingsCache::lookups() - asked;
  const std::size_t found = asked_once - (km::search::TermPostingsCache::lists_read() - read);
  std::printf("feedback postings, each query once: %zu of %zu lists found kept (%.0f%%), %.1f MB kept\n", found,
              asked_once, asked_once ? 100.0 * static_cast<double>(found) / static_cast<double>(asked_once) : 0.0,
              static_cast<double>(km::search::TermPostingsCache::bytes_kept()) / 1048576.0);
  if (o.only.empty() || o.only == "ranking") row("ranking", measure(readers, queries, o, ranking));
  if (o.only.empty() || o.only == "search-page") row("search-page", measure(readers, queries, o, page));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "km-search-bench: " << e.what() << "\n";
    return 2;
  }
}
