// The transport seam the SIP layer uses: send bytes on a flow, hear about messages and failed
// flows. One implementation runs on Boost.Asio (transport/asio/); tests may use others.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "transport/flow.hpp"

namespace sipline::transport {

struct TransportLimits {
  std::size_t max_connections = 256;              // beyond, new connections are closed at once
  std::chrono::seconds idle_timeout{600};         // a connection with no traffic is closed
  std::chrono::seconds handshake_timeout{10};     // connect + TLS handshake must finish by then
  std::size_t max_message_bytes = 65536;          // one SIP message
  std::size_t max_pending_write_bytes = 1 << 20;  // a peer that does not read is dropped
  std::size_t max_datagram_bytes = 65507;         // IPv4 UDP payload maximum
  int udp_buffer_bytes = 4 << 20;                 // asked of the kernel for each UDP socket
};

class TransportUser {
 public:
  virtual ~TransportUser() = default;
  // One whole message (a datagram, or a frame cut from a stream), and where it came from.
  virtual void on_message(const Flow& from, std::string_view bytes) = 0;
  // A flow that can no longer carry messages: a refused or dropped connection, a failed send.
  virtual void on_flow_failed(const Flow& flow, const Error& error) = 0;
  // The answer to our keep-alive on a connection (RFC 5626 §4.4.1: a CRLF "pong").
  virtual void on_pong(const Flow& from) { (void)from; }
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Starts receiving on address:port (0: any free port) and returns the port bound.
  [[nodiscard]] virtual Result<std::uint16_t> listen(TransportKind kind, std::string_view address,
                                                     std::uint16_t port) = 0;
  // Sends asynchronously. Over TCP/TLS the flow's connection is used when it is open; without
  // one, a connection to the flow's address is reused or opened (TLS verifies `tls_server_name`,
  // or the address when it is empty). Failures come back through on_flow_failed.
  virtual void send(const Flow& to, std::string bytes, std::string_view tls_server_name = {}) = 0;
  virtual void close(ConnectionId connection) = 0;
  // Closes the connection `flow` travels on, found dead above the transport (a keep-alive with
  // no answer), and reports `error` for it through on_flow_failed — later, never from inside
  // drop(). Nothing when there is no such connection (its end was reported already).
  virtual void drop(const Flow& flow, Error error) = 0;
  [[nodiscard]] virtual std::size_t connection_count() const = 0;
};

// RFC 3261 §18.1.1: a request within 200 bytes of the path MTU, or larger than 1300 bytes when
// the MTU is unknown, goes over a congestion-controlled transport when one may be used.
[[nodiscard]] TransportKind transport_for_request(std::size_t request_bytes,
                                                  TransportKind configured, bool tcp_allowed,
                                                  std::size_t path_mtu = 0) noexcept;

}  // namespace sipline::transport
