// Hooks run beside the phone: spawned, reaped, killed when overdue.
#include "app/cli/hook_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

extern char** environ;  // NOLINT: POSIX names it so

namespace sipline::app {
namespace {

// The phone's environment without any SIPLINE_* of its own (a hook sees only the call's), then
// the call's.
std::vector<std::string> hook_environment(const std::vector<std::string>& call) {
  std::vector<std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (!std::string_view(*entry).starts_with("SIPLINE_")) {
      out.emplace_back(*entry);
    }
  }
  out.insert(out.end(), call.begin(), call.end());
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

// posix_spawn's attributes and file actions, released however the spawn goes.
struct SpawnSetup {
  posix_spawnattr_t attributes{};
  posix_spawn_file_actions_t actions{};
  SpawnSetup() {
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_init(&actions);
    // Its own process group (pgid = its pid): a timeout kills the hook and all it started.
    posix_spawnattr_setpgroup(&attributes, 0);
    // No signal blocked or ignored as the phone has them (Asio blocks none, but SIGPIPE may be
    // ignored): a hook starts as from a shell.
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t defaults;
    sigfillset(&defaults);
    sigdelset(&defaults, SIGKILL);
    sigdelset(&defaults, SIGSTOP);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(
        &attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    // Our sockets (SIP, RTP, the control socket) stay ours: a hook left running must not hold
    // the phone's ports after it has gone.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

HookRunner::HookRunner(boost::asio::io_context& io, Duration timeout, Say say)
    : timeout_(timeout), say_(std::move(say)), child_signal_(io, SIGCHLD), timer_(io) {
  // Asio 1.18 installs its handler without SA_RESTART: a hook ending while the phone is blocked
  // writing its output would fail that write with EINTR. Restarted, the write goes on.
  struct sigaction action{};
  if (::sigaction(SIGCHLD, nullptr, &action) == 0) {
    action.sa_flags |= SA_RESTART;
    ::sigaction(SIGCHLD, &action, nullptr);
  }
  wait_for_children();
}

HookRunner::~HookRunner() {
  if (!waiting_.empty()) {
    say_(fmt::format("{} hooks waiting to run are not run: the phone is leaving", waiting_.size()));
  }
}

void HookRunner::run(const HookRun& hook) {
  if (children_.size() < kMaxRunning && waiting_.empty()) {
    spawn(hook);
  } else if (waiting_.size() < kMaxWaiting) {
    waiting_.push_back(hook);
  } else {
    say_(fmt::format("hook {} not run: {} hooks are running and {} waiting", hook_key(hook.event),
                     children_.size(), waiting_.size()));
  }
}

void HookRunner::spawn(const HookRun& hook) {
  const std::string_view key = hook_key(hook.event);
  std::vector<std::string> argv = hook.argv;
  std::vector<std::string> environment = hook_environment(hook.environment);
  const std::vector<char*> argv_pointers = pointers(argv);
  const std::vector<char*> environment_pointers = pointers(environment);
  SpawnSetup setup;
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, argv_pointers[0], &setup.actions, &setup.attributes,
                                 argv_pointers.data(), environment_pointers.data());
  if (error != 0) {
    say_(fmt::format("hook {}: cannot run {}: {}", key, argv.front(), std::strerror(error)));
    return;
  }
  children_.push_back(
      Child{pid, hook.event, std::chrono::steady_clock::now() + timeout_, false, !hook.opens_url});
  arm_timer();
}

void HookRunner::wait_for_children() {
  child_signal_.async_wait([this](const boost::system::error_code& error, int) {
    if (error) {
      return;  // the runner is going
    }
    reap();
    wait_for_children();
  });
}

// One SIGCHLD may stand for several children: each is asked, none waited for.
void HookRunner::reap() {
  std::erase_if(children_, [](const Child& child) {
    int status = 0;
    const pid_t done = ::waitpid(child.pid, &status, WNOHANG);
    return done == child.pid || (done < 0 && errno == ECHILD);
  });
  while (children_.size() < kMaxRunning && !waiting_.empty()) {
    const HookRun next = std::move(waiting_.front());
    waiting_.pop_front();
    spawn(next);
  }
  arm_timer();
}

void HookRunner::arm_timer() {
  const auto overdue = std::ranges::min_element(children_, {}, [](const Child& child) {
    return child.killed ? std::chrono::steady_clock::time_point::max() : child.deadline;
  });
  if (overdue == children_.end() || overdue->killed) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(overdue->deadline);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      kill_overdue();
    }
  });
}

void HookRunner::kill_overdue() {
  const auto now = std::chrono::steady_clock::now();
  for (Child& child : children_) {
    if (!child.killed && child.deadline <= now) {
      child.killed = true;
      // The group: what the hook started goes with it. (Gone already: it ended meanwhile.)
      if (::kill(child.group ? -child.pid : child.pid, SIGKILL) == 0) {
        say_(fmt::format("hook {} (pid {}) killed: still running after {} s", hook_key(child.event),
                         child.pid,
                         std::chrono::duration_cast<std::chrono::seconds>(timeout_).count()));
      }
    }
  }
  reap();  // its SIGCHLD may have come and gone already
}

}  // namespace sipline::app
