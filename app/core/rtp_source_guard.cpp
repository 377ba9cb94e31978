// Whose RTP a call takes (see the header's diagram).
#include "app/core/rtp_source_guard.hpp"

namespace sipline::app {

bool RtpSourceGuard::take(const Endpoint& source, bool authenticated, TimePoint now) {
  if (latched_ && source == *latched_) {
    return true;
  }
  if (authenticated || (!latched_ && source == signalled_)) {
    latched_ = source;
    return true;
  }
  if (latched_ || contested_) {
    return drop();
  }
  if (!candidate_) {
    candidate_ = source;
    candidate_since_ = now;
    return drop();
  }
  if (source != *candidate_) {
    contested_ = true;  // two strangers, or a stranger and a NATed peer: trust neither
    return drop();
  }
  if (now - candidate_since_ < kNatGrace) {
    return drop();
  }
  latched_ = source;
  return true;
}

void RtpSourceGuard::redirect(const Endpoint& signalled) {
  if (signalled == signalled_) {
    return;
  }
  *this = RtpSourceGuard(signalled);
}

}  // namespace sipline::app
