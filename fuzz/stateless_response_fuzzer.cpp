// Fuzzes the answer to bytes a peer sent, where Kamailio's CVE-2018-14767 (a To header with a
// doubled tag) and CVE-2018-16657 (a malformed Via) crashed the reply builder: the decision to
// answer or drop, the stateless response to a request that failed to parse (its Via, From, To,
// Call-ID and CSeq lines found leniently and copied), the stateless response to a parsed one,
// the Via stamping and response routing of RFC 3261 §18.2 with RFC 3581 rport, and the user
// agent's whole reaction to the datagram. The input is one datagram (or stream frame), received
// from each of three flows in turn.
//
// Invariants: an answer to unparsable bytes is one well-framed response whose lines are the
// peer's (to the byte, save our To tag) under their canonical names; an answer to a parsed
// request parses again, keeps its Vias and Call-ID and has exactly one To tag; a stamped Via
// says where the request came from; a response goes to a real address and port; the user agent
// sends only to the flow the bytes came from.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.hpp"
#include "fuzz/check.hpp"
#include "sip/message/header_name.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "sip/transaction/stateless_response.hpp"
#include "sip/transaction/via_routing.hpp"
#include "sip/ua/response.hpp"
#include "sip/ua/user_agent.hpp"

namespace {

using namespace sipline;
using namespace sipline::sip;

constexpr std::string_view kTag = "fuzztag";

using sipline::fuzz::check;

const transport::Flow kFlows[] = {
    {transport::TransportKind::kUdp, "192.0.2.10", 5060, 0},
    {transport::TransportKind::kUdp, "2001:db8::20", 40000, 0},
    {transport::TransportKind::kTcp, "192.0.2.30", 5061, 3},
};

// The answer to bytes that failed to parse: "SIP/2.0 <status> <reason>", then lines copied from
// the request under canonical names, Content-Length: 0 and one empty line — nothing more.
void check_raw_answer(std::string_view answer, std::string_view request, int status) {
  const std::string status_line = "SIP/2.0 " + std::to_string(status) + " ";
  check(answer.starts_with(status_line));
  check(answer.ends_with("\r\nContent-Length: 0\r\n\r\n"));
  check(answer.find("\r\n\r\n") == answer.size() - 4);
  std::size_t pos = answer.find("\r\n") + 2;
  const std::size_t end = answer.size() - std::string_view("Content-Length: 0\r\n\r\n").size();
  while (pos < end) {
    const std::size_t eol = answer.find("\r\n", pos);
    const std::string_view line = answer.substr(pos, eol - pos);
    pos = eol + 2;
    check(line.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos);
    const std::size_t colon = line.find(": ");
    check(colon != std::string_view::npos);
    const HeaderId id = header_id(line.substr(0, colon));
    check(id == HeaderId::kVia || id == HeaderId::kFrom || id == HeaderId::kTo ||
          id == HeaderId::kCallId || id == HeaderId::kCSeq);
    std::string_view value = line.substr(colon + 2);
    if (id == HeaderId::kTo && value.ends_with(";tag=" + std::string(kTag))) {
      value.remove_suffix(5 + kTag.size());  // ours, maybe
    }
    // Copied, not invented: the value (unfolded lines joined by one space) is the peer's, or at
    // least each word of it is.
    if (request.find(value) == std::string_view::npos) {
      const std::size_t space = value.find(' ');
      check(space != std::string_view::npos &&
            request.find(value.substr(0, space)) != std::string_view::npos);
    }
  }
}

// The answer to a parsed request: it parses, it is the status we asked for, it keeps every
// Via and the Call-ID, and its To has one tag — the request's, or ours (RFC 3261 §8.2.6.2).
void check_parsed_answer(const std::string& text, const Message& request, int status) {
  const auto response = parse_message(text);
  check(response.has_value());
  check(response->is_response() && response->status_code() == status);
  check(response->vias().size() == request.vias().size());
  check(response->call_id() == request.call_id());
  if (request.to() != nullptr) {
    check(response->to() != nullptr);
    const std::string_view expected = request.to()->tag.empty() ? kTag : request.to()->tag;
    check(response->to()->tag == expected);
  }
}

void check_routing(const Message& request, const transport::Flow& from) {
  const auto stamped = stamp_received(request, from);
  check(stamped.has_value());  // any request that parsed, with a Via, can be stamped
  const Via& top = stamped->vias().front();
  const Via& original = request.vias().front();
  check(top.branch == original.branch);
  check(stamped->vias().size() == request.vias().size());
  if (original.sent_by.address() != from.remote_address) {
    check(top.received == from.remote_address);  // §18.2.1
  }
  if (original.has_rport) {
    check(top.rport == from.remote_port);  // RFC 3581 §4
  }
  const transport::Flow to = response_destination(*stamped, from);
  check(to.kind == from.kind);
  check(to.remote_port != 0 && !to.remote_address.empty());
  if (transport::is_reliable(from.kind)) {
    check(to == from);  // §18.2.2: back on the connection
  } else if (top.maddr.empty()) {
    // §18.2.2: to the source address, never one the peer names (no reflection); with rport to
    // the source port too.
    check(to.remote_address == from.remote_address);
    check(!original.has_rport || to.remote_port == from.remote_port);
  }
}

// The user agent, answering or dropping: every message it sends goes back where the bytes came
// from (it answers symmetrically), and an answer it built from parsed fields parses.
void check_user_agent(std::string_view bytes, const transport::Flow& from,
                      std::size_t max_transactions) {
  SeededRandom random(3);
  UserAgentConfig config;
  config.max_transactions = max_transactions;  // 0: every request is shed with a 503
  UserAgent ua(config, random);
  ua.on_message(from, bytes, TimePoint{});
  while (auto output = ua.poll()) {
    if (const auto* send = std::get_if<ua::Send>(&*output)) {
      check(send->to == from);
      check(send->bytes.starts_with("SIP/2.0 "));  // we only ever answer here
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const transport::Flow& from : kFlows) {
    const auto message =
        parse_message(bytes, {.stream = from.kind != transport::TransportKind::kUdp});
    if (!message) {
      const int status = status_for_parse_error(message.error());
      check(status == 400 || status == 414 || status == 505 || status == 513);
      if (const auto answer =
              stateless_response_to_raw(bytes, status, message.error().reason, kTag)) {
        check_raw_answer(*answer, bytes, status);
      }
    } else if (message->is_request() && !message->vias().empty()) {
      check_parsed_answer(stateless_response(*message, 400, "Bad Request", kTag), *message, 400);
      check_parsed_answer(
          stateless_response(*message, 503, "Service Unavailable", kTag, "Retry-After: 5"),
          *message, 503);
      if (message->to() != nullptr) {
        // Every value comes from a request that parsed: the answer must build.
        const auto answer = build_response(*message, {.status = 481, .to_tag = kTag});
        check(answer.has_value());
        check_parsed_answer(print(*answer), *message, 481);
      }
      check_routing(*message, from);
    }
    check_user_agent(bytes, from, 64);
    check_user_agent(bytes, from, 0);
  }
  return 0;
}
