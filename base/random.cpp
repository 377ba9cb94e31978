// Random's derived draws, and its system and seeded sources.
#include "base/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sipline {

std::uint64_t Random::next_u64() {
  std::array<std::byte, 8> bytes{};
  fill(bytes);
  std::uint64_t value = 0;
  std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

std::uint32_t Random::next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }

std::uint32_t Random::uniform(std::uint32_t bound) {
  if (bound == 0) {
    return 0;
  }
  // Lemire, "Fast Random Integer Generation in an Interval" (2019): the high word of
  // x·bound is uniform once the low word's biased region [0, 2^32 mod bound) is rejected.
  std::uint64_t product = std::uint64_t{next_u32()} * bound;
  auto low = static_cast<std::uint32_t>(product);
  if (low < bound) {
    const std::uint32_t threshold = static_cast<std::uint32_t>(-bound) % bound;
    while (low < threshold) {
      product = std::uint64_t{next_u32()} * bound;
      low = static_cast<std::uint32_t>(product);
    }
  }
  return static_cast<std::uint32_t>(product >> 32);
}

double Random::unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

std::string Random::token(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out(length, '0');
  for (char& c : out) {
    c = kAlphabet[uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return out;
}

void SystemRandom::fill(std::span<std::byte> out) {
  while (!out.empty()) {
    if (used_ == pool_.size()) {
      refill();
    }
    const std::size_t n = std::min(out.size(), pool_.size() - used_);
    std::memcpy(out.data(), pool_.data() + used_, n);
    used_ += n;
    out = out.subspan(n);
  }
}

void SystemRandom::refill() {
  std::size_t got = 0;
  while (got < pool_.size()) {
    const ssize_t n = getrandom(pool_.data() + got, pool_.size() - got, 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      // No entropy source at all: there is no safe way to go on making keys and tags.
      std::abort();
    }
    got += static_cast<std::size_t>(n);
  }
  used_ = 0;
}

void SeededRandom::fill(std::span<std::byte> out) {
  while (!out.empty()) {
    const std::uint64_t word = engine_();
    const std::size_t n = std::min<std::size_t>(out.size(), sizeof word);
    std::memcpy(out.data(), &word, n);
    out = out.subspan(n);
  }
}

}  // namespace sipline
