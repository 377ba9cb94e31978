// One TCP or TLS connection of the Asio transport: connect or accept, handshake, read into a
// frame splitter, write from a bounded queue, close on the first error or timeout.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "transport/asio/asio.hpp"
#include "transport/frame_splitter.hpp"
#include "transport/transport.hpp"

namespace sipline::transport {

class AsioTransport;

class StreamConnectionBase : public std::enable_shared_from_this<StreamConnectionBase> {
 public:
  explicit StreamConnectionBase(Flow flow) : flow_(std::move(flow)) {}
  virtual ~StreamConnectionBase() = default;

  // An accepted connection: (TLS) handshake, then read.
  virtual void start_accepted() = 0;
  // An outgoing one: connect, (TLS) handshake naming `server_name`, then send what is queued.
  virtual void start_outgoing(const boost::asio::ip::tcp::endpoint& remote,
                              std::string server_name) = 0;
  virtual void send(std::string bytes) = 0;
  // Closes at once; `error` (may be null for our own close) reaches the transport's user.
  virtual void close(const Error* error) = 0;

  [[nodiscard]] const Flow& flow() const noexcept { return flow_; }

 protected:
  Flow flow_;
};

// Creates a connection for `flow` around `socket`; TLS when `tls` is not null.
[[nodiscard]] std::shared_ptr<StreamConnectionBase> make_stream_connection(
    AsioTransport& transport, std::weak_ptr<AsioTransport*> alive, Flow flow,
    boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls);

}  // namespace sipline::transport
