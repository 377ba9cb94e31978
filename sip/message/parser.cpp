// The message parser: start line, header fields (unfolded in place), framing of the body.
#include "sip/message/parser.hpp"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/core_headers.hpp"
#include "sip/message/date.hpp"

namespace sipline::sip {

namespace {

constexpr std::array<bool, 256> build_needs_look() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) {
    table[static_cast<std::size_t>(c)] = c != '\t';
  }
  table[0x7F] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}

constexpr std::array<bool, 256> kNeedsLook = build_needs_look();

// The first position at or after `i` holding a CTL (but HTAB), DEL, '"' or '\\'. Sixteen
// bytes at a time where SSE2 is there (every x86-64): header values are mostly plain text.
std::size_t skip_plain_text(std::string_view text, std::size_t i) noexcept {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (i + 16 <= text.size()) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    // Bytes below 0x20 as unsigned: min(chunk, 0x1F) == chunk. High bytes (UTF-8) pass.
    const __m128i control = _mm_andnot_si128(
        _mm_cmpeq_epi8(chunk, tab),
        _mm_cmpeq_epi8(_mm_min_epu8(chunk, _mm_sub_epi8(space, _mm_set1_epi8(1))), chunk));
    const __m128i special =
        _mm_or_si128(_mm_or_si128(control, _mm_cmpeq_epi8(chunk, del)),
                     _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
    i += 16;
  }
#endif
  while (i < text.size() && !kNeedsLook[static_cast<unsigned char>(text[i])]) {
    ++i;
  }
  return i;
}

}  // namespace

struct MessageParser {
  Message& message;
  const ParseOptions& options;
  char* bytes;
  std::size_t size;
  std::size_t content_length = 0;
  bool has_content_length = false;

  [[nodiscard]] std::size_t offset_of(std::string_view part) const noexcept {
    return static_cast<std::size_t>(part.data() - bytes);
  }

  // The line starting at `pos`, up to (not including) its CRLF; `*next` is past the CRLF.
  Result<std::string_view> line_at(std::size_t pos, std::size_t* next) const noexcept {
    const void* found = std::memchr(bytes + pos, '\r', size - pos);
    if (found == nullptr) {
      return fail(Errc::kMalformed, "header section not terminated", size);
    }
    const auto cr = static_cast<std::size_t>(static_cast<const char*>(found) - bytes);
    if (cr + 1 >= size || bytes[cr + 1] != '\n') {
      return fail(Errc::kMalformed, "CR without LF", cr);
    }
    *next = cr + 2;
    return std::string_view(bytes + pos, cr - pos);
  }

  Result<void> parse_version(std::string_view version, std::size_t at) const noexcept {
    if (version.size() < 5 || !iequals(version.substr(0, 4), "SIP/")) {
      return fail(Errc::kMalformed, "bad SIP version", at);
    }
    const std::string_view numbers = version.substr(4);
    const std::size_t dot = numbers.find('.');
    if (dot == std::string_view::npos) {
      return fail(Errc::kMalformed, "bad SIP version", at);
    }
    const auto major = parse_decimal<std::uint32_t>(numbers.substr(0, dot));
    const auto minor = parse_decimal<std::uint32_t>(numbers.substr(dot + 1));
    if (!major || !minor) {
      return fail(Errc::kMalformed, "bad SIP version", at);
    }
    if (*major != 2 || *minor != 0) {
      return fail(Errc::kUnsupported, kReasonVersion, at);
    }
    return {};
  }

  // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase. Extra spaces after the version
  // and a missing " Reason-Phrase" are tolerated: responses that fail are dropped, so leniency
  // here only helps interoperation (RFC 3665 §3.4 itself writes "SIP/2.0  486 Busy Here").
  Result<void> parse_status_line(std::string_view line) noexcept {
    std::size_t space = line.find(' ');
    if (auto version = parse_version(line.substr(0, space), 0); !version) {
      return version;
    }
    if (space == std::string_view::npos) {
      return fail(Errc::kMalformed, "status line without a code", line.size());
    }
    while (space + 1 < line.size() && line[space + 1] == ' ') {
      ++space;
    }
    const std::string_view rest = line.substr(space + 1);
    const std::string_view code = rest.substr(0, rest.find(' '));
    if (code.size() != 3 || !is_digit(code[0]) || !is_digit(code[1]) || !is_digit(code[2]) ||
        code[0] < '1' || code[0] > '6') {
      return fail(Errc::kMalformed, "bad status code", space + 1);
    }
    message.is_request_ = false;
    message.status_code_ = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    if (rest.size() > 3) {
      if (rest[3] != ' ') {
        return fail(Errc::kMalformed, "bad status code", space + 1);
      }
      message.reason_phrase_ = rest.substr(4);
      for (const char c : message.reason_phrase_) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
          return fail(Errc::kMalformed, "control character in the reason phrase",
                      offset_of(message.reason_phrase_));
        }
      }
    }
    return {};
  }

  // Request-Line = Method SP Request-URI SP SIP-Version: single spaces, nothing after.
  Result<void> parse_request_line(std::string_view line) noexcept {
    const std::size_t first = line.find(' ');
    const std::string_view method = line.substr(0, first);
    if (!is_token(method) || first == std::string_view::npos) {
      return fail(Errc::kMalformed, "bad method", 0);
    }
    const std::size_t second = line.find(' ', first + 1);
    if (second == std::string_view::npos) {
      return fail(Errc::kMalformed, "request line without a SIP version", line.size());
    }
    const std::string_view uri_text = line.substr(first + 1, second - first - 1);
    if (auto uri = parse_uri_into(uri_text, message.request_uri_); !uri) {
      return shifted(uri.error(), first + 1);
    }
    if (message.request_uri_.is_sip() && !message.request_uri_.headers.empty()) {
      return fail(Errc::kMalformed, "headers in the Request-URI", first + 1);
    }
    if (auto version = parse_version(line.substr(second + 1), second + 1); !version) {
      return version;
    }
    message.is_request_ = true;
    message.method_text_ = method;
    message.method_ = method_from(method);
    return {};
  }

  // Text of a header the stack does not type: anything but control characters, which may
  // appear only as quoted-pairs inside quoted strings (RFC 3261 §25.1). Most values hold none
  // of the characters that need a closer look, so the scan skips ahead through a table.
  static Result<void> check_text(std::string_view value) noexcept {
    bool quoted = false;
    std::size_t i = 0;
    while (true) {
      i = skip_plain_text(value, i);
      if (i >= value.size()) {
        return {};
      }
      const char c = value[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\') {
        i += quoted ? 1 : 0;
      } else {
        return fail(Errc::kMalformed, "control character in a header value", i);
      }
      ++i;
    }
  }

  Result<void> take_content_length(std::string_view value) noexcept {
    if (has_content_length) {
      return fail(Errc::kMalformed, "duplicate Content-Length", offset_of(value));
    }
    const auto length = parse_decimal<std::uint32_t>(value);
    if (!length) {
      return fail(length.error().code, "bad Content-Length", offset_of(value));
    }
    has_content_length = true;
    content_length = *length;
    return {};
  }

  Result<void> add_field(std::string_view line) noexcept {
    const std::string_view name = line.substr(0, span_of(line, chars::kToken));
    std::size_t i = name.size();
    while (i < line.size() && is_wsp(line[i])) {
      ++i;
    }
    if (name.empty() || i >= line.size() || line[i] != ':') {
      return fail(Errc::kMalformed, "bad header name", offset_of(line));
    }
    if (line.size() > options.limits.max_field_bytes) {
      return fail(Errc::kTooLarge, "header field too long", offset_of(line));
    }
    const std::string_view value = trim_wsp(line.substr(i + 1));
    const HeaderId id = header_id_of_token(name);
    if (id == HeaderId::kContentLength) {
      return take_content_length(value);
    }
    if (message.headers_.size() >= options.limits.max_header_fields) {
      return fail(Errc::kTooLarge, "too many header fields", offset_of(line));
    }
    if (!is_core_header(id)) {
      if (auto text = check_text(value); !text) {
        return shifted(text.error(), offset_of(value));
      }
      if (id == HeaderId::kDate && !parse_sip_date(value)) {
        return fail(Errc::kMalformed, "bad Date", offset_of(value));
      }
    }
    message.headers_.push_back(HeaderField{id, name, value});
    return {};
  }

  // Header fields until the empty line; folded lines (CRLF + WSP) are unfolded in place.
  // Returns the offset of the body.
  Result<std::size_t> parse_fields(std::size_t pos) noexcept {
    while (true) {
      std::size_t next = 0;
      const auto line = line_at(pos, &next);
      if (!line) {
        return std::unexpected(line.error());
      }
      if (line->empty()) {
        return next;
      }
      if (is_wsp((*line)[0])) {
        return fail(Errc::kMalformed, "continuation line without a header", pos);
      }
      std::size_t end = pos + line->size();
      while (next < size && is_wsp(bytes[next])) {
        bytes[end] = ' ';
        bytes[end + 1] = ' ';
        std::size_t after = 0;
        const auto more = line_at(next, &after);
        if (!more) {
          return std::unexpected(more.error());
        }
        end = next + more->size();
        next = after;
      }
      if (auto field = add_field(std::string_view(bytes + pos, end - pos)); !field) {
        return std::unexpected(field.error());
      }
      pos = next;
    }
  }

  Result<void> frame_body(std::size_t body_start) noexcept {
    const std::size_t available = size - body_start;
    if (!has_content_length) {
      if (options.stream) {
        return fail(Errc::kMalformed, "Content-Length required on a stream", body_start);
      }
      message.body_ = std::string_view(bytes + body_start, available);
      return {};
    }
    if (content_length > available) {
      return fail(Errc::kTruncated, "body shorter than Content-Length", body_start);
    }
    message.body_ = std::string_view(bytes + body_start, content_length);
    return {};
  }

  static Result<Message> parse(std::string_view bytes, const ParseOptions& options) {
    // Built in place: a Message is a few kilobytes of inline storage, not worth a move.
    Result<Message> result(std::in_place);
    Message& message = *result;
    message.bytes_ = std::make_unique_for_overwrite<char[]>(bytes.size());
    message.size_ = bytes.size();
    std::memcpy(message.bytes_.get(), bytes.data(), bytes.size());
    MessageParser parser{message, options, message.bytes_.get(), bytes.size()};
    if (auto parsed = parser.run(); !parsed) {
      result = std::unexpected(parsed.error());
    }
    return result;  // one object on every path, so it is returned without a copy
  }

  Result<void> run() noexcept {
    std::size_t next = 0;
    const auto start_line = line_at(0, &next);
    if (!start_line) {
      return std::unexpected(start_line.error());
    }
    const bool response = start_line->size() >= 4 && iequals(start_line->substr(0, 4), "SIP/");
    if (auto parsed = response ? parse_status_line(*start_line) : parse_request_line(*start_line);
        !parsed) {
      return parsed;
    }
    const auto body_start = parse_fields(next);
    if (!body_start) {
      return std::unexpected(body_start.error());
    }
    if (auto body = frame_body(*body_start); !body) {
      return body;
    }
    return index_core_headers(message, options.limits);
  }
};

Result<Message> parse_message(std::string_view bytes, const ParseOptions& options) {
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (bytes.starts_with("\r\n")) {
    bytes.remove_prefix(2);
  }
  if (bytes.empty()) {
    return fail(Errc::kMalformed, "empty message", 0);
  }
  if (bytes.size() > options.limits.max_message_bytes) {
    return fail(Errc::kTooLarge, kReasonMessageTooLarge, options.limits.max_message_bytes);
  }
  return MessageParser::parse(bytes, options);
}

int status_for_parse_error(const Error& error) noexcept {
  if (error.code == Errc::kUnsupported && error.reason == kReasonVersion) {
    return 505;
  }
  if (error.reason == kReasonUriTooLong) {
    return 414;
  }
  if (error.reason == kReasonMessageTooLarge) {
    return 513;
  }
  return 400;
}

}  // namespace sipline::sip
