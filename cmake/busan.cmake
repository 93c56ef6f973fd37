# Helpers that declare every library, binary and test the same way, so each
# folder's CMakeLists.txt lists only what is particular to it.

# Warnings shared by all project code. -Werror=unused-result makes an ignored
# absl::Status a build error.
set(BUSAN_WARNINGS -Wall -Wextra -Wno-unused-parameter -Werror=unused-result
                   -Werror=return-type)

# busan_library(NAME SRCS ... DEPS ...): a static library whose headers are
# included by path from the repository root ("common/status/status_macros.h").
function(busan_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${BUSAN_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# busan_binary(NAME SRCS ... DEPS ...): an executable in build/bin.
function(busan_binary name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_compile_options(${name} PRIVATE ${BUSAN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

# busan_test(NAME SRCS ... DEPS ... [LABELS ...]): a GoogleTest binary
# registered with ctest. Tests find built binaries through BUSAN_BIN_DIR and
# shipped files through BUSAN_SOURCE_DIR, never through fixed paths.
function(busan_test name)
  if(NOT BUSAN_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_compile_options(${name} PRIVATE ${BUSAN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    BUSAN_BIN_DIR="${CMAKE_RUNTIME_OUTPUT_DIRECTORY}"
    BUSAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                           ${CMAKE_BINARY_DIR}/tests)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
                                          LABELS "${ARG_LABELS}")
endfunction()
