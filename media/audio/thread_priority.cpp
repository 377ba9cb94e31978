// SCHED_FIFO for the calling thread.
#include "media/audio/thread_priority.hpp"

#include <pthread.h>
#include <sched.h>

#include <cerrno>

namespace sipline::media {

Result<void> make_this_thread_realtime(int priority) noexcept {
  sched_param parameters{};
  parameters.sched_priority = priority;
  const int error = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters);
  if (error == 0) {
    return {};
  }
  if (error == EPERM) {
    return fail(Errc::kIo,
                "real-time scheduling not permitted (needs CAP_SYS_NICE or RLIMIT_RTPRIO)", 0);
  }
  return fail(Errc::kIo, "real-time scheduling refused", static_cast<std::uint32_t>(error));
}

}  // namespace sipline::media
