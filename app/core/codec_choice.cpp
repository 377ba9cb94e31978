// The user's codec list (MicroSIP's audioCodecs syntax) into the codecs we offer and accept.
#include "app/core/codec_choice.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/text.hpp"

namespace sipline::app {
namespace {

// A codec sipline builds, as MicroSIP names it, and what goes into the SDP for it.
struct Built {
  std::string_view name;
  std::uint32_t written_rate;  // MicroSIP's (pjsip's) rate: G722/16000
  std::uint32_t clock_rate;    // the RTP clock: G722 8000 (RFC 3551 §4.5.2), else the same
  std::uint8_t max_channels;
  std::uint8_t sdp_channels;  // opus is always /2 in SDP (RFC 7587 §7)
  std::string_view fmtp;      // in-band FEC asked of the peer's encoder (RFC 7587 §6.1)
  std::optional<std::uint8_t> payload_type;  // static (RFC 3551 §6) or the one we prefer
};

// In the order "speex" alone expands to (wideband first, as pjsip prefers it).
constexpr auto kBuilt = std::to_array<Built>({
    {"opus", 48000, 48000, 2, 2, "useinbandfec=1", 111},
    {"G722", 16000, 8000, 1, 1, "", 9},
    {"PCMU", 8000, 8000, 1, 1, "", 0},
    {"PCMA", 8000, 8000, 1, 1, "", 8},
    {"speex", 16000, 16000, 1, 1, "", std::nullopt},  // dynamic: 96, 97 … (RFC 5574)
    {"speex", 8000, 8000, 1, 1, "", std::nullopt},
});

// Codecs MicroSIP (pjsip) can list that sipline has not built: any rate of these names, and
// speex/32000 (ultra-wideband; the Speex codec here runs at 8000 and 16000).
constexpr auto kUnbuiltNames = std::to_array<std::string_view>({
    "AMR",
    "AMR-WB",
    "G723",
    "G726-16",
    "G726-24",
    "G726-32",
    "G726-40",
    "G7221",
    "G722.1",
    "G728",
    "G729",
    "GSM",
    "iLBC",
    "L16",
    "SILK",
});

constexpr std::string_view kBuiltNames = "opus, G722, PCMU, PCMA, speex";
// RFC 4733 §7.1.1: events 0-16 (DTMF digits and flash) at 8000 Hz.
sdp::CodecSpec telephone_event() { return {"telephone-event", 8000, 1, "0-16", 101}; }

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ','; }

bool is_name_char(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_'; }

sdp::CodecSpec spec(const Built& built) {
  return sdp::CodecSpec{std::string(built.name), built.clock_rate, built.sdp_channels,
                        std::string(built.fmtp), built.payload_type};
}

// One entry split into its fields; the rate and channels 0 when not written.
struct Entry {
  std::string_view name;
  std::uint32_t rate = 0;
  std::uint32_t channels = 0;
};

std::expected<Entry, std::string> split(std::string_view text) {
  Entry entry;
  const auto slash = text.find('/');
  entry.name = text.substr(0, slash);
  if (entry.name.empty() || !std::ranges::all_of(entry.name, is_name_char)) {
    return std::unexpected("expected NAME[/RATE[/CHANNELS]]");
  }
  if (slash == std::string_view::npos) {
    return entry;
  }
  std::string_view rest = text.substr(slash + 1);
  const auto second = rest.find('/');
  const auto rate = parse_decimal<std::uint32_t>(rest.substr(0, second));
  if (!rate || *rate == 0) {
    return std::unexpected("the rate must be a number of Hz");
  }
  entry.rate = *rate;
  if (second == std::string_view::npos) {
    return entry;
  }
  const auto channels = parse_decimal<std::uint32_t>(rest.substr(second + 1));
  if (!channels || *channels == 0) {
    return std::unexpected("the channels must be a number (NAME/RATE/CHANNELS)");
  }
  entry.channels = *channels;
  return entry;
}

// Why `built`'s name with another rate is refused.
std::string wrong_rate(const Built& built) {
  if (iequals(built.name, "G722")) {
    return "G722 runs at 16000 Hz (8000 in SDP, RFC 3551 §4.5.2)";
  }
  if (iequals(built.name, "speex")) {
    return "speex runs at 8000 or 16000 Hz here";
  }
  return fmt::format("{} runs at {} Hz", built.name, built.written_rate);
}

// The built codecs `entry` names (speex alone: both rates), an empty list for one MicroSIP knows
// that is not built, or why it is wrong.
std::expected<std::vector<const Built*>, std::string> lookup(const Entry& entry) {
  std::vector<const Built*> found;
  const Built* by_name = nullptr;
  for (const Built& built : kBuilt) {
    if (!iequals(built.name, entry.name)) {
      continue;
    }
    by_name = &built;
    if (entry.rate == 0 || entry.rate == built.written_rate || entry.rate == built.clock_rate) {
      found.push_back(&built);
    }
  }
  if (iequals(entry.name, "speex") && entry.rate == 32000) {
    return found;  // ultra-wideband: not built
  }
  if (by_name == nullptr) {
    if (std::ranges::any_of(kUnbuiltNames,
                            [&](std::string_view name) { return iequals(name, entry.name); })) {
      return found;
    }
    return std::unexpected(fmt::format("unknown codec (sipline has {})", kBuiltNames));
  }
  if (found.empty()) {
    return std::unexpected(wrong_rate(*by_name));
  }
  if (entry.channels > found.front()->max_channels) {
    return std::unexpected(found.front()->max_channels == 1
                               ? fmt::format("{} is mono (channels 1)", by_name->name)
                               : fmt::format("{} has 1 or 2 channels", by_name->name));
  }
  return found;
}

bool same(const sdp::CodecSpec& a, const sdp::CodecSpec& b) {
  return iequals(a.name, b.name) && a.clock_rate == b.clock_rate;
}

}  // namespace

std::expected<CodecChoice, std::string> parse_codec_choice(std::string_view text,
                                                           const CodecChoiceLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return std::unexpected(fmt::format("longer than {} bytes", limits.max_bytes));
  }
  // Errors and notes quote the entries: a control character (a newline in a hand-edited ini
  // value, a NUL) would break their one line, and is never part of a codec's name.
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      return std::unexpected(fmt::format("a control character (0x{:02X}) at byte {}", c, i));
    }
  }
  CodecChoice choice;
  std::size_t entries = 0;  // telephone-event counts: it is a word of the input too
  std::size_t at = 0;
  while (true) {
    while (at < text.size() && is_separator(text[at])) {
      ++at;
    }
    if (at == text.size()) {
      break;
    }
    std::size_t end = at;
    while (end < text.size() && !is_separator(text[end])) {
      ++end;
    }
    const std::string_view written = text.substr(at, end - at);
    const auto bad = [&](std::string_view reason) {
      return std::unexpected(fmt::format("'{}' at byte {}: {}", written, at, reason));
    };
    if (++entries > limits.max_entries) {
      return bad(fmt::format("more than {} codecs", limits.max_entries));
    }
    const auto entry = split(written);
    if (!entry) {
      return bad(entry.error());
    }
    // RFC 4733 events are always offered, last: naming them changes nothing.
    if (iequals(entry->name, "telephone-event")) {
      if (entry->rate != 0 && entry->rate != 8000) {
        return bad("telephone-event runs at 8000 Hz here");
      }
      at = end;
      continue;
    }
    const auto found = lookup(*entry);
    if (!found) {
      return bad(found.error());
    }
    if (found->empty() && std::ranges::find(choice.unbuilt, written) == choice.unbuilt.end()) {
      choice.unbuilt.emplace_back(written);
    }
    for (const Built* built : *found) {
      sdp::CodecSpec codec = spec(*built);
      if (std::ranges::none_of(choice.codecs,
                               [&](const sdp::CodecSpec& c) { return same(c, codec); })) {
        choice.codecs.push_back(std::move(codec));
      }
    }
    at = end;
  }
  if (choice.codecs.empty() && choice.unbuilt.empty()) {
    return std::unexpected(fmt::format("no audio codec given (sipline has {})", kBuiltNames));
  }
  if (choice.codecs.empty()) {
    return std::unexpected(
        fmt::format("no codec sipline has built ({}) is in the list: {} {}", kBuiltNames,
                    fmt::join(choice.unbuilt, ", "),
                    choice.unbuilt.size() == 1 ? "is not built yet" : "are not built yet"));
  }
  choice.codecs.push_back(telephone_event());
  return choice;
}

std::vector<sdp::CodecSpec> default_audio_codecs() {
  std::vector<sdp::CodecSpec> codecs;
  // opus, G722, PCMU, PCMA: kBuilt's first four (speex is offered only when chosen).
  for (const Built& built : std::span(kBuilt).first(4)) {
    codecs.push_back(spec(built));
  }
  codecs.push_back(telephone_event());
  return codecs;
}

}  // namespace sipline::app
