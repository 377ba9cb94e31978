// One call's streams, sockets and RTCP.
#include "app/core/call_media.hpp"

#include <fmt/format.h>

#include "app/core/arrival_time.hpp"
#include "media/codec/codec_factory.hpp"
#include "sdp/codec_params.hpp"

namespace sipline::app {
namespace {

media::CodecOptions codec_options(const sdp::CodecBinding& codec) {
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
  return options;
}

std::int16_t payload_type_or_none(const std::optional<sdp::CodecBinding>& binding, bool send) {
  if (!binding) {
    return -1;
  }
  return static_cast<std::int16_t>(send ? binding->send_pt : binding->receive_pt);
}

// The RTCP CNAME (RFC 7022 §4.2): random per call, so calls cannot be linked by it.
std::string random_cname(Random& random) {
  return fmt::format("{:08x}{:08x}@sipline", random.next_u32(), random.next_u32());
}

}  // namespace

Result<std::unique_ptr<CallMedia>> CallMedia::open(std::uint32_t id, RtpPort port,
                                                   const sdp::NegotiatedStream& stream,
                                                   std::uint32_t rate, std::uint32_t pull_ms,
                                                   std::unique_ptr<rtp::RtcpSession> rtcp,
                                                   TimePoint now, Random& random,
                                                   media::ResamplerPool* resamplers) {
  if (!stream.active || stream.codecs.empty()) {
    return fail(Errc::kInvalidArgument, "no active audio stream");
  }
  const sdp::CodecBinding& codec = stream.codecs.front();
  const media::CodecOptions options = codec_options(codec);
  auto encoder = media::make_codec(codec.name, codec.clock_rate, options);
  auto decoder = media::make_codec(codec.name, codec.clock_rate, options);
  if (!encoder || !decoder) {
    return fail(Errc::kUnsupported, "no such codec here");
  }
  const std::uint32_t ptime = stream.ptime_ms == 0 ? 20 : stream.ptime_ms;
  if (!rtcp) {
    rtcp = std::make_unique<rtp::RtcpSession>(
        rtp::RtcpSessionConfig{.ssrc = random.next_u32(), .cname = random_cname(random)}, now,
        random);
  }
  auto sender = media::SendStream::create(
      std::move(encoder->encoder), rate,
      {.payload_type = codec.send_pt,
       .ptime_ms = ptime,
       .ssrc = rtcp->ssrc(),
       .first_sequence = static_cast<std::uint16_t>(random.next_u32()),
       .first_timestamp = random.next_u32(),
       .telephone_event_payload_type = payload_type_or_none(stream.telephone_event, true),
       .resamplers = resamplers});
  auto receiver = media::ReceiveStream::create(
      std::move(decoder->decoder), rate,
      {.payload_type = codec.receive_pt,
       .telephone_event_payload_type = payload_type_or_none(stream.telephone_event, false),
       .ptime_ms = ptime,
       .pull_ms = pull_ms,
       .resamplers = resamplers});
  if (!sender || !receiver) {
    return fail(Errc::kInvalidArgument, "media could not start");
  }
  auto call = std::unique_ptr<CallMedia>(new CallMedia(id, std::move(port), pull_ms));
  call->send_ = std::move(*sender);
  call->receive_ = std::move(*receiver);
  call->rtcp_ = std::move(rtcp);
  call->redirect(stream);
  if (!call->keyed_) {
    return fail(Errc::kCrypto, "SRTP could not start with the negotiated keys");
  }
  CallMedia* raw = call.get();
  call->send_->on_packet([raw](Bytes packet, TimePoint) { raw->send_rtp(packet); });
  return call;
}

void CallMedia::send_rtp(Bytes packet) {
  if (srtp_) {
    packet = srtp_->protect_rtp(packet);
  }
  if (!keyed_ || packet.empty()) {
    return;
  }
  boost::system::error_code ignored;
  port_.socket->send_to(boost::asio::buffer(packet.data(), packet.size()), remote_, 0, ignored);
}

void CallMedia::follow_peer() {
  remote_ = guard_->send_to();
  if (stream_.rtcp_mux) {
    remote_rtcp_ = remote_;
  }
}

bool CallMedia::open_datagram(MutableBytes& datagram, bool rtcp) {
  if (!keyed_) {
    return false;
  }
  if (!srtp_) {
    return true;
  }
  const auto plain = rtcp ? srtp_->unprotect_rtcp(datagram) : srtp_->unprotect_rtp(datagram);
  if (!plain) {
    return false;
  }
  datagram = datagram.first(*plain);
  return true;
}

void CallMedia::redirect(const sdp::NegotiatedStream& stream) {
  // New keys in a new offer or answer (RFC 4568 §7.1.4) take effect at once; a stream that
  // drops SRTP goes plain only because the negotiation allowed it.
  if (!stream.srtp) {
    srtp_.reset();
    keyed_ = true;
  } else if (!srtp_ || srtp_->keys() != *stream.srtp) {
    auto keyed = CallSrtp::open(*stream.srtp);
    keyed_ = keyed.has_value();
    srtp_ = keyed ? std::move(*keyed) : nullptr;
  }
  stream_ = stream;
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(stream.remote_address, error);
  if (!error) {
    const boost::asio::ip::udp::endpoint signalled{address, stream.remote_rtp_port};
    if (guard_) {
      guard_->redirect(signalled);
    } else {
      guard_.emplace(signalled);
    }
    // RFC 3605 a=rtcp, else the RTP port + 1 (stream_terms fills it in); rtcp-mux: RTP's.
    remote_rtcp_ = {address, stream.rtcp_mux ? stream.remote_rtp_port : stream.remote_rtcp_port};
    follow_peer();  // the next packet goes there
  }
}

void CallMedia::receive_waiting(std::span<std::byte> buffer, int budget, TimePoint now,
                                std::chrono::system_clock::time_point wall_now) {
  for (int n = 0; n < budget; ++n) {
    const auto got = app::receive_waiting(*port_.socket, buffer, now, wall_now);
    if (!got) {
      break;
    }
    auto datagram = buffer.first(got->size);
    const bool rtcp = stream_.rtcp_mux && rtp::looks_like_rtcp(datagram);
    if (got->size == 0 || !guard_ || !open_datagram(datagram, rtcp)) {
      continue;
    }
    const bool authenticated = srtp_ != nullptr;
    if (rtcp) {
      if (guard_->is_peer(got->source, authenticated)) {
        rtcp_->on_rtcp(datagram, got->arrival);
      }
      continue;
    }
    if (!guard_->take(got->source, authenticated, got->arrival)) {
      continue;  // not the peer's: never played
    }
    if (remote_ != guard_->send_to()) {
      follow_peer();  // latched to where its RTP really comes from
    }
    receive_->receive(datagram, got->arrival);
  }
  // RTCP comes every few seconds and its arrival times are the kernel's: its own socket is read
  // at most every kRtcpReadInterval, not at every wake (one recvfrom per call saved per wake).
  if (!port_.rtcp || now < next_rtcp_read_) {
    return;
  }
  next_rtcp_read_ = now + kRtcpReadInterval;
  for (int n = 0; n < budget; ++n) {
    const auto got = app::receive_waiting(*port_.rtcp, buffer, now, wall_now);
    if (!got) {
      break;
    }
    auto datagram = buffer.first(got->size);
    // Its own socket: from the peer's host (its RTCP port may differ behind a NAT).
    const bool from_peer =
        srtp_ != nullptr || (guard_ && got->source.address() == guard_->send_to().address());
    if (from_peer && open_datagram(datagram, true)) {
      rtcp_->on_rtcp(datagram, got->arrival);
    }
  }
}

void CallMedia::send_rtcp(Bytes compound) {
  const auto& socket = stream_.rtcp_mux ? port_.socket : port_.rtcp;
  if (srtp_) {
    compound = srtp_->protect_rtcp(compound);
  }
  if (!keyed_ || compound.empty() || !socket || remote_rtcp_.port() == 0) {
    return;
  }
  boost::system::error_code ignored;
  socket->send_to(boost::asio::buffer(compound.data(), compound.size()), remote_rtcp_, 0, ignored);
}

void CallMedia::report_if_due(TimePoint now) {
  if (now >= rtcp_->next_deadline()) {
    send_rtcp(rtcp_->on_timer(now, send_->statistics(), receive_->rtcp_source()));
  }
}

void CallMedia::say_goodbye(TimePoint now) {
  send_rtcp(rtcp_->bye(now, send_->statistics(), receive_->rtcp_source()));
}

CallStatistics CallMedia::statistics() const {
  const sdp::CodecBinding& codec = stream_.codecs.front();
  return collect_call_statistics({.codec = fmt::format("{}/{}", codec.name, codec.clock_rate),
                                  .send_clock_rate = send_->rtp_clock_rate(),
                                  .rtcp_mux = stream_.rtcp_mux,
                                  .send = send_.get(),
                                  .receive = receive_.get(),
                                  .rtcp = rtcp_.get()});
}

}  // namespace sipline::app
