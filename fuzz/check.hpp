// The fuzzers' invariant check: a broken invariant aborts (libFuzzer keeps the input) and names
// the line it is on, so a crash report says which property failed without a debugger.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <source_location>

namespace sipline::fuzz {

inline void check(bool condition, std::source_location where = std::source_location::current()) {
  if (!condition) {
    std::fprintf(stderr, "invariant broken at %s:%u\n", where.file_name(),
                 static_cast<unsigned>(where.line()));
    std::abort();
  }
}

}  // namespace sipline::fuzz
