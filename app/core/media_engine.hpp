// The media side of the phone: its own thread and io_context, the audio device with its bridge,
// the mixer ticked every 5 ms by the device's clock, and each call's RTP socket feeding its
// receive stream and sending what its send stream packs. The signalling thread reserves a port
// per call and starts/stops the call's media with the negotiated stream; those commands are
// posted to the media thread, which alone touches the streams.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/core/audio_mode.hpp"
#include "app/core/call_media.hpp"
#include "app/core/call_statistics.hpp"
#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "media/audio/audio_bridge.hpp"
#include "media/audio/audio_device.hpp"
#include "media/audio/device_clock.hpp"
#include "media/pipeline/audio_mixer.hpp"
#include "sdp/negotiated.hpp"

namespace sipline::app {

struct MediaConfig {
  std::string audio = "null";  // auto | null | default | file:IN.wav:OUT.wav
  std::string address = "127.0.0.1";
};

class MediaEngine {
 public:
  using Reporter = std::function<void(std::string line)>;  // called on the media thread
  // A call's statistics when its media stopped (nullopt: it never ran); on the media thread.
  using FinalStatistics = std::function<void(std::optional<CallStatistics>)>;

  // Opens the audio device (failing with a clear reason when it cannot) and starts the thread.
  // `clock` is the phone's: the mixer's ticks and the RTP arrival times are read from it.
  [[nodiscard]] static Result<std::unique_ptr<MediaEngine>> start(const MediaConfig& config,
                                                                  const Clock& clock,
                                                                  Reporter report);
  ~MediaEngine();
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  // Any thread. An even port of 20000–39998 on the media address, and the odd one above it.
  [[nodiscard]] Result<RtpPort> reserve_port();
  // Any thread: the call's media runs from now on the stream (the first active audio one).
  void start_call(std::uint32_t call, RtpPort port, const sdp::NegotiatedStream& stream);
  // Any thread: the call's media goes on with `stream` (a re-INVITE or UPDATE agreed on it): to
  // a new address at once, with a new codec from the next frame, in its direction. `held`: we
  // hold the call (the peer gets silence, we hear nothing).
  void update_call(std::uint32_t call, const sdp::NegotiatedStream& stream, bool held);
  // Any thread: the call's media ends (a last RTCP report with BYE); `done` gets its statistics.
  void stop_call(std::uint32_t call, FinalStatistics done = nullptr);
  // Any thread but the media thread: every running call's statistics now (waits for the media
  // thread a few milliseconds; nothing if it does not answer within a second).
  [[nodiscard]] std::map<std::uint32_t, CallStatistics> statistics();

 private:
  MediaEngine(const MediaConfig& config, const Clock& clock, Reporter report,
              std::unique_ptr<media::AudioDevice> device);
  void wake_at(TimePoint at);
  [[nodiscard]] TimePoint next_wake(TimePoint now) const;
  void on_tick();
  void receive_waiting_rtp(TimePoint now);
  void watch_audio();  // after each frame: each call's settling and first repair
  void add(std::uint32_t id, RtpPort port, const sdp::NegotiatedStream& stream, bool held,
           std::unique_ptr<rtp::RtcpSession> rtcp);
  void update(std::uint32_t id, const sdp::NegotiatedStream& stream, bool held);

  MediaConfig config_;
  const Clock& clock_;
  Reporter report_;
  boost::asio::io_context io_;
  boost::asio::steady_timer ticker_{io_};
  std::unique_ptr<media::AudioDevice> device_;
  std::unique_ptr<media::AudioBridge> bridge_;
  std::unique_ptr<media::AudioMixer> mixer_;
  media::DeviceClock device_clock_;
  std::uint64_t schedule_restarts_seen_ = 0;  // the bridge's count the clock has followed
  std::vector<std::int16_t> microphone_;
  std::vector<std::int16_t> speaker_;
  std::map<std::uint32_t, std::unique_ptr<CallMedia>> calls_;
  std::vector<std::byte> datagram_;
  SystemRandom random_;  // the media thread's: SSRCs, sequence numbers, RTCP intervals
  TimePoint next_failure_check_{};
  bool failure_reported_ = false;
  bool input_end_reported_ = false;
  std::thread thread_;
};

}  // namespace sipline::app
