// A call's statistics in words: the console's `stats` line while the call runs, and the call
// detail record — one JSON object a line — that --cdr appends when a call ends, for a CRM or a
// benchmark to keep. Every string in the JSON is escaped (RFC 8259 §7): a display name is the
// caller's to choose.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/core/call_statistics.hpp"
#include "app/core/phone_events.hpp"

namespace sipline::app {

// "call 1 PCMU/8000 rtcp-mux: sent 250, received 249, lost 1 (0.4 %), jitter 0.3 ms, buffer
// 40 ms, rtt 0.4 ms, MOS 4.40; peer: lost 0 (0.0 %), jitter 0.2 ms".
[[nodiscard]] std::string statistics_text(std::uint32_t call, const CallStatistics& statistics);

// One line of JSON, without the newline. `ended_at`: the wall-clock time the call ended.
[[nodiscard]] std::string call_record_json(const event::CallSummary& summary,
                                           std::chrono::system_clock::time_point ended_at);

// `text` as the inside of a JSON string: quotes, backslashes and control characters escaped,
// invalid UTF-8 replaced by U+FFFD.
[[nodiscard]] std::string json_escape(std::string_view text);

}  // namespace sipline::app
