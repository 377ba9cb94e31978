// [Settings]: the phone-wide keys of the ini file, MicroSIP's and sipline's own.
#include "app/cli/settings_section.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/hook_command.hpp"
#include "app/cli/incoming_rules.hpp"
#include "app/cli/microsip_keys.hpp"
#include "app/cli/options.hpp"
#include "app/core/codec_choice.hpp"
#include "app/core/media_engine.hpp"
#include "app/core/server_location.hpp"
#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/transaction/oversize_request.hpp"

namespace sipline::app {
namespace {

// audioCodecs: the codecs in the user's order; those MicroSIP has and sipline has not built are
// left out and named at start-up. Empty: MicroSIP's default, which is sipline's too.
Applied apply_codecs(const SectionReader& in, const IniEntry& entry, PhoneConfig& config,
                     UnbuiltList& unbuilt) {
  if (trim_wsp(entry.value).empty()) {
    config.codecs.clear();
    return {};
  }
  auto choice = parse_codec_choice(entry.value);
  if (!choice) {
    return std::unexpected(in.error(entry, choice.error()));
  }
  config.codecs = std::move(choice->codecs);
  if (choice->unbuilt.size() == 1) {
    unbuilt.push_back({&entry, fmt::format("the codec {}", choice->unbuilt.front())});
  } else if (!choice->unbuilt.empty()) {
    unbuilt.push_back(
        {&entry, fmt::format("each of the codecs {}", fmt::join(choice->unbuilt, ", "))});
  }
  return {};
}

// cmdOutgoingCall … cmdCallEnd: checked to split into words now, so a bad quote fails at start-up
// rather than at the first call (hook_command.hpp).
std::optional<Applied> apply_hook(const SectionReader& in, const IniEntry& entry,
                                  PhoneConfig& config) {
  const auto* hook = std::ranges::find_if(
      kHookKeys, [&](std::string_view name) { return iequals(name, entry.key); });
  if (hook == kHookKeys.end()) {
    return std::nullopt;
  }
  // Blank: no hook, as empty.
  const bool blank = trim_wsp(entry.value).empty();
  if (!blank) {
    if (const auto words = split_command(entry.value); !words) {
      return std::unexpected(in.error(entry, words.error()));
    }
  }
  config.hooks.commands[static_cast<std::size_t>(hook - kHookKeys.begin())] =
      blank ? std::string() : entry.value;
  return Applied{};
}

// One [Settings] entry. The rules for incoming calls are only collected here: they are read
// together once the section is done.
Applied apply_setting(const SectionReader& in, const IniEntry& entry, PhoneConfig& config,
                      IncomingRules& rules, UnbuiltList& unbuilt) {
  const std::string_view key = entry.key;
  if (iequals(key, "sourcePort")) {
    return in.number<std::uint16_t>(entry, 0, 65535, config.listen_port);
  } else if (iequals(key, "listen")) {
    // Our address goes into Via and Contact: it must be one peers can reach.
    if (!is_ipv4_address(entry.value) && !is_ipv6_address(entry.value)) {
      return std::unexpected(in.error(
          entry,
          fmt::format("needs an IP address (the port is sourcePort), got '{}'", entry.value)));
    }
    if (entry.value == "0.0.0.0" || entry.value == "::") {
      return std::unexpected(
          in.error(entry, "needs the address peers reach us at, not the unspecified one"));
    }
    config.listen_address = entry.value;
  } else if (iequals(key, "accountId")) {
    return in.number<std::size_t>(entry, 0, 99, config.default_account);
  } else if (iequals(key, "userAgent")) {
    if (std::ranges::any_of(entry.value, [](char c) {
          const auto octet = static_cast<unsigned char>(c);
          return octet < 0x20 || octet == 0x7F;
        })) {
      return std::unexpected(in.error(entry, "control characters are not allowed"));
    }
    if (!entry.value.empty()) {
      config.user_agent = entry.value;
    }
  } else if (iequals(key, "user")) {
    if (entry.value.empty() || !std::ranges::all_of(entry.value, [](char c) {
          return is_alnum(c) || std::string_view("-_.!~*'()+").find(c) != std::string_view::npos;
        })) {
      return std::unexpected(
          in.error(entry, fmt::format("not a SIP user name: '{}'", entry.value)));
    }
    config.user = entry.value;
  } else if (iequals(key, "audio")) {
    if (!parse_audio_mode(entry.value)) {
      return std::unexpected(in.error(
          entry,
          fmt::format("needs auto, null, default or file:IN.wav:OUT.wav, got '{}'", entry.value)));
    }
    config.audio = entry.value;
  } else if (iequals(key, "STUN") || iequals(key, "enableSTUN")) {
    return {};  // read together (read_stun)
  } else if (iequals(key, "tlsCA")) {
    config.tls_ca_file = entry.value;  // empty: the system's trust anchors
  } else if (iequals(key, "tlsVerify")) {
    return in.flag(entry, config.tls_verify);
  } else if (iequals(key, "tlsCert")) {
    config.tls_certificate_file = entry.value;  // sipline's: MicroSIP takes no TLS connections
  } else if (iequals(key, "tlsKey")) {
    config.tls_private_key_file = entry.value;
  } else if (iequals(key, "tcpAbove")) {
    // 0 or empty: the default, as tlsPort's 0 is.
    const auto limit = entry.value.empty() || entry.value == "0"
                           ? std::optional<std::size_t>{sip::kMaxUdpRequestBytes}
                           : parse_tcp_above(entry.value);
    if (!limit) {
      return std::unexpected(
          in.error(entry, fmt::format("needs {}, got '{}'", kTcpAboveRange, entry.value)));
    }
    config.udp_request_limit = *limit;
  } else if (iequals(key, "tlsPort")) {
    const auto port = parse_decimal<std::uint16_t>(entry.value);
    if (!port) {
      return std::unexpected(
          in.error(entry, fmt::format("needs a port, 0-65535, got '{}'", entry.value)));
    }
    config.tls_listen_port = *port;
  } else if (iequals(key, "dnsSrv")) {
    bool srv = false;  // MicroSIP's switch; sipline always follows RFC 3263 (NAPTR, SRV, A)
    return in.flag(entry, srv);
  } else if (iequals(key, "dnsServer") || iequals(key, "dnsSrvNs")) {  // MicroSIP: dnsSrvNs
    if (!entry.value.empty() && !is_dns_server(entry.value)) {
      return std::unexpected(in.error(
          entry, fmt::format("needs IP, IPv4:PORT or [IPv6]:PORT, got '{}'", entry.value)));
    }
    if (!entry.value.empty()) {
      config.dns_server = entry.value;
    }
  } else if (iequals(key, "sipTrace")) {
    return in.flag(entry, config.sip_trace);
  } else if (iequals(key, "audioCodecs")) {
    return apply_codecs(in, entry, config, unbuilt);
  } else if (iequals(key, "midCallOffers")) {
    const auto method = parse_mid_call_offers(entry.value);
    if (!method) {
      return std::unexpected(in.error(entry, method.error()));
    }
    config.mid_call_offers = *method;
  } else if (iequals(key, "callWaiting")) {
    return in.flag(entry, config.call_waiting);
  } else if (iequals(key, "maxConcurrentCalls")) {
    return in.number<std::size_t>(entry, 0, 1000, config.max_concurrent_calls);
  } else if (iequals(key, "autoRecording")) {
    return in.flag(entry, config.auto_recording);
  } else if (iequals(key, "recordingPath")) {
    config.recording_path = entry.value;  // empty: the default folder
  } else if (iequals(key, "recordingFormat")) {
    const auto format = parse_recording_format(entry.value);
    if (!format) {
      return std::unexpected(in.error(entry, format.error()));
    }
    config.recording_format = *format;
  } else if (iequals(key, "autoHangUpTime")) {
    std::uint32_t seconds = 0;  // MicroSIP: a call is hung up after so many seconds up; 0 never
    if (!entry.value.empty()) {
      if (auto read = in.number<std::uint32_t>(entry, 0, 86400, seconds); !read) {
        return read;
      }
    }
    config.auto_hang_up = std::chrono::seconds(seconds);
  } else if (iequals(key, "DTMFMethod")) {
    const auto method = parse_dtmf_method(entry.value);
    if (!method) {
      return std::unexpected(in.error(entry, method.error()));
    }
    config.dtmf_method = *method;
  } else if (auto hook = apply_hook(in, entry, config)) {
    return *hook;
  } else if (iequals(key, "hookTimeout")) {
    std::uint32_t seconds = 10;  // sipline's: how long a hook may run before it is killed
    if (auto read = in.number<std::uint32_t>(entry, 1, 3600, seconds); !read) {
      return read;
    }
    config.hooks.timeout = std::chrono::seconds(seconds);
  } else if (!rules.take(entry) &&
             !SectionReader::not_built(microsip::kNotBuiltSettings, entry, unbuilt) &&
             !microsip::listed(microsip::kCosmeticSettings, key)) {
    return std::unexpected(in.error(entry, "unknown key"));
  }
  return {};
}

// MicroSIP's STUN=host[:port], used when enableSTUN=1 (RFC 5389: where a NAT shows us).
Applied read_stun(const SectionReader& in, PhoneConfig& config) {
  const IniEntry* enable = in.section().find("enableSTUN");
  bool enabled = false;
  if (enable != nullptr) {
    if (auto applied = in.flag(*enable, enabled); !applied) {
      return applied;
    }
  }
  const IniEntry* server = in.section().find("STUN");
  if (!enabled) {
    return {};
  }
  if (server == nullptr || server->value.empty()) {
    return std::unexpected(in.error(*enable, "needs a STUN server (STUN=host[:port])"));
  }
  if (!stun_server_request(server->value)) {
    return std::unexpected(
        in.error(*server, fmt::format("needs host[:port], got '{}'", server->value)));
  }
  config.stun_server = server->value;
  return {};
}

}  // namespace

Applied read_settings(const SectionReader& in, PhoneConfig& config, ConfigNotes& notes) {
  IncomingRules rules;
  UnbuiltList unbuilt;
  for (const IniEntry& entry : in.section().entries) {
    if (auto applied = apply_setting(in, entry, config, rules, unbuilt); !applied) {
      return applied;
    }
  }
  if (auto stun = read_stun(in, config); !stun) {
    return stun;
  }
  if (auto incoming = read_incoming_rules(in, rules, config, unbuilt); !incoming) {
    return incoming;
  }
  in.say(std::move(unbuilt), notes);
  return {};
}

}  // namespace sipline::app
