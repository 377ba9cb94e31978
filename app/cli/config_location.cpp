// The ini file's default places.
#include "app/cli/config_location.hpp"

#include <cstdlib>
#include <filesystem>

namespace sipline::app {

std::string default_config_file(std::string_view exe, std::string_view xdg_config_home,
                                std::string_view home,
                                const std::function<bool(const std::string&)>& exists) {
  if (!exe.empty()) {
    const std::string beside = std::string(exe) + ".ini";
    if (exists(beside)) {
      return beside;
    }
  }
  // The spec: a relative $XDG_CONFIG_HOME is invalid and ignored.
  std::string base;
  if (xdg_config_home.starts_with('/')) {
    base = xdg_config_home;
  } else if (home.starts_with('/')) {
    base = std::string(home) + "/.config";
  } else {
    return {};
  }
  const std::string user = base + "/sipline/microsip.ini";
  return exists(user) ? user : std::string();
}

std::string default_config_file() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  const char* xdg = std::getenv("XDG_CONFIG_HOME");  // NOLINT(concurrency-mt-unsafe): at start
  const char* home = std::getenv("HOME");            // NOLINT(concurrency-mt-unsafe)
  return default_config_file(error ? std::string() : exe.string(), xdg != nullptr ? xdg : "",
                             home != nullptr ? home : "", [](const std::string& path) {
                               std::error_code ignored;
                               return std::filesystem::is_regular_file(path, ignored);
                             });
}

}  // namespace sipline::app
