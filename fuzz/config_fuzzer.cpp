// The ini file and its keys, on arbitrary bytes: never a crash, an error is one line naming the
// file, and a file that loads leaves only accounts the phone can start with (each resolves).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/cli/config_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sipline::app::PhoneConfig config;
  const auto applied = sipline::app::apply_config_text("fuzz.ini", text, config);
  if (!applied) {
    if (!applied.error().starts_with("fuzz.ini:") ||
        applied.error().find('\n') != std::string::npos) {
      std::abort();  // not one line naming the file
    }
    return 0;
  }
  if (config.default_account > config.accounts.size()) {
    std::abort();
  }
  for (const auto& account : config.accounts) {
    if (!sipline::app::resolve_account(account)) {
      std::abort();  // loaded, yet the phone would refuse it
    }
  }
  return 0;
}
