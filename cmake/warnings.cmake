# Compiler warnings every sipline target builds with (STYLE.md: -Werror in CI).
add_library(sipline_warnings INTERFACE)
target_compile_options(sipline_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  $<$<BOOL:${SIPLINE_WERROR}>:-Werror>)

# sipline_target(<target>): the options every first-party target shares. For tests, benchmarks,
# fuzzers and their helpers, which may include anything (STYLE.md's layer table): the whole
# source tree is on their include path.
function(sipline_target target)
  target_link_libraries(${target} PRIVATE sipline_warnings)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# sipline_layer(<target> <folder>...): a library of the layer table, made of the sources in
# <folder>s. Its headers are reachable only through it: each header directly in a folder is
# linked into ${CMAKE_BINARY_DIR}/layers/<target>/<folder>/, and that tree alone is the include
# path the target has and passes on to whoever links it (PUBLIC) — so a file that includes a
# header of a library its target does not link (media/pipeline including media/audio) fails to
# compile, not only tools/check_layers.py. The links are remade at every configure; a new header
# makes CMake configure again (CONFIGURE_DEPENDS).
function(sipline_layer target)
  target_link_libraries(${target} PRIVATE sipline_warnings)
  set(root ${CMAKE_BINARY_DIR}/layers/${target})
  file(REMOVE_RECURSE ${root})
  foreach(folder IN LISTS ARGN)
    file(GLOB headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${folder}/*.hpp
         ${PROJECT_SOURCE_DIR}/${folder}/*.h)
    file(MAKE_DIRECTORY ${root}/${folder})
    foreach(header IN LISTS headers)
      get_filename_component(name ${header} NAME)
      file(CREATE_LINK ${header} ${root}/${folder}/${name} SYMBOLIC)
    endforeach()
  endforeach()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
