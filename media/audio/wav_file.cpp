// libsndfile behind read_wav and WavWriter.
#include "media/audio/wav_file.hpp"

#include <sndfile.h>

namespace sipline::media {

Result<WavAudio> read_wav(const std::string& path, std::uint32_t max_seconds, bool keep_channels) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (file == nullptr) {
    return fail(Errc::kNotFound, "cannot open the audio file (missing, or not WAV/AIFF/FLAC)", 0);
  }
  const auto close = [file] { sf_close(file); };
  if (info.channels < 1 || info.channels > 8 || info.samplerate < 8000 ||
      info.samplerate > 192000) {
    close();
    return fail(Errc::kUnsupported, "audio file with an unusable channel count or sample rate", 0);
  }
  if (info.frames > static_cast<sf_count_t>(max_seconds) * info.samplerate) {
    close();
    return fail(Errc::kTooLarge, "audio file longer than allowed", 0);
  }
  const auto channels = static_cast<std::size_t>(info.channels);
  std::vector<std::int16_t> interleaved(static_cast<std::size_t>(info.frames) * channels);
  const sf_count_t read = sf_readf_short(file, interleaved.data(), info.frames);
  close();
  WavAudio audio{static_cast<std::uint32_t>(info.samplerate), 1, {}};
  if (keep_channels) {
    interleaved.resize(static_cast<std::size_t>(std::max<sf_count_t>(read, 0)) * channels);
    audio.channels = static_cast<std::uint32_t>(channels);
    audio.samples = std::move(interleaved);
    return audio;
  }
  audio.samples.resize(static_cast<std::size_t>(std::max<sf_count_t>(read, 0)));
  for (std::size_t i = 0; i < audio.samples.size(); ++i) {
    int sum = 0;
    for (std::size_t c = 0; c < channels; ++c) {
      sum += interleaved[i * channels + c];
    }
    audio.samples[i] = static_cast<std::int16_t>(sum / static_cast<int>(channels));
  }
  return audio;
}

Result<std::unique_ptr<WavWriter>> WavWriter::create(const std::string& path,
                                                     std::uint32_t sample_rate,
                                                     std::uint32_t channels) {
  if (channels < 1 || channels > 8) {
    return fail(Errc::kInvalidArgument, "WAV files here have 1 … 8 channels", channels);
  }
  SF_INFO info{};
  info.samplerate = static_cast<int>(sample_rate);
  info.channels = static_cast<int>(channels);
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  if (sf_format_check(&info) == 0) {
    return fail(Errc::kInvalidArgument, "WAV format refused (sample rate?)", 0);
  }
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) {
    return fail(Errc::kIo, "cannot create the WAV file", 0);
  }
  return std::unique_ptr<WavWriter>(new WavWriter(file, sample_rate, channels));
}

WavWriter::~WavWriter() { sf_close(static_cast<SNDFILE*>(file_)); }

Result<void> WavWriter::write(std::span<const std::int16_t> samples) noexcept {
  if (samples.size() % channels_ != 0) {
    return fail(Errc::kInvalidArgument, "WAV writes take whole frames of every channel",
                samples.size());
  }
  const sf_count_t done = sf_write_short(static_cast<SNDFILE*>(file_), samples.data(),
                                         static_cast<sf_count_t>(samples.size()));
  if (done > 0) {
    written_ += static_cast<std::uint64_t>(done);
  }
  if (done != static_cast<sf_count_t>(samples.size())) {
    return fail(Errc::kIo, "writing the WAV file failed (disk full?)", written_);
  }
  return {};
}

}  // namespace sipline::media
