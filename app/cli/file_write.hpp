// A small file (the ini, a .desktop entry, mimeapps.list) replaced whole: written to a temporary
// file beside it (mkstemp: a name nobody can guess or plant beforehand), flushed to disk and
// renamed over it, so that a phone killed mid-write leaves the old file or the new, never half
// of one. An existing file keeps its mode and group, and one we may not write is left alone (a
// rename would otherwise replace a read-only or another user's file whenever the directory is
// writable).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace sipline::app {

// "" when written, else why not. `new_mode`: a file that did not exist yet.
[[nodiscard]] std::string write_file_whole(const std::filesystem::path& path,
                                           std::string_view bytes, mode_t new_mode = 0644);

}  // namespace sipline::app
