// Moving parsed headers' views between buffers (see view_mover.hpp).
#include "sip/message/view_mover.hpp"

#include <cstdint>
#include <functional>

namespace sipline::sip {

// A field added to one of these structs must be moved below, or a copy's view would point into
// the source's freed bytes. The sizes catch the addition on the 64-bit builds.
#if UINTPTR_MAX == UINT64_MAX
static_assert(sizeof(Uri) == 136, "a new Uri field: move its views in ViewMover::move(Uri&)");
static_assert(sizeof(NameAddr) == 256, "a new NameAddr field: move it in ViewMover");
static_assert(sizeof(Via) == 160, "a new Via field: move its views in ViewMover::move(Via&)");
static_assert(sizeof(CSeq) == 24, "a new CSeq field: move its views in ViewMover");
static_assert(sizeof(MediaType) == 48, "a new MediaType field: move its views in ViewMover");
static_assert(sizeof(HostPort) == 24, "a new HostPort field: move its views in ViewMover");
#endif

void ViewMover::move(std::string_view& view) noexcept {
  if (view.data() == nullptr) {
    return;
  }
  if (!holds(view)) {
    ok_ = false;
    view = {};
    return;
  }
  view = std::string_view(to_ + (view.data() - from_), view.size());
}

bool ViewMover::holds(std::string_view view) const noexcept {
  // std::less: a total order even for pointers into unrelated objects.
  const std::less<const char*> before;
  return view.data() != nullptr && !before(view.data(), from_) &&
         !before(from_ + size_, view.data() + view.size());
}

void ViewMover::move(ParamList& params) noexcept {
  std::string_view text = params.text();
  move(text);
  params = ParamList(text);
}

void ViewMover::move(Uri& uri) noexcept {
  move(uri.text);
  move(uri.scheme_name);
  move(uri.user);
  move(uri.password);
  move(uri.host);
  move(uri.params);
  move(uri.headers);
}

void ViewMover::move(NameAddr& address) noexcept {
  move(address.text);
  move(address.display_name);
  move(address.uri);
  move(address.params);
  move(address.tag);
  move(address.q);
  move(address.expires);
}

void ViewMover::move(Via& via) noexcept {
  move(via.text);
  move(via.protocol_name);
  move(via.protocol_version);
  move(via.transport);
  move(via.sent_by);
  move(via.params);
  move(via.branch);
  move(via.received);
  move(via.maddr);
}

void ViewMover::move(MediaType& type) noexcept {
  move(type.type);
  move(type.subtype);
  move(type.params);
}

}  // namespace sipline::sip
