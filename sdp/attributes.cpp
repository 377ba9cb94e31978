// Typed SDP attributes.
#include "sdp/attributes.hpp"

#include <array>
#include <vector>

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sdp/fields.hpp"

namespace sipline::sdp {
namespace {

constexpr std::array<std::pair<std::string_view, Direction>, 4> kDirections{{
    {"sendrecv", Direction::kSendRecv},
    {"sendonly", Direction::kSendOnly},
    {"recvonly", Direction::kRecvOnly},
    {"inactive", Direction::kInactive},
}};

constexpr std::array<std::pair<std::string_view, Setup>, 4> kSetups{{
    {"active", Setup::kActive},
    {"passive", Setup::kPassive},
    {"actpass", Setup::kActPass},
    {"holdconn", Setup::kHoldConn},
}};

template <class T>
Result<void> set_once(std::optional<T>& slot, T value, std::string_view duplicate) {
  if (slot && *slot != value) {
    return fail(Errc::kMalformed, duplicate, 0);
  }
  slot = std::move(value);
  return {};
}

Result<std::uint32_t> parse_ptime(std::string_view value) {
  // Milliseconds; 0 and absurd values are refused (a 100 s packet is no packet time).
  const auto ms = parse_decimal<std::uint32_t>(value);
  if (!ms || *ms == 0 || *ms > kMaxPtimeMs) {
    return fail(Errc::kMalformed, "bad ptime", 0);
  }
  return *ms;
}

Result<Fmtp> parse_fmtp(std::string_view value) {
  const std::size_t space = value.find(' ');
  Fmtp fmtp{std::string(value.substr(0, space)),
            space == std::string_view::npos ? std::string()
                                            : std::string(trim_wsp(value.substr(space + 1)))};
  if (fmtp.format.empty() || !is_token_text(fmtp.format)) {
    return fail(Errc::kMalformed, "bad fmtp", 0);
  }
  return fmtp;
}

Result<RtcpAttribute> parse_rtcp(std::string_view value) {
  const std::vector<std::string_view> fields = split_fields(value, 5);
  if (fields.empty() || fields.size() == 2 || fields.size() == 3 || fields.size() > 4) {
    return fail(Errc::kMalformed, "bad rtcp attribute", 0);
  }
  const auto port = parse_decimal<std::uint16_t>(fields[0]);
  if (!port || *port == 0) {
    return fail(Errc::kMalformed, "bad rtcp port", 0);
  }
  RtcpAttribute rtcp{*port, std::nullopt};
  if (fields.size() == 4) {
    auto connection =
        parse_connection(value.substr(static_cast<std::size_t>(fields[1].data() - value.data())));
    if (!connection) {
      return std::unexpected(connection.error());
    }
    rtcp.connection = std::move(*connection);
  }
  return rtcp;
}

Result<Fingerprint> parse_fingerprint(std::string_view value) {
  const std::vector<std::string_view> fields = split_fields(value, 3);
  if (fields.size() != 2 || !is_token_text(fields[0])) {
    return fail(Errc::kMalformed, "bad fingerprint", 0);
  }
  for (const char c : fields[1]) {
    if (!is_hex_digit(c) && c != ':') {
      return fail(Errc::kMalformed, "bad fingerprint", 0);
    }
  }
  return Fingerprint{std::string(fields[0]), std::string(fields[1])};
}

Result<void> apply_common(std::string_view name, std::optional<std::string_view> value,
                          CommonAttributes& common, bool& handled) {
  handled = true;
  for (const auto& [text, direction] : kDirections) {
    if (name == text) {
      if (value) {
        return fail(Errc::kMalformed, "direction attribute with a value", 0);
      }
      return set_once(common.direction, direction, "contradictory direction attributes");
    }
  }
  if (name == "setup" && value) {
    for (const auto& [text, setup] : kSetups) {
      if (*value == text) {
        return set_once(common.setup, setup, "duplicate setup");
      }
    }
    return fail(Errc::kMalformed, "bad setup", 0);
  }
  if (name == "fingerprint" && value) {
    auto fingerprint = parse_fingerprint(*value);
    if (!fingerprint) {
      return std::unexpected(fingerprint.error());
    }
    return set_once(common.fingerprint, std::move(*fingerprint), "duplicate fingerprint");
  }
  if ((name == "ice-ufrag" || name == "ice-pwd") && value) {
    if (value->empty() || value->find(' ') != std::string_view::npos) {
      return fail(Errc::kMalformed, "bad ice credential", 0);
    }
    return set_once(name == "ice-ufrag" ? common.ice_ufrag : common.ice_pwd, std::string(*value),
                    "duplicate ice credential");
  }
  handled = false;
  return {};
}

Result<void> apply_media(std::string_view name, std::optional<std::string_view> value, Media& media,
                         bool& handled) {
  handled = true;
  if (name == "rtpmap" && value) {
    auto map = parse_rtpmap(*value);
    if (!map) {
      return std::unexpected(map.error());
    }
    if (media.rtpmap(map->payload_type) != nullptr) {
      return fail(Errc::kMalformed, "duplicate rtpmap", 0);
    }
    media.rtpmaps.push_back(std::move(*map));
    return {};
  }
  if (name == "fmtp" && value) {
    auto fmtp = parse_fmtp(*value);
    if (!fmtp) {
      return std::unexpected(fmtp.error());
    }
    if (media.fmtp(fmtp->format) != nullptr) {
      return fail(Errc::kMalformed, "duplicate fmtp", 0);
    }
    media.fmtps.push_back(std::move(*fmtp));
    return {};
  }
  if ((name == "ptime" || name == "maxptime") && value) {
    const auto ms = parse_ptime(*value);
    if (!ms) {
      return std::unexpected(ms.error());
    }
    return set_once(name == "ptime" ? media.ptime : media.maxptime, *ms, "duplicate ptime");
  }
  if (name == "rtcp" && value) {
    auto rtcp = parse_rtcp(*value);
    if (!rtcp) {
      return std::unexpected(rtcp.error());
    }
    return set_once(media.rtcp, std::move(*rtcp), "duplicate rtcp");
  }
  if (name == "rtcp-mux" && !value) {
    media.rtcp_mux = true;
    return {};
  }
  if (name == "mid" && value) {
    return set_once(media.mid, std::string(*value), "duplicate mid");
  }
  if (name == "crypto" && value) {
    auto crypto = parse_crypto(*value);
    if (!crypto) {
      return std::unexpected(crypto.error());
    }
    for (const CryptoAttribute& other : media.cryptos) {
      if (other.tag == crypto->tag) {
        return fail(Errc::kMalformed, "duplicate crypto tag", 0);
      }
    }
    media.cryptos.push_back(std::move(*crypto));
    return {};
  }
  if (name == "candidate" && value) {
    media.candidates.emplace_back(*value);
    return {};
  }
  handled = false;
  return {};
}

}  // namespace

Result<RtpMap> parse_rtpmap(std::string_view value) {
  // <payload type> <encoding name>/<clock rate>[/<encoding parameters>]
  const std::vector<std::string_view> fields = split_fields(value, 3);
  if (fields.size() != 2) {
    return fail(Errc::kMalformed, "bad rtpmap", 0);
  }
  const auto payload_type = parse_payload_type(fields[0]);
  if (!payload_type) {
    return std::unexpected(payload_type.error());
  }
  const std::string_view spec = fields[1];
  const std::size_t slash = spec.find('/');
  const std::size_t second = spec.find('/', slash == std::string_view::npos ? slash : slash + 1);
  RtpMap map;
  map.payload_type = *payload_type;
  map.encoding = std::string(spec.substr(0, slash));
  const auto clock = slash == std::string_view::npos
                         ? Result<std::uint32_t>(fail(Errc::kMalformed, "", 0))
                         : parse_decimal<std::uint32_t>(spec.substr(slash + 1, second - slash - 1));
  if (map.encoding.empty() || !is_token_text(map.encoding) || !clock || *clock == 0) {
    return fail(Errc::kMalformed, "bad rtpmap", 0);  // clock rate 0 would divide by zero later
  }
  map.clock_rate = *clock;
  if (second != std::string_view::npos) {
    const auto channels = parse_decimal<std::uint8_t>(spec.substr(second + 1));
    if (!channels || *channels == 0 || *channels > kMaxChannels) {
      return fail(Errc::kMalformed, "bad rtpmap channels", 0);
    }
    map.channels = *channels;
  }
  return map;
}

Result<Connection> parse_connection(std::string_view value) {
  // IN IP4 <address>[/<ttl>[/<count>]] | IN IP6 <address>[/<count>] (RFC 8866 §5.7)
  const std::vector<std::string_view> fields = split_fields(value, 4);
  if (fields.size() != 3 || fields[0] != "IN") {
    return fail(Errc::kMalformed, "bad connection", 0);
  }
  Connection out;
  if (fields[1] == "IP4") {
    out.type = AddressType::kIp4;
  } else if (fields[1] == "IP6") {
    out.type = AddressType::kIp6;
  } else {
    return fail(Errc::kUnsupported, "unsupported address type", 0);
  }
  std::string_view address = fields[2];
  const std::size_t slash = address.find('/');
  std::string_view suffix =
      slash == std::string_view::npos ? std::string_view{} : address.substr(slash + 1);
  address = address.substr(0, slash);
  const bool literal_ok =
      out.type == AddressType::kIp4 ? is_ipv4_address(address) : is_ipv6_address(address);
  if (!literal_ok && !is_hostname(address)) {
    return fail(Errc::kMalformed, "bad connection address", 0);
  }
  out.address = std::string(address);
  if (slash != std::string_view::npos && suffix.empty()) {
    return fail(Errc::kMalformed, "bad connection ttl", 0);
  }
  if (!suffix.empty()) {
    const std::size_t second = suffix.find('/');
    if (out.type == AddressType::kIp4) {
      const auto ttl = parse_decimal<std::uint8_t>(suffix.substr(0, second));
      if (!ttl) {
        return fail(Errc::kMalformed, "bad connection ttl", 0);
      }
      out.ttl = *ttl;
      suffix = second == std::string_view::npos ? std::string_view{} : suffix.substr(second + 1);
      if (second != std::string_view::npos && suffix.empty()) {
        return fail(Errc::kMalformed, "bad connection address count", 0);
      }
    }
    if (!suffix.empty()) {
      const auto count = parse_decimal<std::uint32_t>(suffix);
      if (!count || *count == 0) {
        return fail(Errc::kMalformed, "bad connection address count", 0);
      }
      out.address_count = *count;
    }
  }
  return out;
}

Result<void> apply_attribute(std::string_view name, std::optional<std::string_view> value,
                             Level level, Session& session) {
  CommonAttributes& common =
      level == Level::kSession ? session.common : session.media.back().common;
  bool handled = false;
  if (auto result = apply_common(name, value, common, handled); !result || handled) {
    return result;
  }
  if (level == Level::kMedia) {
    if (auto result = apply_media(name, value, session.media.back(), handled); !result || handled) {
      return result;
    }
  }
  common.other.push_back(
      Attribute{std::string(name), value ? std::optional<std::string>(*value) : std::nullopt});
  return {};
}

}  // namespace sipline::sdp
