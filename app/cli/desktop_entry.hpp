// The pure parts of the desktop's URI handlers (uri_handlers.hpp): an Exec argument quoted as
// the Desktop Entry Specification says, sipline.desktop's text, our entry taken out of a
// mimeapps.list, and the defaults recorded before registering read back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sipline::app {

// `text` without blanks and line ends (CR, LF) at either end: a line as xdg-mime prints it.
[[nodiscard]] std::string_view trim_line(std::string_view text);

// One argument of a desktop entry's Exec key (Desktop Entry Specification, "The Exec key"):
// quoted when it holds a reserved character, '"', '`', '$' and '\' escaped inside the quotes,
// '%' doubled, then the string escape of '\' applied. None for a control character, which no
// Exec argument can carry.
[[nodiscard]] std::optional<std::string> desktop_exec_argument(std::string_view argument);

// The text of sipline.desktop: Exec runs `program [--config config_file] %u` (both absolute);
// none when either cannot be written as an Exec argument.
[[nodiscard]] std::optional<std::string> handler_desktop_entry(std::string_view program,
                                                               std::string_view config_file);

// `mimeapps` (a mimeapps.list) without `desktop_id` in the [Default Applications] entry of
// `mime_type`: the id taken out of the entry's list, the line gone when nothing is left; every
// other line as it was. Unchanged when the id is not there.
[[nodiscard]] std::string without_default_application(std::string_view mimeapps,
                                                      std::string_view mime_type,
                                                      std::string_view desktop_id);

// The default recorded for `mime_type` in the state file's text (lines MIME=DESKTOP, "" when
// there was none); none when the file has no line for it.
[[nodiscard]] std::optional<std::string> recorded_default(std::string_view state,
                                                          std::string_view mime_type);

}  // namespace sipline::app
