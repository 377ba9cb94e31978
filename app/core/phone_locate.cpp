// The phone driver's DNS side: a registrar or a dialled callee named by host name is looked up
// (RFC 3263) and the servers found go back to the core, which registers with or calls the first.
#include <boost/asio/post.hpp>

#include "app/core/phone.hpp"

namespace sipline::app {

void Phone::locate_servers(const LocateServers& locate) {
  const auto tell = [this, locate](const std::vector<sip::LocateTarget>& servers,
                                   const std::string& error) {
    if (locate.dial != 0) {
      core_->on_dial_located(locate.dial, servers, error, now());
    } else {
      core_->on_located(locate.account, servers, error, now());
    }
    carry_out();
  };
  if (!locator_) {
    auto made = ServerLocation::create(io_, clock_, config_.dns_server);
    if (!made) {  // told from the loop: carry_out is running
      boost::asio::post(io_,
                        [tell, reason = std::string(made.error().reason)] { tell({}, reason); });
      return;
    }
    locator_ = std::move(*made);
  }
  locator_->locate(
      locate.request, locate.support,
      [tell](std::vector<sip::LocateTarget> servers, std::string error) { tell(servers, error); });
}

}  // namespace sipline::app
