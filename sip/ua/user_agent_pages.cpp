// SIP MESSAGE (RFC 3428), pager mode, outside calls: ours sent as its own transaction (a fresh
// Call-ID, From tag and CSeq), a 401/407 in our realm answered once with the same text and the
// next CSeq (§10 of RFC 3428 defers to RFC 3261 §22), the final answer told as PageAnswered;
// the peer's answered 200 (RFC 3428 §7: no 202 from a UA that is the recipient) and told as
// PageReceived.
#include "sip/message/escape.hpp"
#include "sip/message/message_builder.hpp"
#include "sip/message/name_addr.hpp"
#include "sip/ua/user_agent_impl.hpp"

namespace sipline::sip {

Result<std::uint32_t> UserAgent::send_page(OutgoingPage page, TimePoint now) {
  if (impl_->pages.size() >= Impl::kMaxOpenPages) {
    return fail(Errc::kBadState, "too many messages wait for answers",
                static_cast<std::uint32_t>(impl_->pages.size()));
  }
  Impl::Page pending{impl_->next_page++,
                     std::move(page),
                     impl_->random.token(16) + "@sipline",
                     impl_->random.token(10),
                     0,
                     false};
  auto sent = impl_->send_page_request(pending, std::nullopt, now);
  impl_->drain(now);
  if (!sent) {
    return std::unexpected(sent.error());
  }
  const std::uint32_t id = pending.id;
  impl_->pages.emplace(*sent, std::move(pending));
  return id;
}

Result<TransactionId> UserAgent::Impl::send_page_request(
    Page& page, const std::optional<Authorization>& authorization, TimePoint now) {
  const CallerIdentity& caller = page.page.caller;
  const std::string_view from =
      caller.from.empty() ? std::string_view(config.local_uri) : std::string_view(caller.from);
  const std::string display =
      caller.display_name.empty() ? "" : quote_string(caller.display_name) + " ";
  MessageBuilder request = MessageBuilder::request(Method::kMessage, page.page.target);
  request.field(HeaderId::kVia, via(page.page.to.kind))
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, {display, "<", from, ">;tag=", page.from_tag})
      .field(HeaderId::kTo, {"<", page.page.target, ">"})
      .field(HeaderId::kCallId, page.call_id)
      .cseq(++page.cseq, Method::kMessage);
  if (!caller.route.empty()) {
    request.field(HeaderId::kRoute, caller.route);  // through the outbound proxy (§8.1.2)
  }
  if (authorization) {
    request.field(authorization->header, authorization->value);
  }
  request.field(HeaderId::kUserAgent, config.user_agent)
      .body("text/plain;charset=UTF-8", page.page.text);
  auto message = std::move(request).build();
  if (!message) {
    return fail(Errc::kInvalidArgument, "the address makes no valid MESSAGE", 0);
  }
  return layer.send_request(std::move(*message), page.page.to, now);
}

void UserAgent::Impl::on_page(TransactionId transaction, const Message& request, TimePoint now) {
  respond(transaction, request, 200, now, {});
  const auto from = request.header(HeaderId::kFrom);
  const auto to = request.header(HeaderId::kTo);
  emit(ua::PageReceived{std::string(from.value_or("")), std::string(to.value_or("")),
                        content_type_of(request), std::string(request.body())});
}

bool UserAgent::Impl::on_page_response(TransactionId transaction, const Message& response,
                                       TimePoint now) {
  const auto it = pages.find(transaction);
  if (it == pages.end()) {
    return false;
  }
  const int status = response.status_code();
  if (status < 200) {
    return true;
  }
  Page page = std::move(it->second);
  pages.erase(it);
  const std::optional<Credentials>& ours =
      page.page.caller.credentials ? page.page.caller.credentials : user_credentials;
  if ((status == 401 || status == 407) && !page.challenged && ours) {
    const auto authorization =
        answer_digest_challenge(response, Method::kMessage, page.page.target, *ours, false,
                                [this] { return random.token(16); });
    if (authorization) {
      page.challenged = true;
      if (const auto again = send_page_request(page, authorization, now)) {
        pages.emplace(*again, std::move(page));
        return true;
      }
    }
  }
  emit(ua::PageAnswered{page.id, status});
  return true;
}

bool UserAgent::Impl::on_page_failed(TransactionId transaction, int status) {
  const auto it = pages.find(transaction);
  if (it == pages.end()) {
    return false;
  }
  emit(ua::PageAnswered{it->second.id, status});
  pages.erase(it);
  return true;
}

}  // namespace sipline::sip
