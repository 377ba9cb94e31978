#include "media/audio/call_recorder.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "media/audio/spsc_ring.hpp"

namespace sipline::media {
namespace {

using namespace std::chrono_literals;

// Writers still finishing a file, for wait_for_all_writers().
std::mutex g_writers_mutex;
std::condition_variable g_writers_done;
std::size_t g_writers = 0;

}  // namespace

struct CallRecorder::Shared {
  Shared(std::unique_ptr<WavWriter> file, std::size_t ring_samples)
      : writer(std::move(file)), ring(ring_samples) {}
  std::unique_ptr<WavWriter> writer;  // the writer thread's alone once it runs
  SpscRing<std::int16_t> ring;
  std::atomic<bool> stopping{false};
  std::atomic<bool> failed{false};
  std::atomic<std::uint64_t> dropped{0};
  std::mutex wake_mutex;
  std::condition_variable wake;
};

Result<std::unique_ptr<CallRecorder>> CallRecorder::start(const std::string& path,
                                                          std::uint32_t sample_rate,
                                                          AudioFileFormat format) {
  auto file = WavWriter::create(path, sample_rate, 2, format);
  if (!file) {
    return std::unexpected(file.error());
  }
  // Two seconds of stereo: far more than the writer's 50 ms pace needs, for a slow disk.
  auto shared = std::make_shared<Shared>(std::move(*file), std::size_t{sample_rate} * 2 * 2);
  {
    const std::lock_guard lock(g_writers_mutex);
    ++g_writers;
  }
  std::thread([shared] {
    std::vector<std::int16_t> block(4096);
    const auto drain = [&] {
      while (const std::size_t n = shared->ring.pop(block) / 2 * 2) {
        if (shared->failed.load(std::memory_order_relaxed)) {
          continue;  // emptied all the same, so the producer never blocks
        }
        if (!shared->writer->write(std::span(block).first(n))) {
          shared->failed.store(true, std::memory_order_relaxed);
        }
      }
    };
    while (!shared->stopping.load(std::memory_order_acquire)) {
      drain();
      std::unique_lock lock(shared->wake_mutex);
      shared->wake.wait_for(lock, 50ms,
                            [&] { return shared->stopping.load(std::memory_order_acquire); });
    }
    drain();
    shared->writer.reset();  // the file's header gets its final length
    const std::lock_guard lock(g_writers_mutex);
    --g_writers;
    g_writers_done.notify_all();
  }).detach();
  return std::unique_ptr<CallRecorder>(new CallRecorder(std::move(shared)));
}

CallRecorder::~CallRecorder() {
  {
    const std::lock_guard lock(shared_->wake_mutex);
    shared_->stopping.store(true, std::memory_order_release);
  }
  shared_->wake.notify_one();
}

bool CallRecorder::push(std::span<const std::int16_t> stereo) noexcept {
  if (shared_->failed.load(std::memory_order_relaxed)) {
    return false;
  }
  const std::size_t taken = shared_->ring.push(stereo);
  if (taken < stereo.size()) {
    shared_->dropped.fetch_add(stereo.size() - taken, std::memory_order_relaxed);
  }
  return true;
}

std::uint64_t CallRecorder::dropped_samples() const noexcept {
  return shared_->dropped.load(std::memory_order_relaxed);
}

bool CallRecorder::wait_for_all_writers(double seconds) {
  std::unique_lock lock(g_writers_mutex);
  return g_writers_done.wait_for(lock, std::chrono::duration<double>(seconds),
                                 [] { return g_writers == 0; });
}

}  // namespace sipline::media
