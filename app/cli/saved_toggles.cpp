// The toolbar buttons written back into the ini file.
#include "app/cli/saved_toggles.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "base/ini_edit.hpp"

namespace sipline::app {
namespace {

// `bytes` into `path` by way of a temporary file beside it with the same mode, renamed over
// it. "" or why not.
std::string replace_file(const std::filesystem::path& path, std::string_view bytes) {
  struct stat before{};
  if (::stat(path.c_str(), &before) != 0) {
    return std::strerror(errno);
  }
  const std::filesystem::path temporary =
      path.parent_path() / fmt::format(".{}.sipline-{}", path.filename().string(), ::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fmt::format("cannot make {}: {}", temporary.string(), std::strerror(errno));
  }
  bool written = ::fchmod(fd, before.st_mode & 07777) == 0;
  for (std::size_t at = 0; written && at < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
    written = n > 0;
    at += written ? static_cast<std::size_t>(n) : 0;
  }
  written = written && ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const int why = written ? errno : error;
    ::unlink(temporary.c_str());
    return std::strerror(why);
  }
  return {};
}

}  // namespace

std::string SavedToggles::save(const Toggles& now) {
  if (path_.empty() || now == saved_) {
    return {};
  }
  std::error_code error;
  // A symbolic link stays one: the file it names is the one replaced.
  const std::filesystem::path target = std::filesystem::canonical(path_, error);
  if (error) {
    return fmt::format("{}: the toggles are not saved: {}", path_, error.message());
  }
  std::ifstream in(target, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), {}};
  if (!in.good() && !in.eof()) {
    return fmt::format("{}: the toggles are not saved: cannot read it", path_);
  }
  for (const auto& [key, was, is] :
       std::array{std::tuple{"AA", saved_.auto_answer, now.auto_answer},
                  std::tuple{"DND", saved_.do_not_disturb, now.do_not_disturb},
                  std::tuple{"FWD", saved_.forwarding, now.forwarding}}) {
    if (was == is) {
      continue;
    }
    auto edited = set_ini_value(bytes, "Settings", key, is ? "1" : "0");
    if (!edited) {
      return fmt::format("{}:{}: the toggles are not saved: {}", path_, edited.error().line,
                         edited.error().reason);
    }
    bytes = std::move(*edited);
  }
  if (const std::string why = replace_file(target, bytes); !why.empty()) {
    return fmt::format("{}: the toggles are not saved: {}", path_, why);
  }
  saved_ = now;
  return {};
}

}  // namespace sipline::app
