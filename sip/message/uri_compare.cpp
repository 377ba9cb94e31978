// URI equivalence: RFC 3261 §19.1.4 for sip/sips, RFC 3966 §4 for tel.
#include <algorithm>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "sip/message/escape.hpp"
#include "sip/message/uri.hpp"

namespace sipline::sip {
namespace {

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), to_lower);
  return text;
}

// Parameters with a default value: present in one URI only, they make the URIs differ.
bool must_be_in_both(std::string_view name) {
  return iequals(name, "user") || iequals(name, "ttl") || iequals(name, "method") ||
         iequals(name, "maddr") || iequals(name, "transport");
}

struct NormalParam {
  std::string name;   // lower case, escapes normalised
  std::string value;  // lower case, escapes normalised
};

std::vector<NormalParam> normal_params(const ParamList& params) {
  std::vector<NormalParam> out;
  for (const Param& param : params) {
    out.push_back(
        {lowered(normalize_escapes(param.name)), lowered(normalize_escapes(param.value))});
  }
  return out;
}

const NormalParam* find_param(const std::vector<NormalParam>& params, const std::string& name) {
  for (const NormalParam& param : params) {
    if (param.name == name) {
      return &param;
    }
  }
  return nullptr;
}

// Any parameter in both must match; some must be in both or in neither (§19.1.4). For tel
// URIs every parameter must be in both (RFC 3966 §4).
bool params_match(const ParamList& a, const ParamList& b, bool tel) {
  const auto x = normal_params(a);
  const auto y = normal_params(b);
  for (const NormalParam& param : x) {
    const NormalParam* other = find_param(y, param.name);
    if (other == nullptr ? (tel || must_be_in_both(param.name)) : other->value != param.value) {
      return false;
    }
  }
  for (const NormalParam& param : y) {
    if ((tel || must_be_in_both(param.name)) && find_param(x, param.name) == nullptr) {
      return false;
    }
  }
  return true;
}

struct UriHeader {
  std::string name;
  std::string value;
  friend auto operator<=>(const UriHeader&, const UriHeader&) = default;
};

// Header components are never ignored (§19.1.4): the same set on both sides. Names compare
// case-insensitively, values exactly (after escape normalisation).
std::vector<UriHeader> header_set(std::string_view headers) {
  std::vector<UriHeader> out;
  while (!headers.empty()) {
    const std::size_t amp = headers.find('&');
    const std::string_view one = headers.substr(0, amp);
    const std::size_t eq = one.find('=');
    out.push_back({lowered(normalize_escapes(one.substr(0, eq))),
                   normalize_escapes(eq == std::string_view::npos ? "" : one.substr(eq + 1))});
    headers = amp == std::string_view::npos ? std::string_view{} : headers.substr(amp + 1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool sip_equivalent(const Uri& a, const Uri& b) {
  if (a.scheme != b.scheme || a.has_user != b.has_user || a.has_password != b.has_password) {
    return false;
  }
  // Userinfo is case-sensitive; escapes of unreserved characters equal the characters.
  if (normalize_escapes(a.user) != normalize_escapes(b.user) ||
      normalize_escapes(a.password) != normalize_escapes(b.password)) {
    return false;
  }
  if (!iequals(a.host.host, b.host.host) || a.host.port != b.host.port) {
    return false;
  }
  return params_match(a.params, b.params, false) && header_set(a.headers) == header_set(b.headers);
}

// RFC 3966 §4: numbers equal once visual separators are removed; parameters must all match.
std::string tel_digits(std::string_view number) {
  std::string out;
  for (const char c : number) {
    if (c != '-' && c != '.' && c != '(' && c != ')') {
      out.push_back(to_lower(c));
    }
  }
  return out;
}

}  // namespace

bool uri_equivalent(const Uri& a, const Uri& b) {
  if (a.scheme != b.scheme) {
    return false;
  }
  switch (a.scheme) {
    case Scheme::kSip:
    case Scheme::kSips:
      return sip_equivalent(a, b);
    case Scheme::kTel:
      return tel_digits(a.user) == tel_digits(b.user) && params_match(a.params, b.params, true);
    case Scheme::kOther:
      return iequals(a.text, b.text);
  }
  return false;
}

}  // namespace sipline::sip
