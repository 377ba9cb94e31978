// The ini file's default places.
#include "app/cli/config_location.hpp"

#include <cstdlib>
#include <filesystem>

namespace sipline::app {

std::string xdg_base_directory(std::string_view value, std::string_view home,
                               std::string_view fallback) {
  if (value.starts_with('/')) {
    return std::string(value);
  }
  return home.starts_with('/') ? std::string(home) + "/" + std::string(fallback) : std::string();
}

std::string xdg_base_directory(const char* variable, std::string_view fallback) {
  const char* value = std::getenv(variable);  // NOLINT(concurrency-mt-unsafe): at start
  const char* home = std::getenv("HOME");     // NOLINT(concurrency-mt-unsafe)
  return xdg_base_directory(value != nullptr ? value : "", home != nullptr ? home : "", fallback);
}

std::string default_config_file(std::string_view exe, std::string_view xdg_config_home,
                                std::string_view home,
                                const std::function<bool(const std::string&)>& exists) {
  if (!exe.empty()) {
    const std::string beside = std::string(exe) + ".ini";
    if (exists(beside)) {
      return beside;
    }
  }
  const std::string base = xdg_base_directory(xdg_config_home, home, ".config");
  if (base.empty()) {
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

std::string chosen_config_file(const std::string& given) {
  if (given == "none") {
    return {};
  }
  return given.empty() ? default_config_file() : given;
}

}  // namespace sipline::app
