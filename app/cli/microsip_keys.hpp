// The keys MicroSIP writes to microsip.ini that sipline reads as "nothing to do": so that a real
// file loads, while a key neither knows stays an error (a typo would otherwise be a silent
// default). Settings that would change calls in a way sipline has not built are not here: the
// loader accepts only their "off" values and names them otherwise.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "base/text.hpp"

namespace sipline::app::microsip {

// [Settings]: the window and its lists, video, sounds and devices, the order of codecs, update
// checks, feature codes, recording, port ranges sipline chooses itself.
inline constexpr std::array<std::string_view, 77> kIgnoredSettings = {
    "AA",
    "activeTab",
    "alwaysOnTop",
    "audioCodecs",
    "audioInputDevice",
    "audioOutputDevice",
    "audioRingDevice",
    "autoAnswerDelay",
    "autoHangUpTime",
    "autoRecording",
    "bitrateH263",
    "bitrateH264",
    "bitrateVP8",
    "callWaiting",
    "callsWidth0",
    "callsWidth1",
    "callsWidth2",
    "callsWidth3",
    "callsWidth4",
    "checkUpdatesTime",
    "contactsWidth0",
    "contactsWidth1",
    "disableH263",
    "disableH264",
    "disableVP8",
    "dnsSrv",
    "dnsSrvNs",
    "DTMFMethod",
    "EC",
    "enableFeatureCodeAT",
    "enableFeatureCodeBT",
    "enableFeatureCodeCP",
    "enableLocalAccount",
    "enableLog",
    "enableShortcuts",
    "featureCodeAT",
    "featureCodeBT",
    "featureCodeCP",
    "forceCodec",
    "headsetSupport",
    "hidden",
    "lastCallNumber",
    "localDTMF",
    "mainH",
    "mainW",
    "mainX",
    "mainY",
    "maxConcurrentCalls",
    "messagesH",
    "messagesW",
    "messagesX",
    "messagesY",
    "micAmplification",
    "noIgnoreCall",
    "noResize",
    "randomAnswerBox",
    "recordingFormat",
    "recordingPath",
    "ringingSound",
    "ringinX",
    "ringinY",
    "rport",
    "rtpPortMax",
    "rtpPortMin",
    "shortcutsBottom",
    "silent",
    "singleMode",
    "swLevelAdjustment",
    "updatesInterval",
    "usersDirectory",
    "VAD",
    "videoBitrate",
    "videoCaptureDevice",
    "videoCodec",
    "volumeInput",
    "volumeOutput",
    "volumeRing",
};

// [AccountN]: NAT and session-timer tuning sipline does without, the voicemail button.
inline constexpr std::array<std::string_view, 5> kIgnoredAccountKeys = {
    "allowRewrite", "disableSessionTimer", "keepAlive", "rememberPassword", "voicemailNumber",
};

// Sections that hold no settings: the call history, dialled numbers, keyboard shortcuts.
inline constexpr std::array<std::string_view, 3> kIgnoredSections = {"Calls", "Dialed",
                                                                     "Shortcuts"};

// Commands run on call events: not built yet, so only empty values load.
inline constexpr std::array<std::string_view, 7> kHooks = {
    "cmdCallAnswer", "cmdCallBusy",     "cmdCallEnd",      "cmdCallRing",
    "cmdCallStart",  "cmdIncomingCall", "cmdOutgoingCall",
};

template <std::size_t N>
[[nodiscard]] constexpr bool listed(const std::array<std::string_view, N>& keys,
                                    std::string_view key) noexcept {
  return std::ranges::any_of(keys, [key](std::string_view k) { return iequals(k, key); });
}

}  // namespace sipline::app::microsip
