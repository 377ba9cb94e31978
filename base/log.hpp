// Logging on {fmt}: levels, a component name per line, and a swappable sink so tests can read
// what was logged. Never call it from the real-time audio thread: it formats and takes a lock.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace sipline::log {

enum class Level : unsigned char { kTrace, kDebug, kInfo, kWarn, kError, kOff };

std::string_view to_string(Level level) noexcept;

struct Record {
  Level level;
  std::string_view component;  // "sip", "transport", "media" …
  std::string_view message;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Called with the dispatcher's lock held: one record at a time, never concurrently.
  virtual void write(const Record& record) = 0;
};

// One line per record on stderr: "W transport: bind 127.0.0.1:5060 failed: …".
class StderrSink final : public Sink {
 public:
  void write(const Record& record) override;
};

// Keeps copies of every record; what tests read.
class MemorySink final : public Sink {
 public:
  struct Entry {
    Level level;
    std::string component;
    std::string message;
  };

  void write(const Record& record) override;
  [[nodiscard]] std::vector<Entry> entries() const;
  [[nodiscard]] bool contains(std::string_view text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

void set_level(Level level) noexcept;
[[nodiscard]] Level level() noexcept;
[[nodiscard]] bool enabled(Level level) noexcept;

// Installs `sink` (nullptr: back to stderr) and returns the previous one. The caller keeps
// ownership and must keep the sink alive until it is replaced.
Sink* set_sink(Sink* sink) noexcept;

// Sends one formatted record to the current sink.
void dispatch(Level level, std::string_view component, std::string_view message);

namespace detail {
void vwrite(Level level, std::string_view component, fmt::string_view format,
            fmt::format_args args);
}  // namespace detail

// Formats only when the level is enabled, into a stack buffer for ordinary line lengths.
template <class... Args>
void write(Level lvl, std::string_view component, fmt::format_string<Args...> format,
           Args&&... args) {
  if (enabled(lvl)) {
    detail::vwrite(lvl, component, format, fmt::make_format_args(args...));
  }
}

template <class... Args>
void debug(std::string_view component, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::kDebug, component, format, std::forward<Args>(args)...);
}
template <class... Args>
void info(std::string_view component, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::kInfo, component, format, std::forward<Args>(args)...);
}
template <class... Args>
void warn(std::string_view component, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::kWarn, component, format, std::forward<Args>(args)...);
}
template <class... Args>
void error(std::string_view component, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::kError, component, format, std::forward<Args>(args)...);
}

// For tests: captures everything at `capture_level` and above while in scope, then restores
// the previous sink and level.
class ScopedCapture {
 public:
  explicit ScopedCapture(Level capture_level = Level::kTrace);
  ~ScopedCapture();
  ScopedCapture(const ScopedCapture&) = delete;
  ScopedCapture& operator=(const ScopedCapture&) = delete;

  [[nodiscard]] const MemorySink& sink() const noexcept { return sink_; }

 private:
  MemorySink sink_;
  Sink* previous_sink_;
  Level previous_level_;
};

}  // namespace sipline::log
