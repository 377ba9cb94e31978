// SpeexDSP resampler.
#include "media/dsp/resampler.hpp"

#include <algorithm>
#include <climits>

#include <speex/speex_resampler.h>

namespace sipline::media {

Result<std::unique_ptr<Resampler>> Resampler::create(std::uint32_t from_rate, std::uint32_t to_rate,
                                                     int quality, ResamplerPool* pool) {
  if (pool != nullptr) {
    if (void* kept = pool->take(from_rate, to_rate, quality)) {
      return std::unique_ptr<Resampler>(new Resampler(kept, from_rate, to_rate, quality, pool));
    }
  }
  int error = 0;
  SpeexResamplerState* state = speex_resampler_init(1, from_rate, to_rate, quality, &error);
  if (state == nullptr || error != RESAMPLER_ERR_SUCCESS) {
    return fail(Errc::kInvalidArgument, "SpeexDSP refused the resampler rates", 0);
  }
  // No speex_resampler_skip_zeros: with it the first frames come out short, and a pipeline of
  // fixed frames would have to pad them; without it every frame comes out whole and the signal
  // is simply delayed by latency().
  return std::unique_ptr<Resampler>(new Resampler(state, from_rate, to_rate, quality, pool));
}

Resampler::~Resampler() {
  if (pool_ == nullptr || !pool_->keep({from_, to_, quality_, state_})) {
    speex_resampler_destroy(static_cast<SpeexResamplerState*>(state_));
  }
}

ResamplerPool::~ResamplerPool() {
  for (const Idle& idle : idle_) {
    speex_resampler_destroy(static_cast<SpeexResamplerState*>(idle.state));
  }
}

void* ResamplerPool::take(std::uint32_t from, std::uint32_t to, int quality) noexcept {
  const auto it = std::ranges::find_if(idle_, [&](const Idle& idle) {
    return idle.from == from && idle.to == to && idle.quality == quality;
  });
  if (it == idle_.end()) {
    return nullptr;
  }
  void* state = it->state;
  idle_.erase(it);
  // The last call's samples out of the filter: from here it works as a new one.
  speex_resampler_reset_mem(static_cast<SpeexResamplerState*>(state));
  return state;
}

bool ResamplerPool::keep(const Idle& idle) noexcept {
  if (idle_.size() >= kKeep) {
    return false;
  }
  idle_.push_back(idle);
  return true;
}

Resampler::Processed Resampler::process(std::span<const std::int16_t> in,
                                        std::span<std::int16_t> out) noexcept {
  auto in_length = static_cast<spx_uint32_t>(std::min<std::size_t>(in.size(), UINT_MAX));
  auto out_length = static_cast<spx_uint32_t>(std::min<std::size_t>(out.size(), UINT_MAX));
  speex_resampler_process_int(static_cast<SpeexResamplerState*>(state_), 0, in.data(), &in_length,
                              out.data(), &out_length);
  return {in_length, out_length};
}

std::size_t Resampler::latency() const noexcept {
  return static_cast<std::size_t>(
      speex_resampler_get_input_latency(static_cast<SpeexResamplerState*>(state_)));
}

}  // namespace sipline::media
