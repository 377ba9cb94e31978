// The canonical printer.
#include "sip/message/printer.hpp"

#include "base/text.hpp"

namespace sipline::sip {
namespace {

std::size_t printed_size(const Message& message) {
  std::size_t size = 64 + message.body().size() + message.request_uri().text.size() +
                     message.method_text().size() + message.reason_phrase().size();
  for (const HeaderField& field : message.headers()) {
    size += field.name.size() + field.value.size() + 24;
  }
  return size;
}

}  // namespace

void print_to(const Message& message, std::string& out) {
  if (const auto text = message.canonical_text()) {
    out.append(*text);  // built by MessageBuilder: its bytes are the print
    return;
  }
  print_to(message, out, message.headers().size(), {});
}

void print_to(const Message& message, std::string& out, std::size_t index, std::string_view value) {
  out.reserve(out.size() + printed_size(message));
  if (message.is_request()) {
    out.append(message.method_text());
    out.push_back(' ');
    out.append(message.request_uri().text);
    out.append(" SIP/2.0\r\n");
  } else {
    out.append("SIP/2.0 ");
    append_decimal(out, static_cast<std::size_t>(message.status_code()));
    out.push_back(' ');
    out.append(message.reason_phrase());
    out.append("\r\n");
  }
  for (std::size_t i = 0; i < message.headers().size(); ++i) {
    const HeaderField& field = message.headers()[i];
    out.append(field.id == HeaderId::kUnknown ? field.name : canonical_name(field.id));
    out.append(": ");
    out.append(i == index ? value : field.value);
    out.append("\r\n");
  }
  out.append("Content-Length: ");
  append_decimal(out, message.body().size());
  out.append("\r\n\r\n");
  out.append(message.body());
}

std::string print(const Message& message) {
  std::string out;
  print_to(message, out);
  return out;
}

}  // namespace sipline::sip
