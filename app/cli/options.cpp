// Command-line parsing for the sipline program.
#include "app/cli/options.hpp"

#include <array>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "app/core/codec_choice.hpp"
#include "app/core/media_engine.hpp"
#include "app/core/server_location.hpp"
#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/transaction/oversize_request.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::app {
namespace {

// "ADDR", "ADDR:PORT" or ":PORT" (IPv4; IPv6 in brackets: "[::1]:5070").
bool parse_listen(std::string_view text, Options& options) {
  std::string_view address = text;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    address = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        return false;
      }
      port = text.substr(close + 2);
    }
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    address = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!address.empty()) {
    options.listen_address = std::string(address);
    options.listen_names_address = true;
  }
  if (!port.empty()) {
    const auto value = parse_decimal<std::uint16_t>(port);
    if (!value || *value == 0) {
      return false;
    }
    options.listen_port = *value;
    options.listen_names_port = true;
  }
  return !options.listen_address.empty();
}

// MicroSIP's own spellings of /answer, /hangupall and /exit.
bool is_microsip_dash(std::string_view arg) {
  return iequals(arg, "-answer") || iequals(arg, "-hangup") || iequals(arg, "-exit");
}

}  // namespace

std::expected<Options, OptionsError> parse_options(std::span<const std::string_view> args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    // Options that take a value: "--name value" or "--name=value".
    const auto value_of = [&](std::string_view name) -> std::optional<std::string_view> {
      if (arg == name) {
        if (i + 1 < args.size()) {
          return args[++i];
        }
        return std::nullopt;
      }
      if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=') {
        return arg.substr(name.size() + 1);
      }
      return std::nullopt;
    };
    const auto needs_value = [&](std::string_view name) {
      return arg == name ||
             (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=');
    };
    if (i == 0 && arg == "ctl") {
      // `sipline ctl [--config F | --control-socket P] COMMAND …`: its own arguments.
      options.mode = Options::Mode::kControl;
      options.command_line.assign(args.begin() + 1, args.end());
      return options;
    }
    if (arg == "-h" || arg == "--help") {
      options.mode = Options::Mode::kHelp;
    } else if (arg == "-V" || arg == "--version") {
      options.mode = Options::Mode::kVersion;
    } else if (arg == "--list-audio") {
      options.mode = Options::Mode::kListAudio;
    } else if (arg == "--register-uri-handlers") {
      options.mode = Options::Mode::kRegisterUriHandlers;
    } else if (arg == "--unregister-uri-handlers") {
      options.mode = Options::Mode::kUnregisterUriHandlers;
    } else if (arg == "--auto-answer") {
      options.auto_answer = true;
    } else if (arg == "--no-media") {
      options.media = false;
    } else if (arg == "--sip-trace") {
      options.sip_trace = true;
    } else if (needs_value("--listen")) {
      const auto value = value_of("--listen");
      if (!value || !parse_listen(*value, options)) {
        return std::unexpected(OptionsError{fmt::format(
            "--listen needs ADDRESS[:PORT] with a port of 1-65535, got '{}'", value.value_or(""))});
      }
    } else if (needs_value("--audio")) {
      const auto value = value_of("--audio");
      if (!value || !parse_audio_mode(*value)) {
        return std::unexpected(OptionsError{
            fmt::format("--audio needs auto, null, default or file:IN.wav:OUT.wav, got '{}'",
                        value.value_or(""))});
      }
      options.audio = std::string(*value);
    } else if (needs_value("--dns-server")) {
      const auto value = value_of("--dns-server");
      if (!value || !is_dns_server(*value)) {
        return std::unexpected(OptionsError{fmt::format(
            "--dns-server needs IP, IPv4:PORT or [IPv6]:PORT, got '{}'", value.value_or(""))});
      }
      options.dns_server = std::string(*value);
    } else if (needs_value("--transport")) {
      const auto value = value_of("--transport");
      if (!value || !transport::transport_from_name(*value)) {
        return std::unexpected(OptionsError{
            fmt::format("--transport needs udp, tcp or tls, got '{}'", value.value_or(""))});
      }
      options.transport = std::string(*value);
    } else if (needs_value("--keep-alive")) {
      const auto value = value_of("--keep-alive");
      const auto seconds = parse_decimal<std::uint32_t>(value.value_or(""));
      if (!seconds || *seconds > 3600) {
        return std::unexpected(OptionsError{
            fmt::format("--keep-alive needs 0-3600 seconds, got '{}'", value.value_or(""))});
      }
      options.keep_alive_s = *seconds;
    } else if (needs_value("--tls-ca")) {
      const auto value = value_of("--tls-ca");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--tls-ca needs a PEM file"});
      }
      options.tls_ca_file = std::string(*value);
    } else if (needs_value("--tls-cert") || needs_value("--tls-key")) {
      const std::string name = needs_value("--tls-cert") ? "--tls-cert" : "--tls-key";
      const auto value = value_of(name);
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{name + " needs a PEM file"});
      }
      (name == "--tls-cert" ? options.tls_certificate_file : options.tls_private_key_file) =
          std::string(*value);
    } else if (needs_value("--tls-port")) {
      const auto value = value_of("--tls-port");
      const auto port = parse_decimal<std::uint16_t>(value.value_or(""));
      if (!port || *port == 0) {
        return std::unexpected(OptionsError{
            fmt::format("--tls-port needs a port of 1-65535, got '{}'", value.value_or(""))});
      }
      options.tls_listen_port = *port;
    } else if (needs_value("--tcp-above")) {
      const auto value = value_of("--tcp-above");
      const auto limit = parse_tcp_above(value.value_or(""));
      if (!limit) {
        return std::unexpected(OptionsError{
            fmt::format("--tcp-above needs {}, got '{}'", kTcpAboveRange, value.value_or(""))});
      }
      options.udp_request_limit = *limit;
    } else if (needs_value("--srtp")) {
      const auto policy = parse_srtp_policy(value_of("--srtp").value_or("?"));
      if (!policy) {
        return std::unexpected(OptionsError{fmt::format("--srtp: {}", policy.error())});
      }
      options.srtp = *policy;
    } else if (needs_value("--stun")) {
      const auto value = value_of("--stun");
      if (!value || !stun_server_request(std::string(*value))) {
        return std::unexpected(
            OptionsError{fmt::format("--stun needs HOST[:PORT], got '{}'", value.value_or(""))});
      }
      options.stun_server = std::string(*value);
    } else if (needs_value("--proxy")) {
      const auto value = value_of("--proxy");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--proxy needs HOST[:PORT]"});
      }
      options.proxy = std::string(*value);
    } else if (needs_value("--public-address")) {
      const auto value = value_of("--public-address");
      if (!value || (!is_ipv4_address(*value) && !is_ipv6_address(*value))) {
        return std::unexpected(OptionsError{
            fmt::format("--public-address needs an IP address, got '{}'", value.value_or(""))});
      }
      options.public_address = std::string(*value);
    } else if (arg == "--allow-rewrite") {
      options.allow_rewrite = true;
    } else if (arg == "--tls-no-verify") {
      options.tls_no_verify = true;
    } else if (needs_value("--user")) {
      const auto value = value_of("--user");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--user needs a name"});
      }
      options.user = std::string(*value);
    } else if (needs_value("--account")) {
      const auto value = value_of("--account");
      // sips: passes here, to be refused with its reason (no TLS yet) by apply_options.
      if (!value || !(value->starts_with("sip:") || value->starts_with("sips:")) ||
          value->find('@') == std::string_view::npos) {
        return std::unexpected(OptionsError{fmt::format(
            "--account needs sip:user@registrar[:port], got '{}'", value.value_or(""))});
      }
      options.account = std::string(*value);
    } else if (needs_value("--register-expires")) {
      const auto value = value_of("--register-expires");
      const auto seconds = parse_decimal<std::uint32_t>(value.value_or(""));
      if (!seconds || *seconds < 10 || *seconds > 86400) {
        return std::unexpected(OptionsError{fmt::format(
            "--register-expires needs 10-86400 seconds, got '{}'", value.value_or(""))});
      }
      options.register_expires = *seconds;
    } else if (needs_value("--password")) {
      const auto value = value_of("--password");
      if (!value) {
        return std::unexpected(OptionsError{"--password needs a value"});
      }
      options.password = std::string(*value);
    } else if (needs_value("--config")) {
      const auto value = value_of("--config");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--config needs a file"});
      }
      options.config_file = std::string(*value);
    } else if (needs_value("--instance")) {
      const auto value = value_of("--instance");
      if (!value || !value->starts_with("urn:")) {
        return std::unexpected(OptionsError{
            fmt::format("--instance needs a URN (urn:uuid:…), got '{}'", value.value_or(""))});
      }
      options.instance_id = std::string(*value);
    } else if (needs_value("--codecs")) {
      const auto value = value_of("--codecs");
      if (!value) {
        return std::unexpected(OptionsError{"--codecs needs a list such as 'opus PCMU'"});
      }
      auto choice = parse_codec_choice(*value);
      if (!choice) {
        return std::unexpected(OptionsError{fmt::format("--codecs: {}", choice.error())});
      }
      options.codecs = std::move(choice->codecs);
      for (const std::string& codec : choice->unbuilt) {
        options.notes.push_back(fmt::format("--codecs {}: not built yet (ignored)", codec));
      }
    } else if (needs_value("--mid-call-offers")) {
      const auto value = parse_mid_call_offers(value_of("--mid-call-offers").value_or(""));
      if (!value) {
        return std::unexpected(OptionsError{fmt::format("--mid-call-offers: {}", value.error())});
      }
      options.offers_by_update = *value == sip::OfferMethod::kUpdate;
    } else if (needs_value("--dtmf-method")) {
      const auto value = parse_dtmf_method(value_of("--dtmf-method").value_or(""));
      if (!value) {
        return std::unexpected(OptionsError{fmt::format("--dtmf-method: {}", value.error())});
      }
      options.dtmf_method = *value;
    } else if (needs_value("--cdr")) {
      const auto value = value_of("--cdr");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--cdr needs a file"});
      }
      options.cdr_file = std::string(*value);
    } else if (needs_value("--dial")) {
      const auto value = value_of("--dial");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--dial needs a SIP address"});
      }
      options.dial = std::string(*value);
    } else if (needs_value("--control-socket")) {
      const auto value = value_of("--control-socket");
      if (!value || value->empty()) {
        return std::unexpected(OptionsError{"--control-socket needs a path (or none)"});
      }
      options.control_socket = std::string(*value);
    } else if (needs_value("--control-tcp")) {
      const auto value = value_of("--control-tcp");
      if (!value || value->rfind(':') == std::string_view::npos) {
        return std::unexpected(OptionsError{fmt::format(
            "--control-tcp needs ADDRESS:PORT (127.0.0.1:0 for any free port), got '{}'",
            value.value_or(""))});
      }
      options.control_tcp = std::string(*value);
    } else if (arg.starts_with("--") || (arg.starts_with('-') && !is_microsip_dash(arg))) {
      return std::unexpected(OptionsError{fmt::format("unknown option '{}'", arg)});
    } else {
      // MicroSIP's command line: a number, a URI, /answer, msip:hold … (read as a whole).
      options.command_line.emplace_back(arg);
    }
    if (arg.starts_with("--")) {
      options.given.emplace_back(arg.substr(0, arg.find('=')));
    }
  }
  return options;
}

std::expected<sdp::SrtpPolicy, std::string> parse_srtp_policy(std::string_view text) {
  for (const std::string_view off : {"", "0", "off", "disabled", "none"}) {
    if (iequals(text, off)) {
      return sdp::SrtpPolicy::kOff;
    }
  }
  if (iequals(text, "optional")) {
    return sdp::SrtpPolicy::kOptional;
  }
  if (iequals(text, "mandatory")) {
    return sdp::SrtpPolicy::kMandatory;
  }
  return std::unexpected(
      fmt::format("needs off (or empty), optional or mandatory, got '{}'", text));
}

std::expected<sip::OfferMethod, std::string> parse_mid_call_offers(std::string_view text) {
  if (iequals(text, "reinvite")) {
    return sip::OfferMethod::kInvite;
  }
  if (iequals(text, "update")) {
    return sip::OfferMethod::kUpdate;
  }
  return std::unexpected(fmt::format("needs reinvite or update, got '{}'", text));
}

std::expected<DtmfMethod, std::string> parse_dtmf_method(std::string_view text) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNames{
      {{"0", "auto"}, {"1", "inband"}, {"2", "rfc4733"}, {"3", "info"}}};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (text == kNames[i].first || iequals(text, kNames[i].second)) {
      return static_cast<DtmfMethod>(i);
    }
  }
  return std::unexpected(
      fmt::format("needs 0 auto, 1 inband, 2 rfc4733 or 3 info, got '{}'", text));
}

std::optional<std::size_t> parse_tcp_above(std::string_view text) {
  // Below 200 bytes no request fits: every one would go over TCP.
  const auto bytes = parse_decimal<std::size_t>(text);
  if (!bytes || *bytes < 200 || *bytes > sip::kMaxUdpRequestBytes) {
    return std::nullopt;
  }
  return *bytes;
}

std::string_view usage_text() {
  return "usage: sipline [options] [NUMBER|URI|/answer|/hangupall|/dtmf:KEYS|msip:VERB …]\n"
         "       sipline ctl COMMAND [ARGS]   (sipline ctl --help)\n"
         "\n"
         "A softphone written from the protocol up. Without options it listens on a free UDP\n"
         "port of 127.0.0.1, ready to call by IP, and reads commands from the console and its\n"
         "control socket. With MicroSIP's command line (a number or URI to dial, /answer,\n"
         "/hangupall, /hangupincoming, /hangupcalling, /dtmf:KEYS, /transfer:NUMBER,\n"
         "/account:N, /exit, msip:VERB) it hands the command to the phone already running\n"
         "with the same config and exits, or starts one that carries it out.\n"
         "\n"
         "options:\n"
         "  --listen ADDR[:PORT]  where to take SIP over UDP (default 127.0.0.1, any free port)\n"
         "  --user NAME           the user part of our address (default sipline)\n"
         "  --auto-answer         answer every incoming call at once\n"
         "  --dial URI            place a call at start (sip:user@host:port)\n"
         "  --account URI         register as sip:user@registrar[:port]; calls go through it\n"
         "  --password PW         the account's password (digest MD5 or SHA-256)\n"
         "  --register-expires S  registration lifetime asked for (default 600)\n"
         "  --instance URN        the account's +sip.instance (RFC 5626), urn:uuid:…\n"
         "  --transport T         the account's transport: udp, tcp or tls (default: what DNS\n"
         "                        says, else udp; tls for a sips: account)\n"
         "  --allow-rewrite       register and call from the address the registrar saw us\n"
         "                        at (Via received/rport), when a NAT is between\n"
         "  --stun HOST[:PORT]    ask this STUN server at start where a NAT shows us, and\n"
         "                        register and call from there (port 3478 by default)\n"
         "  --proxy HOST[:PORT]   the account's outbound proxy: every request goes through it\n"
         "                        (a loose Route), found by DNS like a registrar\n"
         "  --public-address IP   the address peers reach the account at (a NAT that\n"
         "                        forwards our ports): in its Contact and SDP\n"
         "  --keep-alive S        keep-alives to the registrar every S seconds, 0 none\n"
         "                        (default: 90 on TCP and TLS, none on UDP)\n"
         "  --tls-ca FILE         trust these CA certificates (PEM) for TLS servers instead of\n"
         "                        the system's\n"
         "  --tls-no-verify       accept any TLS server, unverified (insecure: for tests)\n"
         "  --tls-cert FILE       our certificate chain (PEM), with --tls-key: take TLS\n"
         "                        connections too (sips: calls to us)\n"
         "  --tls-key FILE        the private key of --tls-cert (PEM)\n"
         "  --tls-port N          the TLS port (default: the SIP port + 1)\n"
         "  --tcp-above BYTES     send requests larger than this over TCP, not UDP (RFC 3261\n"
         "                        §18.1.1 says 1300; default 65507: what UDP cannot carry)\n"
         "  --srtp MODE           SRTP on calls (SDES): off (default), optional (offer it,\n"
         "                        take plain RTP too) or mandatory (488 to plain RTP)\n"
         "  --dns-server ADDR     look registrars up with this DNS server (IP, IPv4:PORT or\n"
         "                        [IPv6]:PORT) instead of the system's\n"
         "  --config FILE         settings and accounts from an ini file (MicroSIP's keys;\n"
         "                        default: sipline.ini beside the program, else\n"
         "                        ~/.config/sipline/microsip.ini; none: no file);\n"
         "                        options given here override it\n"
         "  --audio MODE          auto (the sound card if there is one, else null), null,\n"
         "                        default (the sound card) or file:IN.wav:OUT.wav (default auto)\n"
         "  --codecs LIST         the audio codecs to offer and accept, in order, e.g.\n"
         "                        'PCMA,opus' or 'opus/48000/2 G722/16000/1' (MicroSIP's\n"
         "                        audioCodecs): opus, G722, PCMU, PCMA, speex[/8000|/16000]\n"
         "                        (default opus G722 PCMU PCMA; telephone-event always)\n"
         "  --cdr FILE            append one JSON line of call statistics to FILE as each\n"
         "                        call ends (README: \"Call detail records\")\n"
         "  --mid-call-offers M   how hold and resume go: reinvite (default) or update\n"
         "                        (RFC 3311 UPDATE, to a peer that allows it)\n"
         "  --dtmf-method M       how our keys go: auto (default: RFC 4733 events when the\n"
         "                        call agreed on them, else tones), inband, rfc4733 or info\n"
         "                        (SIP INFO); MicroSIP's DTMFMethod 0-3 also\n"
         "  --sip-trace           print every SIP message sent and received\n"
         "  --no-media            negotiate SDP but run no audio (signalling benchmarks)\n"
         "  --list-audio          list the sound devices PortAudio sees and exit\n"
         "  --register-uri-handlers   make sip:, sips:, tel: and callto: links on this desktop\n"
         "                        open sipline (an xdg .desktop file and xdg-mime defaults),\n"
         "                        then exit; --unregister-uri-handlers undoes exactly that\n"
         "  --control-socket P    take commands on this Unix socket (default: one named after\n"
         "                        --config in $XDG_RUNTIME_DIR/sipline/), or none\n"
         "  --control-tcp A:P     take the same commands on TCP too (JSON lines or baresip's\n"
         "                        netstrings); clients give the token in NAME.token first\n"

         "  -h, --help            show this help and exit\n"
         "  -V, --version         show the version and exit\n"
         "\n"
         "console commands (one-key aliases in brackets):\n"
         "  dial URI [d]   answer [ID] [a]   early [ID]        reject [ID] [j]   hangup [ID] [h]\n"
         "  hangupall [H]\n"
         "  hold [ID]      resume [ID]       calls [c]         stats [ID]       reg [r]\n"
         "  dtmf [ID] KEYS (0-9 * # A-D, ',' a second's pause)   message URI TEXT\n"
         "  dnd [on|off]   (do not disturb: incoming calls get 486)   aa [on|off] (auto-answer)\n"
         "  quit [q]\n";
}

std::string_view version_text() { return "sipline " SIPLINE_VERSION "\n"; }

}  // namespace sipline::app
