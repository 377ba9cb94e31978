// Hooks run for real: hostile caller data arrives whole and runs nothing; a hook that hangs and
// forks is killed with its group; none is left a zombie. Each test waits for the runner to have
// no child left, never for a time.
#include "app/cli/hook_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "app/cli/hook_command.hpp"

namespace sipline::app {
namespace {

namespace fs = std::filesystem;
using Words = std::vector<std::string>;

struct Runner {
  explicit Runner(Duration timeout)
      : runner(io, timeout, [this](std::string_view line) { said.emplace_back(line); }) {}
  void finish() {
    while (runner.running() != 0 && io.run_one() != 0) {
    }
  }
  boost::asio::io_context io;
  std::vector<std::string> said;
  HookRunner runner;
};

fs::path scratch(std::string_view name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("sipline-hook-" + std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

Words split_nul(const std::string& text) {
  Words out;
  std::size_t start = 0;
  for (std::size_t end = text.find('\0'); end != std::string::npos; end = text.find('\0', start)) {
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A caller id built to run something, if anything ever handed it to a shell; what it would
// run touches `canary`.
Words hostile_values(const fs::path& canary) {
  const std::string touch = "touch " + canary.string();
  return {"$(" + touch + ")",
          "`" + touch + "`",
          ";" + touch,
          "|" + touch,
          "&" + touch,
          "a\n" + touch,
          "a\r" + touch,
          std::string("a\0", 2) + touch,
          "%00" + touch,
          "-rf",
          std::string(65536, 'x'),
          "\xFF\xFE" + touch,
          "--help"};
}

TEST(HookRunner, HostileCallerDataArrivesWholeAndRunsNothing) {
  const fs::path dir = scratch("inject");
  const fs::path canary = dir / "canary";
  EventHooks config;
  // The recorder writes its arguments NUL-separated, then the call's environment.
  config.commands[static_cast<std::size_t>(HookEvent::kIncomingCall)] =
      "/bin/sh -c 'printf \"%s\\0\" \"$@\" > \"$0\"; printf \"%s\\0\" \"$SIPLINE_DISPLAY_NAME\" "
      "\"$SIPLINE_REMOTE_URI\" >> \"$0\"' " +
      (dir / "out").string() + " {name} {callerid} x{name}";
  const auto hooks = CallHooks::make(config, "", "xdg-open");
  ASSERT_TRUE(hooks) << hooks.error();
  for (const std::string& value : hostile_values(canary)) {
    const CallRef call{1, CallDirection::kIncoming, "x", "sip:bob@192.0.2.9", value};
    Runner run(std::chrono::seconds(30));
    for (const HookRun& hook : hooks->on_event(event::CallIncoming{call}, 0)) {
      run.runner.run(hook);
    }
    run.finish();
    const std::string clean = clean_hook_value(value);
    EXPECT_EQ(split_nul(read_file(dir / "out")),
              (Words{clean, clean, "x" + percent_encode(clean), "bob", clean, "sip:bob@192.0.2.9"}))
        << value.substr(0, 40);
    EXPECT_TRUE(run.said.empty());
  }
  EXPECT_FALSE(fs::exists(canary));
  fs::remove_all(dir);
}

// A hook that never ends and starts another that never ends: both killed at the timeout.
TEST(HookRunner, AHangingHookIsKilledWithWhatItStarted) {
  const fs::path dir = scratch("hang");
  HookRun hang;
  hang.event = HookEvent::kCallRing;
  hang.argv = {"/bin/sh", "-c", "sleep 1000 & echo $! > \"$0\"; sleep 1000",
               (dir / "pid").string()};
  Runner run(std::chrono::seconds(2));
  run.runner.run(hang);
  ASSERT_EQ(run.runner.running(), 1U);
  run.finish();
  ASSERT_EQ(run.said.size(), 1U);
  EXPECT_NE(run.said[0].find("hook cmdCallRing (pid "), std::string::npos) << run.said[0];
  EXPECT_NE(run.said[0].find(") killed: still running after 2 s"), std::string::npos);
  const std::string pid = read_file(dir / "pid");
  ASSERT_FALSE(pid.empty());
  // The grandchild dies of the group's SIGKILL: soon gone, or a zombie waiting for init. (The
  // signal is delivered, not necessarily acted on, when its parent has been reaped: wait for it.)
  const fs::path grandchild = "/proc/" + pid.substr(0, pid.find('\n')) + "/stat";
  const auto dead = [&] {
    const std::string stat = read_file(grandchild);
    return stat.empty() || stat.substr(stat.rfind(')') + 2, 1) == "Z";
  };
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!dead() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(dead()) << read_file(grandchild);
  fs::remove_all(dir);
}

TEST(HookRunner, ManyHooksLeaveNoZombie) {
  HookRun quick;
  quick.argv = {"/bin/true"};
  Runner run(std::chrono::seconds(30));
  for (int round = 0; round < 10; ++round) {
    for (std::size_t i = 0; i < HookRunner::kMaxRunning; ++i) {
      run.runner.run(quick);
    }
    run.finish();
  }
  EXPECT_TRUE(run.said.empty());
  int status = 0;
  errno = 0;
  EXPECT_EQ(::waitpid(-1, &status, WNOHANG), -1);  // no child of ours left, zombie or not
  EXPECT_EQ(errno, ECHILD);
}

// 32 run at once, 1024 more wait their turn and start in order as slots free, and one beyond
// is not run. Each hook reads a line from a FIFO the test holds open: none ends before the test
// writes its lines.
TEST(HookRunner, AtMost32RunAtOnceTheRestWaitAndAMissingProgramIsSaid) {
  const fs::path dir = scratch("queue");
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int gate = ::open(fifo.c_str(), O_RDWR);  // a writer: the hooks' opens never block
  ASSERT_GE(gate, 0);
  HookRun blocked;
  blocked.argv = {"/bin/sh", "-c", "read line < \"$0\"", fifo.string()};
  Runner run(std::chrono::seconds(60));
  constexpr std::size_t kTaken = HookRunner::kMaxRunning + HookRunner::kMaxWaiting;
  for (std::size_t i = 0; i <= kTaken; ++i) {
    run.runner.run(blocked);
  }
  EXPECT_EQ(run.runner.running(), kTaken);
  ASSERT_EQ(run.said.size(), 1U);
  EXPECT_EQ(run.said[0], "hook cmdOutgoingCall not run: 32 hooks are running and 1024 waiting");
  const std::string lines(kTaken, '\n');
  ASSERT_EQ(::write(gate, lines.data(), lines.size()), static_cast<ssize_t>(lines.size()));
  run.finish();  // every one of them ran: each took a line
  EXPECT_EQ(run.said.size(), 1U);
  ::close(gate);
  fs::remove_all(dir);
  HookRun missing;
  missing.argv = {"no-such-hook-program"};
  run.said.clear();
  run.runner.run(missing);
  EXPECT_EQ(run.said, Words{"hook cmdOutgoingCall: cannot run no-such-hook-program: No such file "
                            "or directory"});
  EXPECT_EQ(run.runner.running(), 0U);
}

}  // namespace
}  // namespace sipline::app
