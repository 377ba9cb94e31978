// DNS questions asked with c-ares on the signalling thread's Asio loop: c-ares's sockets are
// watched by the loop (never a thread of c-ares's own), its timeouts by one timer. Each answer
// comes back as a DnsAnswer, posted to the loop, never from inside c-ares: NAPTR, SRV, A and
// AAAA records, the smallest TTL of the answer (dns_ttl), or a failure with c-ares's reason —
// no records (NXDOMAIN, no data) or no answer (timeout, SERVFAIL, REFUSED). A question always
// gets its answer, after `tries` tries at most per server (c-ares doubles the timeout at each:
// 2 s + 4 s by default); none comes after the resolver is gone.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "base/result.hpp"
#include "transport/dns_records.hpp"

namespace sipline::transport {

struct ResolverOptions {
  std::string server;  // "IP" or "IP:PORT" ("[v6]:PORT"); empty: /etc/resolv.conf's
  std::chrono::milliseconds timeout{2000};
  int tries = 2;
};

class CaresResolver {
 public:
  using Done = std::function<void(DnsAnswer answer)>;

  [[nodiscard]] static Result<std::unique_ptr<CaresResolver>> create(
      boost::asio::io_context& io, const ResolverOptions& options);
  ~CaresResolver();
  CaresResolver(const CaresResolver&) = delete;
  CaresResolver& operator=(const CaresResolver&) = delete;

  // On the loop's thread. `done` runs later on it (never before ask returns).
  void ask(const DnsQuestion& question, Done done);

 private:
  struct Impl;
  explicit CaresResolver(std::shared_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;  // the loop's handlers hold it weakly
};

}  // namespace sipline::transport
