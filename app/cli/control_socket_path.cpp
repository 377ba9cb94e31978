// The control socket's path and directory (control_socket_path.hpp).
#include "app/cli/control_socket_path.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace sipline::app {
namespace {

bool is_directory(const char* path) {
  struct stat info{};
  return path != nullptr && *path != '\0' && ::stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

std::string directory_of(const std::string& socket) {
  return std::filesystem::path(socket).parent_path().string();
}

}  // namespace

std::expected<std::string, std::string> control_socket_path(std::string_view config_file) {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  const std::string directory = is_directory(runtime) ? fmt::format("{}/sipline", runtime)
                                                      : fmt::format("/tmp/sipline-{}", ::geteuid());
  std::string name = config_file.empty() ? std::string("sipline")
                                         : std::filesystem::path(config_file).stem().string();
  // Only the name's safe characters: the path must stay one file in our directory.
  for (char& c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    if (!safe) {
      c = '_';
    }
  }
  if (name.empty() || name.front() == '.') {
    name.insert(0, "sipline");
  }
  std::string path = fmt::format("{}/{}.sock", directory, name);
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    return std::unexpected(
        fmt::format("control socket {}: longer than a Unix socket path may be ({} bytes); give "
                    "--control-socket a shorter one",
                    path, sizeof(sockaddr_un::sun_path) - 1));
  }
  return path;
}

std::expected<void, std::string> prepare_control_directory(const std::string& socket) {
  const std::string directory = directory_of(socket);
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return std::unexpected(
        fmt::format("control socket directory {}: {}", directory, std::strerror(errno)));
  }
  struct stat info{};
  if (::lstat(directory.c_str(), &info) != 0) {
    return std::unexpected(
        fmt::format("control socket directory {}: {}", directory, std::strerror(errno)));
  }
  if (!S_ISDIR(info.st_mode) || info.st_uid != ::geteuid() || (info.st_mode & 077) != 0) {
    return std::unexpected(fmt::format(
        "control socket directory {} is not a directory of ours closed to others (mode {:o}, "
        "uid {}): refusing to use it",
        directory, info.st_mode & 07777, info.st_uid));
  }
  return {};
}

SocketState probe_control_socket(const std::string& socket) {
  struct stat info{};
  if (::lstat(socket.c_str(), &info) != 0) {
    return SocketState::kFree;
  }
  if (!S_ISSOCK(info.st_mode)) {
    return SocketState::kOther;
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return SocketState::kOther;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket.c_str(), sizeof(address.sun_path) - 1);
  const int connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  const int error = errno;
  ::close(fd);
  if (connected == 0) {
    return SocketState::kLive;
  }
  return error == ECONNREFUSED ? SocketState::kDead : SocketState::kOther;
}

}  // namespace sipline::app
