// The media thread: device ticks, mixer, RTP sockets.
#include "app/core/media_engine.hpp"

#include <array>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "app/core/arrival_time.hpp"
#include "app/core/call_audio_summary.hpp"
#include "base/clock.hpp"
#include "base/random.hpp"
#include "media/audio/file_device.hpp"
#include "media/audio/paced_device.hpp"
#include "media/audio/portaudio_device.hpp"
#include "media/audio/thread_priority.hpp"
#include "media/codec/codec_factory.hpp"
#include "sdp/codec_params.hpp"

namespace sipline::app {
namespace {

constexpr std::uint32_t kRate = 48000;
constexpr std::uint32_t kTickMs = 5;  // the receive streams' pull
constexpr std::size_t kTick = kRate * kTickMs / 1000;
// The media thread wakes just after the callback that completes its next frame is due, and
// polls at this pace while that callback is late (or before the device's first callback).
constexpr Duration kWakeMargin{300};
constexpr Duration kPoll{500};
constexpr Duration kLongestSleep{10'000};
// Datagrams read from one call's socket per wake-up: a flood waits in (and overflows) the
// kernel's buffer instead of starving the audio.
constexpr int kDatagramsPerWake = 64;

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

namespace {

// What the mixer does with a call's audio: its direction (RFC 3264 §6.1), and silence instead
// of the microphone while we hold it.
media::AudioMixer::Flow flow_of(const sdp::NegotiatedStream& stream, bool held) {
  return {.microphone = !held, .send = stream.sends(), .play = stream.receives() && !held};
}

// ", on hold" and the like, for the media line.
std::string_view direction_note(const sdp::NegotiatedStream& stream, bool held) {
  if (held) {
    return ", on hold";
  }
  if (!stream.sends()) {
    return stream.receives() ? ", held by the peer (receive only)" : ", inactive";
  }
  return stream.receives() ? "" : ", send only";
}

}  // namespace

struct MediaEngine::CallMedia {
  std::uint32_t id = 0;
  sdp::NegotiatedStream stream;  // in force
  std::shared_ptr<boost::asio::ip::udp::socket> socket;
  boost::asio::ip::udp::endpoint remote;
  std::unique_ptr<media::SendStream> send;
  std::unique_ptr<media::ReceiveStream> receive;
  CallAudioWatch watch{kTickMs};
};

Result<std::unique_ptr<MediaEngine>> MediaEngine::start(const MediaConfig& config,
                                                        const Clock& clock, Reporter report) {
  bool card = false;
  std::string note;
  auto device = open_device(config.audio, card, note);
  if (!device) {
    return std::unexpected(device.error());
  }
  if (!note.empty()) {
    report(note);
  }
  auto engine = std::unique_ptr<MediaEngine>(
      new MediaEngine(config, clock, std::move(report), std::move(*device)));
  media::MixerConfig mixer;
  mixer.sample_rate = kRate;
  mixer.tick_ms = kTickMs;
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
  engine->wake_at(clock.now());
  engine->thread_ = std::thread([raw = engine.get()] {
    if (const auto realtime = media::make_this_thread_realtime(media::kMediaPriority); !realtime) {
      raw->report_(fmt::format("audio: {}; the audio may break up when the machine is busy",
                               realtime.error().reason));
    }
    raw->io_.run();
  });
  return engine;
}

MediaEngine::MediaEngine(const MediaConfig& config, const Clock& clock, Reporter report,
                         std::unique_ptr<media::AudioDevice> device)
    : config_(config),
      clock_(clock),
      report_(std::move(report)),
      device_(std::move(device)),
      device_clock_(kRate),
      microphone_(kTick),
      speaker_(kTick),
      datagram_(2048) {}

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
      enable_arrival_times(*socket);
      return RtpPort{port, std::move(socket)};
    }
  }
  return fail(Errc::kIo, "no free RTP port", 0);
}

void MediaEngine::start_call(std::uint32_t call, RtpPort port,
                             const sdp::NegotiatedStream& stream) {
  boost::asio::post(
      io_, [this, call, port = std::move(port), stream] { add(call, port, stream, false); });
}

void MediaEngine::update_call(std::uint32_t call, const sdp::NegotiatedStream& stream, bool held) {
  boost::asio::post(io_, [this, call, stream, held] { update(call, stream, held); });
}

void MediaEngine::update(std::uint32_t id, const sdp::NegotiatedStream& stream, bool held) {
  const auto it = calls_.find(id);
  if (it == calls_.end() || !stream.active || stream.codecs.empty()) {
    return;
  }
  CallMedia& call = *it->second;
  if (stream.codecs.front() != call.stream.codecs.front() ||
      stream.ptime_ms != call.stream.ptime_ms ||
      stream.telephone_event != call.stream.telephone_event) {
    // Another codec: new streams on the same socket (the jitter buffer starts afresh).
    RtpPort port{stream.local_port, call.socket};
    mixer_->remove_call(id);
    calls_.erase(it);
    add(id, std::move(port), stream, held);
    return;
  }
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(stream.remote_address, error);
  if (!error) {
    call.remote = {address, stream.remote_rtp_port};  // the next packet goes there
  }
  call.stream = stream;
  mixer_->set_flow(id, flow_of(stream, held));
  report_(fmt::format("call {} media {}/{} to {}:{}{}", id, stream.codecs.front().name,
                      stream.codecs.front().clock_rate, stream.remote_address,
                      stream.remote_rtp_port, direction_note(stream, held)));
}

void MediaEngine::stop_call(std::uint32_t call) {
  boost::asio::post(io_, [this, call] {
    mixer_->remove_call(call);
    const auto it = calls_.find(call);
    if (it == calls_.end()) {
      return;
    }
    const media::ReceiveStream& receive = *it->second->receive;
    CallAudioCounts counts = it->second->watch.counts(receive.playout_statistics(),
                                                      bridge_->counters().playback_missing);
    counts.jitter = receive.jitter_statistics();
    counts.codec_rate = receive.codec_sample_rate();
    counts.device_rate = kRate;
    report_(describe_call_audio(call, counts));
    calls_.erase(it);  // closes the socket: its pending receive ends
  });
}

void MediaEngine::add(std::uint32_t id, RtpPort port, sdp::NegotiatedStream stream, bool held) {
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
                                    .pull_ms = kTickMs});
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
  mixer_->set_flow(id, flow_of(stream, held));
  call->stream = stream;
  calls_[id] = std::move(call);
  report_(fmt::format("call {} media {}/{} to {}:{}{}", id, codec.name, codec.clock_rate,
                      stream.remote_address, stream.remote_rtp_port, direction_note(stream, held)));
}

void MediaEngine::receive_waiting_rtp(TimePoint now) {
  const auto wall_now = std::chrono::system_clock::now();
  for (auto& [id, call] : calls_) {
    for (int n = 0; n < kDatagramsPerWake; ++n) {
      const auto got = receive_waiting(*call->socket, datagram_, now, wall_now);
      if (!got) {
        break;
      }
      if (got->size > 0) {
        call->receive->receive(std::span(datagram_).first(got->size), got->arrival);
      }
    }
  }
}

void MediaEngine::wake_at(TimePoint at) {
  ticker_.expires_at(std::chrono::time_point_cast<std::chrono::steady_clock::duration>(at));
  ticker_.async_wait([this](const boost::system::error_code& error) {
    if (!error) {
      on_tick();
    }
  });
}

TimePoint MediaEngine::next_wake(TimePoint now) const {
  // The next frame is whole once the callback that brings its last sample has run; a callback
  // brings whole device buffers, and runs at its first sample's device time.
  const std::uint64_t buffer = device_->format().frames_per_buffer;
  const std::uint64_t last = bridge_->capture_read() + kTick - 1;
  const auto due = device_clock_.time_of(last / buffer * buffer);
  const TimePoint wake = due ? *due + kWakeMargin : now + kPoll;
  return std::clamp(wake, now + kPoll, now + kLongestSleep);
}

void MediaEngine::watch_audio() {
  const std::uint64_t device_missing = bridge_->counters().playback_missing;
  for (auto& [id, call] : calls_) {
    const media::ReceiveStream& receive = *call->receive;
    call->watch.on_frame(receive.playout_statistics(), device_missing,
                         receive.jitter_statistics().received > 0);
  }
}

void MediaEngine::on_tick() {
  const TimePoint now = clock_.now();
  // Once a second: a device that stopped (unplugged, a recording that failed) is reported once;
  // calls go on (their audio is silence until the device is back).
  if (now >= next_failure_check_ && !failure_reported_) {
    next_failure_check_ = now + std::chrono::seconds(1);
    if (const auto failure = device_->failure()) {
      failure_reported_ = true;
      report_(fmt::format("audio device: {}", *failure));
    }
  }
  if (!input_end_reported_ && device_->input_ended()) {
    input_end_reported_ = true;
    report_("audio: the input file played to its end");
  }
  if (const std::uint64_t restarts = bridge_->schedule_restarts();
      restarts != schedule_restarts_seen_) {
    schedule_restarts_seen_ = restarts;
    device_clock_.restart();
  }
  if (const auto stamp = bridge_->capture_stamp()) {
    device_clock_.on_stamp(stamp->sample, stamp->at);
  }
  // What came in before the frames are played, so a packet that is there is never concealed.
  receive_waiting_rtp(now);
  for (;;) {
    const std::uint64_t sample = bridge_->capture_read();
    if (!bridge_->read_capture(microphone_)) {
      break;
    }
    // The frame is played at its device time: the jitter buffer sees frames exactly a tick
    // apart, however late this thread runs.
    mixer_->tick(microphone_, speaker_, device_clock_.time_of(sample).value_or(now));
    bridge_->write_playback(speaker_);
    watch_audio();
  }
  wake_at(next_wake(now));
}

}  // namespace sipline::app
