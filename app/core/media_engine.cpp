// The media thread: device ticks, mixer, RTP sockets.
#include "app/core/media_engine.hpp"

#include <array>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "base/clock.hpp"
#include "base/random.hpp"
#include "media/audio/file_device.hpp"
#include "media/audio/paced_device.hpp"
#include "media/audio/portaudio_device.hpp"
#include "media/codec/codec_factory.hpp"
#include "sdp/codec_params.hpp"

namespace sipline::app {
namespace {

constexpr std::uint32_t kRate = 48000;
constexpr std::size_t kTick = kRate / 200;  // 5 ms: the receive streams' pull

// `card`: a sound card was opened; `note`: what the user should know (auto fell back to null).
Result<std::unique_ptr<media::AudioDevice>> open_device(const std::string& audio, bool& card,
                                                        std::string& note) {
  const auto mode = parse_audio_mode(audio);
  if (!mode) {
    return fail(Errc::kInvalidArgument, "audio must be auto, null, default or file:IN.wav:OUT.wav",
                0);
  }
  switch (mode->kind) {
    case AudioMode::Kind::kNull:
      return std::unique_ptr<media::AudioDevice>(new media::NullDevice({kRate, kTick}));
    case AudioMode::Kind::kFiles: {
      auto device = media::FileDevice::open({mode->input, mode->output, false, {kRate, kTick}});
      if (!device) {
        return std::unexpected(device.error());
      }
      return std::unique_ptr<media::AudioDevice>(std::move(*device));
    }
    case AudioMode::Kind::kSoundCard:
    case AudioMode::Kind::kAuto:
      break;
  }
  auto device = media::PortAudioDevice::open({"", "", {kRate, 2 * kTick}});
  if (!device) {
    if (mode->kind == AudioMode::Kind::kAuto) {
      note = fmt::format("audio: no sound card ({}); calls run with null audio",
                         device.error().reason);
      return std::unique_ptr<media::AudioDevice>(new media::NullDevice({kRate, kTick}));
    }
    return std::unexpected(device.error());
  }
  card = true;
  return std::unique_ptr<media::AudioDevice>(std::move(*device));
}

}  // namespace

std::optional<AudioMode> parse_audio_mode(std::string_view text) {
  if (text == "null") {
    return AudioMode{};
  }
  if (text == "default") {
    return AudioMode{AudioMode::Kind::kSoundCard, {}, {}};
  }
  if (text == "auto") {
    return AudioMode{AudioMode::Kind::kAuto, {}, {}};
  }
  if (!text.starts_with("file:")) {
    return std::nullopt;
  }
  const auto colon = text.find(':', 5);
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  return AudioMode{AudioMode::Kind::kFiles, std::string(text.substr(5, colon - 5)),
                   std::string(text.substr(colon + 1))};
}

struct MediaEngine::CallMedia {
  std::uint32_t id = 0;
  std::shared_ptr<boost::asio::ip::udp::socket> socket;
  boost::asio::ip::udp::endpoint remote;
  std::unique_ptr<media::SendStream> send;
  std::unique_ptr<media::ReceiveStream> receive;
  std::array<std::byte, 2048> buffer{};
  boost::asio::ip::udp::endpoint from;
};

Result<std::unique_ptr<MediaEngine>> MediaEngine::start(const MediaConfig& config,
                                                        Reporter report) {
  bool card = false;
  std::string note;
  auto device = open_device(config.audio, card, note);
  if (!device) {
    return std::unexpected(device.error());
  }
  if (!note.empty()) {
    report(note);
  }
  auto engine =
      std::unique_ptr<MediaEngine>(new MediaEngine(config, std::move(report), std::move(*device)));
  media::MixerConfig mixer;
  mixer.sample_rate = kRate;
  mixer.tick_ms = 5;
  // Files and silence need no echo canceller or noise suppression (they would only colour the
  // audio); a sound card gets both.
  mixer.voice.echo_cancellation = card;
  mixer.voice.noise_suppression = card;
  auto made = media::AudioMixer::create(mixer);
  if (!made) {
    return std::unexpected(made.error());
  }
  engine->mixer_ = std::move(*made);
  engine->bridge_ = std::make_unique<media::AudioBridge>(
      engine->device_->format(), 2 * engine->device_->format().frames_per_buffer);
  if (auto started = engine->device_->start(*engine->bridge_); !started) {
    return std::unexpected(started.error());
  }
  engine->tick_soon();
  engine->thread_ = std::thread([raw = engine.get()] { raw->io_.run(); });
  return engine;
}

MediaEngine::MediaEngine(const MediaConfig& config, Reporter report,
                         std::unique_ptr<media::AudioDevice> device)
    : config_(config),
      report_(std::move(report)),
      device_(std::move(device)),
      microphone_(kTick),
      speaker_(kTick) {}

MediaEngine::~MediaEngine() {
  device_->stop();
  boost::asio::post(io_, [this] {
    ticker_.cancel();
    calls_.clear();
  });
  io_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

Result<RtpPort> MediaEngine::reserve_port() {
  SystemRandom random;
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(config_.address, error);
  if (error) {
    return fail(Errc::kInvalidArgument, "media address is not an IP address", 0);
  }
  for (int attempt = 0; attempt < 64; ++attempt) {
    const auto port = static_cast<std::uint16_t>(20000 + 2 * random.uniform(10000));
    auto socket = std::make_shared<boost::asio::ip::udp::socket>(io_);
    socket->open(address.is_v4() ? boost::asio::ip::udp::v4() : boost::asio::ip::udp::v6(), error);
    if (!error) {
      socket->bind({address, port}, error);
    }
    if (!error) {
      return RtpPort{port, std::move(socket)};
    }
  }
  return fail(Errc::kIo, "no free RTP port", 0);
}

void MediaEngine::start_call(std::uint32_t call, RtpPort port,
                             const sdp::NegotiatedStream& stream) {
  boost::asio::post(io_, [this, call, port = std::move(port), stream] { add(call, port, stream); });
}

void MediaEngine::stop_call(std::uint32_t call) {
  boost::asio::post(io_, [this, call] {
    mixer_->remove_call(call);
    calls_.erase(call);  // closes the socket: its pending receive ends
  });
}

void MediaEngine::add(std::uint32_t id, RtpPort port, sdp::NegotiatedStream stream) {
  if (!stream.active || stream.codecs.empty()) {
    return;
  }
  const sdp::CodecBinding& codec = stream.codecs.front();
  media::CodecOptions options;
  if (codec.name == "opus") {
    const auto peer = sdp::opus_send_config(codec.send_fmtp);
    options.opus.max_playback_rate = peer.max_playback_rate;
    options.opus.inband_fec = peer.inband_fec || options.opus.inband_fec;
    options.opus.dtx = peer.dtx;
    options.opus.constant_bitrate = peer.constant_bitrate;
    if (peer.max_average_bitrate) {
      options.opus.bitrate = std::min(options.opus.bitrate, *peer.max_average_bitrate);
    }
  }
  auto encoder = media::make_codec(codec.name, codec.clock_rate, options);
  auto decoder = media::make_codec(codec.name, codec.clock_rate, options);
  if (!encoder || !decoder) {
    report_(fmt::format("call {}: no codec {}/{} here", id, codec.name, codec.clock_rate));
    return;
  }
  SystemRandom random;
  auto call = std::make_unique<CallMedia>();
  call->id = id;
  call->socket = port.socket;
  boost::system::error_code error;
  call->remote = {boost::asio::ip::make_address(stream.remote_address, error),
                  stream.remote_rtp_port};
  const std::int16_t event_pt_send =
      stream.telephone_event ? static_cast<std::int16_t>(stream.telephone_event->send_pt) : -1;
  const std::int16_t event_pt_receive =
      stream.telephone_event ? static_cast<std::int16_t>(stream.telephone_event->receive_pt) : -1;
  auto sender =
      media::SendStream::create(std::move(encoder->encoder), kRate,
                                {.payload_type = codec.send_pt,
                                 .ptime_ms = stream.ptime_ms == 0 ? 20 : stream.ptime_ms,
                                 .ssrc = random.next_u32(),
                                 .first_sequence = static_cast<std::uint16_t>(random.next_u32()),
                                 .first_timestamp = random.next_u32(),
                                 .telephone_event_payload_type = event_pt_send});
  auto receiver =
      media::ReceiveStream::create(std::move(decoder->decoder), kRate,
                                   {.payload_type = codec.receive_pt,
                                    .telephone_event_payload_type = event_pt_receive,
                                    .ptime_ms = stream.ptime_ms == 0 ? 20 : stream.ptime_ms,
                                    .pull_ms = 5});
  if (!sender || !receiver || error) {
    report_(fmt::format("call {}: media could not start", id));
    return;
  }
  call->send = std::move(*sender);
  call->receive = std::move(*receiver);
  CallMedia* raw = call.get();
  call->send->on_packet([raw](Bytes packet, TimePoint) {
    boost::system::error_code ignored;
    raw->socket->send_to(boost::asio::buffer(packet.data(), packet.size()), raw->remote, 0,
                         ignored);
  });
  if (auto added = mixer_->add_call(id, *call->send, *call->receive); !added) {
    report_(fmt::format("call {}: {}", id, added.error().reason));
    return;
  }
  calls_[id] = std::move(call);
  receive(*raw);
  report_(fmt::format("call {} media {}/{} to {}:{}", id, codec.name, codec.clock_rate,
                      stream.remote_address, stream.remote_rtp_port));
}

void MediaEngine::receive(CallMedia& call) {
  call.socket->async_receive_from(
      boost::asio::buffer(call.buffer.data(), call.buffer.size()), call.from,
      [this, id = call.id](const boost::system::error_code& error, std::size_t size) {
        const auto it = calls_.find(id);
        if (error || it == calls_.end()) {
          return;  // the call's media stopped
        }
        CallMedia& media = *it->second;
        media.receive->receive(std::span(media.buffer.data(), size), SteadyClock().now());
        receive(media);
      });
}

void MediaEngine::tick_soon() {
  ticker_.expires_after(std::chrono::milliseconds(2));
  ticker_.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      on_tick();
      tick_soon();
    }
  });
}

void MediaEngine::on_tick() {
  const TimePoint now = SteadyClock().now();
  // Once a second: a device that stopped (unplugged, a recording that failed) is reported once;
  // calls go on (their audio is silence until the device is back).
  if (++ticks_ % 500 == 0 && !failure_reported_) {
    if (const auto failure = device_->failure()) {
      failure_reported_ = true;
      report_(fmt::format("audio device: {}", *failure));
    }
  }
  while (bridge_->read_capture(microphone_)) {
    mixer_->tick(microphone_, speaker_, now);
    bridge_->write_playback(speaker_);
  }
}

}  // namespace sipline::app
