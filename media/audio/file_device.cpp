// WAV in, WAV out, paced like a sound card.
#include "media/audio/file_device.hpp"

#include <algorithm>

#include "media/dsp/resampler.hpp"

namespace sipline::media {
namespace {

Result<std::vector<std::int16_t>> load_input(const std::string& path, std::uint32_t rate) {
  auto wav = read_wav(path);
  if (!wav) {
    return std::unexpected(wav.error());
  }
  if (wav->sample_rate == rate) {
    return std::move(wav->samples);
  }
  auto resampler = Resampler::create(wav->sample_rate, rate);
  if (!resampler) {
    return std::unexpected(resampler.error());
  }
  // Whole file at once, plus the filter's tail flushed with silence so nothing is cut off.
  std::vector<std::int16_t> in = std::move(wav->samples);
  in.resize(in.size() + (*resampler)->latency() * 2, 0);
  std::vector<std::int16_t> out(in.size() * rate / wav->sample_rate + 16);
  const auto done = (*resampler)->process(in, out);
  out.resize(done.produced);
  // Drop the leading delay so the file starts at its first sample.
  const std::size_t delay = (*resampler)->latency() * rate / wav->sample_rate;
  out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(delay, out.size())));
  return out;
}

}  // namespace

Result<std::unique_ptr<FileDevice>> FileDevice::open(const FileDeviceConfig& config) {
  std::vector<std::int16_t> input;
  if (!config.input.empty()) {
    auto loaded = load_input(config.input, config.format.sample_rate);
    if (!loaded) {
      return std::unexpected(loaded.error());
    }
    input = std::move(*loaded);
  }
  std::unique_ptr<WavWriter> output;
  if (!config.output.empty()) {
    auto writer = WavWriter::create(config.output, config.format.sample_rate);
    if (!writer) {
      return std::unexpected(writer.error());
    }
    output = std::move(*writer);
  }
  return std::unique_ptr<FileDevice>(new FileDevice(config, std::move(input), std::move(output)));
}

FileDevice::FileDevice(const FileDeviceConfig& config, std::vector<std::int16_t> input,
                       std::unique_ptr<WavWriter> output)
    : PacedDevice(config.format),
      config_(config),
      input_(std::move(input)),
      output_(std::move(output)) {
  input_done_ = input_.empty();
}

FileDevice::~FileDevice() { stop(); }

std::string FileDevice::name() const { return "file:" + config_.input + ":" + config_.output; }

void FileDevice::fill_capture(std::span<std::int16_t> capture) noexcept {
  std::size_t filled = 0;
  while (filled < capture.size() && position_ < input_.size()) {
    const std::size_t n = std::min(capture.size() - filled, input_.size() - position_);
    std::copy_n(input_.begin() + static_cast<std::ptrdiff_t>(position_), n,
                capture.begin() + static_cast<std::ptrdiff_t>(filled));
    filled += n;
    position_ += n;
    if (position_ == input_.size()) {
      input_done_ = true;
      if (config_.loop) {
        position_ = 0;
      }
    }
  }
  std::fill(capture.begin() + static_cast<std::ptrdiff_t>(filled), capture.end(), std::int16_t{0});
}

void FileDevice::take_playback(std::span<const std::int16_t> playback) noexcept {
  if (output_ == nullptr || output_failed_) {
    return;
  }
  if (const auto written = output_->write(playback); !written) {
    output_failed_ = true;
    report_failure("recording to " + config_.output +
                   " failed: " + std::string(written.error().reason));
  }
}

}  // namespace sipline::media
