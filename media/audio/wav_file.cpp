// libsndfile behind read_wav and WavWriter.
#include "media/audio/wav_file.hpp"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace sipline::media {
namespace {

// libsndfile's virtual I/O over a file's bytes in memory. Offsets come from the file's own
// headers, so every seek is checked before it is added.
struct MemoryFile {
  Bytes bytes;
  sf_count_t position = 0;

  [[nodiscard]] sf_count_t size() const noexcept { return static_cast<sf_count_t>(bytes.size()); }
};

sf_count_t memory_length(void* user) { return static_cast<MemoryFile*>(user)->size(); }

sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
  auto& file = *static_cast<MemoryFile*>(user);
  const sf_count_t base = whence == SEEK_CUR ? file.position : whence == SEEK_END ? file.size() : 0;
  // As lseek(2): before the start is refused, past the end is allowed (reads there get nothing).
  if (offset < -base || offset > std::numeric_limits<sf_count_t>::max() - base) {
    return -1;
  }
  file.position = base + offset;
  return file.position;
}

sf_count_t memory_read(void* out, sf_count_t count, void* user) {
  auto& file = *static_cast<MemoryFile*>(user);
  if (count <= 0 || file.position >= file.size()) {
    return 0;
  }
  const sf_count_t n = std::min(count, file.size() - file.position);
  std::memcpy(out, file.bytes.data() + file.position, static_cast<std::size_t>(n));
  file.position += n;
  return n;
}

sf_count_t memory_write(const void* /*data*/, sf_count_t /*count*/, void* /*user*/) { return 0; }

sf_count_t memory_tell(void* user) { return static_cast<MemoryFile*>(user)->position; }

// libsndfile 1.2 can loop for ever on a RIFF file whose chunks claim more than they hold (the
// fuzzer found one: a LIST chunk whose sub-chunk says it is nearly 4 GiB long). Such a file is
// refused before libsndfile sees it: every chunk, and every sub-chunk of a LIST, must fit in
// what holds it — except a last data chunk cut short, as a recording stopped early leaves it.
constexpr int kMaxChunks = 256;

std::uint32_t le32(Bytes bytes, std::size_t at) {
  return std::to_integer<std::uint32_t>(bytes[at]) |
         (std::to_integer<std::uint32_t>(bytes[at + 1]) << 8) |
         (std::to_integer<std::uint32_t>(bytes[at + 2]) << 16) |
         (std::to_integer<std::uint32_t>(bytes[at + 3]) << 24);
}

bool is_id(Bytes bytes, std::size_t at, std::string_view id) {
  return std::equal(id.begin(), id.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char c, std::byte b) { return static_cast<std::byte>(c) == b; });
}

// The chunks in `bytes[at, end)`; `outer`: the file's top level (where data may be cut short).
bool chunks_fit(Bytes bytes, std::size_t at, std::size_t end, bool outer) {
  for (int count = 0; at + 8 <= end; ++count) {
    if (count == kMaxChunks) {
      return false;
    }
    const std::size_t size = le32(bytes, at + 4);
    const std::size_t body = at + 8;
    if (size > end - body) {
      return outer && is_id(bytes, at, "data");
    }
    if (is_id(bytes, at, "LIST") &&
        (size < 4 || !chunks_fit(bytes, body + 4, body + size, false))) {
      return false;
    }
    at = body + size + (size & 1U);
  }
  return true;
}

bool riff_chunks_fit(Bytes bytes) {
  if (bytes.size() < 12 || !is_id(bytes, 0, "RIFF") || !is_id(bytes, 8, "WAVE")) {
    return true;  // not RIFF WAVE: libsndfile's own checks (or its refusal)
  }
  return chunks_fit(bytes, 12, bytes.size(), true);
}

struct CloseFile {
  void operator()(SNDFILE* file) const noexcept { sf_close(file); }
};
using FileHandle = std::unique_ptr<SNDFILE, CloseFile>;

// The whole audio of an open file, as 16-bit samples.
Result<WavAudio> read_all(const FileHandle& file, const SF_INFO& info, std::uint32_t max_seconds,
                          bool keep_channels) {
  if (info.channels < 1 || info.channels > 8 || info.samplerate < 8000 ||
      info.samplerate > 192000) {
    return fail(Errc::kUnsupported, "audio file with an unusable channel count or sample rate", 0);
  }
  const sf_count_t max_frames = static_cast<sf_count_t>(max_seconds) * info.samplerate;
  if (info.frames > max_frames) {
    return fail(Errc::kTooLarge, "audio file longer than allowed", 0);
  }
  // Grown as the audio is decoded rather than sized from the header: a few bytes of header can
  // claim an hour of audio that is not there.
  constexpr sf_count_t kBlockFrames = 4096;
  const auto channels = static_cast<std::size_t>(info.channels);
  std::vector<std::int16_t> interleaved;
  sf_count_t frames = 0;
  while (frames < info.frames) {
    const sf_count_t want = std::min(kBlockFrames, info.frames - frames);
    const auto have = static_cast<std::size_t>(frames) * channels;
    interleaved.resize(have + static_cast<std::size_t>(want) * channels);
    const sf_count_t got = sf_readf_short(file.get(), interleaved.data() + have, want);
    frames += std::max<sf_count_t>(got, 0);
    interleaved.resize(static_cast<std::size_t>(frames) * channels);
    if (got < want) {
      break;  // the audio ends before the header said
    }
  }
  WavAudio audio{static_cast<std::uint32_t>(info.samplerate), 1, {}};
  if (keep_channels) {
    audio.channels = static_cast<std::uint32_t>(channels);
    audio.samples = std::move(interleaved);
    return audio;
  }
  audio.samples.resize(static_cast<std::size_t>(frames));
  for (std::size_t i = 0; i < audio.samples.size(); ++i) {
    int sum = 0;
    for (std::size_t c = 0; c < channels; ++c) {
      sum += interleaved[i * channels + c];
    }
    audio.samples[i] = static_cast<std::int16_t>(sum / static_cast<int>(channels));
  }
  return audio;
}

}  // namespace

Result<WavAudio> read_wav(const std::string& path, std::uint32_t max_seconds, bool keep_channels) {
  // Read whole, and parsed as parse_wav parses: its chunks are checked before libsndfile's turn.
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(Errc::kNotFound, "cannot open the audio file (missing, or not WAV/AIFF/FLAC)", 0);
  }
  const std::vector<char> text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
  return parse_wav(std::as_bytes(std::span(text)), max_seconds, keep_channels);
}

Result<WavAudio> parse_wav(Bytes bytes, std::uint32_t max_seconds, bool keep_channels) {
  if (!riff_chunks_fit(bytes)) {
    return fail(Errc::kMalformed, "a WAV chunk claims more than the file holds", 0);
  }
  SF_VIRTUAL_IO io{memory_length, memory_seek, memory_read, memory_write, memory_tell};
  MemoryFile memory{bytes};
  SF_INFO info{};
  const FileHandle file(sf_open_virtual(&io, SFM_READ, &info, &memory));
  if (!file) {
    return fail(Errc::kMalformed, "not an audio file (WAV/AIFF/FLAC) that can be read", 0);
  }
  return read_all(file, info, max_seconds, keep_channels);
}

Result<std::unique_ptr<WavWriter>> WavWriter::create(const std::string& path,
                                                     std::uint32_t sample_rate,
                                                     std::uint32_t channels,
                                                     AudioFileFormat format) {
  const bool mp3 = format == AudioFileFormat::kMp3;
  if (channels < 1 || channels > (mp3 ? 2U : 8U)) {
    return fail(Errc::kInvalidArgument,
                mp3 ? "MP3 files have 1 or 2 channels" : "WAV files here have 1 … 8 channels",
                channels);
  }
  SF_INFO info{};
  info.samplerate = static_cast<int>(sample_rate);
  info.channels = static_cast<int>(channels);
  info.format = mp3 ? SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III : SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  if (sf_format_check(&info) == 0) {
    return fail(Errc::kInvalidArgument,
                mp3 ? "MP3 refused (this libsndfile has no MPEG, or the sample rate)"
                    : "WAV format refused (sample rate?)",
                sample_rate);
  }
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) {
    return fail(Errc::kIo, mp3 ? "cannot create the MP3 file" : "cannot create the WAV file", 0);
  }
  if (mp3) {
    // Constant bit rate at LAME's best quality: a call's voice, not music to squeeze.
    int mode = SF_BITRATE_MODE_CONSTANT;
    (void)sf_command(file, SFC_SET_BITRATE_MODE, &mode, sizeof(mode));
    double level = 0.0;
    (void)sf_command(file, SFC_SET_COMPRESSION_LEVEL, &level, sizeof(level));
  }
  return std::unique_ptr<WavWriter>(new WavWriter(file, sample_rate, channels, mp3));
}

WavWriter::~WavWriter() { sf_close(static_cast<SNDFILE*>(file_)); }

Result<void> WavWriter::write(std::span<const std::int16_t> samples) noexcept {
  if (samples.size() % channels_ != 0) {
    return fail(Errc::kInvalidArgument, "WAV writes take whole frames of every channel",
                samples.size());
  }
  sf_count_t done = 0;
  if (floats_) {
    std::array<float, 1024> block{};  // a multiple of any channel count up to 8 … and of 2
    for (std::size_t at = 0; at < samples.size(); at += block.size()) {
      const std::size_t n = std::min(block.size(), samples.size() - at);
      for (std::size_t i = 0; i < n; ++i) {
        block[i] = static_cast<float>(samples[at + i]) / 32768.0F;
      }
      const sf_count_t wrote =
          sf_write_float(static_cast<SNDFILE*>(file_), block.data(), static_cast<sf_count_t>(n));
      done += wrote;
      if (wrote != static_cast<sf_count_t>(n)) {
        break;
      }
    }
  } else {
    done = sf_write_short(static_cast<SNDFILE*>(file_), samples.data(),
                          static_cast<sf_count_t>(samples.size()));
  }
  if (done > 0) {
    written_ += static_cast<std::uint64_t>(done);
  }
  if (done != static_cast<sf_count_t>(samples.size())) {
    return fail(Errc::kIo, "writing the WAV file failed (disk full?)", written_);
  }
  return {};
}

}  // namespace sipline::media
