// jitter_replay: every trace through sipline and speexdsp, one markdown table on stdout and,
// with --dat FILE, the delay/loss points for plot.gp.
//
//   jitter_replay SPEECH.raw [--dat FILE] [--sipline-tick-ms N] [--quantile Q] [--trace NAME]
//
// SPEECH.raw: 8 kHz signed 16-bit mono (bench/jitter/run.sh makes it with espeak-ng and sox).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "bench/jitter/replay.hpp"
#include "bench/jitter/traces.hpp"

namespace sipline::bench {
namespace {

std::string settle(const ReplaySummary& s) {
  return s.settle_s ? fmt::format("{:.1f} s", *s.settle_s) : std::string("—");
}

void row(const char* trace, const char* who, const ReplaySummary& s) {
  fmt::print("| {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.2f} | {:.2f} | {:.2f} | {} | {} |\n", trace,
             who, s.p50_ms, s.p95_ms, s.mean_ms, s.late_percent, s.concealed_percent,
             s.stretched_percent, s.adjustments, settle(s));
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: jitter_replay SPEECH.raw [--dat FILE] [--sipline-tick-ms N] [--quantile "
                 "Q] [--trace NAME]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  std::vector<std::int16_t> speech(bytes.size() / 2);
  std::memcpy(speech.data(), bytes.data(), speech.size() * 2);
  if (speech.size() < 8000) {
    std::fprintf(stderr, "jitter_replay: %s: need at least 1 s of 8 kHz audio\n", argv[1]);
    return 2;
  }
  std::string dat_path;
  std::string only;
  std::int64_t tick_us = kTickUs;
  rtp::JitterBufferConfig config;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--dat") {
      dat_path = argv[i + 1];
    } else if (option == "--sipline-tick-ms") {
      tick_us = std::stoll(argv[i + 1]) * 1000;
    } else if (option == "--quantile") {
      config.target.quantile = std::stod(argv[i + 1]);
    } else if (option == "--step-down-ms") {
      config.step_down_above_us = std::stoll(argv[i + 1]) * 1000;
    } else if (option == "--accelerate-ms") {
      config.accelerate_above_us = std::stoll(argv[i + 1]) * 1000;
    } else if (option == "--stretch-interval-ms") {
      config.stretch_interval_us = std::stoll(argv[i + 1]) * 1000;
    } else if (option == "--fixed-target-ms") {
      config.target.minimum_us = config.target.maximum_us = std::stoll(argv[i + 1]) * 1000;
    } else if (option == "--forget") {
      config.target.forget_factor = std::stod(argv[i + 1]);
    } else if (option == "--trace") {
      only = argv[i + 1];
    } else {
      std::fprintf(stderr, "jitter_replay: unknown option %s\n", option.c_str());
      return 2;
    }
  }
  config.frame_span = static_cast<std::uint32_t>(tick_us / 125);
  std::FILE* dat = dat_path.empty() ? nullptr : std::fopen(dat_path.c_str(), "w");
  if (dat != nullptr) {
    std::fprintf(dat,
                 "# trace sipline_p50 sipline_late speex_p50 speex_late speex1_p50 speex1_late\n");
  }
  fmt::print(
      "| trace | buffer | p50 ms | p95 ms | mean ms | late % | concealed % | stretched % | "
      "adjustments | settle |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|\n");
  for (const TraceInfo& info : all_traces()) {
    if (!only.empty() && only != info.name) {
      continue;
    }
    const auto trace = make_trace(info.kind);
    const bool step = info.kind == TraceKind::kStep;
    const ReplaySummary ours =
        summarize(trace, replay_sipline(trace, speech, config, tick_us), step);
    const ReplaySummary speex = summarize(trace, replay_speex(trace, std::nullopt), step);
    const ReplaySummary speex1 = summarize(trace, replay_speex(trace, 1), step);
    const std::string name(info.name);
    row(name.c_str(), "**sipline**", ours);
    row(name.c_str(), "speex (default)", speex);
    row(name.c_str(), "speex (late 1 %)", speex1);
    if (dat != nullptr) {
      std::string label = name;  // one word for gnuplot
      std::replace(label.begin(), label.end(), ' ', '_');
      std::fprintf(dat, "%s %.2f %.3f %.2f %.3f %.2f %.3f\n", label.c_str(), ours.p50_ms,
                   ours.late_percent, speex.p50_ms, speex.late_percent, speex1.p50_ms,
                   speex1.late_percent);
    }
  }
  if (dat != nullptr) {
    std::fclose(dat);
  }
  return 0;
}

}  // namespace
}  // namespace sipline::bench

int main(int argc, char** argv) { return sipline::bench::run(argc, argv); }
