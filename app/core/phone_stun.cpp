// The phone driver's STUN side (RFC 5389): where a NAT shows our SIP port, asked once at the
// start from the SIP socket itself; the core registers with the answer.
#include <boost/asio/post.hpp>

#include "app/core/phone.hpp"

namespace sipline::app {
namespace {

constexpr int kStunTries = 4;  // 0.5 + 1 + 2 + 4 s: then the phone goes on without
constexpr std::chrono::milliseconds kStunFirstWait{500};

}  // namespace

void Phone::find_public_address(const FindPublicAddress& find) {
  const auto give_up = [this](const std::string& reason) {
    core_->on_public_address("", 0, reason, now());
    carry_out();
  };
  if (find.server.host.empty()) {
    boost::asio::post(io_, [give_up] { give_up("the STUN server is not HOST[:PORT]"); });
    return;
  }
  if (!locator_) {
    auto made = ServerLocation::create(io_, clock_, config_.dns_server);
    if (!made) {
      boost::asio::post(io_,
                        [give_up, reason = std::string(made.error().reason)] { give_up(reason); });
      return;
    }
    locator_ = std::move(*made);
  }
  locator_->locate(find.server, find.support,
                   [this, give_up](std::vector<sip::LocateTarget> servers, std::string error) {
                     if (servers.empty()) {
                       give_up("the STUN server was not found: " + error);
                       return;
                     }
                     stun_to_ = transport::Flow{transport::TransportKind::kUdp,
                                                servers.front().address, servers.front().port, 0};
                     for (auto& octet : stun_id_) {
                       octet = static_cast<std::uint8_t>(random_.next_u32());
                     }
                     stun_tries_ = 0;
                     send_stun_request();
                   });
}

void Phone::send_stun_request() {
  if (!stun_to_) {
    return;
  }
  transport_->send(*stun_to_, transport::stun_binding_request(stun_id_));
  stun_timer_.expires_after(kStunFirstWait * (1 << stun_tries_));
  stun_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || !stun_to_) {
      return;
    }
    if (++stun_tries_ < kStunTries) {
      send_stun_request();
      return;
    }
    stun_to_.reset();
    core_->on_public_address("", 0, "the STUN server did not answer", now());
    carry_out();
  });
}

bool Phone::take_stun_response(std::string_view bytes) {
  const auto response = transport::parse_stun_response(bytes);
  if (!response || !stun_to_ || response->id != stun_id_) {
    return false;  // not the answer we wait for: dropped
  }
  stun_to_.reset();
  stun_timer_.cancel();
  if (response->success) {
    core_->on_public_address(response->mapped_address, response->mapped_port, "", now());
  } else {
    core_->on_public_address(
        "", 0, "the STUN server refused (" + std::to_string(response->error_code) + ")", now());
  }
  carry_out();
  return true;
}

}  // namespace sipline::app
