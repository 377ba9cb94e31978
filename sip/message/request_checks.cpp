// UAS request checks.
#include "sip/message/request_checks.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "sip/message/list_headers.hpp"

namespace sipline::sip {
namespace {

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (const std::string_view item : items) {
    out += out.empty() ? "" : ", ";
    out += item;
  }
  return out;
}

std::string allow_value(const UasCapabilities& capabilities) {
  std::string out;
  for (const Method method : capabilities.allowed_methods) {
    out += out.empty() ? "" : ", ";
    out += to_string(method);
  }
  return out;
}

std::optional<Rejection> missing_header(const Message& request) {
  const std::pair<bool, std::string_view> mandatory[] = {{request.to() != nullptr, "To"},
                                                         {request.from() != nullptr, "From"},
                                                         {!request.call_id().empty(), "Call-ID"},
                                                         {request.cseq() != nullptr, "CSeq"},
                                                         {!request.vias().empty(), "Via"}};
  for (const auto& [present, name] : mandatory) {
    if (!present) {
      return Rejection{400, "Bad Request (missing " + std::string(name) + ")", {}, {}};
    }
  }
  return std::nullopt;
}

bool is_supported(std::string_view tag, const UasCapabilities& capabilities) {
  return std::any_of(capabilities.supported.begin(), capabilities.supported.end(),
                     [tag](std::string_view known) { return iequals(known, tag); });
}

bool is_accepted_type(const MediaType& type, const UasCapabilities& capabilities) {
  return std::any_of(capabilities.accepted_types.begin(), capabilities.accepted_types.end(),
                     [&type](std::string_view accepted) {
                       const std::size_t slash = accepted.find('/');
                       return type.is(accepted.substr(0, slash), accepted.substr(slash + 1));
                     });
}

// An Accept range matches one of our types: "*/*", "application/*" or the type itself.
bool accept_allows_ours(const std::vector<MediaType>& ranges, const UasCapabilities& capabilities) {
  for (const MediaType& range : ranges) {
    for (const std::string_view ours : capabilities.accepted_types) {
      const std::size_t slash = ours.find('/');
      const bool type_ok = range.type == "*" || iequals(range.type, ours.substr(0, slash));
      const bool subtype_ok =
          range.subtype == "*" || iequals(range.subtype, ours.substr(slash + 1));
      if (type_ok && subtype_ok) {
        return true;
      }
    }
  }
  return false;
}

std::optional<Rejection> check_require(const Message& request,
                                       const UasCapabilities& capabilities) {
  if (request.method() == Method::kAck || request.method() == Method::kCancel) {
    return std::nullopt;
  }
  std::vector<std::string_view> unsupported;
  for (const HeaderField& field : request.headers()) {
    if (field.id != HeaderId::kRequire) {
      continue;
    }
    const auto tags = parse_token_list(field.value);
    if (!tags) {
      return Rejection{400, "Bad Request (bad Require)", {}, {}};
    }
    for (const std::string_view tag : *tags) {
      if (!is_supported(tag, capabilities)) {
        unsupported.push_back(tag);
      }
    }
  }
  if (unsupported.empty()) {
    return std::nullopt;
  }
  return Rejection{420, "Bad Extension", HeaderId::kUnsupported, join(unsupported)};
}

std::optional<Rejection> check_body(const Message& request, const UasCapabilities& capabilities) {
  const std::string accept = join(capabilities.accepted_types);
  if (const auto encoding = request.header(HeaderId::kContentEncoding);
      encoding && !iequals(trim_wsp(*encoding), "identity")) {
    return Rejection{415, "Unsupported Media Type", HeaderId::kAcceptEncoding, "identity"};
  }
  if (request.body().empty()) {
    return std::nullopt;
  }
  const MediaType* type = request.content_type();
  if (type == nullptr || !is_accepted_type(*type, capabilities)) {
    return Rejection{415, "Unsupported Media Type", HeaderId::kAccept, accept};
  }
  return std::nullopt;
}

std::optional<Rejection> check_accept(const Message& request, const UasCapabilities& capabilities) {
  const auto accept = request.header(HeaderId::kAccept);
  if (!accept || (request.method() != Method::kInvite && request.method() != Method::kOptions)) {
    return std::nullopt;
  }
  const auto ranges = parse_accept(*accept);
  if (!ranges) {
    return Rejection{400, "Bad Request (bad Accept)", {}, {}};
  }
  // RFC 3261 §20.1: an empty Accept means no body is acceptable; OPTIONS is still answered.
  if (ranges->empty() || accept_allows_ours(*ranges, capabilities)) {
    return std::nullopt;
  }
  return Rejection{406, "Not Acceptable", HeaderId::kAccept, join(capabilities.accepted_types)};
}

}  // namespace

std::optional<Rejection> check_request(const Message& request,
                                       const UasCapabilities& capabilities) {
  if (auto missing = missing_header(request)) {
    return missing;
  }
  const bool allowed =
      std::find(capabilities.allowed_methods.begin(), capabilities.allowed_methods.end(),
                request.method()) != capabilities.allowed_methods.end();
  if (!allowed) {
    const int status = request.method() == Method::kUnknown ? 501 : 405;
    return Rejection{status, status == 501 ? "Not Implemented" : "Method Not Allowed",
                     HeaderId::kAllow, allow_value(capabilities)};
  }
  const Scheme scheme = request.request_uri().scheme;
  if (scheme != Scheme::kSip && scheme != Scheme::kSips && scheme != Scheme::kTel) {
    return Rejection{416, "Unsupported URI Scheme", {}, {}};
  }
  if (auto require = check_require(request, capabilities)) {
    return require;
  }
  if (auto body = check_body(request, capabilities)) {
    return body;
  }
  return check_accept(request, capabilities);
}

}  // namespace sipline::sip
