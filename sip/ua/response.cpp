// Building responses from parsed requests.
#include "sip/ua/response.hpp"

#include <fmt/format.h>

#include "sip/message/header_name.hpp"

namespace sipline::sip {

std::string_view default_reason(int status) noexcept {
  switch (status) {
    case 100:
      return "Trying";
    case 180:
      return "Ringing";
    case 181:
      return "Call Is Being Forwarded";
    case 182:
      return "Queued";
    case 183:
      return "Session Progress";
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Unsupported URI Scheme";
    case 420:
      return "Bad Extension";
    case 480:
      return "Temporarily Unavailable";
    case 481:
      return "Call/Transaction Does Not Exist";
    case 482:
      return "Loop Detected";
    case 486:
      return "Busy Here";
    case 487:
      return "Request Terminated";
    case 488:
      return "Not Acceptable Here";
    case 491:
      return "Request Pending";
    case 500:
      return "Server Internal Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "Version Not Supported";
    case 600:
      return "Busy Everywhere";
    case 603:
      return "Decline";
    default:
      return "";
  }
}

std::string build_response(const Message& request, const ResponseParts& parts) {
  const std::string_view reason =
      parts.reason.empty() ? default_reason(parts.status) : parts.reason;
  std::string out = fmt::format("SIP/2.0 {} {}\r\n", parts.status,
                                reason.empty() ? std::string_view("Unknown") : reason);
  auto it = std::back_inserter(out);
  const bool add_tag = request.to() != nullptr && request.to()->tag.empty() &&
                       !parts.to_tag.empty() && parts.status > 100;
  for (const HeaderField& field : request.headers()) {
    switch (field.id) {
      case HeaderId::kVia:
      case HeaderId::kFrom:
      case HeaderId::kCallId:
      case HeaderId::kCSeq:
        fmt::format_to(it, "{}: {}\r\n", canonical_name(field.id), field.value);
        break;
      case HeaderId::kTo:
        fmt::format_to(it, "To: {}{}{}\r\n", field.value, add_tag ? ";tag=" : "",
                       add_tag ? parts.to_tag : "");
        break;
      case HeaderId::kRecordRoute:
        if (parts.copy_record_route && parts.status > 100 && parts.status < 300) {
          fmt::format_to(it, "Record-Route: {}\r\n", field.value);
        }
        break;
      default:
        break;
    }
  }
  if (!parts.contact.empty()) {
    fmt::format_to(it, "Contact: {}\r\n", parts.contact);
  }
  out += parts.extra_headers;
  if (!parts.body.empty()) {
    fmt::format_to(it, "Content-Type: {}\r\n", parts.content_type);
  }
  fmt::format_to(it, "Content-Length: {}\r\n\r\n{}", parts.body.size(), parts.body);
  return out;
}

}  // namespace sipline::sip
