// Finds the servers of a registrar named by host name, for the phone's driver: the RFC 3263
// walk (sip/locate's ServerLocator) with each question answered from the cache (DnsCache, TTLs
// kept) or else by c-ares on the signalling thread's loop. The outcome is posted to the loop,
// never given from inside locate().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "sip/locate/server_locator.hpp"
#include "transport/dns/cares_resolver.hpp"
#include "transport/dns_cache.hpp"

namespace sipline::app {

// "IP", "IPv4:PORT" or "[IPv6]:PORT": a DNS server to ask instead of /etc/resolv.conf's.
[[nodiscard]] bool is_dns_server(std::string_view text) noexcept;

// A STUN server as configured ("host[:port]", RFC 5389 §9: 3478 by default), as a lookup
// (A records, or the address itself); nullopt when it is not host[:port].
[[nodiscard]] std::optional<sip::LocateRequest> stun_server_request(const std::string& text);

class ServerLocation {
 public:
  // The servers, best first; none: `error` says why.
  using Done = std::function<void(std::vector<sip::LocateTarget> servers, std::string error)>;

  // `dns_server`: empty for the system's.
  [[nodiscard]] static Result<std::unique_ptr<ServerLocation>> create(
      boost::asio::io_context& io, const Clock& clock, const std::string& dns_server);
  void locate(const sip::LocateRequest& request, const sip::LocateSupport& support, Done done);

 private:
  struct Walk;
  ServerLocation(boost::asio::io_context& io, const Clock& clock,
                 std::unique_ptr<transport::CaresResolver> resolver)
      : io_(io), clock_(clock), resolver_(std::move(resolver)) {}
  void ask(const std::shared_ptr<Walk>& walk);
  void on_answer(const std::shared_ptr<Walk>& walk);

  boost::asio::io_context& io_;
  const Clock& clock_;
  std::unique_ptr<transport::CaresResolver> resolver_;
  transport::DnsCache cache_;
  SystemRandom random_;  // SRV weights
};

}  // namespace sipline::app
