// The sipline command line: what the user asked for, parsed without side effects.
#pragma once

#include <algorithm>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/core/dtmf.hpp"
#include "base/result.hpp"
#include "sdp/capabilities.hpp"
#include "sip/ua/ua_types.hpp"

namespace sipline::app {

struct Options {
  // kControl: `sipline ctl …`, a client of the running phone's control socket.
  // kRegisterUriHandlers / kUnregisterUriHandlers: the desktop's sip:/sips:/tel:/callto: links.
  enum class Mode {
    kRun,
    kHelp,
    kVersion,
    kListAudio,
    kControl,
    kRegisterUriHandlers,
    kUnregisterUriHandlers
  };
  Mode mode = Mode::kRun;
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 0;  // 0: any free port
  // Which parts --listen named (":5080" names only the port): the rest keeps the config file's.
  bool listen_names_address = false;
  bool listen_names_port = false;
  std::string user = "sipline";
  bool auto_answer = false;
  bool sip_trace = false;
  std::string audio = "auto";     // auto | null | default | file:IN.wav:OUT.wav
  bool media = true;              // false: negotiate, but start no streams (signalling benchmarks)
  std::string dial;               // a call to place at start
  std::string cdr_file;           // --cdr: call detail records appended here, one JSON line a call
  bool offers_by_update = false;  // --mid-call-offers update (else reinvite)
  DtmfMethod dtmf_method = DtmfMethod::kAuto;  // --dtmf-method
  std::string account;                         // sip:user@registrar[:port]; empty: call by IP only
  std::string password;
  std::uint32_t register_expires = 600;  // seconds asked of the registrar
  std::string instance_id;               // +sip.instance of --account (urn:uuid:…)
  std::string dns_server;                // --dns-server: IP, IPv4:PORT or [IPv6]:PORT
  std::string transport;                 // --transport of --account: udp, tcp or tls
  std::uint32_t keep_alive_s = 0;        // --keep-alive of --account: seconds, 0 none
  std::string tls_ca_file;               // --tls-ca: trust anchors for TLS servers (PEM)
  bool tls_no_verify = false;            // --tls-no-verify: accept any TLS server (said loudly)
  std::string tls_certificate_file;      // --tls-cert: ours (PEM), to take TLS connections
  std::string tls_private_key_file;      // --tls-key: its private key (PEM)
  std::uint16_t tls_listen_port = 0;     // --tls-port: 0 for the SIP port + 1
  std::size_t udp_request_limit = 0;     // --tcp-above: bytes
  sdp::SrtpPolicy srtp = sdp::SrtpPolicy::kOff;  // --srtp: calls by IP and --account
  bool allow_rewrite = false;  // --allow-rewrite of --account: its Contact as the registrar saw it
  std::string public_address;  // --public-address of --account: its Contact's and SDP's IP
  std::string proxy;           // --proxy of --account: its outbound proxy, HOST[:PORT]
  std::string stun_server;     // --stun: HOST[:PORT] asked where a NAT shows us
  std::string config_file;     // an ini file (MicroSIP's format); flags override it
  // --control-socket: where the running phone takes commands; "" the default for the config
  // file (control_socket_path.hpp), "none" no socket.
  std::string control_socket;
  std::string control_tcp;  // --control-tcp ADDRESS:PORT: JSON control on TCP too, with a token
  // What is not an option: MicroSIP's command line (microsip_command_line.hpp), in order;
  // for `sipline ctl`, the client's arguments.
  std::vector<std::string> command_line;
  std::vector<sdp::CodecSpec> codecs;  // --codecs, parsed (parse_codec_choice); empty: not given
  // Said at start-up on stderr: what the options ask for that is not built ("--codecs
  // GSM/8000/1: not built yet (ignored)").
  std::vector<std::string> notes;
  std::vector<std::string> given;  // the options named on the command line ("--listen")

  [[nodiscard]] bool was_given(std::string_view name) const {
    return std::ranges::find(given, name) != given.end();
  }
};

// A parse failure names the offending argument, so main can print one clear line.
struct OptionsError {
  std::string message;  // "unknown option '--frobnicate'"
};

// `args` excludes the program name.
[[nodiscard]] std::expected<Options, OptionsError> parse_options(
    std::span<const std::string_view> args);

// --tcp-above and [Settings] tcpAbove: the request size (bytes) above which UDP gives way to TCP.
inline constexpr std::string_view kTcpAboveRange = "200-65507 bytes";
[[nodiscard]] std::optional<std::size_t> parse_tcp_above(std::string_view text);

// --mid-call-offers and [Settings] midCallOffers: "reinvite" or "update", in any case.
[[nodiscard]] std::expected<sip::OfferMethod, std::string> parse_mid_call_offers(
    std::string_view text);

// --dtmf-method and [Settings] DTMFMethod: MicroSIP's 0-3, or auto, inband, rfc4733, info.
[[nodiscard]] std::expected<DtmfMethod, std::string> parse_dtmf_method(std::string_view text);

// --srtp and MicroSIP's SRTP=: '' (also 0, off, disabled, none), optional or mandatory.
[[nodiscard]] std::expected<sdp::SrtpPolicy, std::string> parse_srtp_policy(std::string_view text);

[[nodiscard]] std::string_view usage_text();
[[nodiscard]] std::string_view version_text();

}  // namespace sipline::app
