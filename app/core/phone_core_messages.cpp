// SIP MESSAGE in the phone core (RFC 3428, pager mode): a text sent as a call would go (through
// the default account, whose registrar is our outbound proxy and whose digest answers a
// challenge, or straight to an IP address), and texts received, told as typed events.
#include "app/core/phone_core_parts.hpp"
#include "base/text.hpp"
#include "sip/message/name_addr.hpp"

namespace sipline::app {
namespace {

// RFC 3428 §7 keeps a MESSAGE under 1300 bytes on UDP; a longer one goes over TCP (RFC 3261
// §18.1.1 with --tcp-above 1300), up to what a person types.
constexpr std::size_t kMaxMessageBytes = 8192;

}  // namespace

Result<std::uint32_t> PhoneCore::send_message(std::string_view target, std::string_view text,
                                              TimePoint now) {
  if (text.empty()) {
    return fail(Errc::kInvalidArgument, "no text to send");
  }
  if (text.size() > kMaxMessageBytes) {
    return fail(Errc::kTooLarge, "a message is 8192 bytes at most", kMaxMessageBytes);
  }
  Line* line = default_line();
  const std::string uri = complete_uri(target, line);
  const auto parsed = sip::parse_uri(uri);
  if (!parsed || !parsed->is_sip()) {
    return fail(Errc::kInvalidArgument, "not a SIP address (try sip:user@host:port)");
  }
  if (line != nullptr && line->coming_up()) {
    return fail(Errc::kBadState, "the account is not registered yet");
  }
  const auto kind = call_transport(*parsed, line != nullptr ? &line->where.registrar : nullptr);
  if (!kind) {
    return std::unexpected(kind.error());
  }
  transport::Flow to;
  if (line != nullptr) {
    to = line->where.registrar;
  } else if (parsed->host.kind == sip::HostKind::kName) {
    return fail(Errc::kUnsupported, "a message without an account goes to an IP address");
  } else {
    to = flow_to_host(*parsed, *kind);
    if (*kind == transport::TransportKind::kTls) {
      remember_tls_name(to, std::string(parsed->host.address()));
    }
  }
  auto id = ua_->send_page(
      {uri, to, line != nullptr ? line->caller() : sip::CallerIdentity{}, std::string(text)}, now);
  if (id) {
    messages_sent_[*id] = uri;  // as many as the user agent keeps open (64)
  }
  run(now);
  return id;
}

void PhoneCore::on_page(const sip::ua::PageReceived& page) {
  // Typing notices (application/im-iscomposing+xml) are taken and not shown.
  if (page.body.empty() || !iequals(std::string_view(page.content_type).substr(0, 5), "text/")) {
    return;
  }
  event::MessageReceived received{page.from, page.from, "", page.body};
  if (const auto address = sip::parse_single_address(page.from)) {
    received.from_uri = std::string(address->uri.text);
    received.display_name = address->display_name_decoded();
  }
  emit(std::move(received));
}

void PhoneCore::on_page_answered(const sip::ua::PageAnswered& answered) {
  const auto it = messages_sent_.find(answered.page);
  if (it == messages_sent_.end()) {
    return;
  }
  emit(event::MessageAnswered{answered.page, std::move(it->second), answered.status});
  messages_sent_.erase(it);
}

}  // namespace sipline::app
