// Stateless responses.
#include "sip/transaction/stateless_response.hpp"

#include <algorithm>
#include <vector>

#include "base/text.hpp"
#include "sip/message/header_name.hpp"

namespace sipline::sip {
namespace {

// A reason phrase holds no CR, LF or other control character, whatever the caller passed.
std::string clean_reason(std::string_view reason) {
  std::string out;
  for (const char c : reason) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c);
  }
  return out;
}

// Whether a To value, malformed or not, carries a tag: a ";" outside the URI's brackets and any
// quoted string, then "tag" and "=", with whitespace allowed around each (RFC 3261 §25.1 SEMI
// and EQUAL). A plain search for "tag=" misses "; tag = x" and would add a second tag
// (Kamailio's CVE-2018-14767 was a crash on such a duplicated To tag).
bool has_tag(std::string_view to_value) {
  bool quoted = false;
  bool bracketed = false;
  for (std::size_t i = 0; i < to_value.size(); ++i) {
    const char c = to_value[i];
    if (quoted) {
      if (c == '\\') {
        ++i;  // a quoted pair
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"' && !bracketed) {
      quoted = true;
    } else if (c == '<') {
      bracketed = true;
    } else if (c == '>') {
      bracketed = false;
    } else if (c == ';' && !bracketed) {
      const std::string_view param = trim_wsp(to_value.substr(i + 1));
      if (param.size() >= 3 && iequals(param.substr(0, 3), "tag") &&
          trim_wsp(param.substr(3)).starts_with('=')) {
        return true;
      }
    }
  }
  return false;
}

struct Field {
  HeaderId id;
  std::string value;
  bool tagged = false;  // a To that already has a tag
};

// Assembled as text, not with MessageBuilder: the raw answer copies lines from bytes that did
// not parse, which need not make a valid Message, and the request may still deserve an answer.
std::string assemble(const std::vector<Field>& fields, int status, std::string_view reason,
                     std::string_view to_tag, std::string_view extra_header) {
  std::string out = "SIP/2.0 ";
  out += std::to_string(status);
  out += ' ';
  out += clean_reason(reason);
  out += "\r\n";
  for (const Field& field : fields) {
    out += canonical_name(field.id);
    out += ": ";
    out += field.value;
    if (field.id == HeaderId::kTo && !to_tag.empty() && !field.tagged) {
      out += ";tag=";
      out += to_tag;
    }
    out += "\r\n";
  }
  if (!extra_header.empty()) {
    out += extra_header;
    out += "\r\n";
  }
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

bool copied(HeaderId id) {
  return id == HeaderId::kVia || id == HeaderId::kFrom || id == HeaderId::kTo ||
         id == HeaderId::kCallId || id == HeaderId::kCSeq;
}

}  // namespace

std::string stateless_response(const Message& request, int status, std::string_view reason,
                               std::string_view to_tag, std::string_view extra_header) {
  // The parser read the To tag already (§8.2.6.2: add ours only when there is none).
  const bool tagged = request.to() != nullptr && !request.to()->tag.empty();
  std::vector<Field> fields;
  for (const HeaderField& field : request.headers()) {
    if (copied(field.id)) {
      fields.push_back({field.id, std::string(field.value), field.id == HeaderId::kTo && tagged});
    }
  }
  return assemble(fields, status, reason, to_tag, extra_header);
}

std::optional<std::string> stateless_response_to_raw(std::string_view bytes, int status,
                                                     std::string_view reason,
                                                     std::string_view to_tag) {
  const std::size_t first_end = bytes.find("\r\n");
  if (first_end == std::string_view::npos || bytes.substr(0, 4) == "SIP/" || bytes.size() > 65536) {
    return std::nullopt;
  }
  std::vector<Field> fields;
  bool has_via = false;
  std::size_t pos = first_end + 2;
  while (pos < bytes.size() && fields.size() < 128) {
    std::size_t end = bytes.find("\r\n", pos);
    if (end == std::string_view::npos || end == pos) {
      break;  // the end of the header section, or of what arrived
    }
    std::string value(bytes.substr(pos, end - pos));
    // Unfold continuation lines into one value.
    while (end + 2 < bytes.size() && is_wsp(bytes[end + 2])) {
      const std::size_t next = bytes.find("\r\n", end + 2);
      if (next == std::string_view::npos) {
        break;
      }
      value += ' ';
      value += trim_wsp(bytes.substr(end + 2, next - end - 2));
      end = next;
    }
    pos = end + 2;
    const std::size_t colon = value.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    const HeaderId id = header_id(trim_wsp(std::string_view(value).substr(0, colon)));
    const std::string_view content = trim_wsp(std::string_view(value).substr(colon + 1));
    const bool printable = std::all_of(content.begin(), content.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x20 || c == '\t';
    });
    if (copied(id) && printable && !content.empty()) {
      fields.push_back({id, std::string(content), id == HeaderId::kTo && has_tag(content)});
      has_via = has_via || id == HeaderId::kVia;
    }
  }
  if (!has_via) {
    return std::nullopt;
  }
  return assemble(fields, status, reason, to_tag, {});
}

}  // namespace sipline::sip
