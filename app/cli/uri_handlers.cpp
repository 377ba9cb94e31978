// sipline as the desktop's handler of sip:, sips:, tel: and callto: links (uri_handlers.hpp).
#include "app/cli/uri_handlers.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <expected>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/config_location.hpp"
#include "app/cli/desktop_entry.hpp"
#include "app/cli/file_write.hpp"

extern char** environ;  // NOLINT: POSIX names it so

namespace sipline::app {
namespace {

namespace fs = std::filesystem;
using Answer = std::expected<std::string, std::string>;

constexpr std::array<std::string_view, 4> kSchemes = {"sip", "sips", "tel", "callto"};
constexpr std::string_view kDesktopId = "sipline.desktop";

std::string mime_type(std::string_view scheme) {
  return fmt::format("x-scheme-handler/{}", scheme);
}

// Runs `xdg-mime ARGS` without a shell (no path or MIME type is read as shell words) and waits
// for it, its stdout read through a pipe: what it printed, or why it failed.
Answer xdg_mime(std::vector<std::string> argv) {
  int pipe_ends[2] = {-1, -1};
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) {
    return std::unexpected(fmt::format("pipe: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions{};
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  argv.insert(argv.begin(), "xdg-mime");
  std::vector<char*> pointers;
  for (std::string& arg : argv) {
    pointers.push_back(arg.data());
  }
  pointers.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, "xdg-mime", &actions, nullptr, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  std::string output;
  std::array<char, 4096> chunk{};
  ssize_t got = 0;
  while (error == 0 && ((got = ::read(pipe_ends[0], chunk.data(), chunk.size())) > 0 ||
                        (got < 0 && errno == EINTR))) {
    output.append(chunk.data(), static_cast<std::size_t>(std::max<ssize_t>(got, 0)));
  }
  ::close(pipe_ends[0]);
  if (error != 0) {
    return std::unexpected(error == ENOENT ? "xdg-mime not found on PATH: install xdg-utils, the "
                                             "freedesktop.org tools for default applications"
                                           : fmt::format("xdg-mime: {}", std::strerror(error)));
  }
  int status = 0;
  pid_t waited = 0;
  while ((waited = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return std::unexpected(fmt::format("{} failed", fmt::join(argv, " ")));
  }
  return std::string(trim_line(output));
}

// What the desktop opens `mime` with now, as xdg-open finds it.
Answer query_default(const std::string& mime) { return xdg_mime({"query", "default", mime}); }

struct Places {
  fs::path desktop_file;  // in $XDG_DATA_HOME/applications, the user's desktop entries
  fs::path state_file;
  fs::path mimeapps;  // $XDG_CONFIG_HOME/mimeapps.list, where `xdg-mime default` writes
};

// XDG Base Directory Specification: $XDG_DATA_HOME and $XDG_CONFIG_HOME, or $HOME/.local/share
// and $HOME/.config when unset or empty; a relative path there is invalid and ignored.
std::expected<Places, std::string> places() {
  const fs::path data = xdg_base_directory("XDG_DATA_HOME", ".local/share");
  const fs::path config = xdg_base_directory("XDG_CONFIG_HOME", ".config");
  if (data.empty() || config.empty()) {
    return std::unexpected("HOME is not an absolute path (nor XDG_DATA_HOME, XDG_CONFIG_HOME)");
  }
  return Places{data / "applications" / kDesktopId, data / "sipline" / "uri-handlers.previous",
                config / "mimeapps.list"};
}

std::string read_file(const fs::path& path) {
  std::ostringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return std::move(text).str();
}

std::expected<void, std::string> write_file(const fs::path& path, std::string_view text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (const std::string why = write_file_whole(path, text); !why.empty()) {
    return std::unexpected(fmt::format("cannot write {}: {}", path.string(), why));
  }
  fmt::print("wrote {}\n", path.string());
  return {};
}

int fail(std::string_view why) {
  fmt::print(stderr, "sipline: {}\n", why);
  return 1;
}

}  // namespace

int register_uri_handlers(const std::string& config_file) try {
  const auto where = places();
  if (!where) {
    return fail(where.error());
  }
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  const fs::path config =
      config_file.empty() || error ? fs::path() : fs::absolute(config_file, error);
  const auto entry = handler_desktop_entry(program.string(), config.lexically_normal().string());
  if (error || !entry) {
    return fail(fmt::format("{} {}: cannot be sipline.desktop's Exec: {}", program.string(),
                            config_file, error ? error.message() : "a control character"));
  }
  // The defaults before us, asked first so that a missing xdg-mime changes nothing; a second
  // registration keeps the first one's (they would answer sipline.desktop by now).
  std::string state = "# What xdg-mime answered before sipline --register-uri-handlers\n";
  for (const std::string_view scheme : kSchemes) {
    const auto previous = query_default(mime_type(scheme));
    if (!previous) {
      return fail(previous.error());
    }
    state += fmt::format("{}={}\n", mime_type(scheme), *previous == kDesktopId ? "" : *previous);
  }
  // A mimeapps.list that xdg-mime makes for us goes again with us.
  state += fmt::format("mimeapps.list={}\n", fs::exists(where->mimeapps, error) ? "old" : "new");
  const bool first = !fs::exists(where->state_file, error);
  if (const auto written =
          first ? write_file(where->state_file, state) : std::expected<void, std::string>();
      !written) {
    return fail(written.error());
  }
  if (const auto written = write_file(where->desktop_file, *entry); !written) {
    return fail(written.error());
  }
  int status = 0;
  for (const std::string_view scheme : kSchemes) {
    // Asked back after: a desktop's own $XDG_CURRENT_DESKTOP-mimeapps.list is read before
    // mimeapps.list (MIME Applications Associations Specification) and may still win.
    const auto set = xdg_mime({"default", std::string(kDesktopId), mime_type(scheme)});
    const auto made = set ? query_default(mime_type(scheme)) : set;
    if (made && *made == kDesktopId) {
      fmt::print("{}: links open sipline ({})\n", scheme, mime_type(scheme));
    } else {
      status = fail(made ? fmt::format("{}: xdg-mime still answers '{}', not {}", mime_type(scheme),
                                       *made, kDesktopId)
                         : made.error());
    }
  }
  return status;
} catch (const std::exception& error) {  // nothing escapes to main: one line, status 1
  return fail(error.what());
}

int unregister_uri_handlers() try {
  const auto where = places();
  if (!where) {
    return fail(where.error());
  }
  const std::string state = read_file(where->state_file);
  const std::string mimeapps = read_file(where->mimeapps);
  // Ours are the entries naming sipline.desktop; one the user has set to another application
  // since is theirs and stays.
  std::string edited = mimeapps;
  std::vector<std::string_view> ours;
  for (const std::string_view scheme : kSchemes) {
    std::string without = without_default_application(edited, mime_type(scheme), kDesktopId);
    if (without != edited) {
      ours.push_back(scheme);
      edited = std::move(without);
    }
  }
  std::error_code error;
  if (!ours.empty() && trim_line(edited) == "[Default Applications]" &&
      recorded_default(state, "mimeapps.list") == "new" && fs::remove(where->mimeapps, error)) {
    fmt::print("removed {}\n", where->mimeapps.string());
  } else if (const auto written = ours.empty() ? std::expected<void, std::string>()
                                               : write_file(where->mimeapps, edited);
             !written) {
    return fail(written.error());
  }
  const bool had_entry = fs::remove(where->desktop_file, error);
  if (had_entry) {
    fmt::print("removed {}\n", where->desktop_file.string());
  }
  // Asked once sipline.desktop is gone (xdg-mime's last resort is any desktop file naming the
  // MIME type): a recorded default the desktop answers by itself again, one of the system's
  // say, is not written into mimeapps.list.
  int status = 0;
  for (const std::string_view scheme : ours) {
    const std::string mime = mime_type(scheme);
    const std::string previous = recorded_default(state, mime).value_or("");
    const auto now = previous.empty() ? Answer(previous) : query_default(mime);
    const auto restored = now && *now != previous ? xdg_mime({"default", previous, mime}) : now;
    if (!restored) {
      status = fail(restored.error());
    } else if (previous.empty()) {
      fmt::print("{}: links no longer open sipline ({})\n", scheme, mime);
    } else {
      fmt::print("{}: links open {} again ({})\n", scheme, previous, mime);
    }
  }
  if (fs::remove(where->state_file, error)) {
    fmt::print("removed {}\n", where->state_file.string());
    fs::remove(where->state_file.parent_path(), error);  // ours, and only when empty
  } else if (ours.empty() && !had_entry) {
    fmt::print("sipline is not registered as this desktop's URI handler: nothing to undo\n");
  }
  return status;
} catch (const std::exception& error) {
  return fail(error.what());
}

}  // namespace sipline::app
