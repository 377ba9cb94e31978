// Small lexical helpers shared by the SDP parser and its attributes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/text.hpp"

namespace sipline::sdp {

// A packet time beyond a second is no packet time (CVE-2026-41416 grew buffers from it).
inline constexpr std::uint32_t kMaxPtimeMs = 1000;
// Audio channels in an rtpmap; more is not audio we could play.
inline constexpr std::uint8_t kMaxChannels = 8;

// Fields separated by runs of spaces; at most `max_fields` (the rest stays in the last field
// only when it is the last allowed one, so callers can detect "too many").
[[nodiscard]] std::vector<std::string_view> split_fields(std::string_view text,
                                                         std::size_t max_fields);

// RFC 8866 token: printable ASCII except the separators "()<>@,;:\"/[]?={} " — used for
// encoding names, attribute names, protocol and media names.
[[nodiscard]] bool is_token_text(std::string_view text) noexcept;

// 0..127 (RFC 3551 §3: the payload type field has 7 bits).
[[nodiscard]] Result<std::uint8_t> parse_payload_type(std::string_view text) noexcept;

}  // namespace sipline::sdp
