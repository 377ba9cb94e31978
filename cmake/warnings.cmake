# Compiler warnings every sipline target builds with (STYLE.md: -Werror in CI).
add_library(sipline_warnings INTERFACE)
target_compile_options(sipline_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  $<$<BOOL:${SIPLINE_WERROR}>:-Werror>)

# sipline_target(<target>): the options every first-party target shares.
function(sipline_target target)
  target_link_libraries(${target} PRIVATE sipline_warnings)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
