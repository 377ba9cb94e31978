// Transfer inside a confirmed call (RFC 3515). As the referrer: our REFER (Refer-To, with
// Replaces for an attended transfer, RFC 3891 §5; Referred-By, RFC 3892), a challenge in our
// realm answered, its final answer told (ReferAnswered; Refer-Sub: false means no NOTIFY will
// come, RFC 4488), then each NOTIFY's sipfrag status (ReferNotified). As the one referred: the
// peer's REFER accepted 202 and told (ReferReceived); the application's progress goes back in
// NOTIFYs (Event: refer, message/sipfrag), the last one ending the implicit subscription.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "sip/message/escape.hpp"
#include "sip/message/name_addr.hpp"
#include "sip/message/reason_phrase.hpp"
#include "sip/ua/invite_session.hpp"

namespace sipline::sip {
namespace {

constexpr std::string_view kSipfrag = "message/sipfrag;version=2.0";

// The status of a sipfrag's status line ("SIP/2.0 180 Ringing"); 0 when it has none.
int sipfrag_status(std::string_view body) {
  constexpr std::string_view kVersion = "SIP/2.0 ";
  if (body.size() < kVersion.size() + 3 || !iequals(body.substr(0, kVersion.size()), kVersion)) {
    return 0;
  }
  const auto status = parse_decimal<std::uint16_t>(body.substr(kVersion.size(), 3));
  return status && *status >= 100 && *status <= 699 ? *status : 0;
}

// The value of header `name` inside a URI's header part ("Replaces=a%3Bb&x=y"), unescaped.
std::string uri_header(std::string_view headers, std::string_view name) {
  while (!headers.empty()) {
    const std::size_t end = std::min(headers.find('&'), headers.size());
    const std::string_view field = headers.substr(0, end);
    const std::size_t equals = field.find('=');
    if (equals != std::string_view::npos && iequals(field.substr(0, equals), name)) {
      return unescape(field.substr(equals + 1));
    }
    headers.remove_prefix(std::min(end + 1, headers.size()));
  }
  return {};
}

// RFC 4488 §4: `Refer-Sub: false` — no implicit subscription, no NOTIFY.
bool refuses_subscription(const Message& message) {
  const auto refer_sub = message.header("Refer-Sub");
  return refer_sub && iequals(trim_wsp(*refer_sub), "false");
}

// The first token of an Event or Subscription-State value ("refer;id=5" → "refer").
std::string_view first_token(std::string_view value) {
  value = trim_wsp(value);
  return trim_wsp(value.substr(0, std::min(value.find(';'), value.size())));
}

}  // namespace

Result<void> InviteSession::send_refer(std::string_view refer_to, std::string_view referred_by,
                                       TimePoint now) {
  if (state_ != CallState::kConfirmed || !dialog_) {
    return fail(Errc::kBadState, "a transfer needs a confirmed call", id_);
  }
  if (our_refer_) {
    return fail(Errc::kBadState, "a transfer of this call is under way already", id_);
  }
  our_refer_ = ReferSent{0, std::string(refer_to), std::string(referred_by)};
  auto transaction = send_refer_request(std::nullopt, now);
  if (!transaction) {
    our_refer_.reset();
    return std::unexpected(transaction.error());
  }
  our_refer_->transaction = *transaction;
  refer_subscribed_ = false;
  return {};
}

Result<TransactionId> InviteSession::send_refer_request(
    const std::optional<Authorization>& authorization, TimePoint now) {
  const std::string branch_via = context_->via(flow_.kind);
  const std::string our_contact = contact();
  ExtraHeader answer;
  const auto auth = authorization_fields(authorization, answer);
  std::vector<ExtraHeader> extra{{"Refer-To", our_refer_->refer_to}};
  if (!our_refer_->referred_by.empty()) {
    extra.push_back({"Referred-By", our_refer_->referred_by});
  }
  extra.insert(extra.end(), auth.begin(), auth.end());
  auto request = dialog_->make_request({.method = Method::kRefer,
                                        .via = branch_via,
                                        .contact = our_contact,
                                        .extra_headers = extra});
  if (!request) {
    return std::unexpected(request.error());
  }
  return context_->send_request(id_, std::move(*request), flow_, now);
}

void InviteSession::on_refer_response(TransactionId transaction, const Message& response,
                                      TimePoint now) {
  if (!our_refer_ || our_refer_->transaction != transaction) {
    return;
  }
  const int status = response.status_code();
  if ((status == 401 || status == 407) && dialog_ && state_ == CallState::kConfirmed) {
    if (const auto authorization =
            answer_challenge(Method::kRefer, dialog_->remote_target(), response)) {
      if (const auto again = send_refer_request(authorization, now)) {
        our_refer_->transaction = *again;
        return;
      }
    }
  }
  our_refer_.reset();
  const bool no_subscription = status < 300 && refuses_subscription(response);
  refer_subscribed_ = status < 300 && !no_subscription;
  context_->emit(ua::ReferAnswered{id_, status, no_subscription});
}

void InviteSession::on_notify(TransactionId transaction, const Message& notify, TimePoint now) {
  const auto event = notify.header("Event");
  if (!event || !iequals(first_token(*event), "refer")) {
    // RFC 6665 §4.1.3: an event package we have no subscription to.
    context_->respond(transaction, notify, 489, now);
    return;
  }
  context_->respond(transaction, notify, 200, now);
  if (!refer_subscribed_ && !our_refer_) {
    return;  // no transfer of ours is running: nothing to tell
  }
  const int status = sipfrag_status(notify.body());
  const auto state = notify.header("Subscription-State");
  const bool terminated = state && iequals(first_token(*state), "terminated");
  if (status == 0 && !terminated) {
    return;  // an empty or unreadable progress report: nothing to tell
  }
  const bool final = terminated || status >= 200;
  if (final) {
    refer_subscribed_ = false;
  }
  context_->emit(ua::ReferNotified{id_, status == 0 ? 487 : status, final});
}

void InviteSession::on_refer(TransactionId transaction, const Message& refer, TimePoint now) {
  if (state_ != CallState::kConfirmed) {
    context_->respond(transaction, refer, 403, now);
    return;
  }
  // RFC 3515 §2.4.1: exactly one Refer-To, here with a SIP URI we can call.
  const HeaderField* refer_to = nullptr;
  std::size_t count = 0;
  for (const HeaderField& field : refer.headers()) {
    if (iequals(field.name, "Refer-To") || iequals(field.name, "r")) {
      refer_to = &field;
      ++count;
    }
  }
  const auto address = count == 1 ? parse_single_address(refer_to->value) : Result<NameAddr>{};
  if (count != 1 || !address || !address->uri.is_sip()) {
    context_->respond(transaction, refer, 400, now);
    return;
  }
  const std::string_view uri = address->uri.text;
  const std::string target(uri.substr(0, std::min(uri.find('?'), uri.size())));
  const std::string replaces = uri_header(address->uri.headers, "Replaces");
  const auto referred_by = refer.header("Referred-By");
  // RFC 4488: a referrer that asks for no subscription gets none (and is told so).
  const bool no_subscription = refuses_subscription(refer);
  const ExtraHeader sub{"Refer-Sub", "false"};
  (void)context_->send_response(
      transaction, refer, {.status = 202, .extra_headers = {&sub, no_subscription ? 1U : 0U}}, now);
  referred_ = !no_subscription;
  context_->emit(ua::ReferReceived{id_, target, replaces,
                                   referred_by ? std::string(*referred_by) : std::string()});
  if (referred_) {
    (void)notify_refer(100, false, now);  // RFC 3515 §2.4.4: the first NOTIFY at once
  }
}

Result<void> InviteSession::notify_refer(int status, bool final, TimePoint now) {
  if (!referred_ || !dialog_ || state_ != CallState::kConfirmed) {
    return fail(Errc::kBadState, "no transfer asked of us to report on", id_);
  }
  if (final) {
    referred_ = false;
  }
  const std::string branch_via = context_->via(flow_.kind);
  const std::string our_contact = contact();
  const std::string body =
      "SIP/2.0 " + std::to_string(status) + " " + std::string(default_reason(status)) + "\r\n";
  const std::array<ExtraHeader, 2> extra{
      {{"Event", "refer"},
       {"Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60"}}};
  auto request = dialog_->make_request({.method = Method::kNotify,
                                        .via = branch_via,
                                        .contact = our_contact,
                                        .extra_headers = extra,
                                        .content_type = kSipfrag,
                                        .body = body});
  if (!request) {
    return std::unexpected(request.error());
  }
  auto sent = context_->send_request(id_, std::move(*request), flow_, now);
  return sent ? Result<void>{} : std::unexpected(sent.error());
}

bool InviteSession::replaced_by(std::string_view call_id, std::string_view to_tag,
                                std::string_view from_tag) const {
  // RFC 3891 §3: to-tag is ours in this dialog, from-tag the peer's, whichever side began it.
  return dialog_ && state_ == CallState::kConfirmed && dialog_->id().call_id == call_id &&
         dialog_->id().local_tag == to_tag && dialog_->id().remote_tag == from_tag;
}

}  // namespace sipline::sip
