// One client of a control socket (control_server.hpp): its requests read and answered in order,
// the phone's events pushed to it, everything it is sent queued within a bound.
//
// It speaks what it first writes: newline-delimited JSON, or — a digit first — netstrings of
// JSON ("LEN:{…},"), as baresip's ctrl_tcp does, so clients written for baresip work. On TCP it
// must first prove it may drive the phone: {"command":"auth","params":{"token":"…"}} with the
// token the phone wrote in its token file; until then it gets nothing but refusals, and three
// wrong tokens close it. A line past max_line is refused and skipped (lines) or ends the
// connection (a netstring announced longer: there is no end to skip to).
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/generic/stream_protocol.hpp>

#include "app/cli/control_commands.hpp"
#include "app/cli/control_request.hpp"

namespace sipline::app {

struct ControlLimits {
  std::size_t max_line = 64 * 1024;
  std::size_t max_clients = 64;
  std::size_t max_queued = 1024 * 1024;  // bytes waiting to be written to one client
};

class ControlSession : public std::enable_shared_from_this<ControlSession> {
 public:
  // What a session needs of the server it belongs to.
  class Owner {
   public:
    virtual ControlResponse execute(const ControlRequest& request) = 0;
    virtual void forget(const std::shared_ptr<ControlSession>& session) = 0;
    [[nodiscard]] virtual const ControlLimits& limits() const = 0;
    [[nodiscard]] virtual std::string_view token() const = 0;  // "": none asked (Unix socket)

   protected:
    ~Owner() = default;
  };

  ControlSession(Owner& owner, boost::asio::generic::stream_protocol::socket socket);
  void start() { read(); }
  // One message (a JSON object, no newline), framed as this client reads; a client with
  // max_queued bytes already waiting is dropped instead.
  void send(std::string_view message);
  void close();
  // Whether events may go to it: on a Unix socket at once, on TCP once it gave the token.
  [[nodiscard]] bool authenticated() const noexcept { return authenticated_; }

 private:
  enum class Framing : std::uint8_t { kUnknown, kLines, kNetstrings };
  void read();
  void take(std::string_view bytes);
  void take_lines(std::string_view bytes);
  void take_netstrings(std::string_view bytes);
  void handle(std::string_view message);
  [[nodiscard]] bool authenticate(const ControlRequest& request);
  void refuse(std::string reason, std::string_view token = {});
  void fail_and_close(std::string reason);  // a broken stream: said, then closed
  void write();

  Owner& owner_;
  boost::asio::generic::stream_protocol::socket socket_;
  std::array<char, 4096> chunk_{};
  Framing framing_ = Framing::kUnknown;
  std::string pending_;  // a line; a netstring's length digits, then its payload
  std::optional<std::size_t> netstring_length_;  // of the payload being read
  bool skipping_ = false;                        // the rest of an over-long line
  bool closing_ = false;                         // closed once the queue is written
  bool authenticated_;
  int wrong_tokens_ = 0;
  std::deque<std::string> queue_;
  std::size_t queued_ = 0;
  bool closed_ = false;
};

}  // namespace sipline::app
