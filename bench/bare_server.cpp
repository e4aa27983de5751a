// km-bare-server: the HTTP ceiling for bench/run.sh. A bare cpp-httplib server (TCP_NODELAY,
// the same thread count as km-server) answering GET /search?q=... with a raw Xapian BM25 top-10
// over the same index, as JSON ids and titles. No auth, no permissions, no ranking: what any
// search server on these libraries must at least pay.
//
//   km-bare-server --index DIR [--port N] [--threads N]     (prints "listening on PORT")
#include <xapian.h>

#include <httplib.h>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

// One reader per worker thread: a Xapian::Database is used by one thread at a time.
class Readers {
 public:
  explicit Readers(std::string path) : path_(std::move(path)) {}
  std::unique_ptr<Xapian::Database> take() {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) return std::make_unique<Xapian::Database>(path_);
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return db;
  }
  void give(std::unique_ptr<Xapian::Database> db) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }

 private:
  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Xapian::Database>> idle_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  int port = 0, threads = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--index") index = argv[i + 1];
    else if (a == "--port") port = std::stoi(argv[i + 1]);
    else if (a == "--threads") threads = std::stoi(argv[i + 1]);
  }
  if (index.empty()) {
    std::cerr << "usage: km-bare-server --index DIR [--port N] [--threads N]\n";
    return 2;
  }
  Readers readers(index);
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  // The parser, enquire and match set hold references into the reader (Xapian's reference
  // counts are not atomic): they end before the reader goes back to the pool, where another
  // thread may take it. Giving it back first crashed this server under wrk now and then.
  auto answer = [](Xapian::Database& db, const std::string& q) {
    db.reopen();
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query(q));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    nlohmann::json results = nlohmann::json::array();
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      const auto data = nlohmann::json::parse(m.get_document().get_data());
      results.push_back({{"id", data["id"]}, {"title", data["title"]}, {"score", m.get_weight()}});
    }
    return nlohmann::json{{"total", mset.get_matches_estimated()}, {"results", results}}.dump();
  };
  server.Get("/search", [&](const httplib::Request& req, httplib::Response& res) {
    auto db = readers.take();
    std::string body = answer(*db, req.get_param_value("q"));
    readers.give(std::move(db));
    res.set_content(body, "application/json");
  });
  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::cerr << "km-bare-server: cannot bind port " << port << "\n";
    return 2;
  }
  std::cout << "listening on " << bound << std::endl;
  server.listen_after_bind();
  return 0;
}
