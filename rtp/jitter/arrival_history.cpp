// Sliding-window minimum of transit times.
#include "rtp/jitter/arrival_history.hpp"

#include <algorithm>

namespace sipline::rtp {

std::int64_t ArrivalHistory::on_packet(std::int64_t media_us, std::int64_t arrival_us) noexcept {
  const std::int64_t transit = arrival_us - media_us;
  if (size_ == 0 || media_us > newest_media_us_) {
    newest_media_us_ = media_us;
  }
  // Entries whose media time left the window go first; a reordered packet older than the
  // window is compared with what the window holds but not added.
  while (size_ > 0 && ring_[head_].media_us < newest_media_us_ - window_us_) {
    head_ = index(1);
    --size_;
  }
  if (media_us >= newest_media_us_ - window_us_) {
    // Entries with a larger transit can never be the minimum again while this one is in the
    // window (it is at least as new): drop them from the tail.
    while (size_ > 0 && ring_[index(size_ - 1)].transit_us >= transit) {
      --size_;
    }
    if (size_ == kCapacity) {
      head_ = index(1);
      --size_;
    }
    ring_[index(size_)] = Entry{media_us, transit};
    ++size_;
  }
  return size_ == 0 ? 0 : std::max<std::int64_t>(0, transit - ring_[head_].transit_us);
}

}  // namespace sipline::rtp
