// The real-time rule, enforced: this binary replaces the allocator (operator new/delete, and
// malloc & co. through glibc's internals or the sanitizer's hooks) and the mutex and sleeping
// functions with versions that count calls made inside a RealtimeScope — i.e. inside an audio
// device's callback. The callbacks sipline ships run through real devices (the paced null device
// and PortAudio on ALSA's null PCM) with a media thread on the other side, and must count zero; a
// callback that allocates or locks must be caught, or the check itself is broken.
#include <dlfcn.h>
#include <pthread.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "media/audio/audio_bridge.hpp"
#include "media/audio/paced_device.hpp"
#include "media/audio/portaudio_device.hpp"
#include "media/audio/realtime.hpp"
#include "tests/support/wait.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIPLINE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SIPLINE_ASAN 1
#endif

#ifdef SIPLINE_ASAN
#include <sanitizer/allocator_interface.h>
#endif

namespace {
std::atomic<int> g_allocations{0};
std::atomic<int> g_locks{0};
std::atomic<int> g_sleeps{0};

void note(std::atomic<int>& counter) {
  if (sipline::media::in_realtime_callback()) {
    counter.fetch_add(1, std::memory_order_relaxed);
  }
}

// The real function behind an interposed one, found on first use (no function-local static:
// its guard may itself lock).
template <class F>
F next_symbol(std::atomic<F>& slot, const char* name) {
  F f = slot.load(std::memory_order_relaxed);
  if (f == nullptr) {
    f = reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
    slot.store(f, std::memory_order_relaxed);
  }
  return f;
}
using MutexFn = int (*)(pthread_mutex_t*);
using NanosleepFn = int (*)(const struct timespec*, struct timespec*);
using ClockNanosleepFn = int (*)(clockid_t, int, const struct timespec*, struct timespec*);
std::atomic<MutexFn> g_lock_fn{nullptr};
std::atomic<MutexFn> g_trylock_fn{nullptr};
std::atomic<NanosleepFn> g_nanosleep_fn{nullptr};
std::atomic<ClockNanosleepFn> g_clock_nanosleep_fn{nullptr};
}  // namespace

// --- the allocator ---------------------------------------------------------------------------
void* operator new(std::size_t size) {
  note(g_allocations);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  note(g_allocations);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept {
  if (p != nullptr) {
    note(g_allocations);
  }
  std::free(p);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

#ifdef SIPLINE_ASAN
namespace {
void on_malloc(const volatile void*, std::size_t) { note(g_allocations); }
void on_free(const volatile void*) { note(g_allocations); }
const int g_hooks = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}  // namespace
#else
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);
void* malloc(std::size_t size) {
  note(g_allocations);
  return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) {
  note(g_allocations);
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) {
  note(g_allocations);
  return __libc_realloc(p, size);
}
void free(void* p) {
  if (p != nullptr) {
    note(g_allocations);
  }
  __libc_free(p);
}
}
#endif

// --- locks and sleeps ------------------------------------------------------------------------
extern "C" {
int pthread_mutex_lock(pthread_mutex_t* m) {
  note(g_locks);
  return next_symbol(g_lock_fn, "pthread_mutex_lock")(m);
}
int pthread_mutex_trylock(pthread_mutex_t* m) {
  note(g_locks);
  return next_symbol(g_trylock_fn, "pthread_mutex_trylock")(m);
}
int nanosleep(const struct timespec* t, struct timespec* rest) {
  note(g_sleeps);
  return next_symbol(g_nanosleep_fn, "nanosleep")(t, rest);
}
int clock_nanosleep(clockid_t clock, int flags, const struct timespec* t, struct timespec* rest) {
  note(g_sleeps);
  return next_symbol(g_clock_nanosleep_fn, "clock_nanosleep")(clock, flags, t, rest);
}
}

namespace sipline::media {
namespace {

struct Violations {
  int allocations;
  int locks;
  int sleeps;
};

Violations reset() {
  return {g_allocations.exchange(0), g_locks.exchange(0), g_sleeps.exchange(0)};
}

// The media thread's side of a bridge until `frames` capture frames have come, every one
// answered; false if they did not come within the (generous) deadline.
bool serve(AudioBridge& bridge, std::size_t frame, std::uint64_t frames) {
  std::vector<std::int16_t> samples(frame);
  std::uint64_t served = 0;
  return sipline::test::wait_for([&] {
    while (bridge.read_capture(samples)) {
      bridge.write_playback(samples);
      ++served;
    }
    return served >= frames;
  });
}

TEST(RealtimeRule, TheDetectorCatchesAllocationLocksAndSleeps) {
#ifdef SIPLINE_ASAN
  ASSERT_NE(g_hooks, 0);
#endif
  reset();
  std::mutex mutex;
  {
    const RealtimeScope realtime;
    auto* leak = new std::vector<int>(100);
    delete leak;
    void* raw = std::malloc(64);
    std::free(raw);
    const std::lock_guard lock(mutex);
    std::this_thread::sleep_for(std::chrono::microseconds(10));
  }
  const Violations v = reset();
  EXPECT_GE(v.allocations, 4);
  EXPECT_GE(v.locks, 1);
  EXPECT_GE(v.sleeps, 1);
  // Outside the scope nothing counts.
  auto kept = std::make_unique<int>(3);
  const std::lock_guard lock(mutex);
  EXPECT_EQ(reset().allocations, 0);
}

TEST(RealtimeRule, TheBridgeCallbackOnThePacedDeviceNeitherAllocatesNorLocks) {
  NullDevice device({48000, 480});
  AudioBridge bridge(device.format(), 960);
  reset();
  ASSERT_TRUE(device.start(bridge));
  EXPECT_TRUE(serve(bridge, 480, 30));
  device.stop();
  const Violations v = reset();
  EXPECT_EQ(bridge.counters().callbacks, device.buffers());
  EXPECT_GE(device.buffers(), 30U);
  EXPECT_EQ(v.allocations, 0);
  EXPECT_EQ(v.locks, 0);
  EXPECT_EQ(v.sleeps, 0);
}

TEST(RealtimeRule, TheBridgeCallbackUnderPortAudioNeitherAllocatesNorLocks) {
  // ALSA's null PCM, so every machine has a PortAudio device with a real callback thread.
  const auto home =
      std::filesystem::temp_directory_path() / ("sipline-rt-alsa-" + std::to_string(::getpid()));
  std::filesystem::create_directories(home);
  std::ofstream(home / ".asoundrc") << "pcm.!default { type null }\n";
  ::setenv("HOME", home.c_str(), 1);
  auto device = PortAudioDevice::open({"", "", {16000, 160}});
  ASSERT_TRUE(device) << fmt::format("{}", device.error());
  AudioBridge bridge((*device)->format(), 320);
  reset();
  ASSERT_TRUE((*device)->start(bridge));
  EXPECT_TRUE(serve(bridge, 160, 30));
  (*device)->stop();
  const Violations v = reset();
  EXPECT_EQ(bridge.counters().callbacks, (*device)->callbacks());
  EXPECT_GE((*device)->callbacks(), 30U);
  EXPECT_EQ(v.allocations, 0);
  EXPECT_EQ(v.locks, 0);
  EXPECT_EQ(v.sleeps, 0);
}

}  // namespace
}  // namespace sipline::media
