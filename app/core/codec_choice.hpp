// The audio codecs a phone offers and accepts, chosen and ordered by the user in the syntax
// MicroSIP writes to microsip.ini's audioCodecs: "opus/48000/2 G722/16000/1 PCMA/8000/1".
// Pure: text in, sdp::CodecSpec list out.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/capabilities.hpp"

namespace sipline::app {

struct CodecChoice {
  // What we offer and accept, in the user's order, telephone-event last (RFC 4733).
  std::vector<sdp::CodecSpec> codecs;
  // Entries naming a codec MicroSIP knows and sipline has not built ("GSM/8000/1"), as written,
  // for the caller to say at start-up: they are left out, never silently.
  std::vector<std::string> unbuilt;
};

struct CodecChoiceLimits {
  std::size_t max_bytes = 1024;  // MicroSIP's full list of every codec it has is ~400
  std::size_t max_entries = 32;
};

// Entries NAME[/RATE[/CHANNELS]] separated by spaces, tabs or commas; names case-insensitive.
// Duplicates keep the first. An error names the entry, its byte offset and the reason:
// "'PCMU/16000' at byte 5: PCMU runs at 8000 Hz". A list with no built codec is an error too.
[[nodiscard]] std::expected<CodecChoice, std::string> parse_codec_choice(
    std::string_view text, const CodecChoiceLimits& limits = {});

// What sipline offers when the user chose nothing: opus, G722, PCMU, PCMA, telephone-event.
[[nodiscard]] std::vector<sdp::CodecSpec> default_audio_codecs();

}  // namespace sipline::app
