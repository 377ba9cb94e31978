// Desktop entries and mimeapps.list text (desktop_entry.hpp).
#include "app/cli/desktop_entry.hpp"

#include <fmt/format.h>

namespace sipline::app {

std::string_view trim_line(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos
             ? std::string_view()
             : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<std::string> desktop_exec_argument(std::string_view argument) {
  // Desktop Entry Specification, "The Exec key": the characters that force quoting.
  constexpr std::string_view kReserved = " \t\n\"'\\><~|&;$*?#()`";
  bool quoted = argument.empty();
  for (const char c : argument) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return std::nullopt;
    }
    quoted = quoted || kReserved.find(c) != std::string_view::npos;
  }
  // Inside quotes '"', '`', '$' and '\' take a '\'; a literal '%' is "%%" (field codes). The
  // string type's escapes are undone first when the file is read, so each '\' is then written
  // "\\": a quoted '$' is "\\$" and a quoted '\' is "\\\\", as the specification's examples say.
  std::string out = quoted ? "\"" : "";
  for (const char c : argument) {
    const bool escaped = quoted && (c == '"' || c == '`' || c == '$' || c == '\\');
    out += escaped ? "\\\\" : "";
    out += c == '%' ? "%%" : c == '\\' ? "\\\\" : std::string(1, c);
  }
  return out + (quoted ? "\"" : "");
}

std::optional<std::string> handler_desktop_entry(std::string_view program,
                                                 std::string_view config_file) {
  const auto exec = desktop_exec_argument(program);
  const auto config = desktop_exec_argument(config_file);
  if (!exec || !config) {
    return std::nullopt;
  }
  // %u: the one URL clicked. x-scheme-handler/SCHEME is how the MIME Applications Associations
  // Specification names the handler of SCHEME: links. NoDisplay: not an application menu item.
  return fmt::format(
      "[Desktop Entry]\nType=Application\nVersion=1.4\nName=sipline\n"
      "Comment=Call sip:, sips:, tel: and callto: links with the running sipline\n"
      "Exec={}{}{} %u\nMimeType=x-scheme-handler/sip;x-scheme-handler/sips;"
      "x-scheme-handler/tel;x-scheme-handler/callto;\nNoDisplay=true\nTerminal=false\n",
      *exec, config_file.empty() ? "" : " --config ", config_file.empty() ? "" : *config);
}

std::string without_default_application(std::string_view mimeapps, std::string_view mime_type,
                                        std::string_view desktop_id) {
  std::string out;
  bool in_defaults = false;
  while (!mimeapps.empty()) {
    const std::size_t end = std::min(mimeapps.find('\n'), mimeapps.size() - 1) + 1;
    const std::string_view line = mimeapps.substr(0, end);
    mimeapps.remove_prefix(end);
    const std::string_view text = trim_line(line);
    in_defaults = text.starts_with('[') ? text == "[Default Applications]" : in_defaults;
    const std::size_t equals = text.find('=');
    if (!in_defaults || equals == std::string_view::npos ||
        trim_line(text.substr(0, equals)) != mime_type) {
      out += line;
      continue;
    }
    // The value is a list, "a.desktop;b.desktop;": only our id leaves it.
    std::string kept;
    bool removed = false;
    std::string_view list = text.substr(equals + 1);
    while (!list.empty()) {
      const std::size_t semicolon = std::min(list.find(';'), list.size());
      const std::string_view id = trim_line(list.substr(0, semicolon));
      list.remove_prefix(std::min(semicolon + 1, list.size()));
      removed = removed || id == desktop_id;
      kept += id.empty() || id == desktop_id ? "" : fmt::format("{};", id);
    }
    out += !removed       ? std::string(line)
           : kept.empty() ? ""
                          : fmt::format("{}={}\n", mime_type, kept);
  }
  return out;
}

std::optional<std::string> recorded_default(std::string_view state, std::string_view mime_type) {
  const std::string key = fmt::format("{}=", mime_type);
  for (std::size_t at = 0; at < state.size();) {
    const std::size_t end = std::min(state.find('\n', at), state.size());
    const std::string_view line = state.substr(at, end - at);
    if (line.starts_with(key)) {
      return std::string(trim_line(line.substr(key.size())));
    }
    at = end + 1;
  }
  return std::nullopt;
}

}  // namespace sipline::app
