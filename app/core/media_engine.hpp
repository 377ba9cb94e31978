// The media side of the phone: its own thread and io_context, the audio device with its bridge,
// the mixer ticked every 5 ms by the device's clock, and each call's RTP socket feeding its
// receive stream and sending what its send stream packs. The signalling thread reserves a port
// pair per call and starts, updates and stops the call's media with the negotiated stream.
//
// Neither thread wakes the other for a call: commands wait in an inbox the media thread empties
// at its next tick (it ticks every few milliseconds anyway), and what it has to say (report
// lines, a stopped call's statistics) leaves in one batch per tick. At a few thousand calls a
// second, a wake-up per command and per line cost more than the calls' media.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/core/audio_mode.hpp"
#include "app/core/call_media.hpp"
#include "app/core/call_statistics.hpp"
#include "app/core/dtmf.hpp"
#include "app/core/rtp_port_pool.hpp"
#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "media/audio/audio_bridge.hpp"
#include "media/audio/audio_device.hpp"
#include "media/audio/call_recorder.hpp"
#include "media/audio/device_clock.hpp"
#include "media/pipeline/audio_mixer.hpp"
#include "sdp/negotiated.hpp"

namespace sipline::app {

struct MediaConfig {
  std::string audio = "null";  // auto | null | default | file:IN.wav:OUT.wav
  std::string address = "127.0.0.1";
};

// The device's levels as the user sets them (MicroSIP's mute buttons and volume sliders, the
// control socket's mute and volume): gains in dB on the microphone (before encoding, after
// echo cancellation) and on the speaker (after mixing).
struct AudioLevels {
  bool microphone_muted = false;
  bool speaker_muted = false;
  double microphone_gain_db = 0;
  double speaker_gain_db = 0;
  friend bool operator==(const AudioLevels&, const AudioLevels&) = default;
};

// A call's media has stopped, with its last statistics (nullopt: it never ran).
struct MediaStopped {
  std::uint32_t call = 0;
  std::optional<CallStatistics> last;
};
// A key the peer pressed, as RFC 4733 events in the call's RTP (one for each key, whatever the
// packets: repeated end packets, a lost start) or as tones in its audio (until events come).
struct MediaDtmf {
  std::uint32_t call = 0;
  char key = '0';  // 0-9 * # A-D
  DtmfVia via = DtmfVia::kRtpEvent;
};
// What the media engine tells the phone: a line for the user (a call's media, its audio
// summary, a device failure …), a key the peer pressed, or a call's end.
using MediaNews = std::variant<std::string, MediaStopped, MediaDtmf>;

class MediaEngine {
 public:
  // Called on the media thread with what one tick had to say, in order (and once on the
  // starting thread, for a note on the device chosen).
  using Deliver = std::function<void(std::vector<MediaNews> news)>;

  // Opens the audio device (failing with a clear reason when it cannot) and starts the thread.
  // `clock` is the phone's: the mixer's ticks and the RTP arrival times are read from it.
  [[nodiscard]] static Result<std::unique_ptr<MediaEngine>> start(const MediaConfig& config,
                                                                  const Clock& clock,
                                                                  Deliver deliver);
  ~MediaEngine();
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  // Any thread. A pair of ports on the media address: one an earlier call left, or an even
  // port of 20000–39998 and the odd one above it (RtpPortPool).
  [[nodiscard]] Result<RtpPort> reserve_port();
  // Any thread: a reserved pair no call will use.
  void release_port(RtpPort port);
  // Any thread; each takes effect at the media thread's next tick, in the order given.
  // The call's media runs from then on the stream (the first active audio one).
  void start_call(std::uint32_t call, RtpPort port, const sdp::NegotiatedStream& stream);
  // The call's media goes on with `stream` (a re-INVITE or UPDATE agreed on it): to a new
  // address at once, with a new codec from the next frame, in its direction. `held`: we hold
  // the call (the peer gets silence, we hear nothing).
  void update_call(std::uint32_t call, const sdp::NegotiatedStream& stream, bool held);
  // The call's media ends (a last RTCP report with BYE); MediaStopped tells its statistics.
  void stop_call(std::uint32_t call);
  // A key pressed into the call's audio: an RFC 4733 event of 160 ms (after any still going),
  // or 120 ms of its tones in place of the microphone (in-band).
  void send_dtmf(std::uint32_t call, char key, DtmfVia via);
  // Any thread but the media thread: the call's audio recorded into a new file at `path` from
  // the next tick (stereo: left ours, right the peer's), through codec changes, until
  // stop_recording or the call's end. Fails when the file cannot be made.
  [[nodiscard]] Result<void> start_recording(std::uint32_t call, const std::string& path,
                                             media::AudioFileFormat format);
  void stop_recording(std::uint32_t call);
  // Any thread: the call joins the local conference (AudioMixer::set_conference) or leaves it.
  void set_conference(std::uint32_t call, bool member);
  // Any thread: the levels from the next tick on.
  void set_levels(const AudioLevels& levels);
  // Any thread but the media thread: every running call's statistics now (waits for the media
  // thread a few milliseconds; nothing if it does not answer within a second).
  [[nodiscard]] std::map<std::uint32_t, CallStatistics> statistics();

 private:
  struct Start {
    std::uint32_t call;
    RtpPort port;
    sdp::NegotiatedStream stream;
  };
  struct Update {
    std::uint32_t call;
    sdp::NegotiatedStream stream;
    bool held;
  };
  struct Stop {
    std::uint32_t call;
  };
  struct Dtmf {
    std::uint32_t call;
    char key;
    DtmfVia via;
  };
  struct Record {
    std::uint32_t call;
    std::shared_ptr<media::CallRecorder> recorder;  // null: stop
  };
  struct Conference {
    std::uint32_t call;
    bool member;
  };
  using Command = std::variant<Start, Update, Stop, Dtmf, Record, Conference, AudioLevels>;

  MediaEngine(const MediaConfig& config, const Clock& clock, Deliver deliver,
              std::unique_ptr<media::AudioDevice> device);
  void command(Command command);
  void run_commands(TimePoint now);
  void say(std::string line) { news_.emplace_back(std::move(line)); }
  void stop(std::uint32_t id, TimePoint now);
  void press(const Dtmf& dtmf);
  void record(Record record);
  void attach_recorder(std::uint32_t id);  // the call is in the mixer: its recorder, if any
  void check_once_a_second(TimePoint now);
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
  Deliver deliver_;
  boost::asio::io_context io_;
  std::optional<RtpPortPool> ports_;  // none when the media address is not an IP address
  boost::asio::steady_timer ticker_{io_};
  std::unique_ptr<media::AudioDevice> device_;
  std::unique_ptr<media::AudioBridge> bridge_;
  std::unique_ptr<media::AudioMixer> mixer_;
  media::DeviceClock device_clock_;
  std::uint64_t schedule_restarts_seen_ = 0;  // the bridge's count the clock has followed
  std::vector<std::int16_t> microphone_;
  std::vector<std::int16_t> speaker_;
  media::ResamplerPool resamplers_;  // the calls' resamplers come from it: it outlives them
  std::map<std::uint32_t, std::unique_ptr<CallMedia>> calls_;
  std::map<std::uint32_t, std::shared_ptr<media::CallRecorder>> recorders_;  // by call
  std::set<std::uint32_t> conference_;  // the members, kept through a codec change
  std::vector<std::byte> datagram_;
  std::mutex inbox_mutex_;
  std::vector<Command> inbox_;     // under inbox_mutex_
  std::vector<Command> commands_;  // the media thread's: the inbox taken at a tick
  std::vector<MediaNews> news_;    // the media thread's: said during this tick
  SystemRandom random_;            // the media thread's: SSRCs, sequence numbers, RTCP intervals
  TimePoint next_second_{};        // the next check_once_a_second
  bool failure_reported_ = false;
  bool input_end_reported_ = false;
  std::thread thread_;
};

}  // namespace sipline::app
