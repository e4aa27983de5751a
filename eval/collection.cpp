#include "eval/collection.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace km::eval {
namespace {

std::ifstream open(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::InvalidInput(path + ": cannot be read");
  return in;
}

std::string where(const std::string& path, std::size_t line) { return path + ":" + std::to_string(line) + ": "; }

}  // namespace

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in = open(path);
  std::vector<Query> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      auto j = nlohmann::json::parse(line);
      out.push_back({j.at("id").is_string() ? j.at("id").get<std::string>() : j.at("id").dump(), j.at("text").get<std::string>()});
    } catch (const nlohmann::json::exception& e) {
      throw core::InvalidInput(where(path, n) + "expected {\"id\", \"text\"}: " + e.what());
    }
  }
  return out;
}

std::map<std::string, Judgements> read_qrels(const std::string& path) {
  std::ifstream in = open(path);
  std::map<std::string, Judgements> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.empty()) continue;
    if (f.size() != 3 && f.size() != 4) throw core::InvalidInput(where(path, n) + "expected 'qid docid grade' or 'qid 0 docid grade'");
    const std::string& doc = f[f.size() - 2];
    const auto grade = core::parse_integer(f.back(), -1000, 1000);
    if (!grade) throw core::InvalidInput(where(path, n) + "grade '" + f.back() + "' is not an integer");
    out[f[0]][doc] = static_cast<int>(*grade);
  }
  return out;
}

std::size_t convert_corpus(const std::string& corpus_path, const std::string& out_path) {
  std::ifstream in = open(corpus_path);
  std::ofstream out(out_path);
  if (!out) throw core::InvalidInput(out_path + ": cannot be written");
  std::string line;
  std::size_t count = 0;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      auto j = nlohmann::json::parse(line);
      std::string id = j.at("id").is_string() ? j.at("id").get<std::string>() : j.at("id").dump();
      std::string title = j.value("title", "");
      std::string text = j.value("text", "");
      if (title.find_first_not_of(" .") == std::string::npos) title = "(untitled " + id + ")";
      nlohmann::json item = {{"id", id},       {"org", "eval"},          {"title", title},
                             {"body", text.empty() ? title : text}, {"status", "validated"}, {"visibility", "shared"}};
      out << item.dump() << "\n";
      ++count;
    } catch (const nlohmann::json::exception& e) {
      throw core::InvalidInput(where(corpus_path, n) + e.what());
    }
  }
  return count;
}

}  // namespace km::eval
