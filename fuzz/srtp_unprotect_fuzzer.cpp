// Fuzzes the SRTP receive path. Each input is tried as an SRTP and an SRTCP packet against a
// fixed key and against every SDES key it carries in "a=crypto:" lines (the SDP seeds); forged
// packets must be refused without touching memory outside the buffer. A well-formed RTP input is
// also protected and must unprotect to itself, once; its replay must be refused.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/srtp/srtp_context.hpp"
#include "sdp/crypto.hpp"

namespace {

using namespace sipline;
using namespace sipline::rtp;

std::unique_ptr<SrtpContext> fixed(SrtpDirection direction) {
  std::vector<std::byte> key(30);
  for (std::size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<std::byte>(i * 13 + 1);
  }
  return std::move(*SrtpContext::create(direction, SrtpProfile::kAesCm128HmacSha1_80, key));
}

// A copy with room for libsrtp to work in place; unprotect never grows a packet.
void try_unprotect(SrtpContext& context, Bytes input) {
  std::vector<std::byte> buffer(input.begin(), input.end());
  if (const auto opened = context.unprotect_rtp(buffer, buffer.size());
      opened && *opened > input.size()) {
    std::abort();
  }
  buffer.assign(input.begin(), input.end());
  if (const auto opened = context.unprotect_rtcp(buffer, buffer.size());
      opened && *opened > input.size()) {
    std::abort();
  }
}

void with_sdes_keys(std::string_view text, Bytes input) {
  constexpr std::string_view kAttribute = "a=crypto:";
  for (std::size_t at = text.find(kAttribute); at != std::string_view::npos;
       at = text.find(kAttribute, at + 1)) {
    const std::size_t start = at + kAttribute.size();
    const std::size_t end = text.find_first_of("\r\n", start);
    const auto crypto =
        sdp::parse_crypto(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (!crypto || crypto->keys.empty()) {
      continue;
    }
    const auto profile = srtp_profile_from_name(crypto->suite_name);
    if (!profile) {
      continue;
    }
    const sdp::SrtpKey& key = crypto->keys.front();
    std::optional<SrtpMki> mki;
    if (key.mki) {
      mki = SrtpMki{*key.mki, key.mki_length.value_or(0)};
    }
    if (auto context = SrtpContext::create(SrtpDirection::kInbound, *profile, key.key_salt, mki)) {
      try_unprotect(**context, input);
    }
  }
}

void round_trip(Bytes input) {
  if (!parse_rtp(input)) {
    return;
  }
  auto sender = fixed(SrtpDirection::kOutbound);
  auto receiver = fixed(SrtpDirection::kInbound);
  std::vector<std::byte> buffer(input.begin(), input.end());
  buffer.resize(input.size() + kSrtpMaxTrailer);
  const auto sealed = sender->protect_rtp(buffer, input.size());
  if (!sealed) {
    return;  // libsrtp refuses some headers (an extension it cannot walk)
  }
  std::vector<std::byte> replay(buffer.begin(),
                                buffer.begin() + static_cast<std::ptrdiff_t>(*sealed));
  const auto opened = receiver->unprotect_rtp(buffer, *sealed);
  if (!opened || *opened != input.size() ||
      !std::equal(input.begin(), input.end(), buffer.begin())) {
    std::abort();
  }
  if (receiver->unprotect_rtp(replay, replay.size())) {
    std::abort();  // RFC 3711 §3.3.2
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::unique_ptr<SrtpContext> inbound =
      fixed(SrtpDirection::kInbound);  // fresh replay window
  const Bytes input(reinterpret_cast<const std::byte*>(data), size);
  try_unprotect(*inbound, input);
  with_sdes_keys(std::string_view(reinterpret_cast<const char*>(data), size), input);
  round_trip(input);
  return 0;
}
