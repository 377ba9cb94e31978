// Marks the audio device's callback as real time. Devices run the callback inside a
// RealtimeScope; the real-time test build (tests/realtime) interposes the allocator and the
// mutex functions and fails when they are called while in_realtime_callback() is true.
#pragma once

namespace sipline::media {

[[nodiscard]] bool in_realtime_callback() noexcept;

class RealtimeScope {
 public:
  RealtimeScope() noexcept;
  ~RealtimeScope();
  RealtimeScope(const RealtimeScope&) = delete;
  RealtimeScope& operator=(const RealtimeScope&) = delete;

 private:
  bool outer_;
};

}  // namespace sipline::media
