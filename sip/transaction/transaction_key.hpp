// How messages find their transaction (RFC 3261 §17.1.3, §17.2.3).
#pragma once

#include <compare>
#include <optional>
#include <string>

#include "sip/message/message.hpp"

namespace sipline::sip {

struct TransactionKey {
  std::string branch;   // the top Via branch; for RFC 2543 requests a digest of the request
  std::string sent_by;  // server side: the top Via's sent-by, host in lower case
  std::string method;   // ACK matches INVITE; CANCEL has transactions of its own
  friend auto operator<=>(const TransactionKey&, const TransactionKey&) = default;
};

// The key of the server transaction a request belongs to: branch + sent-by + method when the
// branch carries the magic cookie; otherwise (RFC 2543 peers, RFC 4475 §3.2.1 "z9hG4bK" alone)
// Call-ID, From tag, CSeq number and the top Via, which is what §17.2.3 compares. nullopt when
// the request has no Via, Call-ID or CSeq: no transaction can be formed.
[[nodiscard]] std::optional<TransactionKey> server_key(const Message& request);

// The key of the INVITE server transaction a CANCEL cancels (§9.2): the CANCEL's own key with
// method INVITE.
[[nodiscard]] std::optional<TransactionKey> cancelled_invite_key(const Message& cancel);

// The key of the client transaction a response belongs to: top Via branch + CSeq method.
[[nodiscard]] std::optional<TransactionKey> client_key(const Message& response);

// The key a client transaction registers under for the request it sends.
[[nodiscard]] std::optional<TransactionKey> client_key_of_request(const Message& request);

}  // namespace sipline::sip
