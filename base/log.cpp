// The logging dispatcher and its two sinks.
#include "base/log.hpp"

#include <atomic>
#include <cstdio>
#include <iterator>

namespace sipline::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
StderrSink g_stderr_sink;
std::atomic<Sink*> g_sink{&g_stderr_sink};
std::mutex g_write_mutex;

}  // namespace

std::string_view to_string(Level level) noexcept {
  switch (level) {
    case Level::kTrace:
      return "T";
    case Level::kDebug:
      return "D";
    case Level::kInfo:
      return "I";
    case Level::kWarn:
      return "W";
    case Level::kError:
      return "E";
    case Level::kOff:
      return "-";
  }
  return "?";
}

void StderrSink::write(const Record& record) {
  fmt::memory_buffer line;
  fmt::format_to(std::back_inserter(line), "{} {}: {}\n", to_string(record.level), record.component,
                 record.message);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void MemorySink::write(const Record& record) {
  const std::lock_guard lock(mutex_);
  entries_.push_back({record.level, std::string(record.component), std::string(record.message)});
}

std::vector<MemorySink::Entry> MemorySink::entries() const {
  const std::lock_guard lock(mutex_);
  return entries_;
}

bool MemorySink::contains(std::string_view text) const {
  const std::lock_guard lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.message.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

void set_level(Level lvl) noexcept { g_level.store(lvl, std::memory_order_relaxed); }

Level level() noexcept { return g_level.load(std::memory_order_relaxed); }

bool enabled(Level lvl) noexcept { return lvl != Level::kOff && lvl >= level(); }

Sink* set_sink(Sink* sink) noexcept {
  const std::lock_guard lock(g_write_mutex);
  return g_sink.exchange(sink != nullptr ? sink : &g_stderr_sink);
}

void dispatch(Level lvl, std::string_view component, std::string_view message) {
  const std::lock_guard lock(g_write_mutex);
  g_sink.load()->write(Record{lvl, component, message});
}

namespace detail {

void vwrite(Level lvl, std::string_view component, fmt::string_view format, fmt::format_args args) {
  fmt::memory_buffer message;
  fmt::vformat_to(std::back_inserter(message), format, args);
  dispatch(lvl, component, std::string_view(message.data(), message.size()));
}

}  // namespace detail

ScopedCapture::ScopedCapture(Level capture_level)
    : previous_sink_(set_sink(&sink_)), previous_level_(level()) {
  set_level(capture_level);
}

ScopedCapture::~ScopedCapture() {
  set_sink(previous_sink_);
  set_level(previous_level_);
}

}  // namespace sipline::log
