// UDP, TCP and TLS on Boost.Asio behind the Transport seam, IPv4 and IPv6. Every handler runs on
// the io_context's thread, uses error_code overloads and lets no exception out. Limits from
// TransportLimits shed floods: connections over the cap are closed on accept, connections that
// do not finish their handshake or go idle are closed, a peer that does not read is dropped.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "transport/asio/asio.hpp"
#include "transport/asio/tls_context.hpp"
#include "transport/frame_splitter.hpp"
#include "transport/transport.hpp"

namespace sipline::transport {

class StreamConnectionBase;

class AsioTransport final : public Transport {
 public:
  AsioTransport(boost::asio::io_context& io, TransportUser& user, FrameSplitterFactory splitter,
                TransportLimits limits = {}, TlsSettings tls = {});
  ~AsioTransport() override;
  AsioTransport(const AsioTransport&) = delete;
  AsioTransport& operator=(const AsioTransport&) = delete;

  [[nodiscard]] Result<std::uint16_t> listen(TransportKind kind, std::string_view address,
                                             std::uint16_t port) override;
  void send(const Flow& to, std::string bytes, std::string_view tls_server_name = {}) override;
  void close(ConnectionId connection) override;
  void drop(const Flow& flow, Error error) override;
  [[nodiscard]] std::size_t connection_count() const override { return connections_.size(); }

  // For connections: a whole message arrived, or the connection ended (`error` says why).
  void deliver(const Flow& from, std::string_view bytes);
  void pong(const Flow& from) { user_.on_pong(from); }
  void connection_closed(ConnectionId connection, const Flow& flow, const Error* error);
  [[nodiscard]] const TransportLimits& limits() const noexcept { return limits_; }
  [[nodiscard]] std::unique_ptr<FrameSplitter> make_splitter() const { return splitter_(); }

 private:
  struct UdpSocket;
  struct Acceptor;

  void receive(UdpSocket& socket);
  void deliver_datagram(UdpSocket& socket, std::size_t size);
  static constexpr int kReceiveBatch = 64;  // datagrams read per reactor wake-up, at most
  void accept(Acceptor& acceptor);
  void send_datagram(const Flow& to, std::string bytes);
  void send_stream(const Flow& to, std::string bytes, std::string_view tls_server_name);
  [[nodiscard]] std::shared_ptr<StreamConnectionBase> find_connection(const Flow& to) const;
  void fail_flow(const Flow& flow, Error error);

  boost::asio::io_context& io_;
  TransportUser& user_;
  FrameSplitterFactory splitter_;
  TransportLimits limits_;
  TlsSettings tls_;
  std::unique_ptr<boost::asio::ssl::context> client_tls_;
  std::unique_ptr<boost::asio::ssl::context> server_tls_;
  std::vector<std::unique_ptr<UdpSocket>> udp_;
  std::vector<std::unique_ptr<Acceptor>> acceptors_;
  std::map<ConnectionId, std::shared_ptr<StreamConnectionBase>> connections_;
  ConnectionId next_connection_ = 1;
  // Handlers hold a weak reference: once the transport is gone they touch nothing.
  std::shared_ptr<AsioTransport*> alive_;
};

}  // namespace sipline::transport
