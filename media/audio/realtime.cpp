// The real-time marker: one thread-local flag.
#include "media/audio/realtime.hpp"

namespace sipline::media {
namespace {
thread_local bool g_in_realtime = false;
}  // namespace

bool in_realtime_callback() noexcept { return g_in_realtime; }

RealtimeScope::RealtimeScope() noexcept : outer_(g_in_realtime) { g_in_realtime = true; }
RealtimeScope::~RealtimeScope() { g_in_realtime = outer_; }

}  // namespace sipline::media
