#include "sip/ua/redirect_targets.hpp"

#include <algorithm>
#include <cstddef>

#include "sip/ua/ua_types.hpp"

namespace sipline::sip {
namespace {

// A qvalue (§25.1: "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ]) in thousandths; 0 when it is
// not one.
int thousandths(std::string_view q) {
  if (q.empty() || (q[0] != '0' && q[0] != '1')) {
    return 0;
  }
  int value = (q[0] - '0') * 1000;
  if (q.size() == 1) {
    return value;
  }
  if (q[1] != '.' || q.size() > 5) {
    return 0;
  }
  int scale = 100;
  for (const char digit : q.substr(2)) {
    if (digit < '0' || digit > '9') {
      return 0;
    }
    value += (digit - '0') * scale;
    scale /= 10;
  }
  return value > 1000 ? 0 : value;
}

}  // namespace

std::vector<std::string> redirect_targets(const Message& response) {
  struct Target {
    int q;
    std::size_t order;  // as written: ties keep it (no stable_sort: libstdc++'s is deprecated
                        // under C++23 for clang)
    std::string uri;
  };
  std::vector<Target> found;
  for (const NameAddr& contact : response.contacts()) {
    if (found.size() == ua::kMaxRedirectTargets) {
      break;
    }
    if (contact.uri.scheme != Scheme::kSip && contact.uri.scheme != Scheme::kSips) {
      continue;
    }
    found.push_back(
        {contact.q ? thousandths(*contact.q) : 1000, found.size(), std::string(contact.uri.text)});
  }
  std::ranges::sort(found, [](const Target& a, const Target& b) {
    return a.q != b.q ? a.q > b.q : a.order < b.order;
  });
  std::vector<std::string> out;
  out.reserve(found.size());
  for (Target& target : found) {
    out.push_back(std::move(target.uri));
  }
  return out;
}

}  // namespace sipline::sip
