// Runs the hooks' commands without ever holding up the phone: posix_spawn (no shell, no fork of
// the whole phone), each in a process group of its own, its stdin, stdout and stderr /dev/null
// (a hook that writes without end cannot fill a pipe the phone writes to), none of our
// descriptors inherited. Children are reaped on the loop when SIGCHLD comes; one still running
// after the timeout is killed with its whole group (a hook that hangs, or forks on and on, is
// stopped) — but for a URL hook only its opener, since the browser it started is the user's. At
// most 32 run at once; the hooks of a burst of calls wait their turn in order, up to 1024 of them
// (one beyond that is not run, and said so: a flood of calls cannot make the phone fork without
// end).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/cli/call_hooks.hpp"

namespace sipline::app {

class HookRunner {
 public:
  using Say = std::function<void(std::string_view)>;  // a line for stderr
  HookRunner(boost::asio::io_context& io, Duration timeout, Say say);
  HookRunner(const HookRunner&) = delete;
  HookRunner& operator=(const HookRunner&) = delete;
  // Hooks still running are left to finish (a cmdCallEnd at quit still logs its call); the
  // ones still waiting are not run, and said so.
  ~HookRunner();

  void run(const HookRun& hook);
  // Running or waiting to.
  [[nodiscard]] std::size_t running() const noexcept { return children_.size() + waiting_.size(); }

  static constexpr std::size_t kMaxRunning = 32;
  static constexpr std::size_t kMaxWaiting = 1024;

 private:
  struct Child {
    pid_t pid = 0;
    HookEvent event = HookEvent::kOutgoingCall;
    std::chrono::steady_clock::time_point deadline;
    bool killed = false;
    bool group = true;  // killed with its process group (not a URL hook's opener)
  };
  void spawn(const HookRun& hook);
  void wait_for_children();
  void reap();
  void arm_timer();
  void kill_overdue();

  Duration timeout_;
  Say say_;
  boost::asio::signal_set child_signal_;
  boost::asio::steady_timer timer_;
  std::vector<Child> children_;
  std::deque<HookRun> waiting_;
};

}  // namespace sipline::app
