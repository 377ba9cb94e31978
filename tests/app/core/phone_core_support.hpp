// What the PhoneCore tests share: a virtual network on 127.0.0.1 that carries datagrams between
// cores by port, a virtual clock that fires the timers they set, a registrar and a far end the
// test plays by hand, and a PortSource that hands out numbers and remembers what was released.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "base/deadline_queue.hpp"
#include "base/random.hpp"
#include "sip/message/parser.hpp"

namespace sipline::app::test {

// A phone that is `user` at its address and speaks PCMU only.
inline PhoneConfig phone(const std::string& user) {
  PhoneConfig config;
  config.user = user;
  config.codecs = {{"PCMU", 8000, 1, "", 0}};
  return config;
}

inline constexpr Duration kSecond{1'000'000};

inline transport::Flow udp(std::uint16_t port) {
  return {transport::TransportKind::kUdp, "127.0.0.1", port, 0};
}

class CountingPorts final : public PortSource {
 public:
  Result<Reserved> reserve() override {
    if (exhausted) {
      return fail(Errc::kIo, "no free RTP port", 0);
    }
    const std::uint32_t ticket = next_++;
    held.insert(ticket);
    return Reserved{ticket, static_cast<std::uint16_t>(base + 2 * ticket)};
  }
  void release(std::uint32_t ticket) override {
    EXPECT_TRUE(held.erase(ticket)) << "released twice or never reserved: " << ticket;
  }
  void taken_by_media(std::uint32_t ticket) { held.erase(ticket); }

  std::uint16_t base = 20000;
  bool exhausted = false;
  std::set<std::uint32_t> held;  // reserved, neither released nor taken by media

 private:
  std::uint32_t next_ = 1;
};

// One phone on the virtual network: its core and what came out of it.
struct Endpoint {
  Endpoint(PhoneConfig config, std::uint16_t port, std::uint64_t seed)
      : sip_port(port), random(seed) {
    config.listen_address = "127.0.0.1";
    ports.base = static_cast<std::uint16_t>(20000 + (port % 100) * 100);
    core = std::make_unique<PhoneCore>(std::move(config), port, random, ports);
  }
  // The events of one kind that came out, in order.
  template <typename E>
  [[nodiscard]] std::vector<E> events() const {
    std::vector<E> out;
    for (const PhoneEvent& event : log) {
      if (const auto* e = std::get_if<E>(&event)) {
        out.push_back(*e);
      }
    }
    return out;
  }

  std::uint16_t sip_port;
  SeededRandom random;
  CountingPorts ports;
  std::unique_ptr<PhoneCore> core;
  std::vector<PhoneEvent> log;
  std::vector<media_command::Start> media_started;
  std::vector<media_command::Update> media_updated;
  std::vector<sip::CallId> media_stopped;
  struct Pressed {  // a key the core gave the media to press, and when
    media_command::Dtmf dtmf;
    TimePoint at;
  };
  std::vector<Pressed> pressed;
  std::vector<media_command::Record> recordings;
  std::vector<LocateServers> locates;
  DeadlineQueue<sip::UaTimerKey, sip::UaTimerKeyHash> timers;
};

// The network and the clock. Datagrams to a port with a core go to it; the rest (a registrar
// or far end the test plays) are kept, parsed, in `captured` by port.
class Network {
 public:
  Endpoint& add(PhoneConfig config, std::uint16_t port) {
    endpoints_.push_back(std::make_unique<Endpoint>(std::move(config), port, port));
    return *endpoints_.back();
  }
  // Runs every endpoint's outputs until nothing moves.
  void settle() {
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& endpoint : endpoints_) {
        while (auto output = endpoint->core->poll()) {
          moved = true;
          take(*endpoint, std::move(*output));
        }
      }
    }
  }
  // Time passes; due timers fire in deadline order.
  void advance(Duration by) {
    const TimePoint until = now + by;
    for (;;) {
      Endpoint* owner = nullptr;  // the one whose timer is due first
      TimePoint at = until;
      for (const auto& endpoint : endpoints_) {
        const auto next = endpoint->timers.next();
        if (next && *next <= until && (owner == nullptr || *next < at)) {
          owner = endpoint.get();
          at = *next;
        }
      }
      if (owner == nullptr) {
        break;
      }
      now = at;
      const auto key = owner->timers.pop_due(now);
      owner->core->on_timer(*key, now);
      settle();
    }
    now = until;
  }
  // A datagram from a party the test plays, at `from_port`, to an endpoint.
  void deliver(Endpoint& to, std::uint16_t from_port, const std::string& text) {
    deliver_on(to, udp(from_port), text);
  }
  // A message on any flow (a TCP or TLS connection) from a party the test plays.
  void deliver_on(Endpoint& to, const transport::Flow& from, const std::string& text) {
    to.core->on_message(from, text, now);
    settle();
  }
  std::vector<sip::Message> take_captured(std::uint16_t port) {
    return std::exchange(captured_[port], {});
  }

  // The requests of `method` the endpoints sent each other.
  [[nodiscard]] std::vector<sip::Message> requests(sip::Method method) const {
    std::vector<sip::Message> found;
    for (const sip::Message& message : between_endpoints) {
      if (message.is_request() && message.method() == method) {
        found.push_back(message);
      }
    }
    return found;
  }

  TimePoint now{};
  std::vector<sip::Message> between_endpoints;  // what the cores sent each other, parsed
  std::vector<transport::Flow> sent_to;         // where every message went, in order

 private:
  void take(Endpoint& from, PhoneOutput output) {
    if (auto* send = std::get_if<sip::ua::Send>(&output)) {
      sent_to.push_back(send->to);
      const auto to = std::ranges::find_if(endpoints_, [&](const auto& endpoint) {
        return endpoint->sip_port == send->to.remote_port;
      });
      if (to != endpoints_.end()) {
        if (auto message = sip::parse_message(send->bytes)) {
          between_endpoints.push_back(std::move(*message));
        }
        (*to)->core->on_message(udp(from.sip_port), send->bytes, now);
      } else if (auto message = sip::parse_message(send->bytes)) {
        captured_[send->to.remote_port].push_back(std::move(*message));
      } else {
        ADD_FAILURE() << "we sent what does not parse:\n" << send->bytes;
      }
    } else if (auto* set = std::get_if<sip::ua::SetTimer>(&output)) {
      EXPECT_GE(set->at, now);
      from.timers.set(set->key, set->at);
    } else if (auto* cancel = std::get_if<sip::ua::CancelTimer>(&output)) {
      from.timers.cancel(cancel->key);
    } else if (auto* start = std::get_if<media_command::Start>(&output)) {
      EXPECT_TRUE(from.ports.held.contains(start->port_ticket));
      from.ports.taken_by_media(start->port_ticket);
      from.media_started.push_back(*start);
    } else if (auto* update = std::get_if<media_command::Update>(&output)) {
      from.media_updated.push_back(*update);
    } else if (auto* stop = std::get_if<media_command::Stop>(&output)) {
      from.media_stopped.push_back(stop->call);
    } else if (auto* dtmf = std::get_if<media_command::Dtmf>(&output)) {
      from.pressed.push_back({*dtmf, now});
    } else if (auto* record = std::get_if<media_command::Record>(&output)) {
      from.recordings.push_back(*record);
    } else if (auto* locate = std::get_if<LocateServers>(&output)) {
      from.locates.push_back(*locate);
    } else if (auto* event = std::get_if<PhoneEvent>(&output)) {
      from.log.push_back(std::move(*event));
    }
  }

  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::map<std::uint16_t, std::vector<sip::Message>> captured_;
};

// Alice (port 5061) has dialled Bob (5062), each a PCMU phone: Bob's phone rings.
struct AliceCallsBob : ::testing::Test {
  AliceCallsBob() {
    EXPECT_TRUE(alice.core->start(net.now));
    EXPECT_TRUE(bob.core->start(net.now));
    EXPECT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
    net.settle();
    EXPECT_EQ(bob.events<event::CallIncoming>().size(), 1U);
  }
  Network net;
  Endpoint& alice = net.add(phone("alice"), 5061);
  Endpoint& bob = net.add(phone("bob"), 5062);
};

// The same call answered by Bob and confirmed on both sides.
struct AliceTalksToBob : AliceCallsBob {
  AliceTalksToBob() {
    EXPECT_TRUE(bob.core->answer(std::nullopt, net.now));
    net.settle();
    EXPECT_EQ(alice.events<event::CallConfirmed>().size(), 1U);
  }
};

// A final or provisional response to `request`, as a registrar or far end writes it.
inline std::string response_to(const sip::Message& request, int status,
                               const std::string& extra = "", const std::string& body = "") {
  std::string text = fmt::format("SIP/2.0 {} X\r\n", status);
  for (const sip::HeaderField& field : request.headers()) {
    if (field.id == sip::HeaderId::kVia || field.id == sip::HeaderId::kFrom ||
        field.id == sip::HeaderId::kCallId || field.id == sip::HeaderId::kCSeq) {
      text += fmt::format("{}: {}\r\n", field.name, field.value);
    } else if (field.id == sip::HeaderId::kTo) {
      text += fmt::format("To: {}{}\r\n", field.value, request.to()->tag.empty() ? ";tag=far" : "");
    }
  }
  if (!body.empty()) {
    text += "Content-Type: application/sdp\r\n";
  }
  text += extra + fmt::format("Content-Length: {}\r\n\r\n", body.size()) + body;
  return text;
}

// The statuses an endpoint answered the far end at `port` with since last asked, in order.
inline std::vector<int> statuses_sent_to(Network& net, std::uint16_t port) {
  std::vector<int> out;
  for (const auto& message : net.take_captured(port)) {
    if (message.is_response()) {
      out.push_back(message.status_code());
    }
  }
  return out;
}

// Carol's offer: PCMU at 127.0.0.1:4000.
inline constexpr std::string_view kCarolSdp =
    "v=0\r\no=- 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 0\r\n";

// A request from Carol (a far end the test plays at port 5070, in call "far-1") to Bob at 5062:
// the INVITE that starts her call (no `tag`), or one inside it (Bob's `tag`), with a body of
// `content_type` if one is given.
inline std::string carol_request(std::string_view method, std::uint32_t seq, const std::string& tag,
                                 std::string_view content_type = {}, std::string_view body = {}) {
  return fmt::format(
      "{0} sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK{0}{1}\r\nMax-Forwards: 70\r\n"
      "From: <sip:carol@127.0.0.1:5070>;tag=c1\r\nTo: <sip:bob@127.0.0.1:5062>{2}\r\n"
      "Call-ID: far-1\r\nCSeq: {1} {0}\r\nContact: <sip:carol@127.0.0.1:5070>\r\n{3}"
      "Content-Length: {4}\r\n\r\n{5}",
      method, seq, tag.empty() ? "" : ";tag=" + tag,
      content_type.empty() ? "" : fmt::format("Content-Type: {}\r\n", content_type), body.size(),
      body);
}

}  // namespace sipline::app::test
