// Setting one key of an ini file in place.
#include "base/ini_edit.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "base/text.hpp"
#include "base/utf8.hpp"

namespace sipline {
namespace {

constexpr std::string_view kUtf16Bom = "\xFF\xFE";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The inverse of utf8_from_utf16le, so that valid UTF-16 round-trips byte for byte. `utf8` is
// well-formed (decoded from UTF-16, or checked with is_utf8), so no sequence is checked again.
// Past U+FFFF a code point becomes a surrogate pair (RFC 2781 §2.1):
//   high = 0xD800 + ((code - 0x10000) >> 10),  low = 0xDC00 + ((code - 0x10000) & 0x3FF).
std::string utf16le_from_utf8(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  const auto put = [&](char32_t unit) {
    out += static_cast<char>(unit & 0xFFU);
    out += static_cast<char>(unit >> 8U);
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    // The lead byte keeps 7, 5, 4 or 3 payload bits; each continuation byte 6.
    char32_t code = length == 1 ? lead : lead & (0x7FU >> length);
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6U) | (static_cast<unsigned char>(utf8[i + k]) & 0x3FU);
    }
    i += length;
    if (code < 0x10000) {
      put(code);
      continue;
    }
    put(0xD800 + ((code - 0x10000) >> 10U));
    put(0xDC00 + ((code - 0x10000) & 0x3FFU));
  }
  return out;
}

// parse_ini drops spaces around a value and one pair of double quotes; a value it would change
// is quoted, so that it reads back exactly as given.
std::string written_value(std::string_view value) {
  const bool is_quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
  if (is_quoted || trim_wsp(value).size() != value.size()) {
    return fmt::format("\"{}\"", value);
  }
  return std::string(value);
}

// An added line ends like the file's first line; a file without any line end gets Windows' CRLF
// when it is UTF-16 (MicroSIP wrote it) and LF otherwise.
std::string_view line_end_of(std::string_view text, bool is_utf16) {
  const std::size_t lf = text.find('\n');
  if (lf == std::string_view::npos) {
    return is_utf16 ? "\r\n" : "\n";
  }
  return lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
}

// The end for a last line that has none: only an LF after a CR it ends with, which parse_ini
// drops with its LF. A whole CRLF would leave that CR in the line's value.
std::string_view line_end_after(std::string_view text, std::string_view line_end) {
  return text.ends_with('\r') ? std::string_view("\n") : line_end;
}

// Where 1-based line `number` starts, counted as parse_ini counts (after any byte order mark).
std::size_t line_start(std::string_view text, std::size_t number) {
  std::size_t at = 0;
  for (std::size_t i = 1; i < number; ++i) {
    at = text.find('\n', at) + 1;
  }
  return at;
}

// `text` (UTF-8, no byte order mark) with the key set, or nothing when it already holds `value`.
std::optional<std::string> edited(std::string_view text, const IniDocument& document,
                                  std::string_view section_name, std::string_view key,
                                  std::string_view value, std::string_view line_end) {
  std::string out(text);
  const IniSection* section = document.find(section_name);
  if (section == nullptr) {
    if (!out.empty() && !out.ends_with('\n')) {
      out += line_end_after(out, line_end);
    }
    out +=
        fmt::format("[{}]{}{}={}{}", section_name, line_end, key, written_value(value), line_end);
    return out;
  }
  if (const IniEntry* entry = section->find(key); entry != nullptr) {
    if (entry->value == value) {
      return std::nullopt;
    }
    // The line's content ends before its CRLF, LF, or a CR that parse_ini also drops.
    const std::size_t start = line_start(text, entry->line);
    std::size_t end = std::min(text.find('\n', start), text.size());
    if (end > start && text[end - 1] == '\r') {
      --end;
    }
    out.replace(start, end - start, fmt::format("{}={}", entry->key, written_value(value)));
    return out;
  }
  const std::size_t anchor =
      section->entries.empty() ? section->line : section->entries.back().line;
  const std::size_t lf = text.find('\n', line_start(text, anchor));
  const std::string line = fmt::format("{}={}", key, written_value(value));
  if (lf == std::string_view::npos) {
    // The anchor is the last line and has no end.
    out += fmt::format("{}{}", line_end_after(out, line_end), line);
  } else {
    out.insert(lf + 1, fmt::format("{}{}", line, line_end));
  }
  return out;
}

}  // namespace

std::expected<std::string, IniError> set_ini_value(std::string_view bytes, std::string_view section,
                                                   std::string_view key, std::string_view value) {
  for (const auto& [what, text] :
       {std::pair{"section", section}, std::pair{"key", key}, std::pair{"value", value}}) {
    if (text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
      return std::unexpected(IniError{0, fmt::format("the {} holds CR, LF or NUL", what)});
    }
    if (!is_utf8(text)) {
      return std::unexpected(IniError{0, fmt::format("the {} is not valid UTF-8", what)});
    }
  }
  const IniLimits limits;
  const auto document = parse_ini(bytes, limits);
  if (!document) {
    return std::unexpected(document.error());
  }
  const bool is_utf16 = bytes.starts_with(kUtf16Bom);
  const std::string_view bom = is_utf16                      ? kUtf16Bom
                               : bytes.starts_with(kUtf8Bom) ? kUtf8Bom
                                                             : std::string_view();
  // parse_ini decoded the same bytes, so decoding cannot fail here.
  const std::string text = is_utf16 ? *utf8_from_utf16le(bytes.substr(bom.size()))
                                    : std::string(bytes.substr(bom.size()));
  const auto result = edited(text, *document, section, key, value, line_end_of(text, is_utf16));
  if (!result) {
    return std::string(bytes);
  }
  std::string out(bom);
  out += is_utf16 ? utf16le_from_utf8(*result) : *result;
  if (out.size() > limits.max_bytes) {
    return std::unexpected(
        IniError{0, fmt::format("the result would be larger than {} bytes", limits.max_bytes)});
  }
  // The written line must read back as what was asked: a key such as "a=b" or ";a", a section
  // such as " a", or a line over the length limit would not.
  const auto reread = parse_ini(out, limits);
  if (!reread) {
    return std::unexpected(IniError{
        0, fmt::format("[{}] {} would not read back: {}", section, key, reread.error().reason)});
  }
  const IniSection* written_section = reread->find(section);
  const IniEntry* entry = written_section == nullptr ? nullptr : written_section->find(key);
  if (entry == nullptr || entry->value != value) {
    return std::unexpected(IniError{0, fmt::format("[{}] {} would not read back", section, key)});
  }
  return out;
}

}  // namespace sipline
