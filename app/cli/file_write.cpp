// Files replaced whole (file_write.hpp).
#include "app/cli/file_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace sipline::app {

std::string write_file_whole(const std::filesystem::path& path, std::string_view bytes,
                             mode_t new_mode) {
  struct stat before{};
  const bool exists = ::stat(path.c_str(), &before) == 0;
  if (!exists && errno != ENOENT) {
    return std::strerror(errno);
  }
  if (exists && ::access(path.c_str(), W_OK) != 0) {
    return fmt::format("not writable: {}", std::strerror(errno));
  }
  std::string temporary =
      (path.parent_path() / fmt::format(".{}.XXXXXX", path.filename().string())).string();
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    return fmt::format("cannot make a file beside it: {}", std::strerror(errno));
  }
  bool written = ::fchmod(fd, exists ? before.st_mode & 07777 : new_mode) == 0;
  if (written && exists) {
    (void)::fchown(fd, static_cast<uid_t>(-1), before.st_gid);  // the group, where we may
  }
  for (std::size_t at = 0; written && at < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
    written = n > 0 || (n < 0 && errno == EINTR);
    at += n > 0 ? static_cast<std::size_t>(n) : 0;
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

}  // namespace sipline::app
