// The media thread: device ticks, mixer, RTP sockets.
#include "app/core/media_engine.hpp"

#include <array>
#include <future>
#include <limits>
#include <utility>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "app/core/arrival_time.hpp"
#include "app/core/call_audio_summary.hpp"
#include "base/clock.hpp"
#include "base/random.hpp"
#include "media/audio/paced_device.hpp"
#include "media/audio/thread_priority.hpp"

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

Result<std::unique_ptr<MediaEngine>> MediaEngine::start(const MediaConfig& config,
                                                        const Clock& clock, Deliver deliver) {
  bool card = false;
  std::string note;
  auto device = open_audio_device(config.audio, {kRate, kTick}, card, note);
  if (!device) {
    return std::unexpected(device.error());
  }
  if (!note.empty()) {
    deliver({MediaNews{note}});
  }
  auto engine = std::unique_ptr<MediaEngine>(
      new MediaEngine(config, clock, std::move(deliver), std::move(*device)));
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
      raw->say(fmt::format("audio: {}; the audio may break up when the machine is busy",
                           realtime.error().reason));  // told at the first tick
    }
    raw->io_.run();
  });
  return engine;
}

MediaEngine::MediaEngine(const MediaConfig& config, const Clock& clock, Deliver deliver,
                         std::unique_ptr<media::AudioDevice> device)
    : config_(config),
      clock_(clock),
      deliver_(std::move(deliver)),
      device_(std::move(device)),
      device_clock_(kRate),
      microphone_(kTick),
      speaker_(kTick),
      datagram_(2048) {
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(config_.address, error);
  if (!error) {
    ports_.emplace(io_, address);
  }
}

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
  recorders_.clear();
  // Recordings are finished by their writers: wait for them, so none is cut short at the end.
  constexpr double kWriterSeconds = 10;
  (void)media::CallRecorder::wait_for_all_writers(kWriterSeconds);
}

Result<RtpPort> MediaEngine::reserve_port() {
  if (!ports_) {
    return fail(Errc::kInvalidArgument, "media address is not an IP address", 0);
  }
  return ports_->take(clock_.now());
}

void MediaEngine::release_port(RtpPort port) {
  if (ports_) {
    ports_->give_back(std::move(port), clock_.now());
  }
}

void MediaEngine::command(Command command) {
  const std::lock_guard lock(inbox_mutex_);
  inbox_.push_back(std::move(command));
}

void MediaEngine::start_call(std::uint32_t call, RtpPort port,
                             const sdp::NegotiatedStream& stream) {
  command(Start{call, std::move(port), stream});
}

void MediaEngine::update_call(std::uint32_t call, const sdp::NegotiatedStream& stream, bool held) {
  command(Update{call, stream, held});
}

void MediaEngine::stop_call(std::uint32_t call) { command(Stop{call}); }

void MediaEngine::send_dtmf(std::uint32_t call, char key, DtmfVia via) {
  command(Dtmf{call, key, via});
}

Result<void> MediaEngine::start_recording(std::uint32_t call, const std::string& path,
                                          media::AudioFileFormat format) {
  auto recorder = media::CallRecorder::start(path, kRate, format);  // the file made here
  if (!recorder) {
    return std::unexpected(recorder.error());
  }
  command(Record{call, std::shared_ptr<media::CallRecorder>(std::move(*recorder))});
  return {};
}

void MediaEngine::stop_recording(std::uint32_t call) { command(Record{call, nullptr}); }

void MediaEngine::set_conference(std::uint32_t call, bool member) {
  command(Conference{call, member});
}

void MediaEngine::set_levels(const AudioLevels& levels) { command(levels); }

void MediaEngine::run_commands(TimePoint now) {
  {
    const std::lock_guard lock(inbox_mutex_);
    commands_.swap(inbox_);
  }
  for (Command& next : commands_) {
    if (auto* start = std::get_if<Start>(&next)) {
      add(start->call, std::move(start->port), start->stream, false, nullptr);
    } else if (auto* update = std::get_if<Update>(&next)) {
      this->update(update->call, update->stream, update->held);
    } else if (auto* dtmf = std::get_if<Dtmf>(&next)) {
      press(*dtmf);
    } else if (auto* recording = std::get_if<Record>(&next)) {
      record(std::move(*recording));
    } else if (auto* conference = std::get_if<Conference>(&next)) {
      if (conference->member) {
        conference_.insert(conference->call);
      } else {
        conference_.erase(conference->call);
      }
      mixer_->set_conference(conference->call, conference->member);
    } else if (const auto* levels = std::get_if<AudioLevels>(&next)) {
      mixer_->set_muted(levels->microphone_muted);
      mixer_->set_microphone_gain_db(levels->microphone_gain_db);
      // -inf dB: a gain of exactly 0, silence whatever the mix.
      mixer_->set_speaker_gain_db(levels->speaker_muted ? -std::numeric_limits<double>::infinity()
                                                        : levels->speaker_gain_db);
    } else {
      stop(std::get<Stop>(next).call, now);
    }
  }
  commands_.clear();  // keeps its capacity for the next tick
}

void MediaEngine::press(const Dtmf& dtmf) {
  constexpr std::uint32_t kEventMs = 160;  // pjsip's and MicroSIP's key length
  constexpr std::uint32_t kToneMs = 120;   // Q.24 takes 40 ms; the rest of 200 ms is a gap
  const auto it = calls_.find(dtmf.call);
  if (it == calls_.end()) {
    return;
  }
  media::SendStream& send = it->second->send();
  const auto pressed = dtmf.via == DtmfVia::kInBand
                           ? send.send_tone(dtmf.key, kToneMs)
                           : send.send_dtmf(rtp::dtmf_event(dtmf.key), kEventMs);
  if (!pressed) {
    say(fmt::format("call {}: DTMF {} not sent: {}", dtmf.call, dtmf.key, pressed.error().reason));
  }
}

void MediaEngine::record(Record record) {
  if (!record.recorder) {
    mixer_->stop_recording(record.call);
    recorders_.erase(record.call);  // its writer finishes the file on its own thread
    return;
  }
  mixer_->stop_recording(record.call);  // a recording already going ends: the new one goes on
  recorders_[record.call] = std::move(record.recorder);
  attach_recorder(record.call);
}

void MediaEngine::attach_recorder(std::uint32_t id) {
  const auto found = recorders_.find(id);
  if (found == recorders_.end() || !calls_.contains(id)) {
    return;  // no recording, or the media has not started: add() attaches it
  }
  media::CallRecorder* recorder = found->second.get();
  if (auto started = mixer_->start_recording(
          id, [recorder](std::span<const std::int16_t> stereo) { return recorder->push(stereo); });
      !started) {
    say(fmt::format("call {}: not recorded: {}", id, started.error().reason));
  }
}

void MediaEngine::update(std::uint32_t id, const sdp::NegotiatedStream& stream, bool held) {
  const auto it = calls_.find(id);
  if (it == calls_.end() || !stream.active || stream.codecs.empty()) {
    return;
  }
  CallMedia& call = *it->second;
  const sdp::NegotiatedStream& now_in_force = call.stream();
  if (stream.codecs.front() != now_in_force.codecs.front() ||
      stream.ptime_ms != now_in_force.ptime_ms ||
      stream.telephone_event != now_in_force.telephone_event) {
    // Another codec: new streams on the same sockets (the jitter buffer starts afresh); the
    // SSRC and its RTCP session go on.
    RtpPort port = call.port();
    auto rtcp = call.take_rtcp();
    mixer_->remove_call(id);
    calls_.erase(it);
    add(id, std::move(port), stream, held, std::move(rtcp));
    return;
  }
  call.redirect(stream);
  mixer_->set_flow(id, flow_of(stream, held));
  say(fmt::format("call {} media {}/{} to {}:{}{}", id, stream.codecs.front().name,
                  stream.codecs.front().clock_rate, stream.remote_address, stream.remote_rtp_port,
                  direction_note(stream, held)));
}

void MediaEngine::stop(std::uint32_t id, TimePoint now) {
  mixer_->remove_call(id);
  recorders_.erase(id);  // after the mixer let go of its sink
  conference_.erase(id);
  const auto it = calls_.find(id);
  if (it == calls_.end()) {
    news_.emplace_back(MediaStopped{id, std::nullopt});  // its media never ran (no codec here)
    return;
  }
  CallMedia& media = *it->second;
  media.say_goodbye(now);
  const media::ReceiveStream& receive = media.receive();
  CallAudioCounts counts =
      media.watch().counts(receive.playout_statistics(), bridge_->counters().playback_missing);
  counts.jitter = receive.jitter_statistics();
  counts.codec_rate = receive.codec_sample_rate();
  counts.device_rate = kRate;
  say(describe_call_audio(id, counts));
  news_.emplace_back(MediaStopped{id, media.statistics()});
  release_port(media.port());  // the next call's, once nothing waits on it
  calls_.erase(it);
}

std::map<std::uint32_t, CallStatistics> MediaEngine::statistics() {
  auto promise = std::make_shared<std::promise<std::map<std::uint32_t, CallStatistics>>>();
  auto future = promise->get_future();
  boost::asio::post(io_, [this, promise] {
    std::map<std::uint32_t, CallStatistics> all;
    for (const auto& [id, call] : calls_) {
      all.emplace(id, call->statistics());
    }
    promise->set_value(std::move(all));
  });
  // The media thread wakes every few milliseconds; a second means it is stuck: say nothing.
  if (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) {
    return {};
  }
  return future.get();
}

void MediaEngine::add(std::uint32_t id, RtpPort port, const sdp::NegotiatedStream& stream,
                      bool held, std::unique_ptr<rtp::RtcpSession> rtcp) {
  if (!stream.active || stream.codecs.empty()) {
    return;
  }
  const sdp::CodecBinding& codec = stream.codecs.front();
  auto opened = CallMedia::open(id, std::move(port), stream, kRate, kTickMs, std::move(rtcp),
                                clock_.now(), random_, &resamplers_);
  if (!opened) {
    say(fmt::format("call {}: media could not start with {}/{}: {}", id, codec.name,
                    codec.clock_rate, opened.error().reason));
    return;
  }
  CallMedia& call = **opened;
  if (auto added = mixer_->add_call(id, call.send(), call.receive()); !added) {
    say(fmt::format("call {}: {}", id, added.error().reason));
    return;
  }
  mixer_->set_flow(id, flow_of(stream, held));
  // Called from the receive path, on this thread: the news leaves with this tick's batch.
  call.receive().on_dtmf([this, id](const rtp::TelephoneEventReceiver::Report& report) {
    if (const char key = rtp::dtmf_key(report.event); report.first && key != '\0') {
      news_.emplace_back(MediaDtmf{id, key});
    }
  });
  // Keys as tones: from a peer without RFC 4733 events, or one that sends tones all the same
  // (MicroSIP's DTMFMethod=1 offers telephone-event too); none once events come.
  call.receive().on_tone(
      [this, id](char key) { news_.emplace_back(MediaDtmf{id, key, DtmfVia::kInBand}); });
  calls_[id] = std::move(*opened);
  attach_recorder(id);
  mixer_->set_conference(id, conference_.contains(id));
  say(fmt::format("call {} media {}/{} to {}:{}{}{}", id, codec.name, codec.clock_rate,
                  stream.remote_address, stream.remote_rtp_port,
                  stream.rtcp_mux ? ", rtcp-mux" : "", direction_note(stream, held)));
}

void MediaEngine::receive_waiting_rtp(TimePoint now) {
  const auto wall_now = std::chrono::system_clock::now();
  for (auto& [id, call] : calls_) {
    call->receive_waiting(datagram_, kDatagramsPerWake, now, wall_now);
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
    const media::ReceiveStream& receive = call->receive();
    call->watch().on_frame(receive.playout_statistics(), device_missing,
                           receive.jitter_statistics().received > 0);
  }
}

void MediaEngine::check_once_a_second(TimePoint now) {
  // A device that stopped (unplugged, a recording that failed) is reported once; calls go on
  // (their audio is silence until the device is back).
  if (!failure_reported_) {
    if (const auto failure = device_->failure()) {
      failure_reported_ = true;
      say(fmt::format("audio device: {}", *failure));
    }
  }
  if (ports_) {
    ports_->close_idle(now);
  }
}

void MediaEngine::on_tick() {
  const TimePoint now = clock_.now();
  run_commands(now);
  if (now >= next_second_) {
    next_second_ = now + std::chrono::seconds(1);
    check_once_a_second(now);
  }
  if (!input_end_reported_ && device_->input_ended()) {
    input_end_reported_ = true;
    say("audio: the input file played to its end");
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
  for (auto& [id, call] : calls_) {
    call->report_if_due(now);
  }
  if (!news_.empty()) {
    deliver_(std::exchange(news_, {}));
  }
  wake_at(next_wake(now));
}

}  // namespace sipline::app
