// The audio mode a phone starts with: "auto" takes the sound card when PortAudio opens one and
// otherwise falls back to silence, saying so in one line; "default" fails instead. A call's
// media started and stopped through the inbox tells its lines and its end, in order, and leaves
// its ports to the next call. Keys the peer presses as RFC 4733 events come out once each.
#include "app/core/media_engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <iterator>
#include <mutex>

#include <gtest/gtest.h>

#include "media/audio/portaudio_device.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/packet/telephone_event.hpp"

namespace sipline::app {
namespace {

// A null-audio engine whose news, item by item, go to `take` under `mutex`; each batch then
// wakes `changed` (the media thread delivers them).
Result<std::unique_ptr<MediaEngine>> start_null(const SteadyClock& clock, std::mutex& mutex,
                                                std::condition_variable& changed,
                                                std::function<void(MediaNews&)> take) {
  return MediaEngine::start({"null", "127.0.0.1"}, clock,
                            [&mutex, &changed, take](std::vector<MediaNews> news) {
                              const std::lock_guard lock(mutex);
                              for (MediaNews& item : news) {
                                take(item);
                              }
                              changed.notify_all();
                            });
}

// A PCMU stream to a peer on 127.0.0.1:`port`, as negotiation would give it.
sdp::NegotiatedStream pcmu_to(std::uint16_t port) {
  sdp::NegotiatedStream stream;
  stream.media = "audio";
  stream.active = true;
  stream.remote_address = "127.0.0.1";
  stream.remote_rtp_port = port;
  stream.remote_rtcp_port = port;
  sdp::CodecBinding pcmu;
  pcmu.name = "PCMU";
  stream.codecs.push_back(pcmu);
  return stream;
}

TEST(MediaEngine, AutoTakesTheSoundCardOrFallsBackToNullAndSaysSo) {
  // What this machine has: the same open the engine does.
  const bool card = media::PortAudioDevice::open({"", "", {48000, 480}}).has_value();
  std::vector<std::string> lines;
  const SteadyClock clock;
  std::mutex mutex;  // the media thread may add a line of its own at its first tick
  auto engine = MediaEngine::start({"auto", "127.0.0.1"}, clock, [&](std::vector<MediaNews> news) {
    const std::lock_guard lock(mutex);
    for (MediaNews& item : news) {
      if (auto* line = std::get_if<std::string>(&item)) {
        lines.push_back(*line);
      }
    }
  });
  ASSERT_TRUE(engine) << engine.error().reason;
  // The media thread may add a line of its own (no real-time priority here): look for ours.
  const std::lock_guard lock(mutex);
  const auto fallback = std::ranges::find_if(
      lines, [](const std::string& line) { return line.starts_with("audio: no sound card ("); });
  if (card) {
    EXPECT_EQ(fallback, lines.end());
  } else {
    ASSERT_NE(fallback, lines.end());
    EXPECT_TRUE(fallback->ends_with("); calls run with null audio")) << *fallback;
    // Without a card "default" fails rather than fall back.
    EXPECT_FALSE(
        MediaEngine::start({"default", "127.0.0.1"}, clock, [](std::vector<MediaNews>) {}));
  }
  EXPECT_TRUE(parse_audio_mode("auto"));
  EXPECT_FALSE(parse_audio_mode("automatic"));
}

TEST(MediaEngine, ACallsMediaStartsAndStopsAtTheNextTicksAndItsPortsServeTheNextCall) {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<MediaNews> said;
  const SteadyClock clock;
  auto engine =
      start_null(clock, mutex, changed, [&](MediaNews& item) { said.push_back(std::move(item)); });
  ASSERT_TRUE(engine) << engine.error().reason;
  auto port = (*engine)->reserve_port();
  ASSERT_TRUE(port) << port.error().reason;
  const std::uint16_t number = port->port;

  boost::asio::io_context io;
  boost::asio::ip::udp::socket peer(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  (*engine)->start_call(7, std::move(*port), pcmu_to(peer.local_endpoint().port()));
  (*engine)->stop_call(7);

  std::unique_lock lock(mutex);
  const auto stopped = [&] {
    return std::ranges::any_of(
        said, [](const MediaNews& item) { return std::holds_alternative<MediaStopped>(item); });
  };
  // Generous: the media thread ticks every few milliseconds.
  ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(20), stopped));
  ASSERT_GE(said.size(), 3U);
  const auto last = said.size() - 1;
  // Its start line, its audio summary, then its end with the statistics of media that ran.
  ASSERT_TRUE(std::holds_alternative<std::string>(said[last - 2]));
  EXPECT_TRUE(
      std::get<std::string>(said[last - 2]).starts_with("call 7 media PCMU/8000 to 127.0.0.1:"))
      << std::get<std::string>(said[last - 2]);
  ASSERT_TRUE(std::holds_alternative<std::string>(said[last - 1]));
  EXPECT_TRUE(std::get<std::string>(said[last - 1]).starts_with("call 7 audio:"))
      << std::get<std::string>(said[last - 1]);
  const auto& end = std::get<MediaStopped>(said[last]);
  EXPECT_EQ(end.call, 7U);
  EXPECT_TRUE(end.last.has_value());
  lock.unlock();

  auto next = (*engine)->reserve_port();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->port, number);
}

// RFC 4733 (§2.5.1): each key's packets (three end packets each) become one MediaDtmf, in
// order; a key whose start packets were lost (a lone end) still counts, and events above 15
// (tones, not keys) say nothing.
TEST(MediaEngine, KeysThePeerPressesAreToldOnceEach) {
  std::mutex mutex;
  std::condition_variable changed;
  std::string keys;
  const SteadyClock clock;
  auto engine = start_null(clock, mutex, changed, [&](MediaNews& item) {
    if (const auto* dtmf = std::get_if<MediaDtmf>(&item)) {
      EXPECT_EQ(dtmf->call, 7U);
      keys += dtmf->key;
    }
  });
  ASSERT_TRUE(engine) << engine.error().reason;
  auto port = (*engine)->reserve_port();
  ASSERT_TRUE(port) << port.error().reason;
  const std::uint16_t number = port->port;

  boost::asio::io_context io;
  boost::asio::ip::udp::socket peer(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  sdp::NegotiatedStream stream = pcmu_to(peer.local_endpoint().port());
  stream.rtcp_mux = true;
  stream.telephone_event = sdp::CodecBinding{"telephone-event", 8000, 1, 101, 101, "0-16", "0-16"};
  (*engine)->start_call(7, std::move(*port), stream);

  // The peer's packets: '1' and '#' whole, then event 16 (not a key), then a lone end of '5'.
  std::vector<rtp::TelephoneEventPacket> packets;
  for (const auto& [event, start] :
       {std::pair<std::uint8_t, std::uint32_t>{1, 1000}, {11, 3000}, {16, 5000}}) {
    std::ranges::move(rtp::telephone_event_packets(event, 100, start, 8000),
                      std::back_inserter(packets));
  }
  packets.push_back({false, 7000, rtp::TelephoneEvent{5, true, 10, 800}});
  const boost::asio::ip::udp::endpoint to(boost::asio::ip::make_address("127.0.0.1"), number);
  std::uint16_t sequence = 1;
  const auto send_all = [&] {
    for (const auto& packet : packets) {
      std::array<std::byte, rtp::kTelephoneEventBytes> payload{};
      rtp::write_telephone_event(packet.event, payload);
      std::array<std::byte, 64> datagram{};
      const auto size = rtp::write_rtp({packet.marker, 101, sequence++, packet.timestamp, 0x1234},
                                       payload, datagram);
      ASSERT_TRUE(size);
      peer.send_to(boost::asio::buffer(datagram.data(), *size), to);
    }
  };
  send_all();
  std::unique_lock lock(mutex);
  // Generous: the media thread ticks every few milliseconds.
  ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(20), [&] { return keys.size() >= 3; }))
      << keys;
  EXPECT_EQ(keys, "1#5");
  lock.unlock();
  (*engine)->stop_call(7);
}

}  // namespace
}  // namespace sipline::app
