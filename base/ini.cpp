// The INI parser.
#include "base/ini.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "base/text.hpp"
#include "base/utf8.hpp"

namespace sipline {

const IniEntry* IniSection::find(std::string_view key) const noexcept {
  for (const IniEntry& entry : entries) {
    if (iequals(entry.key, key)) {
      return &entry;
    }
  }
  return nullptr;
}

const IniSection* IniDocument::find(std::string_view name) const noexcept {
  for (const IniSection& section : sections) {
    if (iequals(section.name, name)) {
      return &section;
    }
  }
  return nullptr;
}

// MicroSIP on Windows writes its ini as UTF-16LE with a byte order mark; everything after this
// works on UTF-8. Unpaired surrogates and an odd byte count are refused.
std::expected<std::string, IniError> utf8_from_utf16le(std::string_view bytes) {
  if (bytes.size() % 2 != 0) {
    return std::unexpected(IniError{0, "UTF-16 text with an odd number of bytes"});
  }
  std::string out;
  out.reserve(bytes.size() / 2 * 3);
  const auto unit = [&](std::size_t i) {
    return static_cast<char32_t>(static_cast<unsigned char>(bytes[i]) |
                                 (static_cast<unsigned char>(bytes[i + 1]) << 8U));
  };
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    char32_t code = unit(i);
    if (code >= 0xDC00 && code <= 0xDFFF) {
      return std::unexpected(IniError{0, "not valid UTF-16 (a lone low surrogate)"});
    }
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (i + 3 >= bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        return std::unexpected(IniError{0, "not valid UTF-16 (a lone high surrogate)"});
      }
      code = 0x10000 + ((code - 0xD800) << 10U) + (unit(i + 2) - 0xDC00);
      i += 2;
    }
    append_utf8(out, code);
  }
  return out;
}

namespace {

std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

}  // namespace

std::expected<IniDocument, IniError> parse_ini(std::string_view text, const IniLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return std::unexpected(IniError{0, fmt::format("larger than {} bytes", limits.max_bytes)});
  }
  std::string decoded;
  if (text.starts_with("\xFF\xFE")) {
    auto utf8 = utf8_from_utf16le(text.substr(2));
    if (!utf8) {
      return std::unexpected(utf8.error());
    }
    decoded = std::move(*utf8);
    text = decoded;
  } else if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);  // a UTF-8 byte order mark, as Windows editors write it
  }
  IniDocument document;
  // Names seen so far, lower-cased, with their lines: duplicates found in constant time, so a
  // megabyte of distinct keys costs milliseconds, not a quadratic scan.
  std::unordered_map<std::string, std::size_t> section_lines;
  std::unordered_map<std::string, std::size_t> key_lines;
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (line.size() > limits.max_line) {
      return std::unexpected(
          IniError{number, fmt::format("line longer than {} characters", limits.max_line)});
    }
    if (line.find('\0') != std::string_view::npos) {
      return std::unexpected(IniError{number, "NUL byte"});
    }
    line = trim_wsp(line);
    if (line.empty() || line.front() == ';' || line.front() == '#') {
      continue;
    }
    if (line.front() == '[') {
      if (line.back() != ']') {
        return std::unexpected(IniError{number, "a section header must end with ']'"});
      }
      const std::string_view name = trim_wsp(line.substr(1, line.size() - 2));
      if (name.empty()) {
        return std::unexpected(IniError{number, "empty section name"});
      }
      if (const auto [earlier, fresh] = section_lines.emplace(to_lower_copy(name), number);
          !fresh) {
        return std::unexpected(IniError{
            number,
            fmt::format("section [{}] given twice (first on line {})", name, earlier->second)});
      }
      document.sections.push_back({std::string(name), number, {}});
      key_lines.clear();
      continue;
    }
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      return std::unexpected(IniError{number, "expected key=value, [Section] or a comment"});
    }
    const std::string_view key = trim_wsp(line.substr(0, equals));
    if (key.empty()) {
      return std::unexpected(IniError{number, "empty key"});
    }
    if (document.sections.empty()) {
      return std::unexpected(IniError{number, fmt::format("key '{}' before any [Section]", key)});
    }
    IniSection& section = document.sections.back();
    if (const auto [earlier, fresh] = key_lines.emplace(to_lower_copy(key), number); !fresh) {
      return std::unexpected(IniError{number, fmt::format("[{}] {} given twice (first on line {})",
                                                          section.name, key, earlier->second)});
    }
    section.entries.push_back(
        {std::string(key), std::string(unquote(trim_wsp(line.substr(equals + 1)))), number});
  }
  return document;
}

}  // namespace sipline
