// The codec list of --codecs and audioCodecs, on arbitrary bytes: never a crash; an error is one
// line; a list that parses holds at least one codec, no duplicate, and telephone-event last, and
// names each unbuilt entry it left out as text that was in the input.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "app/core/codec_choice.hpp"
#include "fuzz/check.hpp"

using sipline::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto choice = sipline::app::parse_codec_choice(text);
  if (!choice) {
    check(!choice.error().empty() && choice.error().find('\n') == std::string::npos);
    return 0;
  }
  const auto& codecs = choice->codecs;
  check(codecs.size() >= 2);  // one built codec at least, and telephone-event
  check(codecs.back().name == "telephone-event");
  std::set<std::tuple<std::string, std::uint32_t, std::uint8_t>> seen;
  for (const auto& codec : codecs) {
    check(seen.insert({codec.name, codec.clock_rate, codec.channels}).second);
  }
  for (const auto& unbuilt : choice->unbuilt) {
    check(!unbuilt.empty() && text.find(unbuilt) != std::string_view::npos);
  }
  return 0;
}
