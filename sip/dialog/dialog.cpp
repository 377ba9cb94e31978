// RFC 3261 §12 dialog state.
#include "sip/dialog/dialog.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sip/message/list_headers.hpp"

namespace sipline::sip {
namespace {

// An address for From/To without its tag: the display name and the URI.
std::string address_without_tag(const NameAddr& address) {
  if (address.display_name.empty()) {
    return fmt::format("<{}>", address.uri.text);
  }
  return fmt::format("{} <{}>", address.display_name, address.uri.text);
}

bool is_target_refresh(Method method) {
  return method == Method::kInvite || method == Method::kUpdate;
}

}  // namespace

Result<void> Dialog::set_remote_target(const Message& message) {
  const auto contacts = message.contacts();
  if (contacts.empty() && message.is_request() && message.from() != nullptr &&
      !message.contact_is_star()) {
    // An RFC 2543 request may come without Contact: requests go back to its From.
    remote_target_ = std::string(message.from()->uri.text);
    return {};
  }
  if (contacts.size() != 1 || message.contact_is_star()) {
    return fail(Errc::kMalformed, "a dialog needs exactly one Contact (RFC 3261 §12.1)", 0);
  }
  remote_target_ = std::string(contacts.front().uri.text);
  return {};
}

Result<void> Dialog::set_route_set(const Message& message, bool reverse) {
  auto routes = collect_addresses(message, HeaderId::kRecordRoute, AddressForm::kBracketedOnly);
  if (!routes) {
    return std::unexpected(routes.error());
  }
  if (reverse) {
    std::ranges::reverse(*routes);
  }
  route_set_.clear();
  for (const NameAddr& route : *routes) {
    route_set_.emplace_back(route.text);
  }
  if (!routes->empty()) {
    first_route_uri_ = std::string(routes->front().uri.text);
    first_route_loose_ = routes->front().uri.params.contains("lr");
  }
  return {};
}

Result<Dialog> Dialog::as_uas(const Message& request, std::string_view local_tag, bool secure) {
  // An RFC 2543 peer sends no From tag: the remote tag is then empty (§12.1.1).
  if (!request.is_request() || request.from() == nullptr || request.to() == nullptr ||
      request.cseq() == nullptr || local_tag.empty()) {
    return fail(Errc::kMalformed, "dialog-creating request without From, To or CSeq", 0);
  }
  Dialog dialog;
  if (auto routes = dialog.set_route_set(request, false); !routes) {
    return std::unexpected(routes.error());
  }
  if (auto target = dialog.set_remote_target(request); !target) {
    return std::unexpected(target.error());
  }
  dialog.id_ = {std::string(request.call_id()), std::string(local_tag),
                std::string(request.from()->tag)};
  dialog.remote_seq_ = request.cseq()->number;
  dialog.local_uri_ = address_without_tag(*request.to());
  dialog.remote_uri_ = address_without_tag(*request.from());
  dialog.secure_ = secure;
  dialog.state_ = DialogState::kConfirmed;  // becomes real when our 2xx is sent
  return dialog;
}

Result<Dialog> Dialog::as_uac(const Message& request, const Message& response, bool secure) {
  if (!response.is_response() || response.to() == nullptr || response.to()->tag.empty() ||
      request.from() == nullptr || request.to() == nullptr || request.cseq() == nullptr ||
      response.status_code() < 101 || response.status_code() >= 300) {
    return fail(Errc::kMalformed, "no dialog without a 101–299 response with a To tag", 0);
  }
  Dialog dialog;
  if (auto routes = dialog.set_route_set(response, true); !routes) {
    return std::unexpected(routes.error());
  }
  if (auto target = dialog.set_remote_target(response); !target) {
    return std::unexpected(target.error());
  }
  dialog.id_ = {std::string(request.call_id()), std::string(request.from()->tag),
                std::string(response.to()->tag)};
  dialog.local_seq_ = request.cseq()->number;
  dialog.local_uri_ = address_without_tag(*request.from());
  dialog.remote_uri_ = address_without_tag(*request.to());
  dialog.secure_ = secure;
  dialog.state_ = response.status_code() < 200 ? DialogState::kEarly : DialogState::kConfirmed;
  return dialog;
}

bool Dialog::matches(const Message& message) const noexcept {
  if (message.call_id() != id_.call_id || message.from() == nullptr || message.to() == nullptr) {
    return false;
  }
  // Requests from the peer carry its tag in From; responses to ours carry it in To.
  const bool from_peer = message.is_request();
  const std::string_view local = from_peer ? message.to()->tag : message.from()->tag;
  const std::string_view remote = from_peer ? message.from()->tag : message.to()->tag;
  return local == id_.local_tag && remote == id_.remote_tag;
}

void Dialog::on_response(const Message& request, const Message& response) {
  const int status = response.status_code();
  if (status < 200 || status >= 300) {
    return;
  }
  if (state_ == DialogState::kEarly) {
    state_ = DialogState::kConfirmed;
    (void)set_route_set(response, true);  // a bad Record-Route keeps the early one
  }
  if (is_target_refresh(request.method()) && !response.contacts().empty()) {
    (void)set_remote_target(response);
  }
}

int Dialog::on_request(const Message& request) {
  const CSeq* cseq = request.cseq();
  if (cseq == nullptr) {
    return 400;
  }
  // ACK and CANCEL reuse their INVITE's number; every other request must go up (§12.2.2).
  if (request.method() != Method::kAck && request.method() != Method::kCancel) {
    if (remote_seq_ && cseq->number <= *remote_seq_) {
      return 500;
    }
    remote_seq_ = cseq->number;
  }
  if (is_target_refresh(request.method()) && !request.contacts().empty()) {
    if (!set_remote_target(request)) {
      return 400;
    }
  }
  return 0;
}

Result<Message> Dialog::make_request(const InDialogRequest& request) {
  const std::uint32_t number = request.cseq ? *request.cseq : ++local_seq_;
  // §12.2.1.1: loose routing keeps the remote target as Request-URI; a strict first route
  // becomes the Request-URI and the remote target goes last in Route.
  const bool strict = !route_set_.empty() && !first_route_loose_;
  MessageBuilder out =
      MessageBuilder::request(request.method, strict ? first_route_uri_ : remote_target_);
  out.field(HeaderId::kVia, request.via)
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, {local_uri_, ";tag=", id_.local_tag})
      .field(HeaderId::kTo, {remote_uri_, ";tag=", id_.remote_tag})
      .field(HeaderId::kCallId, id_.call_id)
      .cseq(number, request.method);
  for (std::size_t i = strict ? 1 : 0; i < route_set_.size(); ++i) {
    out.field(HeaderId::kRoute, route_set_[i]);
  }
  if (strict) {
    out.field(HeaderId::kRoute, {"<", remote_target_, ">"});
  }
  if (!request.contact.empty()) {
    out.field(HeaderId::kContact, request.contact);
  }
  out.fields(request.extra_headers).body(request.content_type, request.body);
  return std::move(out).build();
}

}  // namespace sipline::sip
