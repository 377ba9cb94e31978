// The phone driver's DNS side: a registrar named by host name is looked up (RFC 3263) and the
// servers found go back to the core, which registers with the first.
#include <boost/asio/post.hpp>

#include "app/core/phone.hpp"

namespace sipline::app {

void Phone::locate_servers(const LocateServers& locate) {
  if (!locator_) {
    auto made = ServerLocation::create(io_, clock_, config_.dns_server);
    if (!made) {  // told from the loop: carry_out is running
      boost::asio::post(io_, [this, account = locate.account, reason = made.error().reason] {
        core_->on_located(account, {}, std::string(reason), now());
        carry_out();
      });
      return;
    }
    locator_ = std::move(*made);
  }
  locator_->locate(
      locate.request, locate.support,
      [this, account = locate.account](std::vector<sip::LocateTarget> servers, std::string error) {
        core_->on_located(account, servers, error, now());
        carry_out();
      });
}

}  // namespace sipline::app
