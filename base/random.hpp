// Random: the seam every source of randomness goes through (branch, tag, Call-ID, SSRC, SRTP
// keys, RTCP interval jitter), so that tests can replay a run bit for bit.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>

namespace sipline {

class Random {
 public:
  virtual ~Random() = default;

  // Fills `out` with uniformly distributed bytes.
  virtual void fill(std::span<std::byte> out) = 0;

  std::uint64_t next_u64();
  std::uint32_t next_u32();
  // Uniform in [0, bound); bound 0 returns 0. Unbiased (Lemire's multiply-and-reject), and the
  // same on every standard library, unlike std::uniform_int_distribution.
  std::uint32_t uniform(std::uint32_t bound);
  // Uniform in [0, 1) with 53 bits of precision.
  double unit();
  // `length` characters from [0-9A-Za-z]: valid in any SIP token (RFC 3261 §25.1), so usable
  // for branch suffixes, tags and Call-IDs.
  std::string token(std::size_t length);
};

// The operating system's CSPRNG (getrandom(2)), buffered. One instance per thread.
class SystemRandom final : public Random {
 public:
  void fill(std::span<std::byte> out) override;

 private:
  void refill();

  std::array<std::byte, 256> pool_{};
  std::size_t used_ = pool_.size();
};

// A fixed-seed generator for tests and benchmark traces. mt19937_64's output sequence is fixed
// by the C++ standard, so a seed gives the same bytes on every platform.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
  void fill(std::span<std::byte> out) override;

 private:
  std::mt19937_64 engine_;
};

}  // namespace sipline
