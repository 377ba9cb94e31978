// The local conference (MicroSIP's conference of its calls): the phone core says which calls
// are members; the mixer (AudioMixer::set_conference) sends each member our microphone with
// what the others say. Members are taken off hold when they join; hold_others() leaves the
// other members alone when one of them talks.
#include <algorithm>

#include "app/core/phone_core_parts.hpp"

namespace sipline::app {

Result<void> PhoneCore::conference(std::span<const sip::CallId> ids, TimePoint now) {
  if (ids.empty()) {
    std::optional<sip::CallId> newest;
    for (const auto& [id, call] : calls_) {
      if (call->in_conference) {
        call->in_conference = false;
        out_.emplace_back(media_command::Conference{id, false});
        newest = id;
      }
    }
    if (!newest) {
      return fail(Errc::kNotFound, "no conference to end", 0);
    }
    emit(event::ConferenceChanged{});
    hold_others(*newest, now);  // back to one call at a time
    run(now);
    return {};
  }
  std::size_t joining = 0;
  for (const sip::CallId id : ids) {
    const Call* call = find(id);
    if (call == nullptr || call->state != PhoneCallState::kConfirmed || !call->media_started) {
      return fail(Errc::kNotFound, "a conference takes confirmed calls with media", id);
    }
    joining += call->in_conference ? 0 : 1;
  }
  const auto members_before =
      std::ranges::count_if(calls_, [](const auto& entry) { return entry.second->in_conference; });
  if (joining == 0 || members_before + static_cast<std::ptrdiff_t>(joining) < 2) {
    return fail(Errc::kInvalidArgument, "a conference needs two calls or more", ids.size());
  }
  for (const sip::CallId id : ids) {
    Call& call = *find(id);
    if (call.in_conference) {
      continue;
    }
    call.in_conference = true;
    out_.emplace_back(media_command::Conference{id, true});
    if (call.held) {
      (void)set_hold(call, false, now);  // one being renegotiated joins, and is heard once done
    }
  }
  std::vector<sip::CallId> members;
  for (const auto& [id, call] : calls_) {
    if (call->in_conference) {
      members.push_back(id);
    }
  }
  emit(event::ConferenceChanged{std::move(members)});
  run(now);
  return {};
}

void PhoneCore::leave_conference(sip::CallId gone) {
  std::vector<sip::CallId> members;
  for (const auto& [id, call] : calls_) {
    if (id != gone && call->in_conference) {
      members.push_back(id);
    }
  }
  if (members.size() == 1) {
    find(members.front())->in_conference = false;  // alone: a plain call again
    out_.emplace_back(media_command::Conference{members.front(), false});
    members.clear();
  }
  emit(event::ConferenceChanged{std::move(members)});
}

}  // namespace sipline::app
