// Fuzzes the transaction layer and its four cores: the input is a script of operations —
// requests and responses arriving (methods, branches, status codes chosen by the input), the TU
// sending requests and responses, timers firing, transport errors, time passing. The layer must
// stay within its bound, end every transaction at most once, and never arm a timer for a
// transaction it has ended.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz/check.hpp"
#include "sip/message/parser.hpp"
#include "sip/transaction/transaction_layer.hpp"

namespace {

using namespace sipline;
using namespace sipline::sip;

constexpr std::size_t kMaxTransactions = 8;
const char* const kMethods[] = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "FOO"};

using sipline::fuzz::check;

std::string branch(FuzzedDataProvider& data) {
  const int n = data.ConsumeIntegralInRange(0, 3);
  return n == 3 ? "z9hG4bK" : "z9hG4bK" + std::to_string(n);  // "z9hG4bK" alone: RFC 2543 path
}

Message request(FuzzedDataProvider& data) {
  const std::string method = kMethods[data.ConsumeIntegralInRange<std::size_t>(0, 6)];
  const std::string text =
      method +
      " sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=" + branch(data) +
      "\r\nTo: <sip:bob@biloxi.com>\r\nFrom: <sip:a@b>;tag=1\r\n"
      "Call-ID: c" +
      std::to_string(data.ConsumeIntegralInRange(0, 2)) + "\r\nCSeq: 1 " + method +
      "\r\nContent-Length: 0\r\n\r\n";
  return parse_message(text).value();
}

Message response(FuzzedDataProvider& data) {
  const int code = data.ConsumeIntegralInRange(100, 699);
  const std::string method = kMethods[data.ConsumeIntegralInRange<std::size_t>(0, 6)];
  const std::string text = "SIP/2.0 " + std::to_string(code) +
                           " X\r\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=" + branch(data) +
                           "\r\nTo: <sip:bob@biloxi.com>;tag=2\r\nFrom: <sip:a@b>;tag=1\r\n"
                           "Call-ID: c0\r\nCSeq: 1 " +
                           method + "\r\nContent-Length: 0\r\n\r\n";
  return parse_message(text).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  FuzzedDataProvider data(bytes, size);
  TransactionLayer layer(TimerConfig{}, kMaxTransactions);
  const transport::Flow flow{
      data.ConsumeBool() ? transport::TransportKind::kUdp : transport::TransportKind::kTcp,
      "192.0.2.1", 5060, 0};
  TimePoint now{};
  std::vector<TransactionId> known;
  std::set<TransactionId> ended;
  for (int step = 0; step < 200 && data.remaining_bytes() > 0; ++step) {
    const auto pick = [&]() -> TransactionId {
      return known.empty() ? 1
                           : known[data.ConsumeIntegralInRange<std::size_t>(0, known.size() - 1)];
    };
    switch (data.ConsumeIntegralInRange(0, 6)) {
      case 0:
        layer.on_request(request(data), flow, now);
        break;
      case 1:
        layer.on_response(response(data), flow, now);
        break;
      case 2: {
        const auto id = layer.send_request(request(data), flow, now);
        if (id) {
          known.push_back(*id);
        }
        break;
      }
      case 3:
        (void)layer.send_response(pick(), response(data), now);
        break;
      case 4:
        layer.on_timer(pick(),
                       static_cast<TimerId>(data.ConsumeIntegralInRange<int>(0, kTimerCount - 1)),
                       now);
        break;
      case 5:
        layer.on_transport_error(pick(), now);
        break;
      default:
        now += std::chrono::milliseconds(data.ConsumeIntegralInRange(0, 40000));
        break;
    }
    while (auto event = layer.poll()) {
      if (const auto* request_event = std::get_if<event::Request>(&*event)) {
        known.push_back(request_event->transaction);
      } else if (const auto* terminated = std::get_if<event::Terminated>(&*event)) {
        check(ended.insert(terminated->transaction).second);  // once
      } else if (const auto* start = std::get_if<event::StartTimer>(&*event)) {
        check(!ended.contains(start->transaction));
        check(start->deadline >= now);
      }
    }
    check(layer.size() <= kMaxTransactions);
  }
  return 0;
}
