// MicroSIP's AA, DND and FWD buttons, saved in the ini file the way MicroSIP saves them: when one
// is toggled (console, control socket, msip:), its line in [Settings] becomes AA=1 or AA=0 and
// nothing else in the file changes — not a comment, an unknown key, the line ends or the
// encoding (UTF-16LE stays UTF-16LE; base/ini_edit.hpp). The file is read again at each save,
// so edits made to it while the phone runs are kept, and replaced whole (file_write.hpp): a
// phone killed mid-write leaves the old file, never half of one, and a read-only file is left
// alone (said).
#pragma once

#include <string>

namespace sipline::app {

struct Toggles {
  bool auto_answer = false;
  bool do_not_disturb = false;
  bool forwarding = false;
  friend bool operator==(const Toggles&, const Toggles&) = default;
};

class SavedToggles {
 public:
  // `path`: the ini file the phone started with ("" saves nothing); `saved`: the toggles as the
  // phone started.
  SavedToggles(std::string path, Toggles saved) : path_(std::move(path)), saved_(saved) {}

  // Writes the toggles that differ from the last saved. "" when done (or nothing to do), else
  // one line naming the file and why it could not be written (the toggles still apply).
  [[nodiscard]] std::string save(const Toggles& now);

 private:
  std::string path_;
  Toggles saved_;
};

}  // namespace sipline::app
