// Where the ini file is when --config does not say, found as MicroSIP finds its own: beside the
// program, named after it (portable mode: /opt/phone/sipline reads /opt/phone/sipline.ini, so a
// copy carried on a stick carries its settings), else the user's
// $XDG_CONFIG_HOME/sipline/microsip.ini ($XDG_CONFIG_HOME defaults to ~/.config, XDG Base
// Directory Specification). Neither there: the phone runs on its defaults.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace sipline::app {

// A base directory of the XDG Base Directory Specification: `value` (the variable, "" when
// unset) when absolute, else `home`/`fallback` (".config", ".local/share"); a relative value is
// invalid and ignored. "" when neither is absolute.
[[nodiscard]] std::string xdg_base_directory(std::string_view value, std::string_view home,
                                             std::string_view fallback);

// The same for this process's environment: xdg_base_directory(getenv(variable), $HOME, fallback).
[[nodiscard]] std::string xdg_base_directory(const char* variable, std::string_view fallback);

// The first of the two places where `exists` finds a file, or "". `exe`: the program's path;
// `xdg_config_home` and `home` as the environment has them ("" when unset).
[[nodiscard]] std::string default_config_file(
    std::string_view exe, std::string_view xdg_config_home, std::string_view home,
    const std::function<bool(const std::string&)>& exists);

// The same for this process: /proc/self/exe, $XDG_CONFIG_HOME, $HOME, regular files only.
[[nodiscard]] std::string default_config_file();

// What --config names: the file given, default_config_file() when none is, "" for "none".
[[nodiscard]] std::string chosen_config_file(const std::string& given);

}  // namespace sipline::app
