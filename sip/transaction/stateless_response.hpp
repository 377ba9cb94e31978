// Responses sent without a transaction (RFC 3261 §8.2.6, §17.2.3): to requests that cannot even
// form one (a parse failure, a missing CSeq), or when the transaction table is full.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sip/message/message.hpp"

namespace sipline::sip {

// A response to a parsed request: its Via fields, From, To (with `to_tag` added when it has
// none, §8.2.6.2), Call-ID and CSeq; an optional extra header line ("Retry-After: 5").
[[nodiscard]] std::string stateless_response(const Message& request, int status,
                                             std::string_view reason, std::string_view to_tag,
                                             std::string_view extra_header = {});

// The same from the bytes of a request that failed to parse: the header lines holding Via,
// From, To, Call-ID and CSeq are found leniently and copied as they are. nullopt when the
// bytes are a response, hold no Via, or are too broken to answer — then nothing is sent.
[[nodiscard]] std::optional<std::string> stateless_response_to_raw(std::string_view bytes,
                                                                   int status,
                                                                   std::string_view reason,
                                                                   std::string_view to_tag);

}  // namespace sipline::sip
