// The phone on Boost.Asio: the thin driver of the PhoneCore. It owns the SIP transport, the one
// Asio timer behind every SIP timer and the media engine with the RTP ports it binds, and reads
// the clock it is given; it feeds the core datagrams, timer firings and commands with `now`, and
// carries out what the core asks (send, arm, start or stop media), handing every PhoneEvent to the
// sink. Everything runs on the io_context's thread; commands are posted there by the front end.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/core/call_records.hpp"
#include "app/core/media_engine.hpp"
#include "app/core/phone_config.hpp"
#include "app/core/phone_core.hpp"
#include "app/core/phone_events.hpp"
#include "app/core/server_location.hpp"
#include "base/clock.hpp"
#include "base/deadline_queue.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "transport/asio/asio_transport.hpp"
#include "transport/stun_message.hpp"

namespace sipline::app {

class Phone final : public transport::TransportUser, private PortSource {
 public:
  using EventSink = std::function<void(const PhoneEvent& event)>;

  Phone(boost::asio::io_context& io, PhoneConfig config, const Clock& clock, EventSink sink);
  ~Phone() override;
  Phone(const Phone&) = delete;
  Phone& operator=(const Phone&) = delete;

  // Opens the audio, binds the SIP port and starts registering; returns the port.
  [[nodiscard]] Result<std::uint16_t> start();

  // The PhoneCore's commands (phone_core.hpp says what each does).
  [[nodiscard]] Result<sip::CallId> dial(std::string_view target);
  [[nodiscard]] Result<void> answer(std::optional<sip::CallId> call = std::nullopt);
  [[nodiscard]] Result<void> early_media(std::optional<sip::CallId> call = std::nullopt);
  [[nodiscard]] Result<void> reject(std::optional<sip::CallId> call = std::nullopt);
  [[nodiscard]] Result<void> hangup(std::optional<sip::CallId> call = std::nullopt);
  void hangup_all();
  void set_do_not_disturb(bool on) { core_->set_do_not_disturb(on); }
  [[nodiscard]] bool do_not_disturb() const { return core_->do_not_disturb(); }
  void set_auto_answer(bool on) { core_->set_auto_answer(on); }
  [[nodiscard]] bool auto_answer() const { return core_->auto_answer(); }
  [[nodiscard]] Result<void> set_forwarding(bool on) { return core_->set_forwarding(on); }
  [[nodiscard]] Result<void> transfer(std::optional<sip::CallId> call, std::string_view target);
  // Joins the calls into the local conference; none: ends it.
  [[nodiscard]] Result<void> conference(std::span<const sip::CallId> calls);
  // Records the call named (or the newest confirmed one) from now on, or stops.
  [[nodiscard]] Result<void> record(std::optional<sip::CallId> call, bool on);
  [[nodiscard]] Result<void> attended_transfer(sip::CallId call, sip::CallId other);
  [[nodiscard]] bool forwarding() const { return core_->forwarding(); }
  // The account dialled from when none is named: 1-based as [AccountN] counts, 0 the local
  // account (calls by IP). MicroSIP's /account:N.
  [[nodiscard]] Result<void> set_default_account(std::size_t account) {
    return core_->set_default_account(account);
  }
  // The default account's password; it registers again with it (MicroSIP's /password:).
  [[nodiscard]] Result<void> set_password(std::string password);
  // Mute and volume: the media thread takes them at its next tick.
  void set_audio_levels(const AudioLevels& levels);
  [[nodiscard]] const AudioLevels& audio_levels() const noexcept { return levels_; }
  // A SIP MESSAGE with `text` to `target` (PhoneCore::send_message): its id.
  [[nodiscard]] Result<std::uint32_t> send_message(std::string_view target, std::string_view text);
  // Keys 0-9 * # A-D (',' a second's pause) in the call named or the newest confirmed one.
  [[nodiscard]] Result<void> send_dtmf(std::optional<sip::CallId> call, std::string_view keys);
  [[nodiscard]] Result<void> hold(std::optional<sip::CallId> call = std::nullopt);
  [[nodiscard]] Result<void> resume(std::optional<sip::CallId> call = std::nullopt);
  // Hangs up, unregisters, then calls `done` (when the registrars answered, or after two
  // seconds at most; 300 ms for the BYEs when nothing was registered).
  void shutdown(std::function<void()> done);
  [[nodiscard]] std::vector<CallInfo> calls() const;
  [[nodiscard]] std::vector<AccountInfo> accounts() const;
  // The media statistics of every call whose media runs, by call id (console `stats`).
  [[nodiscard]] std::map<std::uint32_t, CallStatistics> statistics() const;
  [[nodiscard]] std::uint16_t sip_port() const noexcept { return port_; }
  // Where TLS connections are taken; 0 without a certificate of our own.
  [[nodiscard]] std::uint16_t tls_port() const noexcept {
    return config_.tls_certificate_file.empty() ? 0 : config_.tls_listen_port;
  }

  // transport::TransportUser
  void on_message(const transport::Flow& from, std::string_view bytes) override;
  void on_flow_failed(const transport::Flow& flow, const Error& error) override;
  void on_pong(const transport::Flow& from) override;

 private:
  // PortSource: an RTP/RTCP pair per reservation (the media engine keeps them between calls),
  // handed to the media when it starts, or given back.
  Result<Reserved> reserve() override;
  void release(std::uint32_t ticket) override;

  [[nodiscard]] Result<std::uint16_t> listen();  // UDP and TCP: the port
  [[nodiscard]] Result<void> listen_tls(std::uint16_t sip_port);
  void carry_out();                    // the core's outputs, to the end
  void emit(const PhoneEvent& event);  // to the sink, with the summary of a call it completes
  using CallVerb = Result<void> (PhoneCore::*)(std::optional<sip::CallId>, TimePoint);
  [[nodiscard]] Result<void> on_call(CallVerb verb, std::optional<sip::CallId> call);
  void schedule_sip_timer();
  void fire_sip_timers();
  void on_media_news(const std::vector<MediaNews>& news);  // phone_media.cpp
  void locate_servers(const LocateServers& locate);        // phone_locate.cpp
  void record(const media_command::Record& record);        // phone_media.cpp
  // phone_stun.cpp: a Binding request from our SIP socket to the STUN server, resent on a
  // doubling timer (RFC 5389 §7.2.1, four tries), its answer told to the core.
  void find_public_address(const FindPublicAddress& find);
  void send_stun_request();
  [[nodiscard]] bool take_stun_response(std::string_view bytes);  // false: not ours
  // When registrars have answered and every ended call's summary is complete (the shutdown
  // timer ends the wait for either).
  void finish_shutdown_if_done();
  void finish_shutdown();
  [[nodiscard]] TimePoint now() const { return clock_.now(); }

  boost::asio::io_context& io_;
  PhoneConfig config_;
  const Clock& clock_;
  EventSink sink_;
  SystemRandom random_;
  std::unique_ptr<MediaEngine> media_;
  std::unique_ptr<transport::AsioTransport> transport_;
  std::unique_ptr<PhoneCore> core_;
  std::unique_ptr<ServerLocation> locator_;  // made at the first registrar named by host name
  std::map<std::uint32_t, RtpPort> ports_;   // reserved, media not started yet
  CallRecords records_;
  std::uint32_t next_ticket_ = 1;
  // Every SIP timer behind one Asio timer set at the earliest deadline: at thousands of calls
  // per second hundreds of thousands are armed (Timers J and L: 32 s).
  DeadlineQueue<sip::UaTimerKey, sip::UaTimerKeyHash> sip_timers_;
  boost::asio::steady_timer sip_timer_;
  std::optional<TimePoint> sip_timer_at_;  // when sip_timer_ wakes, if it is waiting
  std::function<void()> on_shutdown_;
  bool shutdown_grace_ = false;  // waiting out the moment for the BYEs, whatever else happens
  boost::asio::steady_timer shutdown_timer_;
  std::uint16_t port_ = 0;
  AudioLevels levels_;
  std::optional<transport::Flow> stun_to_;  // the STUN server asked, until it answers
  transport::StunTransactionId stun_id_{};
  int stun_tries_ = 0;
  boost::asio::steady_timer stun_timer_;
};

}  // namespace sipline::app
