// The SDP parser: lines, their order, and the fields of each line type.
#include "sdp/parser.hpp"

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sdp/attributes.hpp"
#include "sdp/fields.hpp"

namespace sipline::sdp {
namespace {

// Text fields carry UTF-8 or other octets, but no control characters (RFC 8866 §5: byte-string).
bool is_text(std::string_view text) noexcept {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
      return false;
    }
  }
  return true;
}

Result<AddressType> address_type(std::string_view nettype, std::string_view addrtype) {
  if (nettype != "IN") {
    return fail(Errc::kUnsupported, "unsupported network type", 0);
  }
  if (addrtype == "IP4") {
    return AddressType::kIp4;
  }
  if (addrtype == "IP6") {
    return AddressType::kIp6;
  }
  return fail(Errc::kUnsupported, "unsupported address type", 0);
}

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
Result<Origin> parse_origin(std::string_view value) {
  const auto fields = split_fields(value, 7);
  if (fields.size() != 6) {
    return fail(Errc::kMalformed, "bad origin", 0);
  }
  Origin origin;
  origin.username = std::string(fields[0]);
  if (fields[1].size() > 20 || !parse_decimal<std::uint64_t>(fields[1])) {
    return fail(Errc::kMalformed, "bad origin session id", 0);
  }
  origin.session_id = std::string(fields[1]);
  const auto version = parse_decimal<std::uint64_t>(fields[2]);
  if (!version) {
    return fail(Errc::kMalformed, "bad origin session version", 0);
  }
  origin.session_version = *version;
  const auto type = address_type(fields[3], fields[4]);
  if (!type) {
    return std::unexpected(type.error());
  }
  origin.address_type = *type;
  if (!is_hostname(fields[5]) && !is_ipv4_address(fields[5]) && !is_ipv6_address(fields[5])) {
    return fail(Errc::kMalformed, "bad origin address", 0);
  }
  origin.address = std::string(fields[5]);
  return origin;
}

Result<Bandwidth> parse_bandwidth(std::string_view value) {
  const std::size_t colon = value.find(':');
  const auto kbps = parse_decimal<std::uint32_t>(
      value.substr(colon == std::string_view::npos ? value.size() : colon + 1));
  if (colon == std::string_view::npos || !is_token_text(value.substr(0, colon)) || !kbps) {
    return fail(Errc::kMalformed, "bad bandwidth", 0);
  }
  return Bandwidth{std::string(value.substr(0, colon)), *kbps};
}

Result<void> append_bandwidth(std::string_view value, std::vector<Bandwidth>& bandwidths) {
  auto bandwidth = parse_bandwidth(value);
  if (!bandwidth) {
    return std::unexpected(bandwidth.error());
  }
  bandwidths.push_back(std::move(*bandwidth));
  return {};
}

Result<Timing> parse_timing(std::string_view value) {
  const auto fields = split_fields(value, 3);
  const auto start =
      fields.size() == 2 ? parse_decimal<std::uint64_t>(fields[0]) : Result<std::uint64_t>(0);
  const auto stop =
      fields.size() == 2 ? parse_decimal<std::uint64_t>(fields[1]) : Result<std::uint64_t>(0);
  if (fields.size() != 2 || !start || !stop) {
    return fail(Errc::kMalformed, "bad timing", 0);
  }
  return Timing{*start, *stop, {}};
}

// m=<media> <port>[/<number of ports>] <proto> <fmt> ...
Result<Media> parse_media(std::string_view value, const ParseLimits& limits) {
  const auto fields = split_fields(value, limits.max_formats + 4);
  if (fields.size() < 4) {
    return fail(Errc::kMalformed, fields.size() == 3 ? "m= line without formats" : "bad m= line",
                0);
  }
  if (fields.size() > limits.max_formats + 3) {
    return fail(Errc::kTooLarge, "too many formats", 0);
  }
  Media media;
  media.media = std::string(fields[0]);
  media.proto = std::string(fields[2]);
  if (!is_token_text(media.media) || media.proto.empty() || !is_text(media.proto)) {
    return fail(Errc::kMalformed, "bad m= line", 0);
  }
  const std::string_view port_text = fields[1];
  const std::size_t slash = port_text.find('/');
  const auto port = parse_decimal<std::uint16_t>(port_text.substr(0, slash));
  if (!port) {
    return fail(Errc::kMalformed, "bad media port", 0);
  }
  media.port = *port;
  if (slash != std::string_view::npos) {
    const auto count = parse_decimal<std::uint16_t>(port_text.substr(slash + 1));
    if (!count || *count == 0) {
      return fail(Errc::kMalformed, "bad media port count", 0);
    }
    media.port_count = *count;
  }
  for (std::size_t i = 3; i < fields.size(); ++i) {
    if (media.is_rtp() ? !parse_payload_type(fields[i]) : !is_text(fields[i])) {
      return fail(Errc::kMalformed, "bad media format", 0);
    }
    for (std::size_t j = 3; j < i; ++j) {
      const bool same = media.is_rtp()
                            ? *parse_payload_type(fields[j]) == *parse_payload_type(fields[i])
                            : fields[j] == fields[i];
      if (same) {
        return fail(Errc::kMalformed, "duplicate media format", 0);
      }
    }
    media.formats.emplace_back(fields[i]);
  }
  return media;
}

struct LineParser {
  const ParseLimits& limits;
  Session session;
  bool seen_version = false;
  bool seen_origin = false;
  bool seen_name = false;
  bool seen_timing = false;
  std::size_t attributes = 0;

  Result<void> session_line(char type, std::string_view value) {
    switch (type) {
      case 'o': {
        auto origin = parse_origin(value);
        if (!origin || seen_origin) {
          return origin ? fail(Errc::kMalformed, "duplicate o=", 0)
                        : std::unexpected(origin.error());
        }
        seen_origin = true;
        session.origin = std::move(*origin);
        return {};
      }
      case 's':
        if (seen_name) {
          return fail(Errc::kMalformed, "duplicate s=", 0);
        }
        seen_name = true;
        session.name = std::string(value);
        return {};
      case 'i':
        session.information = std::string(value);
        return {};
      case 'u':
        session.uri = std::string(value);
        return {};
      case 'e':
        session.emails.emplace_back(value);
        return {};
      case 'p':
        session.phones.emplace_back(value);
        return {};
      case 'z':
        session.zone = std::string(value);
        return {};
      case 'k':
        session.key = std::string(value);
        return {};
      case 'c': {
        auto connection = parse_connection(value);
        if (!connection || session.connection) {
          return connection ? fail(Errc::kMalformed, "duplicate c=", 0)
                            : std::unexpected(connection.error());
        }
        session.connection = std::move(*connection);
        return {};
      }
      case 'b':
        return append_bandwidth(value, session.bandwidths);
      case 't': {
        auto timing = parse_timing(value);
        if (!timing) {
          return std::unexpected(timing.error());
        }
        if (!seen_timing) {
          session.timings.clear();
          seen_timing = true;
        }
        session.timings.push_back(std::move(*timing));
        return {};
      }
      case 'r':
        if (!seen_timing) {
          return fail(Errc::kMalformed, "r= without t=", 0);
        }
        session.timings.back().repeats.emplace_back(value);
        return {};
      default:
        return fail(Errc::kMalformed, "unknown line type", 0);
    }
  }

  Result<void> media_line(char type, std::string_view value) {
    Media& media = session.media.back();
    switch (type) {
      case 'i':
        media.title = std::string(value);
        return {};
      case 'k':
        media.key = std::string(value);
        return {};
      case 'c': {
        auto connection = parse_connection(value);
        if (!connection) {
          return std::unexpected(connection.error());
        }
        media.connection = std::move(*connection);  // several c= (multicast): the last one
        return {};
      }
      case 'b':
        return append_bandwidth(value, media.bandwidths);
      default:
        return fail(Errc::kMalformed, "line type not allowed in a media section", 0);
    }
  }

  Result<void> attribute_line(std::string_view value) {
    if (++attributes > limits.max_attributes) {
      return fail(Errc::kTooLarge, "too many attributes", 0);
    }
    const std::size_t colon = value.find(':');
    const std::string_view name = value.substr(0, colon);
    if (!is_token_text(name)) {
      return fail(Errc::kMalformed, "bad attribute name", 0);
    }
    const std::optional<std::string_view> attribute_value =
        colon == std::string_view::npos ? std::nullopt : std::optional(value.substr(colon + 1));
    return apply_attribute(name, attribute_value,
                           session.media.empty() ? Level::kSession : Level::kMedia, session);
  }

  Result<void> line(char type, std::string_view value) {
    if (!is_text(value)) {
      return fail(Errc::kMalformed, "control character in a line", 0);
    }
    if (!seen_version) {
      if (type != 'v' || value != "0") {
        return fail(Errc::kMalformed, "description must start with v=0", 0);
      }
      seen_version = true;
      return {};
    }
    if (type == 'v') {
      return fail(Errc::kMalformed, "duplicate v=", 0);
    }
    if (type == 'a') {
      return attribute_line(value);
    }
    if (type == 'm') {
      if (session.media.size() >= limits.max_media) {
        return fail(Errc::kTooLarge, "too many m= lines", 0);
      }
      auto media = parse_media(value, limits);
      if (!media) {
        return std::unexpected(media.error());
      }
      session.media.push_back(std::move(*media));
      return {};
    }
    return session.media.empty() ? session_line(type, value) : media_line(type, value);
  }

  Result<void> finish() {
    if (!seen_origin || !seen_name || !seen_timing) {
      return fail(Errc::kMalformed,
                  !seen_origin ? "missing o="
                  : !seen_name ? "missing s="
                               : "missing t=",
                  0);
    }
    // RFC 8866 §5.7: every stream needs a connection, its own or the session's.
    for (const Media& media : session.media) {
      if (session.connection_for(media) == nullptr) {
        return fail(Errc::kMalformed, "media without a connection", 0);
      }
    }
    return {};
  }
};

}  // namespace

Result<Session> parse_session(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail(Errc::kTooLarge, "description too large", limits.max_bytes);
  }
  LineParser parser{limits, Session{}};
  std::size_t pos = 0;
  std::size_t lines = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    end = end == std::string_view::npos ? text.size() : end;
    std::string_view line = text.substr(pos, end - pos);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      // Empty lines may only trail the description.
      if (text.find_first_not_of("\r\n", pos) != std::string_view::npos) {
        return fail(Errc::kMalformed, "empty line", pos);
      }
      break;
    }
    if (++lines > limits.max_lines) {
      return fail(Errc::kTooLarge, "too many lines", pos);
    }
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return fail(Errc::kMalformed, "bad line", pos);
    }
    if (auto parsed = parser.line(line[0], line.substr(2)); !parsed) {
      return shifted(parsed.error(), pos);
    }
    pos = next;
  }
  if (!parser.seen_version) {
    return fail(Errc::kMalformed, "empty description", 0);
  }
  if (auto finished = parser.finish(); !finished) {
    return std::unexpected(finished.error());
  }
  return std::move(parser.session);
}

}  // namespace sipline::sdp
