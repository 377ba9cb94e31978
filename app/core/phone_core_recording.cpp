// Call recording in the phone core: `record` on a call, and autoRecording from each call's
// confirmation (MicroSIP's). The core says which call and the name's parts; the driver makes the
// file (media/audio/call_recorder.hpp writes it off the media thread).
#include "app/core/phone_core_parts.hpp"
#include "sip/message/name_addr.hpp"

namespace sipline::app {

Result<void> PhoneCore::record(std::optional<sip::CallId> id, bool on, TimePoint now) {
  (void)now;
  Call* call = named_or_newest_confirmed(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no such call to record", id.value_or(0));
  }
  if (!call->media_started) {
    return fail(Errc::kBadState, "the call has no media running to record", call->ref.id);
  }
  if (call->recording == on) {
    return fail(Errc::kBadState,
                on ? "the call is being recorded already"
                   : "the call is not "
                     "being recorded",
                call->ref.id);
  }
  call->recording = on;
  RecordingName name;
  name.incoming = call->ref.direction == CallDirection::kIncoming;
  if (const auto uri = sip::parse_uri(call->ref.remote_uri)) {
    name.remote = std::string(uri->user.empty() ? uri->host.address() : uri->user);
  }
  const Line* line = default_line();
  name.label = line == nullptr              ? config_.user
               : line->config.label.empty() ? line->where.user
                                            : line->config.label;
  out_.emplace_back(media_command::Record{call->ref.id, on, std::move(name)});
  return {};
}

}  // namespace sipline::app
