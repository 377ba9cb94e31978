// Forgetting histogram of interval maxima, and its quantile.
#include "rtp/jitter/delay_target.hpp"

#include <algorithm>

namespace sipline::rtp {
namespace {
constexpr double kRescaleAbove = 1e100;
}

void DelayTarget::reset() noexcept {
  buckets_.fill(0);
  total_ = 0;
  weight_ = 1;
  intervals_ = 0;
  interval_open_ = false;
  quantile_us_ = 0;
  target_us_ = std::clamp<std::int64_t>(0, config_.minimum_us, config_.maximum_us);
}

void DelayTarget::on_delay(std::int64_t relative_delay_us, std::int64_t arrival_us) noexcept {
  if (!interval_open_) {
    interval_open_ = true;
    interval_start_us_ = arrival_us;
    interval_max_us_ = relative_delay_us;
  } else if (arrival_us - interval_start_us_ >= config_.interval_us) {
    close_interval();
    interval_start_us_ = arrival_us;
    interval_max_us_ = relative_delay_us;
  } else {
    interval_max_us_ = std::max(interval_max_us_, relative_delay_us);
  }
  update_target();
}

void DelayTarget::close_interval() noexcept {
  const auto bucket = static_cast<std::size_t>(std::clamp<std::int64_t>(
      interval_max_us_ / 1000, 0, static_cast<std::int64_t>(kBuckets) - 1));
  // The first samples weigh alike (a plain average, each the n-th share) until a new sample's
  // share would fall below 1 − f; from then on each weighs 1/f more than the one before.
  ++intervals_;
  if (static_cast<double>(intervals_) * (1.0 - config_.forget_factor) > 1.0) {
    weight_ /= config_.forget_factor;
  }
  buckets_[bucket] += weight_;
  total_ += weight_;
  if (weight_ > kRescaleAbove) {
    for (double& b : buckets_) {
      b /= weight_;
    }
    total_ /= weight_;
    weight_ = 1;
  }
  // The quantile: the smallest delay with at most (1 − q) of the mass above it.
  const double allowed_above = (1.0 - config_.quantile) * total_;
  double above = 0;
  std::size_t b = kBuckets;
  while (b > 0 && above + buckets_[b - 1] <= allowed_above) {
    above += buckets_[b - 1];
    --b;
  }
  quantile_us_ = static_cast<std::int64_t>(b) * 1000;  // the upper edge of the quantile's bucket
}

void DelayTarget::update_target() noexcept {
  // Until the first interval closes, the running maximum is all there is.
  const std::int64_t learnt =
      intervals_ == 0 ? interval_max_us_ : std::max(quantile_us_, interval_max_us_);
  target_us_ = std::clamp(learnt, config_.minimum_us, config_.maximum_us);
}

}  // namespace sipline::rtp
