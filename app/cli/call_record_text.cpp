// Call statistics as console text and as JSON.
#include "app/cli/call_record_text.hpp"

#include <iterator>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "base/utf8.hpp"

namespace sipline::app {
namespace {

double milliseconds(Duration duration) { return static_cast<double>(duration.count()) / 1000.0; }

void add_optional_ms(std::string& out, std::string_view key, const std::optional<Duration>& value) {
  if (value) {
    fmt::format_to(std::back_inserter(out), ",\"{}\":{:.1f}", key, milliseconds(*value));
  } else {
    fmt::format_to(std::back_inserter(out), ",\"{}\":null", key);
  }
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
      ++i;
    } else if (byte < 0x20 || byte == 0x7F) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", byte);
      ++i;
    } else if (const auto length = utf8_sequence_length(text, i); !length) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
      ++i;
    } else {
      out.append(text.substr(i, *length));
      i += *length;
    }
  }
  return out;
}

std::string statistics_text(std::uint32_t call, const CallStatistics& s) {
  std::string text = fmt::format(
      "call {} {}{}: sent {}, received {}, lost {} ({:.1f} %), jitter {:.1f} ms, buffer {:.0f} ms",
      call, s.codec, s.rtcp_mux ? " rtcp-mux" : "", s.packets_sent, s.packets_received,
      s.packets_lost, s.loss_percent, milliseconds(s.jitter), milliseconds(s.jitter_buffer));
  if (s.round_trip) {
    fmt::format_to(std::back_inserter(text), ", rtt {:.1f} ms", milliseconds(*s.round_trip));
  } else {
    text += ", rtt unknown";
  }
  fmt::format_to(std::back_inserter(text), ", MOS {:.2f}", s.mos);
  if (s.peer_loss_percent) {
    fmt::format_to(std::back_inserter(text), "; peer: lost {} ({:.1f} %), jitter {:.1f} ms",
                   s.peer_packets_lost.value_or(0), *s.peer_loss_percent,
                   milliseconds(s.peer_jitter.value_or(Duration{0})));
    if (s.peer_mos) {
      fmt::format_to(std::back_inserter(text), ", MOS {:.1f}", *s.peer_mos);
    }
  } else {
    text += "; no report from the peer yet";
  }
  return text;
}

std::string call_record_json(const event::CallSummary& summary,
                             std::chrono::system_clock::time_point ended_at) {
  // fmt 9 prints a time point's seconds whole: the milliseconds are added by hand.
  const auto seconds = std::chrono::floor<std::chrono::seconds>(ended_at);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(ended_at - seconds).count();
  std::string out = fmt::format(
      "{{\"call\":{},\"direction\":\"{}\",\"remote\":\"{}\",\"remote_uri\":\"{}\","
      "\"display_name\":\"{}\",\"end\":\"{:%FT%T}.{:03}Z\",\"codec\":\"{}\",\"setup_ms\":{},"
      "\"duration_ms\":{},\"status\":{},\"ended_by\":\"{}\"",
      summary.call.id, summary.call.direction == CallDirection::kIncoming ? "incoming" : "outgoing",
      json_escape(summary.call.remote), json_escape(summary.call.remote_uri),
      json_escape(summary.call.display_name), seconds, millis, json_escape(summary.codec),
      std::chrono::duration_cast<std::chrono::milliseconds>(summary.setup).count(),
      std::chrono::duration_cast<std::chrono::milliseconds>(summary.talk).count(), summary.status,
      summary.by_peer ? "peer" : "us");
  if (!summary.media) {
    return out + ",\"media\":null}";
  }
  const CallStatistics& s = *summary.media;
  fmt::format_to(std::back_inserter(out),
                 ",\"media\":{{\"rtcp_mux\":{},\"packets_sent\":{},\"packets_received\":{},"
                 "\"packets_lost\":{},\"loss_percent\":{:.2f},\"jitter_ms\":{:.1f},"
                 "\"jitter_buffer_ms\":{:.1f}",
                 s.rtcp_mux, s.packets_sent, s.packets_received, s.packets_lost, s.loss_percent,
                 milliseconds(s.jitter), milliseconds(s.jitter_buffer));
  add_optional_ms(out, "rtt_ms", s.round_trip);
  fmt::format_to(std::back_inserter(out), ",\"mos\":{:.2f}", s.mos);
  if (s.peer_loss_percent) {
    fmt::format_to(std::back_inserter(out),
                   ",\"peer_packets_lost\":{},\"peer_loss_percent\":{:.2f}",
                   s.peer_packets_lost.value_or(0), *s.peer_loss_percent);
  } else {
    out += ",\"peer_packets_lost\":null,\"peer_loss_percent\":null";
  }
  add_optional_ms(out, "peer_jitter_ms", s.peer_jitter);
  if (s.peer_mos) {
    fmt::format_to(std::back_inserter(out), ",\"peer_mos\":{:.1f}", *s.peer_mos);
  } else {
    out += ",\"peer_mos\":null";
  }
  fmt::format_to(std::back_inserter(out), ",\"rtcp_sent\":{},\"rtcp_received\":{}}}}}", s.rtcp_sent,
                 s.rtcp_received);
  return out;
}

}  // namespace sipline::app
