#include "indexer/cli.h"

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/config.h"
#include "core/database.h"
#include "core/error.h"
#include "core/item_store.h"
#include "core/km_report.h"
#include "core/text.h"
#include "core/store_paths.h"
#include "indexer/ingest.h"
#include "indexer/readers.h"
#include "indexer/backup.h"
#include "taxonomy/scheme_store.h"
#include "indexer/consistency.h"
#include "indexer/rebuild.h"
#include "indexer/taxonomy_cli.h"
#include "indexer/users_cli.h"

namespace km::indexer {
namespace fs = std::filesystem;
namespace {

constexpr int kOk = 0, kRejected = 1, kFatal = 2;

// Flags that belong to commands, not to the shared configuration.
struct CommandFlags {
  bool strict = false;
  bool json = false;
  bool baseline = false;  // taxonomy score: the label-equality baseline
  bool tokens = false;
  bool repair = false;
  std::map<std::string, std::string> options;  // --scheme, --title, --org, --format, --reference
  std::size_t batch = 1000;
  std::chrono::milliseconds lock_wait{30000};
};

struct Parsed {
  core::Config config;
  CommandFlags flags;
  std::string command;
  std::vector<std::string> operands;
};

Parsed parse_args(const std::vector<std::string>& args) {
  Parsed p;
  std::vector<std::string> shared;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw core::InvalidInput(a + " needs a value");
      return args[++i];
    };
    if (a == "--strict") p.flags.strict = true;
    else if (a == "--json") p.flags.json = true;
    else if (a == "--baseline") p.flags.baseline = true;
    else if (a == "--tokens") p.flags.tokens = true;
    else if (a == "--repair") p.flags.repair = true;
    else if (a == "--scheme" || a == "--title" || a == "--org" || a == "--format" || a == "--reference" ||
             a == "--from" || a == "--to" || a == "--threshold")
      p.flags.options[a.substr(2)] = value();
    else if (a == "--batch" || a == "--lock-wait") {
      const std::string& text = value();
      const auto n = core::parse_integer(text, a == "--batch" ? 1 : 0, a == "--batch" ? 1'000'000 : 86'400);
      if (!n) {
        throw core::InvalidInput(a + " takes a whole number " + (a == "--batch" ? "from 1 to 1000000" : "of seconds from 0 to 86400") +
                                 ", not '" + text + "'");
      }
      if (a == "--batch") p.flags.batch = static_cast<std::size_t>(*n);
      else p.flags.lock_wait = std::chrono::seconds(*n);
    }
    else shared.push_back(a);
  }
  p.config.load_env([](const char* name) { return std::getenv(name); });
  std::vector<std::string> rest = core::apply_flags(p.config, shared);
  for (const std::string& a : rest) {
    if (a.rfind("--", 0) == 0) throw core::InvalidInput("unknown option " + a);
    if (p.command.empty()) p.command = a;
    else p.operands.push_back(a);
  }
  p.config.validate();
  return p;
}

std::string format_duration(double seconds) {
  std::ostringstream s;
  if (seconds < 60) s << static_cast<int>(seconds) << "s";
  else s << static_cast<int>(seconds / 60) << "m" << std::setw(2) << std::setfill('0') << static_cast<int>(seconds) % 60 << "s";
  return s.str();
}

// Draws "records done/total, rate, ETA" on one terminal line.
class ProgressLine {
 public:
  ProgressLine(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  void operator()(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    err_ << "\r  " << done << "/" << total << " records  " << static_cast<long>(rate) << " rec/s  ETA "
         << format_duration(eta) << "   " << std::flush;
    if (done == total) err_ << "\n";
  }

 private:
  std::ostream& err_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

core::IndexLayout index_layout(const core::Config& config) { return core::IndexLayout::parse(config.db_dir, config.shards); }

// The index as one database; an empty one when no shard was ever written (every stored item is
// then missing from it).
Xapian::Database open_or_empty(const core::IndexLayout& layout) {
  const bool local = std::all_of(layout.shards().begin(), layout.shards().end(), [](const core::Shard& s) { return !s.remote(); });
  const bool any = std::any_of(layout.shards().begin(), layout.shards().end(), [](const core::Shard& s) { return fs::exists(s.path); });
  return local && !any ? Xapian::Database() : layout.open();
}

SQLite::Database open_store(const core::Config& config) {
  fs::create_directories(config.db_dir);
  return core::open_database(core::sqlite_path(config.db_dir));
}

int cmd_ingest(const Parsed& p, std::ostream& out, std::ostream& err, bool tty) {
  if (p.operands.empty()) throw core::InvalidInput("ingest needs at least one FILE or FOLDER");
  // Read a chunk at a time: memory stays bounded however large the input.
  FileRecords records(collect_inputs(p.operands), p.flags.batch);
  const std::size_t total = records.count();
  SQLite::Database db = open_store(p.config);
  core::ItemStore store(db);
  IndexWriter writer(index_layout(p.config), p.flags.lock_wait);
  ProgressLine progress(err, tty);
  IngestOptions options{p.flags.strict, p.flags.batch, std::ref(progress), total};
  IngestReport report = ingest(store, writer, records, options);
  for (const std::string& rejection : report.rejections) err << rejection << "\n";
  if (!report.applied) {
    err << "ingest: --strict: " << report.rejected() << " rejected record(s), nothing was changed\n";
    return kRejected;
  }
  out << "ingest: " << total << " records: " << report.added << " added, " << report.updated
      << " updated, " << report.unchanged << " unchanged, " << report.rejected() << " rejected\n";
  if (report.added + report.updated == 0 && report.rejected() == 0) out << "ingest: nothing changed\n";
  return report.rejected() > 0 ? kRejected : kOk;
}

int cmd_rebuild(const Parsed& p, std::ostream& out, std::ostream& err, bool tty) {
  SQLite::Database db = open_store(p.config);
  core::ItemStore store(db);
  const std::size_t total = store.size();
  auto progress = [&](std::size_t n) {
    // After the last batch a rebuild beside the live index compacts it (rebuild.h).
    if (tty) err << "\r  " << n << " documents" << (n == total ? ", compacting the index" : "") << std::flush;
  };
  RebuildReport report = rebuild_index(store, index_layout(p.config), p.flags.lock_wait, progress);
  if (tty) err << "\n";
  out << "rebuild: indexed " << report.documents << " items from " << core::sqlite_path(p.config.db_dir) << "\n";
  return kOk;
}

std::uintmax_t folder_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

int cmd_compact(const Parsed& p, std::ostream& out, std::ostream& err, bool tty) {
  const core::IndexLayout layout = index_layout(p.config);
  const std::uintmax_t before = folder_bytes(layout.root());
  if (tty) err << "  compacting the index" << std::flush;
  compact_index(layout, p.flags.lock_wait);
  if (tty) err << "\n";
  auto mb = [](std::uintmax_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MB"; };
  out << "compact: index " << mb(before) << " -> " << mb(folder_bytes(layout.root())) << "\n";
  return kOk;
}

void list_ids(std::ostream& out, const char* what, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  out << "  " << ids.size() << " " << what << ":";
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i) out << " " << ids[i];
  out << (ids.size() > 10 ? " ..." : "") << "\n";
}

void print_check(std::ostream& out, const ConsistencyReport& r) {
  out << "check: " << r.items << " items in the store, " << r.documents << " documents in the index: "
      << (r.agree() ? "they agree" : "they do not agree") << "\n";
  list_ids(out, "waiting to be indexed", r.pending);
  list_ids(out, "missing from the index", r.missing);
  list_ids(out, "indexed at another version than the store's", r.stale);
  list_ids(out, "in the index but not in the store", r.extra);
}

int cmd_backup(const Parsed& p, std::ostream& out) {
  if (p.operands.size() != 1) throw core::InvalidInput("backup needs exactly one FILE to write");
  const BackupReport report = backup_store(p.config.db_dir, p.operands[0]);
  out << "backup: " << report.items << " items, " << report.bytes / 1024 << " KiB written to " << p.operands[0] << "\n";
  return kOk;
}

int cmd_restore(const Parsed& p, std::ostream& out, std::ostream& err, bool tty) {
  if (p.operands.size() != 1) throw core::InvalidInput("restore needs exactly one backup FILE");
  auto progress = [&](std::size_t n) {
    if (tty) err << "\r  " << n << " documents" << std::flush;
  };
  const BackupReport report = restore_store(p.operands[0], p.config.db_dir, p.config.shards, progress);
  if (tty) err << "\n";
  out << "restore: " << report.items << " items from " << p.operands[0] << " into " << p.config.db_dir << ", index built\n";
  return kOk;
}

int cmd_check(const Parsed& p, std::ostream& out) {
  SQLite::Database db = open_store(p.config);
  core::ItemStore store(db);
  const core::IndexLayout layout = index_layout(p.config);
  if (!p.flags.repair) {
    const ConsistencyReport report = check_index(store, open_or_empty(layout));
    print_check(out, report);
    if (!report.agree()) out << "check: `km-indexer check --repair` mends the index from the store\n";
    return report.agree() ? kOk : kRejected;
  }
  IndexWriter writer(layout, p.flags.lock_wait);
  const ConsistencyReport found = check_index(store, writer.database());
  print_check(out, found);
  if (found.agree()) return kOk;
  repair_index(store, writer, found);
  const ConsistencyReport after = check_index(store, writer.database());
  out << "repair: ";
  print_check(out, after);
  return after.agree() ? kOk : kRejected;
}

int cmd_stats(const Parsed& p, std::ostream& out) {
  SQLite::Database db = open_store(p.config);
  core::ItemStore store(db);
  core::StoreCounts counts = store.counts();
  const std::string index_dir = core::index_path(p.config.db_dir);
  nlohmann::json stats = {{"items", counts.total},
                          {"index_pending", counts.pending},
                          {"by_org", counts.by_org},
                          {"by_kind", counts.by_kind},
                          {"by_status", counts.by_status},
                          {"index_documents", 0},
                          {"index_bytes", folder_bytes(index_dir)}};
  stats["index_documents"] = open_or_empty(index_layout(p.config)).get_doccount();
  if (p.flags.json) {
    out << stats.dump(2) << "\n";
    return kOk;
  }
  out << "items: " << counts.total << " (" << counts.pending << " waiting for the index)\n"
      << "index: " << stats["index_documents"].get<std::size_t>() << " documents, "
      << stats["index_bytes"].get<std::uintmax_t>() / 1024 << " KiB\n";
  for (const char* group : {"by_org", "by_kind", "by_status"}) {
    out << std::string(group).substr(3) << ":";
    for (const auto& [key, value] : stats[group].items()) out << "  " << key << "=" << value.get<std::size_t>();
    out << "\n";
  }
  return kOk;
}

int cmd_get(const Parsed& p, std::ostream& out, std::ostream& err) {
  if (p.operands.size() != 1) throw core::InvalidInput("get needs exactly one item ID");
  SQLite::Database db = open_store(p.config);
  core::ItemStore store(db);
  auto item = store.get(p.operands[0]);
  if (!item) {
    err << "km-indexer: no item with id '" << p.operands[0] << "'\n";
    return kRejected;
  }
  out << item->to_json().dump(2) << "\n";
  return kOk;
}

}  // namespace

std::string usage() {
  return R"(usage: km-indexer COMMAND [options]

Commands:
  ingest --db DIR [--strict] [--batch N] FILE|FOLDER...
        Validate and load items (.jsonl, .csv, .md; folders are read recursively).
        Bad records are reported as file:line: field: reason and skipped;
        with --strict one bad record means nothing changes.
  rebuild --db DIR      Recreate the search index from the SQLite store alone.
  compact --db DIR      Rewrite the index with every block full (after a large ingest:
                        a third less disk, faster searches); the items are unchanged.
  stats --db DIR [--json]
                        Counts by org, kind and status; index size.
  get --db DIR ID       Print one item as JSON.
  check --db DIR [--repair]
                        Whether the index holds exactly the store's items at their
                        stored versions (exit 1 when not); --repair mends it from SQLite.
  backup --db DIR FILE  Copy the store to FILE (SQLite online backup; the server may run).
  restore --db NEWDIR FILE
                        Put a backup into a new data folder and build its index.
  report km --db DIR [--org ORG] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format json|csv]
                        The KM performance report (every item counts).
  users --db DIR add ID ORG ROLES [COMMUNITIES] [NAME]
  users --db DIR import users.json [--tokens]
  users --db DIR token ID | revoke ID | list
                        Manage users (roles: reader, contributor, expert, km_lead,
                        admin) and their API tokens; a token is printed once only.
  taxonomy --db DIR import --scheme ID [--title T] [--org ORG] FILE
                        Load a concept scheme (.csv, .ttl, .rdf); replaces the scheme.
  taxonomy --db DIR mappings FILE.csv
                        Load mappings local -> shared; re-indexes affected items only.
  taxonomy --db DIR export --scheme ID [--format ttl|rdf|csv]
  taxonomy --db DIR list
  taxonomy --db DIR report --org ORG [--format json|csv|html]
  taxonomy --db DIR score --reference FILE [--threshold X] [--baseline] [--json]
                        Precision, recall and F1 of mapping suggestions at the default
                        confidence threshold (0.4), top-1 and top-5 recall; FILE is a CSV
                        (source,target ids) or an Alignment API reference.rdf (URIs);
                        --baseline scores exact label equality instead.
  taxonomy --db DIR routing FILE.csv
                        Which community answers requests about a shared concept.

Options:
  --db DIR              Data folder (km.sqlite + index/); env KM_DB_DIR.
  --lock-wait SECONDS   How long to wait for the index write lock (default 30).
  --config FILE         JSON configuration file.
  --help, --version

Exit codes: 0 all good, 1 some records rejected (or item not found, or check found the
index and the store out of step), 2 usage or fatal error.
)";
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      out << usage();
      return kOk;
    }
    if (a == "--version") {
      out << "km-indexer " << KM_VERSION << "\n";
      return kOk;
    }
  }
  try {
    Parsed p = parse_args(args);
    if (p.command == "ingest") return cmd_ingest(p, out, err, err_is_terminal);
    if (p.command == "rebuild") return cmd_rebuild(p, out, err, err_is_terminal);
    if (p.command == "compact") return cmd_compact(p, out, err, err_is_terminal);
    if (p.command == "stats") return cmd_stats(p, out);
    if (p.command == "get") return cmd_get(p, out, err);
    if (p.command == "check") return cmd_check(p, out);
    if (p.command == "backup") return cmd_backup(p, out);
    if (p.command == "restore") return cmd_restore(p, out, err, err_is_terminal);
    if (p.command == "taxonomy") {
      SQLite::Database db = open_store(p.config);
      TaxonomyCommand command{p.operands, p.flags.options, index_layout(p.config), p.flags.lock_wait};
      if (p.flags.json) command.options["json"] = "1";
      if (p.flags.baseline) command.options["baseline"] = "1";
      return run_taxonomy_command(db, command, out);
    }
    if (p.command == "report") {
      if (p.operands != std::vector<std::string>{"km"}) throw core::InvalidInput("usage: report km [--org ORG] [--from D] [--to D] [--format json|csv]");
      SQLite::Database db = open_store(p.config);
      auto opt = [&](const char* k) { return p.flags.options.count(k) ? p.flags.options.at(k) : std::string(); };
      const core::ReportViewer everything{[](const core::Item&) { return true; }, ""};
      auto report = core::km_report(db, opt("org"), {opt("from"), opt("to")}, everything, core::utc_timestamp(),
                                    core::ServiceLevel::load_or_default(p.config.service_levels), taxonomy::MappingStore(db).coverage());
      out << (opt("format") == "csv" ? core::km_report_csv(report) : report.dump(2) + "\n");
      return kOk;
    }
    if (p.command == "users") {
      SQLite::Database db = open_store(p.config);
      return run_users_command(db, p.operands, p.flags.tokens, out);
    }
    err << "km-indexer: " << (p.command.empty() ? "no command given" : "unknown command '" + p.command + "'")
        << "\n\n" << usage();
    return kFatal;
  } catch (const std::exception& e) {
    err << "km-indexer: " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    err << "km-indexer: index error: " << e.get_description() << "\n";
  }
  return kFatal;
}

}  // namespace km::indexer
