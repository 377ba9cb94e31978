// The INI parser.
#include "base/ini.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

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
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);  // a UTF-8 byte order mark, as Windows editors write it
  }
  IniDocument document;
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
      if (const IniSection* earlier = document.find(name)) {
        return std::unexpected(IniError{
            number,
            fmt::format("section [{}] given twice (first on line {})", name, earlier->line)});
      }
      document.sections.push_back({std::string(name), number, {}});
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
    if (const IniEntry* earlier = section.find(key)) {
      return std::unexpected(IniError{number, fmt::format("[{}] {} given twice (first on line {})",
                                                          section.name, key, earlier->line)});
    }
    section.entries.push_back(
        {std::string(key), std::string(unquote(trim_wsp(line.substr(equals + 1)))), number});
  }
  return document;
}

}  // namespace sipline
