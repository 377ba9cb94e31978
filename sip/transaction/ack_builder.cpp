// The non-2xx ACK.
#include "sip/transaction/ack_builder.hpp"

#include <string>

#include "sip/message/message_builder.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {

std::string build_non2xx_ack(const Message& invite, const Message& response) {
  MessageBuilder ack = MessageBuilder::request(Method::kAck, invite.request_uri().text);
  if (!invite.vias().empty()) {
    ack.field(HeaderId::kVia, invite.vias().front().text);
  }
  ack.field(HeaderId::kMaxForwards, std::to_string(unsigned{invite.max_forwards().value_or(70)}));
  for (const HeaderField& field : invite.headers()) {
    if (field.id == HeaderId::kFrom || field.id == HeaderId::kCallId ||
        field.id == HeaderId::kRoute) {
      ack.field(field.id, field.value);
    }
  }
  if (const auto to = response.header(HeaderId::kTo)) {
    ack.field(HeaderId::kTo, *to);
  }
  ack.cseq(invite.cseq() != nullptr ? invite.cseq()->number : 0, Method::kAck);
  // Every piece comes from two messages that parsed; should one still not fit, nothing is sent.
  auto built = std::move(ack).build();
  return built ? print(*built) : std::string();
}

}  // namespace sipline::sip
