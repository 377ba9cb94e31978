// Moving a parsed header's views from one buffer to another. A Message is text plus views into
// it; a copy copies the text and moves every view to the same offset in its own bytes instead of
// parsing the text again. A view that points outside the source buffer cannot be moved: the
// mover remembers it, and the caller falls back to parsing.
#pragma once

#include <cstddef>
#include <optional>
#include <ranges>
#include <string_view>

#include "sip/message/host.hpp"
#include "sip/message/media_type.hpp"
#include "sip/message/message.hpp"
#include "sip/message/name_addr.hpp"
#include "sip/message/params.hpp"
#include "sip/message/scalar_headers.hpp"
#include "sip/message/uri.hpp"
#include "sip/message/via.hpp"

namespace sipline::sip {

class ViewMover {
 public:
  ViewMover(const char* from, std::size_t size, const char* to) noexcept
      : from_(from), size_(size), to_(to) {}

  void move(std::string_view& view) noexcept;
  template <class T>
  void move(std::optional<T>& value) noexcept {
    if (value) {
      move(*value);
    }
  }
  template <std::ranges::range Range>
  void move(Range& values) noexcept {
    for (auto& value : values) {
      move(value);
    }
  }
  void move(HeaderField& field) noexcept {
    move(field.name);
    move(field.value);
  }
  void move(ParamList& params) noexcept;
  void move(HostPort& host) noexcept { move(host.host); }
  void move(Uri& uri) noexcept;
  void move(NameAddr& address) noexcept;
  void move(Via& via) noexcept;
  void move(CSeq& cseq) noexcept { move(cseq.method_text); }
  void move(MediaType& type) noexcept;

  // Whether `view` lies inside the source buffer (a null view does not).
  [[nodiscard]] bool holds(std::string_view view) const noexcept;

  // False once a view pointed outside the source buffer (it was emptied, not moved).
  [[nodiscard]] bool ok() const noexcept { return ok_; }

 private:
  const char* from_;
  std::size_t size_;
  const char* to_;
  bool ok_ = true;
};

}  // namespace sipline::sip
