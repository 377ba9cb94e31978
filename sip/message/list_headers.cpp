// List-valued headers.
#include "sip/message/list_headers.hpp"

#include "base/text.hpp"

namespace sipline::sip {

Result<std::vector<std::string_view>> parse_token_list(std::string_view value) {
  std::vector<std::string_view> tokens;
  if (trim_wsp(value).empty()) {
    return tokens;
  }
  auto parsed = parse_list(value, [&tokens](Scanner& scanner) -> Result<void> {
    const std::string_view token = scanner.token();
    if (token.empty()) {
      return scanner.error("expected a token");
    }
    tokens.push_back(token);
    return {};
  });
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return tokens;
}

bool token_list_contains(std::string_view value, std::string_view token) {
  const auto tokens = parse_token_list(value);
  if (!tokens) {
    return false;
  }
  for (const std::string_view candidate : *tokens) {
    if (iequals(candidate, token)) {
      return true;
    }
  }
  return false;
}

Result<std::vector<NameAddr>> parse_address_list(std::string_view value, AddressForm form) {
  std::vector<NameAddr> addresses;
  auto parsed = parse_list(value, [&addresses, form](Scanner& scanner) {
    return parse_name_addr_into(scanner, addresses.emplace_back(), form);
  });
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return addresses;
}

Result<std::vector<NameAddr>> collect_addresses(const Message& message, HeaderId id,
                                                AddressForm form) {
  std::vector<NameAddr> addresses;
  for (const HeaderField& field : message.headers()) {
    if (field.id != id) {
      continue;
    }
    auto some = parse_address_list(field.value, form);
    if (!some) {
      return some;
    }
    if (addresses.size() + some->size() > kMaxListElements) {
      return fail(Errc::kTooLarge, "too many list elements", 0);
    }
    addresses.insert(addresses.end(), some->begin(), some->end());
  }
  return addresses;
}

Result<std::vector<UriInfo>> parse_uri_info_list(std::string_view value) {
  std::vector<UriInfo> infos;
  auto parsed = parse_list(value, [&infos](Scanner& scanner) -> Result<void> {
    if (!scanner.consume('<')) {
      return scanner.error("expected '<'");
    }
    const std::size_t close = scanner.rest().find('>');
    if (close == std::string_view::npos) {
      return scanner.error("'<' without '>'");
    }
    UriInfo& info = infos.emplace_back();
    const std::size_t uri_start = scanner.pos();
    if (auto uri = parse_uri_into(scanner.rest().substr(0, close), info.uri); !uri) {
      return shifted(uri.error(), uri_start);
    }
    scanner.advance(close + 1);
    const auto params = scan_header_params(scanner);
    if (!params) {
      return std::unexpected(params.error());
    }
    info.params = *params;
    return {};
  });
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return infos;
}

Result<std::vector<MediaType>> parse_accept(std::string_view value) {
  std::vector<MediaType> ranges;
  if (trim_wsp(value).empty()) {
    return ranges;
  }
  auto parsed = parse_list(value, [&ranges](Scanner& scanner) -> Result<void> {
    auto range = parse_media_type(scanner);
    if (!range) {
      return std::unexpected(range.error());
    }
    ranges.push_back(*range);
    return {};
  });
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return ranges;
}

}  // namespace sipline::sip
