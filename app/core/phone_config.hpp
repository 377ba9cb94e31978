// What the phone is told to be: where it listens, who it is, its accounts, codecs and audio.
// Filled by the front end from the command line and microsip.ini (app/cli/config_file.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/core/account.hpp"
#include "app/core/dtmf.hpp"
#include "app/core/event_hooks.hpp"
#include "app/core/incoming_policy.hpp"
#include "app/core/recording.hpp"
#include "sdp/capabilities.hpp"
#include "sip/ua/ua_types.hpp"

namespace sipline::app {

struct PhoneConfig {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 0;  // 0: any free port
  std::string user = "sipline";
  bool auto_answer = false;
  // Incoming calls refused with 486 Busy Here before they ring: all of them (do not disturb:
  // MicroSIP's DND button with denyIncoming=button, or console `dnd on`); a second one while a
  // call is up (callWaiting=0); one beyond max_concurrent_calls calls (maxConcurrentCalls; 0: no
  // limit but the user agent's).
  bool do_not_disturb = false;
  bool call_waiting = true;
  std::size_t max_concurrent_calls = 0;
  // denyIncoming's other rules: calls for another user or domain, or from another domain, or
  // all of them, refused with 486 before they ring.
  DenyIncoming deny_incoming = DenyIncoming::kNone;
  // autoAnswer=header: a call whose INVITE asks for it (X-AUTOANSWER, Call-Info or Alert-Info
  // answer-after) is answered automatically, after the delay it asks for (at least
  // auto_answer_delay).
  bool auto_answer_on_request = false;
  Duration auto_answer_delay{0};  // autoAnswerDelay: automatic answers ring so long first
  // autoAnswerNumber: only callers whose user part matches one of these patterns are answered
  // automatically (split_number_patterns); empty: every caller.
  std::vector<std::string> auto_answer_numbers;
  // forwarding: incoming calls sent on to forward_to (a number at the account's domain, or a
  // URI) with 302 and our Diversion (RFC 5806), at once or after ringing forward_delay.
  bool forwarding = false;
  std::string forward_to;
  Duration forward_delay{0};
  Duration auto_hang_up{0};  // autoHangUpTime: a confirmed call is hung up after so long; 0: never
  // Recording: every call from its confirmation (autoRecording=1), or by `record`; the files go
  // to recording_path (empty: $XDG_DATA_HOME/sipline/recordings) as recording_format.
  bool auto_recording = false;
  std::string recording_path;
  RecordingFormat recording_format = RecordingFormat::kWav;
  bool sip_trace = false;      // every SIP message in and out as an event
  std::string audio = "auto";  // auto | null | default | file:IN.wav:OUT.wav
  // Registered while the phone runs. Calls go from the default one, through its registrar,
  // and "dial bob" means bob at its domain.
  std::vector<AccountConfig> accounts;
  std::size_t default_account = 1;  // 1-based into accounts; 0: the local account (by IP)
  bool media = true;                // false: calls negotiate SDP but start no streams
  std::string user_agent = "sipline";
  // The DNS server registrars named by host name are looked up with: "IP", "IPv4:PORT" or
  // "[IPv6]:PORT"; empty: the system's (/etc/resolv.conf).
  std::string dns_server;
  // A STUN server ("host[:port]", RFC 5389; MicroSIP's STUN= with enableSTUN=1) asked at the
  // start where a NAT shows our SIP port: that address goes in our Contacts and SDP (an
  // account's publicAddr keeps its own). Empty: none.
  std::string stun_server;
  // TLS (registration and calls over transport=tls, sips:): the servers' certificates are
  // verified, chain and name, against these trust anchors (PEM; empty: the system's), unless
  // tls_verify is off — which the front end says loudly.
  std::string tls_ca_file;
  bool tls_verify = true;
  // Our own certificate chain and its key (PEM): with both, the phone also takes TLS
  // connections (sips: calls to it) on tls_listen_port — 0: the SIP port + 1, as 5061 is to
  // 5060. Without them it listens on UDP and TCP only.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  std::uint16_t tls_listen_port = 0;
  // A request for UDP above so many bytes goes over TCP to the same address and port (RFC 3261
  // §18.1.1): by default what no datagram carries; 1300 is the RFC's rule for networks that
  // drop IP fragments ([Settings] tcpAbove=, --tcp-above).
  std::size_t udp_request_limit = sip::kMaxUdpRequestBytes;
  // SRTP on calls by IP ([Account0]'s SRTP=, --srtp); accounts have their own.
  sdp::SrtpPolicy srtp = sdp::SrtpPolicy::kOff;
  // The audio codecs offered and accepted, in the user's order (parse_codec_choice), answered
  // in that order too; empty: default_audio_codecs(), answered in the offerer's order.
  std::vector<sdp::CodecSpec> codecs;
  // RFC 4028 session timers off: [Account0]'s disableSessionTimer=1, for calls by IP. With
  // accounts the default account's setting holds for every call (the user agent is one).
  bool disable_session_timer = false;
  // How our offers inside a call (hold, resume) go: re-INVITE, or UPDATE (RFC 3311) to a peer
  // that allows it ([Settings] midCallOffers=update, --mid-call-offers update).
  sip::OfferMethod mid_call_offers = sip::OfferMethod::kInvite;
  // How the keys the user presses go to the peer ([Settings] DTMFMethod=, --dtmf-method).
  DtmfMethod dtmf_method = DtmfMethod::kAuto;
  // MicroSIP's cmd… hooks: for the front end, which runs them (the core never reads them).
  EventHooks hooks;
};

}  // namespace sipline::app
