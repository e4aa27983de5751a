// km-store-writes: how many item writes a second the store of record (SQLite, as
// core::open_database sets it up: WAL, synchronous=NORMAL) takes on this machine, the ceiling of
// a deployment whose index is spread over shards (README "Scaling out").
//
//   km-store-writes --dir FOLDER [--count N]
//
// Prints items/s for one transaction per item (a km-server write: its own transaction) and for
// transactions of 1,000 (an ingest batch), each on a fresh database, with 300-word bodies.
#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "core/database.h"
#include "core/item_store.h"
#include "core/text.h"

namespace {

km::core::Item item_number(int i) {
  km::core::Item item;
  item.id = "client-w" + std::to_string(i);
  item.org = "client";
  item.kind = km::core::Kind::lesson;
  item.community = "network";
  item.visibility = km::core::Visibility::shared;
  item.status = km::core::Status::validated;
  item.author = "c.niamh";
  item.title = "Router firmware lesson " + std::to_string(i);
  for (int w = 0; w < 300; ++w) item.body += "word" + std::to_string((i * 31 + w * 7) % 5000) + " ";
  return item;
}

double writes_per_second(const std::string& path, int count, int per_transaction) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  SQLite::Database db = km::core::open_database(path);
  km::core::ItemStore store(db);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count;) {
    SQLite::Transaction transaction(db);
    for (int n = 0; n < per_transaction && i < count; ++n, ++i) store.upsert(item_number(i));
    transaction.commit();
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return count / took.count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int count = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--count") count = static_cast<int>(km::core::parse_integer(argv[i + 1], 1, 100'000'000).value_or(0));
  }
  if (dir.empty() || count <= 0) {
    std::cerr << "usage: km-store-writes --dir FOLDER [--count N]\n";
    return 2;
  }
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/store-writes.sqlite";
  std::cout << "one transaction per item: " << static_cast<long>(writes_per_second(path, count, 1)) << " items/s\n";
  std::cout << "1000 items per transaction: " << static_cast<long>(writes_per_second(path, count, 1000)) << " items/s\n";
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  return 0;
}
