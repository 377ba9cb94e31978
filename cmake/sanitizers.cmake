# ASan + UBSan for the whole build (preset `asan`), and libFuzzer coverage for the libraries
# when the fuzzers are built (presets `asan` and `fuzz`). Sanitizer failures abort: no recovery.
if(SIPLINE_SANITIZE OR SIPLINE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SIPLINE_SANITIZE/SIPLINE_FUZZ need clang (use the asan or fuzz preset)")
  endif()
  set(sipline_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  if(SIPLINE_FUZZ)
    # Coverage instrumentation for libFuzzer in every object; only fuzz targets link its main.
    list(APPEND sipline_sanitizers -fsanitize=fuzzer-no-link)
  endif()
  add_compile_options(${sipline_sanitizers})
  add_link_options(-fsanitize=address,undefined)
endif()
