// Transaction matching keys.
#include "sip/transaction/transaction_key.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace sipline::sip {
namespace {

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = to_lower(c);
  }
  return out;
}

std::string sent_by(const Via& via) {
  return fmt::format("{}:{}", lowered(via.sent_by.host), via.sent_by.port);
}

std::string method_of(const Message& message) {
  const Method method = message.method();
  if (method == Method::kAck) {
    return "INVITE";  // §17.2.3: the ACK for a non-2xx matches the INVITE's transaction
  }
  return std::string(message.method_text());
}

}  // namespace

std::optional<TransactionKey> server_key(const Message& request) {
  if (request.vias().empty() || request.cseq() == nullptr || request.call_id().empty()) {
    return std::nullopt;
  }
  const Via& top = request.vias().front();
  if (top.has_magic_cookie()) {
    return TransactionKey{std::string(top.branch), sent_by(top), method_of(request)};
  }
  // RFC 2543 matching: the parts that stay the same between the INVITE, its retransmissions
  // and the ACK for a non-2xx response.
  const std::string_view from_tag = request.from() != nullptr ? request.from()->tag : "";
  std::string digest = fmt::format("2543|{}|{}|{}|{}", request.call_id(), from_tag,
                                   request.cseq()->number, top.text);
  return TransactionKey{std::move(digest), sent_by(top), method_of(request)};
}

std::optional<TransactionKey> cancelled_invite_key(const Message& cancel) {
  auto key = server_key(cancel);
  if (key) {
    key->method = "INVITE";
  }
  return key;
}

std::optional<TransactionKey> client_key(const Message& response) {
  if (response.vias().empty() || response.cseq() == nullptr ||
      response.vias().front().branch.empty()) {
    return std::nullopt;
  }
  return TransactionKey{
      std::string(response.vias().front().branch), {}, std::string(response.cseq()->method_text)};
}

std::optional<TransactionKey> client_key_of_request(const Message& request) {
  if (request.vias().empty() || request.vias().front().branch.empty()) {
    return std::nullopt;
  }
  return TransactionKey{
      std::string(request.vias().front().branch), {}, std::string(request.method_text())};
}

}  // namespace sipline::sip
