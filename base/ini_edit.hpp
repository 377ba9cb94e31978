// Setting one key of an ini file in place, as MicroSIP does through Windows'
// WritePrivateProfileString: one line changes and every other byte, and the encoding, stays.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "base/ini.hpp"

namespace sipline {

// Returns `bytes` (an ini file exactly as read: UTF-16LE with its BOM, or UTF-8 / ANSI, with or
// without a UTF-8 BOM; LF or CRLF line ends) with `key`'s value in `section` set to `value`:
//  - the one line that holds the key (found case-insensitively, as parse_ini does) rewritten as
//    KEY=VALUE keeping the key's spelling from the file, the line's own end (CRLF or LF), and the
//    encoding; every other byte unchanged;
//  - the key absent from the section: a line KEY=VALUE inserted after the section's last
//    key=value line (or right after the header when the section has none), with the file's line
//    end;
//  - the section absent: "[section]" and the key line appended at the end (a line end added
//    first if the file does not end in one);
//  - the value already equal: the bytes returned unchanged.
// A value that parse_ini would not read back as given (spaces at either end, or a pair of
// double quotes around it) is written inside double quotes.
// Refused with an IniError (line, reason): what parse_ini refuses (the text must parse), a
// section, key or value holding CR, LF or NUL or invalid UTF-8, a key or section that would not
// read back (such as "a=b" or ";a"), and a result over IniLimits::max_bytes.
[[nodiscard]] std::expected<std::string, IniError> set_ini_value(std::string_view bytes,
                                                                 std::string_view section,
                                                                 std::string_view key,
                                                                 std::string_view value);

}  // namespace sipline
