// The placeholders of the call-flow fuzzers' scripts (user_agent_fuzzer, invite_session_fuzzer):
// a peer's message in a script may say {via}, {tag} … and get the values of what we sent last, so
// it can answer our own requests without guessing random branches and tags.
//   {via} {from} {to} {call-id} {cseq}      the header values of the last request we sent (not ACK)
//   {invite-via} {invite-to} {invite-cseq}  the same of the last INVITE we sent
//   {tag}                                   the To tag of the last response we sent
//   {rseq}                                  the RSeq of the last reliable 1xx we sent
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "sip/message/message.hpp"

namespace sipline::fuzz {

// "{via}" → its value, and so on.
using SentValues = std::map<std::string, std::string>;

// `text` with every placeholder replaced by its value in `sent` (an unknown one stays as it is).
inline std::string substitute(std::string_view text, const SentValues& sent) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [name, value] : sent) {
        if (text.substr(i).starts_with(name)) {
          out += value;
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out += text[i++];
    }
  }
  return out;
}

// Keeps the values a later placeholder may ask for from `message`, which we sent.
inline void remember_sent(const sip::Message& message, SentValues& sent) {
  using sip::HeaderId;
  auto value = [&](HeaderId id) { return std::string(message.header(id).value_or("")); };
  if (message.is_request() && message.method() != sip::Method::kAck) {  // nobody answers an ACK
    sent["{via}"] = value(HeaderId::kVia);
    sent["{from}"] = value(HeaderId::kFrom);
    sent["{to}"] = value(HeaderId::kTo);
    sent["{call-id}"] = value(HeaderId::kCallId);
    sent["{cseq}"] = value(HeaderId::kCSeq);
    if (message.method() == sip::Method::kInvite) {
      sent["{invite-via}"] = value(HeaderId::kVia);
      sent["{invite-to}"] = value(HeaderId::kTo);
      sent["{invite-cseq}"] = value(HeaderId::kCSeq);
    }
  } else if (message.is_response() && message.to() != nullptr && !message.to()->tag.empty()) {
    sent["{tag}"] = std::string(message.to()->tag);
    if (const auto rseq = message.header(HeaderId::kRSeq)) {
      sent["{rseq}"] = std::string(*rseq);
    }
  }
}

}  // namespace sipline::fuzz
