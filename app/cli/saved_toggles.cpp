// The toolbar buttons written back into the ini file.
#include "app/cli/saved_toggles.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "app/cli/file_write.hpp"
#include "base/ini_edit.hpp"

namespace sipline::app {

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
  if (const std::string why = write_file_whole(target, bytes); !why.empty()) {
    return fmt::format("{}: the toggles are not saved: {}", path_, why);
  }
  saved_ = now;
  return {};
}

}  // namespace sipline::app
