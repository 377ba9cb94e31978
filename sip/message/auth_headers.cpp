// Authentication header parsing.
#include "sip/message/auth_headers.hpp"

#include "base/text.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {

bool AuthHeader::is_digest() const noexcept { return iequals(scheme, "Digest"); }

const AuthParam* AuthHeader::find(std::string_view name) const noexcept {
  for (const AuthParam& param : params) {
    if (iequals(param.name, name)) {
      return &param;
    }
  }
  return nullptr;
}

std::optional<std::string> AuthHeader::param(std::string_view name) const {
  const AuthParam* found = find(name);
  if (found == nullptr) {
    return std::nullopt;
  }
  return found->quoted ? unquote(found->value) : std::string(found->value);
}

Result<AuthHeader> parse_auth_header(std::string_view value) {
  AuthHeader out;
  Scanner scanner(value);
  scanner.skip_sws();
  out.scheme = scanner.token();
  if (out.scheme.empty()) {
    return scanner.error("missing authentication scheme");
  }
  const std::size_t after_scheme = scanner.pos();
  scanner.skip_sws();
  if (scanner.at_end()) {
    return out;  // a scheme without parameters
  }
  if (scanner.pos() == after_scheme) {
    return scanner.error("no space after the authentication scheme");
  }
  auto parsed = parse_list(scanner.rest(), [&out](Scanner& element) -> Result<void> {
    AuthParam param;
    param.name = element.token();
    if (param.name.empty() || !element.separator('=')) {
      return element.error("bad auth-param");
    }
    if (element.peek() == '"') {
      const auto quoted = element.quoted_string();
      if (!quoted) {
        return std::unexpected(quoted.error());
      }
      param.value = *quoted;
      param.quoted = true;
    } else {
      param.value = element.token();
      if (param.value.empty()) {
        return element.error("empty auth-param value");
      }
    }
    if (param.value.size() > kMaxAuthParamBytes) {
      return fail(Errc::kTooLarge, "auth-param too long", element.pos());
    }
    if (out.find(param.name) != nullptr) {
      return element.error("duplicate auth-param");
    }
    out.params.push_back(param);
    return {};
  });
  if (!parsed) {
    return shifted(parsed.error(), scanner.pos());
  }
  return out;
}

std::vector<std::string> split_qop_options(std::string_view unquoted) {
  std::vector<std::string> options;
  while (!unquoted.empty()) {
    const std::size_t comma = unquoted.find(',');
    const std::string_view option = trim_wsp(unquoted.substr(0, comma));
    if (!option.empty()) {
      options.emplace_back(option);
    }
    unquoted = comma == std::string_view::npos ? std::string_view{} : unquoted.substr(comma + 1);
  }
  return options;
}

}  // namespace sipline::sip
