// INFO inside a confirmed call (RFC 6086; DTMF as application/dtmf-relay): ours sent with a
// fresh CSeq each, a challenge answered in our registrar's realm, the outcome told as
// InfoAnswered. A 481 or 408 (or no answer at all) means the dialog is gone: BYE (RFC 3261
// §12.2.1.2).
#include "sip/ua/invite_session.hpp"

namespace sipline::sip {

Result<void> InviteSession::send_info(std::string_view content_type, std::string_view body,
                                      TimePoint now) {
  if (state_ != CallState::kConfirmed || !dialog_) {
    return fail(Errc::kBadState, "INFO goes only inside a confirmed call", 0);
  }
  if (our_infos_.size() >= kMaxOpenInfos) {
    return fail(Errc::kBadState, "too many INFO requests wait for answers",
                static_cast<std::uint32_t>(our_infos_.size()));
  }
  InfoSent info{std::string(content_type), std::string(body)};
  const auto transaction = send_info_request(info, std::nullopt, now);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  our_infos_.emplace(*transaction, std::move(info));
  return {};
}

Result<TransactionId> InviteSession::send_info_request(
    const InfoSent& info, const std::optional<Authorization>& authorization, TimePoint now) {
  const std::string branch_via = context_->via(flow_.kind);
  ExtraHeader answer;
  auto request =
      dialog_->make_request({.method = Method::kInfo,
                             .via = branch_via,
                             .extra_headers = authorization_fields(authorization, answer),
                             .content_type = info.content_type,
                             .body = info.body});
  if (!request) {
    return std::unexpected(request.error());
  }
  return context_->send_request(id_, std::move(*request), flow_, now);
}

void InviteSession::on_info_response(TransactionId transaction, const Message& response,
                                     TimePoint now) {
  const auto it = our_infos_.find(transaction);
  if (it == our_infos_.end()) {
    return;
  }
  const int status = response.status_code();
  if ((status == 401 || status == 407) && dialog_ && state_ == CallState::kConfirmed) {
    if (const auto authorization =
            answer_challenge(Method::kInfo, dialog_->remote_target(), response)) {
      InfoSent info = std::move(it->second);
      our_infos_.erase(it);
      if (const auto again = send_info_request(info, authorization, now)) {
        our_infos_.emplace(*again, std::move(info));
        return;
      }
      context_->emit(ua::InfoAnswered{id_, status});
      return;
    }
  }
  (void)info_finished(transaction, status, now);
}

bool InviteSession::info_finished(TransactionId transaction, int status, TimePoint now) {
  if (our_infos_.erase(transaction) == 0) {
    return false;
  }
  context_->emit(ua::InfoAnswered{id_, status});
  if ((status == 481 || status == 408) && state_ == CallState::kConfirmed) {
    send_bye(now);
  }
  return true;
}

}  // namespace sipline::sip
