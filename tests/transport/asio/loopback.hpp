// Helpers for transport tests on loopback: a recording TransportUser and running the io_context
// until something happens (bounded in time, so a broken transport fails instead of hanging).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "sip/message/stream_framer.hpp"
#include "transport/asio/asio_transport.hpp"

namespace sipline::transport::test {

struct Received {
  Flow from;
  std::string bytes;
};

class Recorder final : public TransportUser {
 public:
  void on_message(const Flow& from, std::string_view bytes) override {
    received.push_back({from, std::string(bytes)});
  }
  void on_flow_failed(const Flow& flow, const Error& error) override {
    failures.push_back({flow, error});
  }
  std::vector<Received> received;
  std::vector<std::pair<Flow, Error>> failures;
};

inline FrameSplitterFactory sip_framing(std::size_t max = 65536) {
  return [max] { return std::make_unique<sip::StreamFramer>(max); };
}

// Runs `io` until `done()` or `limit` passes; true when done. The limit only ends a test that
// is already failing, so it is generous: a machine busy with other work (sanitizers, fuzzers
// beside) must not turn a slow pass into a failure.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    io.restart();
    io.run_for(std::chrono::milliseconds(10));
  }
  return true;
}

inline std::string sip_message(std::size_t body_bytes = 0, std::string_view call_id = "loop1") {
  return "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKloop\r\n"
         "Call-ID: " +
         std::string(call_id) +
         "\r\nCSeq: 1 OPTIONS\r\n"
         "Content-Length: " +
         std::to_string(body_bytes) + "\r\n\r\n" + std::string(body_bytes, 'b');
}

}  // namespace sipline::transport::test
