# Fails when any first-party C++ file differs from clang-format's output. cmake -P script.
set(folders base transport sip sdp rtp media app tests bench fuzz)
set(files)
foreach(folder IN LISTS folders)
  file(GLOB_RECURSE found "${ROOT}/${folder}/*.cpp" "${ROOT}/${folder}/*.hpp")
  list(APPEND files ${found})
endforeach()
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files}
  WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE status ERROR_VARIABLE diagnostics)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "files are not clang-formatted (run clang-format-19 -i on them):\n${diagnostics}")
endif()
