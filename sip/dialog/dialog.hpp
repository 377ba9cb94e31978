// A SIP dialog (RFC 3261 §12): the state two user agents share after an INVITE — Call-ID and
// tags, the route set, the remote target, both CSeq spaces. Created by the UAS from the request
// it answers (§12.1.1) or by the UAC from a response with a To tag (§12.1.2); builds requests
// inside the dialog (§12.2.1.1, loose and strict routing) and checks those it receives
// (§12.2.2). Owns copies of everything; sans-I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/message/message.hpp"
#include "sip/message/message_builder.hpp"

namespace sipline::sip {

enum class DialogState : std::uint8_t { kEarly, kConfirmed };

struct DialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  friend bool operator==(const DialogId&, const DialogId&) = default;
};

// What a request sent inside the dialog carries beyond the dialog's own fields.
struct InDialogRequest {
  Method method = Method::kBye;
  std::string_view via{};      // the whole Via value, branch included
  std::string_view contact{};  // our Contact value ("<sip:alice@192.0.2.1:5060>"); empty: none
  std::span<const ExtraHeader> extra_headers{};
  std::string_view content_type{};  // with a body
  std::string_view body{};
  std::optional<std::uint32_t> cseq{};  // ACK: the INVITE's; otherwise the next local number
};

class Dialog {
 public:
  // UAS side, from the dialog-creating request we answer with `local_tag` in To.
  [[nodiscard]] static Result<Dialog> as_uas(const Message& request, std::string_view local_tag,
                                             bool secure = false);
  // UAC side, from our request and a 1xx (early) or 2xx (confirmed) response with a To tag.
  [[nodiscard]] static Result<Dialog> as_uac(const Message& request, const Message& response,
                                             bool secure = false);

  [[nodiscard]] const DialogId& id() const noexcept { return id_; }
  [[nodiscard]] DialogState state() const noexcept { return state_; }
  [[nodiscard]] const std::string& remote_target() const noexcept { return remote_target_; }
  [[nodiscard]] const std::vector<std::string>& route_set() const noexcept { return route_set_; }
  [[nodiscard]] std::uint32_t local_seq() const noexcept { return local_seq_; }
  [[nodiscard]] std::optional<std::uint32_t> remote_seq() const noexcept { return remote_seq_; }
  [[nodiscard]] bool secure() const noexcept { return secure_; }

  // Whether a message belongs to this dialog: Call-ID and both tags (§12.2).
  [[nodiscard]] bool matches(const Message& message) const noexcept;

  // A response to a request we sent in (or while creating) this dialog: a 2xx confirms an early
  // dialog and recomputes its route set (§12.1.2); a 2xx to INVITE or UPDATE refreshes the
  // remote target from its Contact (§12.2.1.2).
  void on_response(const Message& request, const Message& response);

  // A request the peer sent in this dialog (§12.2.2): 0 when it may proceed, or the status to
  // reject it with (500 for a CSeq lower than the last, RFC 3261 §12.2.2). Target-refresh
  // requests (INVITE, UPDATE) replace the remote target with their Contact.
  [[nodiscard]] int on_request(const Message& request);

  // The text of a request inside the dialog: Request-URI and Route by the route set (loose or
  // strict), From/To with our tags, Call-ID, CSeq (the next local number unless given). Fails
  // when a part would make an invalid message (the local CSeq has advanced all the same).
  [[nodiscard]] Result<Message> make_request(const InDialogRequest& request);

 private:
  Dialog() = default;
  [[nodiscard]] Result<void> set_remote_target(const Message& message);
  [[nodiscard]] Result<void> set_route_set(const Message& message, bool reverse);

  DialogId id_;
  DialogState state_ = DialogState::kEarly;
  std::string local_uri_;   // From (ours) as an address, without its tag
  std::string remote_uri_;  // To (theirs)
  std::string remote_target_;
  std::vector<std::string> route_set_;  // "<sip:proxy;lr>" each, in the order to visit
  std::string first_route_uri_;         // the first one's URI, for strict routing
  bool first_route_loose_ = true;       // it has ;lr (RFC 3261 §16.12.1.1)
  std::uint32_t local_seq_ = 0;
  std::optional<std::uint32_t> remote_seq_;
  bool secure_ = false;
};

}  // namespace sipline::sip
