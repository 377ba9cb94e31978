// The Linux desktop's sip:, sips:, tel: and callto: links opening sipline: an xdg .desktop file
// and `xdg-mime default` entries (x-scheme-handler/SCHEME), installed and removed again.
//
// Register writes $XDG_DATA_HOME/applications/sipline.desktop, records what `xdg-mime query
// default` answered for each scheme in $XDG_DATA_HOME/sipline/uri-handlers.previous, then makes
// sipline.desktop the default (xdg-mime writes it in $XDG_CONFIG_HOME/mimeapps.list). Unregister
// takes out of mimeapps.list the entries naming sipline.desktop (the file too when xdg-mime made
// it for us), removes the two files, and puts back each recorded default that the desktop no
// longer answers by itself. The desktop's MIME cache (update-desktop-database) is not touched:
// xdg-open, GIO and KDE read the defaults from mimeapps.list without it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sipline::app {

// `sipline --register-uri-handlers [--config F]`: installs the handlers (the link then runs
// `sipline [--config F] URI`, which hands it to the running phone); prints what it did and
// returns the exit status (0 done, 1 failed with one line on stderr).
[[nodiscard]] int register_uri_handlers(const std::string& config_file);

// `sipline --unregister-uri-handlers`: removes exactly what register_uri_handlers added.
[[nodiscard]] int unregister_uri_handlers();

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
