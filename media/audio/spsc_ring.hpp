// A single-producer single-consumer ring of samples between the real-time audio callback and
// the media thread: wait-free on both sides, allocation only at construction. Each side owns one
// index; the other reads it with acquire ordering, so what was written before an index moved is
// visible after (the usual Lamport queue).
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <new>
#include <span>
#include <vector>

namespace sipline::media {

template <class T>
class SpscRing {
 public:
  // Holds at least `capacity` items (rounded up to a power of two).
  explicit SpscRing(std::size_t capacity)
      : items_(std::bit_ceil(std::max<std::size_t>(capacity, 2))), mask_(items_.size() - 1) {}
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  // Producer: appends as many of `in` as fit; returns how many.
  std::size_t push(std::span<const T> in) noexcept {
    const std::size_t write = write_.load(std::memory_order_relaxed);
    const std::size_t read = read_.load(std::memory_order_acquire);
    const std::size_t n = std::min(in.size(), items_.size() - (write - read));
    for (std::size_t i = 0; i < n; ++i) {
      items_[(write + i) & mask_] = in[i];
    }
    write_.store(write + n, std::memory_order_release);
    return n;
  }

  // Consumer: takes up to `out.size()` items; returns how many.
  std::size_t pop(std::span<T> out) noexcept {
    const std::size_t read = read_.load(std::memory_order_relaxed);
    const std::size_t write = write_.load(std::memory_order_acquire);
    const std::size_t n = std::min(out.size(), write - read);
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = items_[(read + i) & mask_];
    }
    read_.store(read + n, std::memory_order_release);
    return n;
  }

  // Either side: items waiting (exact for the consumer, a lower bound for the producer's view of
  // free space).
  [[nodiscard]] std::size_t size() const noexcept {
    return write_.load(std::memory_order_acquire) - read_.load(std::memory_order_acquire);
  }
  [[nodiscard]] std::size_t capacity() const noexcept { return items_.size(); }

 private:
  std::vector<T> items_;
  std::size_t mask_;
  // On separate cache lines: each is written by one thread only.
  alignas(64) std::atomic<std::size_t> write_{0};
  alignas(64) std::atomic<std::size_t> read_{0};
};

}  // namespace sipline::media
