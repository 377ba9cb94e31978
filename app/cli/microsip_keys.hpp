// The keys MicroSIP (3.20 and later) writes to microsip.ini, sorted by what they mean to sipline,
// so that a file MicroSIP wrote loads and says what it cannot do:
//   - cosmetic: the window, sounds and devices, video, the UI's buttons and lists, update checks.
//     Accepted whatever their value: they change nothing on the wire or in how calls go.
//   - not built: settings that would change calls in a way sipline has not built yet. A value
//     asking for more than sipline does is named in one line at start-up and ignored.
//   - refused (config_file.cpp, incoming_rules.cpp): values sipline would otherwise quietly
//     betray — send over UDP, in clear, what must go over TLS or SRTP, answer or ring callers
//     the user keeps out, show a hidden caller id, dial other numbers than the ones typed.
//     Better no phone.
// A key in no table (and not read by the loader) is an error: a typo would otherwise be a silent
// default.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "base/text.hpp"

namespace sipline::app::microsip {

// [Settings] keys that change nothing sipline does.
inline constexpr auto kCosmeticSettings = std::to_array<std::string_view>({
    // window geometry, lists and tabs
    "activeTab",
    "alwaysOnTop",
    "bringToFrontOnIncoming",
    "callsWidth0",
    "callsWidth1",
    "callsWidth2",
    "callsWidth3",
    "callsWidth4",
    "callsWidth5",
    "contactsWidth0",
    "contactsWidth1",
    "contactsWidth2",
    "enableShortcuts",
    "hidden",
    "mainH",
    "mainW",
    "mainX",
    "mainY",
    "messagesH",
    "messagesW",
    "messagesX",
    "messagesY",
    "minimized",
    "multiMonitor",
    "noResize",
    "randomAnswerBox",
    "ringinX",
    "ringinY",
    "shortcutsBottom",
    "silent",
    "singleMode",
    // buttons shown and what the dialer remembers
    "buttonAC",
    "buttonCONF",
    "defaultAction",
    "EM",
    "enableMediaButtons",
    "headsetSupport",
    "lastCallHasVideo",
    "lastCallNumber",
    "noIgnoreCall",
    "recordingButton",
    // the directory and contacts, messaging (SIP MESSAGE is answered 405 either way)
    "disableMessaging",
    "disableNameLookup",
    "usersDirectory",
    // feature codes: used only by transfer, which is not built
    "enableFeatureCodeAT",
    "enableFeatureCodeBT",
    "enableFeatureCodeCP",
    "featureCodeAT",
    "featureCodeBT",
    "featureCodeCP",
    // sounds, devices and levels (sipline's device is audio=), local processing
    "audioInputDevice",
    "audioOutputDevice",
    "audioRingDevice",
    "EC",
    "localDTMF",
    "micAmplification",
    "ringingSound",
    "swLevelAdjustment",
    "volumeInput",
    "volumeOutput",
    "volumeRing",
    // video: sipline offers none, as disableVideo=1 does
    "bitrateH263",
    "bitrateH264",
    "bitrateVP8",
    "disableH263",
    "disableH264",
    "disableVP8",
    "disableVideo",
    "videoBitrate",
    "videoCaptureDevice",
    "videoCodec",
    "videoH263",
    "videoH264",
    "videoVP8",
    "videoVP9",
    // updates, the log, the local account's menu entry, network change detection
    "checkUpdatesTime",
    "enableLocalAccount",
    "enableLog",
    "networkChanges",
    "updatesInterval",
    "version",
});

// A setting sipline has not built: `what` it would do, and the values that ask for nothing
// beyond what sipline does anyway (separated by '|'; "" is the empty value).
struct NotBuilt {
  std::string_view key;
  std::string_view quiet;
  std::string_view what;
};

// [Settings]. autoAnswer, denyIncoming, forwarding and their toggles are rules read together
// (config_file.cpp), not listed here.
inline constexpr auto kNotBuiltSettings = std::to_array<NotBuilt>({
    {"AC", "|0", "joining new calls into a conference (the AC button)"},
    {"cmdCallAnswerVideo", "", "running a command when a video call is answered (no video)"},
    {"forceCodec", "|0", "forcing the first codec"},
    {"opusStereo", "|0", "stereo Opus"},
    {"portKnockerHost", "", "port knocking before registering"},
    {"portKnockerPorts", "", "port knocking before registering"},
    {"rport", "|1", "leaving rport out of Via"},
    {"rtpPortMax", "|0", "a range of RTP ports (any free port is used)"},
    {"rtpPortMin", "|0", "a range of RTP ports (any free port is used)"},
    {"VAD", "|0", "silence suppression (VAD)"},
});

// [AccountN] (and [Account0], the local account) keys sipline has not built. A proxy, hideCID
// and dial rewriting are refused by the loader instead.
inline constexpr auto kNotBuiltAccountKeys = std::to_array<NotBuilt>({
    {"AVPF", "|0", "offering the RTP/AVPF profile"},
    {"ICE", "|0", "using ICE"},
    {"publicAddr", "", "a public address for calls by IP (NAT)"},
    {"publish", "|0", "publishing presence"},
    {"STUN", "", "learning the public address by STUN"},
    {"voicemailNumber", "", "subscribing to voicemail (message waiting)"},
});

// [AccountN] keys that change nothing sipline does: MicroSIP's own bookkeeping.
inline constexpr auto kCosmeticAccountKeys =
    std::to_array<std::string_view>({"id", "passwordSize", "rememberPassword"});

// Sections that hold no settings: the call history, dialled numbers, keyboard shortcuts, and
// [Global] (MicroSIP's version and its last update check).
inline constexpr auto kCosmeticSections =
    std::to_array<std::string_view>({"Calls", "Dialed", "Global", "Shortcuts"});

template <std::size_t N>
[[nodiscard]] constexpr bool listed(const std::array<std::string_view, N>& keys,
                                    std::string_view key) noexcept {
  return std::ranges::any_of(keys, [key](std::string_view k) { return iequals(k, key); });
}

// The entry for `key`, or nullptr.
template <std::size_t N>
[[nodiscard]] constexpr const NotBuilt* find(const std::array<NotBuilt, N>& table,
                                             std::string_view key) noexcept {
  const auto* it =
      std::ranges::find_if(table, [key](const NotBuilt& n) { return iequals(n.key, key); });
  return it == table.end() ? nullptr : it;
}

// Whether `value` is one of `entry.quiet`'s (compared case-insensitively).
[[nodiscard]] constexpr bool quiet(const NotBuilt& entry, std::string_view value) noexcept {
  std::string_view rest = entry.quiet;
  while (true) {
    const auto bar = rest.find('|');
    if (iequals(rest.substr(0, bar), value)) {
      return true;
    }
    if (bar == std::string_view::npos) {
      return false;
    }
    rest.remove_prefix(bar + 1);
  }
}

}  // namespace sipline::app::microsip
