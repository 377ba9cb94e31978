// Media type parsing.
#include "sip/message/media_type.hpp"

#include "base/text.hpp"

namespace sipline::sip {

bool MediaType::is(std::string_view type_name, std::string_view subtype_name) const noexcept {
  return iequals(type, type_name) && iequals(subtype, subtype_name);
}

Result<MediaType> parse_media_type(Scanner& scanner) {
  MediaType out;
  scanner.skip_sws();
  out.type = scanner.token();
  if (out.type.empty() || !scanner.separator('/')) {
    return scanner.error("bad media type");
  }
  out.subtype = scanner.token();
  if (out.subtype.empty()) {
    return scanner.error("bad media subtype");
  }
  const auto params = scan_header_params(scanner);
  if (!params) {
    return std::unexpected(params.error());
  }
  out.params = *params;
  return out;
}

Result<MediaType> parse_content_type(std::string_view value) {
  Scanner scanner(value);
  auto type = parse_media_type(scanner);
  if (!type) {
    return type;
  }
  scanner.skip_sws();
  if (!scanner.at_end()) {
    return scanner.error("unexpected text after the media type");
  }
  return type;
}

}  // namespace sipline::sip
