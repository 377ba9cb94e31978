// RFC 3263 with a cache and c-ares.
#include "app/core/server_location.hpp"

#include <utility>

#include <boost/asio/post.hpp>

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/message/uri.hpp"

namespace sipline::app {

bool is_dns_server(std::string_view text) noexcept {
  if (is_ipv4_address(text) || is_ipv6_address(text)) {
    return true;
  }
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  const auto port = parse_decimal<std::uint16_t>(text.substr(colon + 1));
  const std::string_view host = text.substr(0, colon);
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']' &&
                         is_ipv6_address(host.substr(1, host.size() - 2));
  return port && *port != 0 && (is_ipv4_address(host) || bracketed);
}

struct ServerLocation::Walk {
  Walk(const sip::LocateRequest& request, const sip::LocateSupport& support, Random& random,
       Done finished)
      : locator(request, support, random), done(std::move(finished)) {}
  sip::ServerLocator locator;
  Done done;
  std::size_t waiting = 0;  // questions out with the resolver
};

Result<std::unique_ptr<ServerLocation>> ServerLocation::create(boost::asio::io_context& io,
                                                               const Clock& clock,
                                                               const std::string& dns_server) {
  auto resolver = transport::CaresResolver::create(io, {.server = dns_server});
  if (!resolver) {
    return std::unexpected(resolver.error());
  }
  return std::unique_ptr<ServerLocation>(new ServerLocation(io, clock, std::move(*resolver)));
}

void ServerLocation::locate(const sip::LocateRequest& request, const sip::LocateSupport& support,
                            Done done) {
  auto walk = std::make_shared<Walk>(request, support, random_, std::move(done));
  ask(walk);
}

// The locator's next questions: from the cache at once, else from the resolver.
void ServerLocation::ask(const std::shared_ptr<Walk>& walk) {
  for (const auto& question : walk->locator.questions()) {
    if (auto cached = cache_.find(question, clock_.now())) {
      walk->locator.on_answer(question, *cached);
      continue;
    }
    ++walk->waiting;
    resolver_->ask(question, [this, walk, question](transport::DnsAnswer answer) {
      --walk->waiting;
      cache_.store(question, answer, clock_.now());
      walk->locator.on_answer(question, answer);
      on_answer(walk);
    });
  }
  on_answer(walk);
}

void ServerLocation::on_answer(const std::shared_ptr<Walk>& walk) {
  if (walk->locator.finished()) {
    if (walk->done) {
      boost::asio::post(
          io_, [done = std::exchange(walk->done, nullptr), servers = walk->locator.targets(),
                error = walk->locator.error()]() { done(servers, error); });
    }
    return;
  }
  if (walk->waiting == 0) {
    ask(walk);  // every answer of this step is in: the next step's questions
  }
}

std::optional<sip::LocateRequest> stun_server_request(const std::string& text) {
  const std::string written = "sip:" + text;  // the URI's views point into it
  const auto uri = sip::parse_uri(written);
  if (!uri || !uri->is_sip() || uri->has_user || !uri->params.empty() || !uri->headers.empty()) {
    return std::nullopt;
  }
  return sip::LocateRequest{.host = std::string(uri->host.address()),
                            .port = uri->host.port != 0 ? uri->host.port : std::uint16_t{3478},
                            .transport = transport::TransportKind::kUdp};
}

}  // namespace sipline::app
