// The offerer.
#include "sdp/offer.hpp"

#include <algorithm>

#include "sdp/codec_match.hpp"
#include "sdp/stream_terms.hpp"

namespace sipline::sdp {
namespace {

// Payload types for our codecs: static or preferred numbers first, then 96, 97 … for the rest.
std::vector<std::uint8_t> assign_payload_types(const std::vector<CodecSpec>& codecs) {
  std::vector<std::uint8_t> types(codecs.size(), 0);
  std::vector<bool> taken(128, false);
  for (std::size_t i = 0; i < codecs.size(); ++i) {
    if (codecs[i].payload_type && !taken[*codecs[i].payload_type]) {
      types[i] = *codecs[i].payload_type;
      taken[types[i]] = true;
    }
  }
  std::uint8_t next = 96;
  for (std::size_t i = 0; i < codecs.size(); ++i) {
    if (codecs[i].payload_type && types[i] == *codecs[i].payload_type) {
      continue;
    }
    while (next < 127 && taken[next]) {
      ++next;
    }
    types[i] = next;
    taken[next] = true;
  }
  return types;
}

Media offer_stream(const LocalMedia& entry, const LocalCapabilities& local, Direction direction,
                   Random& random) {
  Media media;
  media.media = entry.media;
  media.port = entry.port;
  media.proto = local.srtp == SrtpPolicy::kMandatory ? "RTP/SAVP" : "RTP/AVP";
  const std::vector<std::uint8_t> types = assign_payload_types(entry.codecs);
  for (std::size_t i = 0; i < entry.codecs.size(); ++i) {
    const CodecSpec& codec = entry.codecs[i];
    media.formats.push_back(std::to_string(types[i]));
    media.rtpmaps.push_back(RtpMap{types[i], codec.name, codec.clock_rate, codec.channels});
    if (!codec.fmtp.empty()) {
      media.fmtps.push_back(Fmtp{std::to_string(types[i]), codec.fmtp});
    }
  }
  media.ptime = entry.ptime;
  media.rtcp_mux = entry.rtcp_mux;
  media.common.direction = direction;
  if (local.srtp != SrtpPolicy::kOff) {
    std::uint32_t tag = 1;
    for (const SrtpSuite suite : local.srtp_suites) {
      std::vector<std::byte> key(srtp_key_salt_bytes(suite));
      random.fill(key);
      media.cryptos.push_back(make_crypto(tag++, suite, key));
    }
  }
  return media;
}

// The binding of answer format `answered` to the format we offered for the same codec.
std::optional<CodecBinding> bind(const Media& offered, const FormatCodec& answered) {
  for (const std::string& format : offered.formats) {
    const auto ours = codec_of(offered, format);
    if (ours &&
        same_codec(answered, CodecSpec{ours->name, ours->clock_rate, ours->channels, {}, {}})) {
      return CodecBinding{
          ours->name,         ours->clock_rate, ours->channels, answered.payload_type,
          ours->payload_type, answered.fmtp,    ours->fmtp};
    }
  }
  return std::nullopt;
}

Result<std::optional<SrtpParameters>> answered_crypto(const Media& offered, const Media& answered) {
  if (offered.cryptos.empty()) {
    return std::optional<SrtpParameters>{};
  }
  if (answered.cryptos.empty()) {
    if (answered.is_secure_rtp()) {
      return fail(Errc::kUnsupported, "secure stream answered without a crypto", 0);
    }
    return std::optional<SrtpParameters>{};  // best-effort SRTP declined: plain RTP
  }
  const CryptoAttribute& theirs = answered.cryptos.front();
  for (const CryptoAttribute& ours : offered.cryptos) {
    if (ours.tag == theirs.tag && ours.suite == theirs.suite &&
        theirs.suite != SrtpSuite::kUnknown && !ours.keys.empty() && !theirs.keys.empty()) {
      return std::optional<SrtpParameters>(SrtpParameters{
          ours.suite, ours.tag, ours.keys.front().key_salt, theirs.keys.front().key_salt});
    }
  }
  return fail(Errc::kUnsupported, "answer crypto matches no offered crypto", 0);
}

Result<NegotiatedStream> accept_stream(const Session& our_offer, const Media& offered,
                                       const Session& answer, const Media& answered,
                                       const LocalCapabilities& local) {
  NegotiatedStream stream;
  stream.media = offered.media;
  if (offered.port == 0 || answered.port == 0) {
    return stream;  // rejected or removed
  }
  if (answered.media != offered.media) {
    return fail(Errc::kMalformed, "answer changed a stream's media type", 0);
  }
  stream.active = true;
  if (auto endpoint = set_remote_endpoint(answer, answered, stream); !endpoint) {
    return std::unexpected(endpoint.error());
  }
  stream.local_port = offered.port;
  stream.rtcp_mux = offered.rtcp_mux && answered.rtcp_mux;
  for (const std::string& format : answered.formats) {
    const auto codec = codec_of(answered, format);
    const auto bound = codec ? bind(offered, *codec) : std::nullopt;
    if (!bound) {
      continue;  // a format we did not offer: we could not send it anyway
    }
    if (is_telephone_event(bound->name)) {
      stream.telephone_event = stream.telephone_event.value_or(*bound);
    } else {
      stream.codecs.push_back(*bound);
    }
  }
  if (stream.codecs.empty() && !stream.telephone_event) {
    return fail(Errc::kUnsupported, "answer has no codec we offered", 0);
  }
  std::uint32_t our_ptime = offered.ptime.value_or(20);
  for (const LocalMedia& entry : local.media) {
    if (entry.port == offered.port) {
      our_ptime = entry.ptime;
    }
  }
  stream.ptime_ms = send_ptime(answered, our_ptime);
  const Connection* connection = answer.connection_for(answered);
  stream.direction = resulting_direction(answer.direction_for(answered),
                                         connection != nullptr && connection->is_null_hold(),
                                         our_offer.direction_for(offered));
  auto srtp = answered_crypto(offered, answered);
  if (!srtp) {
    return std::unexpected(srtp.error());
  }
  stream.srtp = std::move(*srtp);
  return stream;
}

}  // namespace

Session make_offer(const LocalCapabilities& local, const Origin& origin, Direction direction,
                   Random& random) {
  Session offer;
  offer.origin = origin;
  offer.connection = Connection{local.address_type, local.address, {}, {}};
  for (const LocalMedia& entry : local.media) {
    offer.media.push_back(offer_stream(entry, local, direction, random));
  }
  return offer;
}

Session make_reoffer(const Session& previous_local, const LocalCapabilities& local,
                     const Origin& origin, Direction direction) {
  Session offer = previous_local;
  offer.origin = origin;
  offer.connection = Connection{local.address_type, local.address, {}, {}};
  for (Media& media : offer.media) {
    if (media.port != 0) {
      media.common.direction = direction;
      media.connection.reset();
    }
  }
  return offer;
}

Result<NegotiatedSession> accept_answer(const Session& our_offer, const Session& answer,
                                        const LocalCapabilities& local) {
  if (answer.media.size() != our_offer.media.size()) {
    return fail(Errc::kMalformed, "answer has another number of streams", 0);
  }
  NegotiatedSession negotiated;
  for (std::size_t i = 0; i < answer.media.size(); ++i) {
    auto stream = accept_stream(our_offer, our_offer.media[i], answer, answer.media[i], local);
    if (!stream) {
      return std::unexpected(stream.error());
    }
    stream->index = i;
    negotiated.streams.push_back(std::move(*stream));
  }
  return negotiated;
}

}  // namespace sipline::sdp
