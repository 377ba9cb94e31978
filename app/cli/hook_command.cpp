// A hook's command line: words, cleaned caller data, placeholders, argv.
#include "app/cli/hook_command.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "base/utf8.hpp"

namespace sipline::app {
namespace {

constexpr std::size_t kMaxWords = 64;
constexpr std::size_t kMaxCommand = 4096;

[[nodiscard]] bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// The placeholder named at `text[at]` ("{callerid}"), or nullptr.
const HookValue* placeholder_at(std::string_view text, std::size_t at,
                                const std::vector<HookValue>& values) {
  for (const HookValue& value : values) {
    if (text.size() - at >= value.name.size() + 2 &&
        text.substr(at + 1, value.name.size()) == value.name &&
        text[at + 1 + value.name.size()] == '}') {
      return &value;
    }
  }
  return nullptr;
}

}  // namespace

std::expected<std::vector<std::string>, std::string> split_command(std::string_view command) {
  if (command.size() > kMaxCommand) {
    return std::unexpected("a command over 4096 bytes");
  }
  std::vector<std::string> words;
  std::size_t i = 0;
  while (true) {
    while (i < command.size() && is_blank(command[i])) {
      ++i;
    }
    if (i == command.size()) {
      break;
    }
    std::string word;
    while (i < command.size() && !is_blank(command[i])) {
      const char c = command[i++];
      if (c == '\'' || c == '"') {
        const std::size_t close = [&] {
          for (std::size_t j = i; j < command.size(); ++j) {
            if (command[j] == c) {
              return j;
            }
            if (c == '"' && command[j] == '\\' && j + 1 < command.size()) {
              ++j;
            }
          }
          return std::string_view::npos;
        }();
        if (close == std::string_view::npos) {
          return std::unexpected(std::string("an unclosed ") + c);
        }
        for (; i < close; ++i) {
          if (c == '"' && command[i] == '\\' && (command[i + 1] == '"' || command[i + 1] == '\\')) {
            ++i;
          }
          word += command[i];
        }
        ++i;
      } else if (c == '\\' && i < command.size() &&
                 (is_blank(command[i]) || command[i] == '"' || command[i] == '\'' ||
                  command[i] == '\\')) {
        word += command[i++];
      } else {
        word += c;
      }
    }
    if (words.size() == kMaxWords) {
      return std::unexpected("over 64 words");
    }
    words.push_back(std::move(word));
  }
  if (words.empty()) {
    return std::unexpected("no command");
  }
  return words;
}

std::string clean_hook_value(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto length = utf8_sequence_length(text, at);
    std::string_view piece = "\xEF\xBF\xBD";  // U+FFFD for what is not UTF-8
    std::size_t step = 1;
    if (length) {
      piece = text.substr(at, *length);
      step = *length;
      const auto first = static_cast<unsigned char>(piece[0]);
      const bool c1 = first == 0xC2 && static_cast<unsigned char>(piece[1]) < 0xA0;
      if (first < 0x20 || first == 0x7F || c1) {
        piece = {};
      }
    }
    if (out.size() + piece.size() > max_bytes) {
      break;
    }
    out += piece;
    at += step;
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      const auto octet = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[octet >> 4U];
      out += kHex[octet & 0x0FU];
    }
  }
  return out;
}

bool is_url_command(const std::vector<std::string>& words) {
  if (words.size() != 1) {
    return false;
  }
  const std::string_view word = words.front();
  return iequals(word.substr(0, 7), "http://") || iequals(word.substr(0, 8), "https://");
}

std::vector<std::string> hook_argv(const std::vector<std::string>& words,
                                   const std::vector<HookValue>& values, std::string_view last,
                                   std::string_view opener) {
  std::vector<std::string> argv;
  const bool url = is_url_command(words);
  if (url) {
    argv.emplace_back(opener);
  }
  for (const std::string& word : words) {
    if (word.size() > 2 && word.front() == '{' && word.back() == '}') {
      if (const HookValue* whole = placeholder_at(word, 0, values);
          whole != nullptr && whole->name.size() + 2 == word.size()) {
        argv.push_back(url ? percent_encode(whole->value) : whole->value);
        continue;
      }
    }
    std::string expanded;
    for (std::size_t at = 0; at < word.size(); ++at) {
      const HookValue* value = word[at] == '{' ? placeholder_at(word, at, values) : nullptr;
      if (value == nullptr) {
        expanded += word[at];
        continue;
      }
      expanded += percent_encode(value->value);
      at += value->name.size() + 1;
    }
    argv.push_back(std::move(expanded));
  }
  if (!url) {
    argv.emplace_back(last);
  }
  return argv;
}

}  // namespace sipline::app
