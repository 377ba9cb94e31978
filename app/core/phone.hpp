// The phone core: one SIP endpoint on Boost.Asio (transport + user agent core + timers), the
// calls with their offer/answer state, and one line of text per call event for the front end.
// Everything runs on the io_context's thread; commands are posted there by the front end.
// Each call reserves its RTP port when it starts, negotiates codecs, and runs its audio on the
// MediaEngine's thread from the moment it is confirmed until it ends.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/core/account.hpp"
#include "app/core/media_engine.hpp"
#include "base/deadline_queue.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "sdp/negotiator.hpp"
#include "sip/ua/registration.hpp"
#include "sip/ua/user_agent.hpp"
#include "transport/asio/asio_transport.hpp"

namespace sipline::app {

struct PhoneConfig {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 0;  // 0: any free port
  std::string user = "sipline";
  bool auto_answer = false;
  bool sip_trace = false;      // every SIP message in and out on the event sink
  std::string audio = "auto";  // auto | null | default | file:IN.wav:OUT.wav
  // Registered while the phone runs. Calls go from the default one, through its registrar,
  // and "dial bob" means bob at its domain.
  std::vector<AccountConfig> accounts;
  std::size_t default_account = 1;  // 1-based into accounts; 0: the local account (by IP)
  bool media = true;                // false: calls negotiate SDP but start no streams
  std::string user_agent = "sipline";
  // The audio codecs offered and accepted, in the user's order (parse_codec_choice), answered
  // in that order too; empty: default_audio_codecs(), answered in the offerer's order.
  std::vector<sdp::CodecSpec> codecs;
};

struct CallInfo {
  sip::CallId id;
  bool outgoing;
  std::string peer;
  std::string state;
  std::string codec;  // the negotiated send codec, once known
};

class Phone final : public transport::TransportUser {
 public:
  using EventSink = std::function<void(std::string_view line)>;

  Phone(boost::asio::io_context& io, PhoneConfig config, EventSink sink);
  ~Phone() override;
  Phone(const Phone&) = delete;
  Phone& operator=(const Phone&) = delete;

  // Binds the SIP port; returns it.
  [[nodiscard]] Result<std::uint16_t> start();

  // `target`: a sip: URI ("sip:bob@127.0.0.1:5062"), or user@host[:port].
  [[nodiscard]] Result<sip::CallId> dial(std::string_view target);
  [[nodiscard]] Result<void> answer(std::optional<sip::CallId> call = std::nullopt);
  // Declines a ringing incoming call with 603 (hangup on one answers 486 Busy Here).
  [[nodiscard]] Result<void> reject(std::optional<sip::CallId> call = std::nullopt);
  [[nodiscard]] Result<void> hangup(std::optional<sip::CallId> call = std::nullopt);
  void hangup_all();
  // Hangs up, unregisters, then calls `done` (at once, or when the registrar answered, or after
  // two seconds at most).
  void shutdown(std::function<void()> done);
  [[nodiscard]] std::vector<CallInfo> calls() const;
  // One line per account, "1 sip:alice@…: registered (600 s)" (the default one marked), or why
  // there is no registration.
  [[nodiscard]] std::string registration_status() const;
  [[nodiscard]] std::uint16_t sip_port() const noexcept { return port_; }

  // transport::TransportUser
  void on_message(const transport::Flow& from, std::string_view bytes) override;
  void on_flow_failed(const transport::Flow& flow, const Error& error) override;

 private:
  struct Call;
  struct Line;
  [[nodiscard]] Call* ringing_call(
      std::optional<sip::CallId> id) const;  // an account at work: phone_line.hpp
  void pump();
  void arm(const sip::UaTimerKey& key, TimePoint at);
  void schedule_sip_timer();
  void fire_sip_timers();
  void on_incoming(const sip::ua::IncomingCall& incoming);
  void on_progress(const sip::ua::CallProgress& progress);
  [[nodiscard]] bool take_answer(Call& call, std::string_view body);
  void on_confirmed(const sip::ua::CallConfirmed& confirmed);
  void on_ended(const sip::ua::CallEnded& ended);
  [[nodiscard]] Result<std::uint16_t> reserve_rtp_port(Call& call);
  void start_media(Call& call, const sdp::NegotiatedSession& negotiated);
  [[nodiscard]] sdp::LocalCapabilities capabilities(std::uint16_t rtp_port) const;
  void report(std::string_view line) const;
  // phone_accounts.cpp
  [[nodiscard]] Result<void> make_lines(const std::string& host_port);
  void register_all();
  void pump_registration(Line& line);
  void on_registration_state(Line& line, const sip::registration::StateChanged& state);
  [[nodiscard]] Line* default_line() const;
  [[nodiscard]] Line* line_of_transaction(sip::TransactionId transaction) const;
  [[nodiscard]] bool unregister_all();  // true when some REGISTER went out
  [[nodiscard]] bool unregistering() const;
  void finish_shutdown();
  [[nodiscard]] TimePoint now() const;

  boost::asio::io_context& io_;
  PhoneConfig config_;
  EventSink sink_;
  SystemRandom random_;
  SteadyClock clock_;
  std::unique_ptr<transport::AsioTransport> transport_;
  std::unique_ptr<sip::UserAgent> ua_;
  std::unique_ptr<MediaEngine> media_;
  std::vector<std::unique_ptr<Line>> lines_;  // the accounts, in config order
  std::function<void()> on_shutdown_;
  std::unique_ptr<boost::asio::steady_timer> shutdown_timer_;
  // Every RFC 3261 timer of the user agent behind one Asio timer set at the earliest deadline:
  // at thousands of calls per second hundreds of thousands are armed (Timers J and L: 32 s).
  DeadlineQueue<sip::UaTimerKey, sip::UaTimerKeyHash> sip_timers_;
  std::unique_ptr<boost::asio::steady_timer> sip_timer_;
  std::optional<TimePoint> sip_timer_at_;  // when sip_timer_ wakes, if it is waiting
  std::map<sip::CallId, std::unique_ptr<Call>> calls_;
  std::uint16_t port_ = 0;
};

}  // namespace sipline::app
