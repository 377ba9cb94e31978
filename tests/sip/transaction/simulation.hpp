// A virtual-time driver for transaction cores in tests: it keeps the timers a core arms, fires
// them in deadline order, and records what the core sends and reports, with the time of each.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sip/message/parser.hpp"
#include "sip/transaction/actions.hpp"

namespace sipline::sip::test {

using namespace std::chrono_literals;

struct Sent {
  TimePoint at;
  std::string bytes;
};

template <class Transaction>
class Simulation {
 public:
  explicit Simulation(Transaction& transaction, TimePoint start = TimePoint{})
      : transaction_(transaction), now_(start) {
    drain();
  }

  [[nodiscard]] TimePoint now() const { return now_; }
  [[nodiscard]] const std::vector<Sent>& sent() const { return sent_; }
  [[nodiscard]] const std::vector<Action>& reported() const { return reported_; }
  [[nodiscard]] bool terminated() const { return terminated_; }
  [[nodiscard]] TimePoint terminated_at() const { return terminated_at_; }
  [[nodiscard]] const std::map<TimerId, TimePoint>& timers() const { return timers_; }
  [[nodiscard]] bool armed(TimerId id) const { return timers_.contains(id); }

  template <class Kind>
  [[nodiscard]] std::size_t count() const {
    std::size_t n = 0;
    for (const Action& action : reported_) {
      n += std::holds_alternative<Kind>(action) ? 1U : 0U;
    }
    return n;
  }

  // Status codes of the responses delivered to the TU, in order.
  [[nodiscard]] std::vector<int> delivered_codes() const {
    std::vector<int> codes;
    for (const Action& action : reported_) {
      if (const auto* deliver = std::get_if<action::Deliver>(&action)) {
        codes.push_back(deliver->message->status_code());
      }
    }
    return codes;
  }

  // Gaps between consecutive sends, in milliseconds, starting from the first send.
  [[nodiscard]] std::vector<long> send_gaps_ms() const {
    std::vector<long> gaps;
    for (std::size_t i = 1; i < sent_.size(); ++i) {
      gaps.push_back(
          std::chrono::duration_cast<std::chrono::milliseconds>(sent_[i].at - sent_[i - 1].at)
              .count());
    }
    return gaps;
  }

  // Moves time forward to `end`, firing every timer due on the way, in order.
  void run_until(TimePoint end) {
    while (!timers_.empty()) {
      auto next = timers_.begin();
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->second < next->second) {
          next = it;
        }
      }
      if (next->second > end) {
        break;
      }
      const TimerId id = next->first;
      now_ = next->second;
      timers_.erase(next);
      transaction_.on_timer(id, now_);
      drain();
    }
    now_ = end;
  }
  void run_for(Duration duration) { run_until(now_ + duration); }

  // Feeds an input at the current time: `input(transaction, now)`.
  template <class Input>
  void at_now(Input&& input) {
    input(transaction_, now_);
    drain();
  }

  void drain() {
    while (auto action = transaction_.poll()) {
      if (auto* send = std::get_if<action::Send>(&*action)) {
        sent_.push_back({now_, send->bytes});
      } else if (auto* start = std::get_if<action::StartTimer>(&*action)) {
        timers_[start->id] = start->deadline;
      } else if (auto* cancel = std::get_if<action::CancelTimer>(&*action)) {
        timers_.erase(cancel->id);
      } else if (std::holds_alternative<action::Terminated>(*action)) {
        terminated_ = true;
        terminated_at_ = now_;
      } else {
        reported_.push_back(std::move(*action));
      }
    }
  }

 private:
  Transaction& transaction_;
  TimePoint now_;
  std::map<TimerId, TimePoint> timers_;
  std::vector<Sent> sent_;
  std::vector<Action> reported_;
  bool terminated_ = false;
  TimePoint terminated_at_{};
};

inline Message request(std::string_view method, std::string_view branch = "z9hG4bK776asdhds",
                       std::string_view extra = "") {
  const std::string text = std::string(method) +
                           " sip:bob@biloxi.com SIP/2.0\r\n"
                           "Via: SIP/2.0/UDP pc33.atlanta.com;branch=" +
                           std::string(branch) +
                           "\r\n"
                           "Max-Forwards: 70\r\nTo: Bob <sip:bob@biloxi.com>\r\n"
                           "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
                           "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 " +
                           std::string(method == "ACK" ? "ACK" : method) +
                           "\r\n"
                           "Route: <sip:ss1.atlanta.com;lr>\r\n" +
                           std::string(extra) + "Content-Length: 0\r\n\r\n";
  return parse_message(text).value();
}

inline Message response(int code, std::string_view method = "INVITE",
                        std::string_view branch = "z9hG4bK776asdhds") {
  const std::string text = "SIP/2.0 " + std::to_string(code) +
                           " Reason\r\n"
                           "Via: SIP/2.0/UDP pc33.atlanta.com;branch=" +
                           std::string(branch) +
                           ";received=192.0.2.1\r\n"
                           "To: Bob <sip:bob@biloxi.com>" +
                           std::string(code > 100 ? ";tag=a6c85cf" : "") +
                           "\r\n"
                           "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
                           "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 " +
                           std::string(method) +
                           "\r\n"
                           "Content-Length: 0\r\n\r\n";
  return parse_message(text).value();
}

}  // namespace sipline::sip::test
