// Waiting in a test for what another thread does (an audio device's callbacks): the condition
// itself is the event; the deadline only ends a test that is already failing, so it is generous
// enough for a machine busy with sanitizers and fuzzers.
#pragma once

#include <chrono>
#include <thread>

namespace sipline::test {

inline constexpr std::chrono::seconds kEventDeadline{30};

// True once `done()` holds; false if `limit` passed first. Polls: the devices signal nothing,
// they only count (a millisecond's nap between looks leaves the core to them).
template <class Done>
[[nodiscard]] bool wait_for(Done done, std::chrono::milliseconds limit = kEventDeadline) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace sipline::test
