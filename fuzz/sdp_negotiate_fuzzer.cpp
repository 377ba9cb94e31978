// Fuzzes offer/answer: the input is two descriptions separated by a line "--" (or one, used as
// both). A softphone answers the first; the answer must parse back and be acceptable to the
// offerer side; the second is taken as an answer to the first, and as a re-offer to a negotiator.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.hpp"
#include "fuzz/check.hpp"
#include "sdp/answer.hpp"
#include "sdp/negotiator.hpp"
#include "sdp/offer.hpp"
#include "sdp/parser.hpp"
#include "sdp/printer.hpp"

namespace {

using namespace sipline::sdp;

using sipline::fuzz::check;

LocalCapabilities phone(SrtpPolicy srtp) {
  LocalCapabilities local;
  LocalMedia audio;
  audio.port = 40000;
  audio.codecs = {CodecSpec{"opus", 48000, 2, "useinbandfec=1", 111},
                  CodecSpec{"PCMU", 8000, 1, "", 0}, CodecSpec{"PCMA", 8000, 1, "", 8},
                  CodecSpec{"telephone-event", 8000, 1, "0-16", 101}};
  local.media.push_back(audio);
  LocalMedia video;
  video.media = "video";
  video.port = 40002;
  video.codecs = {CodecSpec{"H261", 90000, 1, "", 31}};
  local.media.push_back(video);
  local.srtp = srtp;
  return local;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t separator = input.find("\n--\n");
  const std::string_view first = input.substr(0, separator);
  const std::string_view second =
      separator == std::string_view::npos ? first : input.substr(separator + 4);
  const auto offer = parse_session(first);
  const auto other = parse_session(second);
  if (!offer) {
    return 0;
  }
  sipline::SeededRandom random(size);
  for (const SrtpPolicy srtp : {SrtpPolicy::kOff, SrtpPolicy::kOptional, SrtpPolicy::kMandatory}) {
    const LocalCapabilities local = phone(srtp);
    const auto answer =
        make_answer(*offer, local, AnswerContext{Origin{}, Direction::kSendRecv, nullptr}, random);
    if (answer) {
      check(answer->description.media.size() == offer->media.size());
      check(answer->negotiated.streams.size() == offer->media.size());
      const auto reparsed = parse_session(print(answer->description));
      check(reparsed.has_value() && *reparsed == answer->description);
      check(accept_answer(*offer, answer->description, local).has_value());
    }
    if (other) {
      (void)accept_answer(*offer, *other, local);
      Negotiator negotiator(local, random);
      (void)negotiator.receive_offer(*offer);
      (void)negotiator.receive_offer(*other);
      const Session reoffer = negotiator.create_offer();
      check(parse_session(print(reoffer)).has_value());
      (void)negotiator.receive_answer(*other);
    }
  }
  return 0;
}
