// The answerer.
#include "sdp/answer.hpp"

#include <algorithm>
#include <tuple>

#include "base/text.hpp"
#include "sdp/codec_match.hpp"
#include "sdp/stream_terms.hpp"

namespace sipline::sdp {
namespace {

struct Match {
  FormatCodec offered;
  const CodecSpec* ours = nullptr;
  std::size_t preference = 0;  // index in our list
  std::size_t position = 0;    // index in the offer
};

Media rejected(const Media& offered) {
  Media media;
  media.media = offered.media;
  media.port = 0;
  media.proto = offered.proto;
  media.formats = {offered.formats.empty() ? std::string("0") : offered.formats.front()};
  media.mid = offered.mid;
  return media;
}

bool is_dtls(const Media& media) { return media.proto.find("UDP/TLS") != std::string::npos; }

// The first offered crypto we can use, and our key for it (kept from our previous answer when
// it used the same suite, so a re-INVITE does not re-key).
std::optional<SrtpParameters> choose_crypto(const Media& offered, const LocalCapabilities& local,
                                            const Media* previous, Random& random) {
  for (const CryptoAttribute& crypto : offered.cryptos) {
    if (crypto.keys.empty() || std::find(local.srtp_suites.begin(), local.srtp_suites.end(),
                                         crypto.suite) == local.srtp_suites.end()) {
      continue;
    }
    SrtpParameters srtp;
    srtp.suite = crypto.suite;
    srtp.tag = crypto.tag;
    srtp.remote_key_salt = crypto.keys.front().key_salt;
    if (previous != nullptr && !previous->cryptos.empty() &&
        previous->cryptos.front().suite == crypto.suite &&
        !previous->cryptos.front().keys.empty()) {
      srtp.local_key_salt = previous->cryptos.front().keys.front().key_salt;
    } else {
      srtp.local_key_salt.resize(srtp_key_salt_bytes(crypto.suite));
      random.fill(srtp.local_key_salt);
    }
    return srtp;
  }
  return std::nullopt;
}

std::vector<Match> matching_codecs(const Media& offered, const LocalMedia& entry,
                                   CodecOrder order) {
  std::vector<Match> matches;
  for (const std::string& format : offered.formats) {
    const auto codec = codec_of(offered, format);
    if (!codec || std::any_of(matches.begin(), matches.end(), [&codec](const Match& m) {
          return m.offered.payload_type == codec->payload_type;
        })) {
      continue;
    }
    for (std::size_t i = 0; i < entry.codecs.size(); ++i) {
      if (same_codec(*codec, entry.codecs[i])) {
        matches.push_back({*codec, &entry.codecs[i], i, matches.size()});
        break;
      }
    }
  }
  if (order == CodecOrder::kOurs) {
    // Our preference first; the offer's order among equals (std::stable_sort would need
    // get_temporary_buffer, deprecated in C++23).
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
      return std::tie(a.preference, a.position) < std::tie(b.preference, b.position);
    });
  }
  return matches;
}

CodecBinding binding(const Match& match) {
  return CodecBinding{match.ours->name,
                      match.ours->clock_rate,
                      match.ours->channels,
                      match.offered.payload_type,
                      match.offered.payload_type,
                      match.offered.fmtp,
                      match.ours->fmtp};
}

void add_format(Media& media, const CodecBinding& codec) {
  media.formats.push_back(std::to_string(codec.receive_pt));
  media.rtpmaps.push_back(RtpMap{codec.receive_pt, codec.name, codec.clock_rate, codec.channels});
  if (!codec.receive_fmtp.empty()) {
    media.fmtps.push_back(Fmtp{std::to_string(codec.receive_pt), codec.receive_fmtp});
  }
}

// Answers one offered stream with `entry`; nullopt when the stream must be rejected.
std::optional<std::pair<Media, NegotiatedStream>> answer_stream(
    const Session& offer, const Media& offered, const LocalMedia& entry,
    const LocalCapabilities& local, const AnswerContext& context, const Media* previous,
    Random& random) {
  if (offered.port == 0 || !offered.is_rtp() || is_dtls(offered)) {
    return std::nullopt;
  }
  const bool secure_profile = offered.is_secure_rtp();
  if ((secure_profile && local.srtp == SrtpPolicy::kOff) ||
      (!secure_profile && local.srtp == SrtpPolicy::kMandatory)) {
    return std::nullopt;  // RTP/SAVP without SRTP, or plain RTP when SRTP is required
  }
  std::optional<SrtpParameters> srtp;
  if (local.srtp != SrtpPolicy::kOff && !offered.cryptos.empty()) {
    srtp = choose_crypto(offered, local, previous, random);
  }
  if (secure_profile && !srtp) {
    return std::nullopt;  // no crypto suite we share
  }
  const std::vector<Match> matches = matching_codecs(offered, entry, local.order);
  std::vector<CodecBinding> codecs;
  std::optional<CodecBinding> telephone_event;
  for (const Match& match : matches) {
    if (!is_telephone_event(match.ours->name)) {
      codecs.push_back(binding(match));
    }
  }
  // telephone-event at the clock of the codec we send, else any we share (RFC 4733 §7.1.1).
  for (const Match& match : matches) {
    if (is_telephone_event(match.ours->name) &&
        (!telephone_event ||
         (!codecs.empty() && match.ours->clock_rate == codecs.front().clock_rate))) {
      telephone_event = binding(match);
    }
  }
  const bool offered_only_events =
      std::all_of(offered.formats.begin(), offered.formats.end(), [&offered](const std::string& f) {
        const auto codec = codec_of(offered, f);
        return codec && is_telephone_event(codec->name);
      });
  if (codecs.empty() && !(offered_only_events && telephone_event)) {
    return std::nullopt;
  }

  NegotiatedStream stream;
  stream.media = offered.media;
  stream.active = true;
  if (!set_remote_endpoint(offer, offered, stream)) {
    return std::nullopt;
  }
  stream.local_port = entry.port;
  stream.rtcp_mux = offered.rtcp_mux && entry.rtcp_mux;
  stream.codecs = codecs;
  stream.telephone_event = telephone_event;
  stream.ptime_ms = send_ptime(offered, entry.ptime);
  const Connection* connection = offer.connection_for(offered);
  stream.direction = resulting_direction(offer.direction_for(offered),
                                         connection != nullptr && connection->is_null_hold(),
                                         context.local_direction);
  stream.srtp = srtp;

  Media media;
  media.media = offered.media;
  media.port = entry.port;
  media.proto = offered.proto;
  for (const CodecBinding& codec : codecs) {
    add_format(media, codec);
  }
  if (telephone_event) {
    add_format(media, *telephone_event);
  }
  media.ptime = entry.ptime;
  media.rtcp_mux = stream.rtcp_mux;
  media.mid = offered.mid;
  media.common.direction = stream.direction;
  if (srtp) {
    media.cryptos.push_back(make_crypto(srtp->tag, srtp->suite, srtp->local_key_salt));
  }
  return std::pair{std::move(media), std::move(stream)};
}

}  // namespace

Result<Answer> make_answer(const Session& offer, const LocalCapabilities& local,
                           const AnswerContext& context, Random& random) {
  Answer answer;
  Session& description = answer.description;
  description.origin = context.origin;
  description.connection = Connection{local.address_type, local.address, {}, {}};
  std::vector<bool> used(local.media.size(), false);
  std::size_t accepted = 0;
  for (std::size_t index = 0; index < offer.media.size(); ++index) {
    const Media& offered = offer.media[index];
    const Media* previous =
        context.previous_local != nullptr && index < context.previous_local->media.size()
            ? &context.previous_local->media[index]
            : nullptr;
    std::optional<std::pair<Media, NegotiatedStream>> result;
    for (std::size_t e = 0; e < local.media.size() && !result; ++e) {
      if (!used[e] && iequals(local.media[e].media, offered.media)) {
        result = answer_stream(offer, offered, local.media[e], local, context, previous, random);
        used[e] = result.has_value();
      }
    }
    if (!result) {
      description.media.push_back(rejected(offered));
      NegotiatedStream stream;
      stream.index = index;
      stream.media = offered.media;
      answer.negotiated.streams.push_back(std::move(stream));
      continue;
    }
    ++accepted;
    result->second.index = index;
    description.media.push_back(std::move(result->first));
    answer.negotiated.streams.push_back(std::move(result->second));
  }
  if (accepted == 0 && !offer.media.empty()) {
    return fail(Errc::kUnsupported, "no acceptable media stream", 0);
  }
  return answer;
}

int status_for_negotiation_error(const Error& error) noexcept {
  return error.code == Errc::kUnsupported ? 488 : 400;
}

}  // namespace sipline::sdp
