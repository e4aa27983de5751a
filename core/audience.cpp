#include "core/audience.h"

namespace km::core {
namespace {

// Audiences of a validated item, or of a retired one for those who may see retired items.
void by_visibility(const Item& item, const std::string& prefix, std::vector<std::string>& out) {
  switch (item.visibility) {
    case Visibility::shared: out.push_back(prefix + "all"); break;
    case Visibility::org: out.push_back(prefix + "org:" + item.org); break;
    case Visibility::community:
      if (!item.community.empty()) out.push_back(prefix + "community:" + item.community);
      break;
  }
  if (!item.author.empty()) out.push_back(prefix + "author:" + item.author);
}

}  // namespace

std::vector<std::string> item_audiences(const Item& item) {
  std::vector<std::string> out;
  switch (item.status) {
    case Status::validated: by_visibility(item, "", out); break;
    case Status::retired: by_visibility(item, "retired:", out); break;
    case Status::draft:
      // A draft is for its author and, when its visibility lets them see it, its community.
      if (!item.author.empty()) out.push_back("author:" + item.author);
      if (item.community.empty()) break;
      if (item.visibility == Visibility::org) out.push_back("community:" + item.community + "|org:" + item.org);
      else out.push_back("community:" + item.community);
      break;
  }
  return out;
}

std::vector<std::string> user_audiences(const User& user, bool with_retired) {
  std::vector<std::string> out = {"all", "org:" + user.org, "author:" + user.id};
  for (const std::string& c : user.communities) {
    out.push_back("community:" + c);
    out.push_back("community:" + c + "|org:" + user.org);
  }
  if (with_retired) {
    const std::size_t current = out.size();
    for (std::size_t i = 0; i < current; ++i) {
      if (out[i].find('|') == std::string::npos) out.push_back("retired:" + out[i]);
    }
  }
  return out;
}

}  // namespace km::core
