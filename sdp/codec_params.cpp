// fmtp parameter lists, Opus parameters, codec sample rates.
#include "sdp/codec_params.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace sipline::sdp {
namespace {

std::optional<std::uint32_t> number(const std::vector<FormatParameter>& parameters,
                                    std::string_view name, std::uint32_t low, std::uint32_t high) {
  for (const FormatParameter& parameter : parameters) {
    if (iequals(parameter.name, name)) {
      const auto value = parse_decimal<std::uint32_t>(parameter.value);
      if (value && *value >= low && *value <= high) {
        return *value;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool flag(const std::vector<FormatParameter>& parameters, std::string_view name) {
  return number(parameters, name, 0, 1).value_or(0) == 1;
}

}  // namespace

Result<std::vector<FormatParameter>> parse_format_parameters(std::string_view fmtp) {
  std::vector<FormatParameter> parameters;
  while (!fmtp.empty()) {
    const std::size_t semicolon = fmtp.find(';');
    const std::string_view entry = trim_wsp(fmtp.substr(0, semicolon));
    fmtp = semicolon == std::string_view::npos ? std::string_view{} : fmtp.substr(semicolon + 1);
    if (entry.empty()) {
      continue;
    }
    if (parameters.size() == kMaxFormatParameters) {
      return fail(Errc::kTooLarge, "too many format parameters", 0);
    }
    const std::size_t equals = entry.find('=');
    const std::string_view name = trim_wsp(entry.substr(0, equals));
    if (name.empty()) {
      return fail(Errc::kMalformed, "format parameter without a name", 0);
    }
    parameters.push_back({name, equals == std::string_view::npos
                                    ? std::string_view{}
                                    : trim_wsp(entry.substr(equals + 1))});
  }
  return parameters;
}

OpusSendConfig opus_send_config(std::string_view peer_fmtp) {
  OpusSendConfig config;
  const auto parameters = parse_format_parameters(peer_fmtp);
  if (!parameters) {
    return config;  // unusable parameters: the RFC's defaults
  }
  config.max_playback_rate = number(*parameters, "maxplaybackrate", 8000, 48000).value_or(48000);
  config.max_average_bitrate = number(*parameters, "maxaveragebitrate", 6000, 510000);
  config.stereo = flag(*parameters, "stereo");
  config.constant_bitrate = flag(*parameters, "cbr");
  config.inband_fec = flag(*parameters, "useinbandfec");
  config.dtx = flag(*parameters, "usedtx");
  return config;
}

std::string opus_fmtp(const OpusReceivePreferences& preferences) {
  std::string fmtp = fmt::format("maxplaybackrate={}; sprop-maxcapturerate={}",
                                 preferences.max_playback_rate, preferences.max_capture_rate);
  if (preferences.max_average_bitrate) {
    fmtp += fmt::format("; maxaveragebitrate={}", *preferences.max_average_bitrate);
  }
  fmtp += fmt::format("; stereo={}; useinbandfec={}; usedtx={}", preferences.stereo ? 1 : 0,
                      preferences.inband_fec ? 1 : 0, preferences.dtx ? 1 : 0);
  return fmtp;
}

std::uint32_t audio_sample_rate(const CodecBinding& codec) noexcept {
  return iequals(codec.name, "G722") && codec.clock_rate == 8000 ? 16000 : codec.clock_rate;
}

}  // namespace sipline::sdp
