// Real-time scheduling for the threads the audio depends on: the thread that paces a file or
// null device and the media thread. Under ordinary scheduling a busy machine can keep either
// from running for tens of milliseconds, and the speaker then plays silence; a sound card's own
// callback thread is PortAudio's to raise. The system may refuse (no CAP_SYS_NICE, no
// RLIMIT_RTPRIO): the phone then says so once and runs at normal priority.
#pragma once

#include "base/result.hpp"

namespace sipline::media {

// Low real-time priorities: above every normal thread, below the kernel's and JACK's.
inline constexpr int kPacingPriority = 12;
inline constexpr int kMediaPriority = 10;

// Moves the calling thread to SCHED_FIFO at `priority`.
[[nodiscard]] Result<void> make_this_thread_realtime(int priority) noexcept;

}  // namespace sipline::media
