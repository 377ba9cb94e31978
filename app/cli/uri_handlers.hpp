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

}  // namespace sipline::app
