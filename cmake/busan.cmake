# Helpers that declare every library, binary and test the same way, so each
# folder's CMakeLists.txt lists only what is particular to it.

# Warnings shared by all project code. -Werror=unused-result makes an ignored
# absl::Status a build error.
set(BUSAN_WARNINGS -Wall -Wextra -Wno-unused-parameter -Werror=unused-result
                   -Werror=return-type)

# Headers belong to libraries. Each library's headers are linked into
# build/include/<library>/ at their paths from the repository root
# ("common/status/status_macros.h"), and that directory is the library's
# only include directory: a file can include a header only when it belongs
# to a library the file's target depends on, and a header that belongs to
# no library cannot be included at all (busan_check_headers lists any).
# A library's headers are each source's own header (x.h beside x.cc) and
# the HDRS it lists (header-only code).
set(BUSAN_INCLUDE_ROOT ${CMAKE_BINARY_DIR}/include)

function(busan_export_headers name scope)
  cmake_parse_arguments(ARG "" "" "SRCS;HDRS" ${ARGN})
  set(headers)
  foreach(source IN LISTS ARG_SRCS)
    string(REGEX REPLACE "\\.cc$" ".h" header ${source})
    if(NOT header STREQUAL source AND
       EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${header})
      list(APPEND headers ${header})
    endif()
  endforeach()
  list(APPEND headers ${ARG_HDRS})
  set(root ${BUSAN_INCLUDE_ROOT}/${name})
  file(REMOVE_RECURSE ${root})
  foreach(header IN LISTS headers)
    get_filename_component(absolute ${header} ABSOLUTE)
    if(NOT EXISTS ${absolute})
      message(FATAL_ERROR "${name}: header ${header} does not exist")
    endif()
    file(RELATIVE_PATH path ${PROJECT_SOURCE_DIR} ${absolute})
    get_filename_component(folder ${root}/${path} DIRECTORY)
    file(MAKE_DIRECTORY ${folder})
    file(CREATE_LINK ${absolute} ${root}/${path} SYMBOLIC)
    set_property(GLOBAL APPEND PROPERTY BUSAN_OWNED_HEADERS ${path})
  endforeach()
  target_include_directories(${name} ${scope} ${root})
endfunction()

# busan_library(NAME SRCS ... [HDRS ...] DEPS ... [PRIVATE ...]): a static
# library; DEPS are what its headers use, PRIVATE what only its sources do.
function(busan_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;HDRS;DEPS;PRIVATE" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  busan_export_headers(${name} PUBLIC SRCS ${ARG_SRCS} HDRS ${ARG_HDRS})
  target_compile_options(${name} PRIVATE ${BUSAN_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  # What only the sources use: linked, but its headers are not on the
  # include path of the library's dependents.
  target_link_libraries(${name} PRIVATE ${ARG_PRIVATE})
endfunction()

# busan_header_library(NAME HDRS ... DEPS ...): header-only code.
function(busan_header_library name)
  cmake_parse_arguments(ARG "" "" "HDRS;DEPS" ${ARGN})
  add_library(${name} INTERFACE)
  busan_export_headers(${name} INTERFACE HDRS ${ARG_HDRS})
  target_link_libraries(${name} INTERFACE ${ARG_DEPS})
endfunction()

# busan_check_headers(FOLDERS ... [EXCLUDE ...]): fails the configure step
# when a header under FOLDERS, and not under EXCLUDE (folders whose
# libraries this configuration does not declare), belongs to no library.
# Call once, after every library is declared. Its glob is re-checked at
# every build (CONFIGURE_DEPENDS), so a header added later re-runs the
# configure step, which links it or names it as unowned.
function(busan_check_headers)
  cmake_parse_arguments(ARG "" "" "FOLDERS;EXCLUDE" ${ARGN})
  set(all)
  foreach(folder IN LISTS ARG_FOLDERS)
    file(GLOB_RECURSE found RELATIVE ${PROJECT_SOURCE_DIR} CONFIGURE_DEPENDS
         ${PROJECT_SOURCE_DIR}/${folder}/*.h)
    list(APPEND all ${found})
  endforeach()
  foreach(folder IN LISTS ARG_EXCLUDE)
    list(FILTER all EXCLUDE REGEX "^${folder}/")
  endforeach()
  get_property(owned GLOBAL PROPERTY BUSAN_OWNED_HEADERS)
  set(orphans)
  foreach(header IN LISTS all)
    if(NOT header IN_LIST owned)
      list(APPEND orphans ${header})
    endif()
  endforeach()
  if(orphans)
    list(JOIN orphans "\n  " listed)
    message(FATAL_ERROR
            "headers that belong to no library (add them to one's HDRS):\n"
            "  ${listed}")
  endif()
endfunction()

# busan_binary(NAME SRCS ... DEPS ...): an executable in build/bin.
function(busan_binary name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_compile_options(${name} PRIVATE ${BUSAN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

# Which suites a tree builds, by ctest label, so that each test is compiled
# once: scripts/build's optimized tree takes the end-to-end suites (they run
# its binaries), the sanitized tree (scripts/sanitize) the unit and
# integration ones. A tree configured by hand builds them all.
set(BUSAN_TEST_LABELS "unit;integration;e2e" CACHE STRING
    "Labels of the test suites to build (unit, integration, e2e)")

# busan_builds_label(LABEL OUT): OUT is true when this tree builds LABEL's
# suites.
function(busan_builds_label label out)
  if(BUSAN_BUILD_TESTS AND label IN_LIST BUSAN_TEST_LABELS)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# Extra compile options for test code alone (test sources and test-only
# libraries), after the tree's own: the sanitized and TSan trees compile it
# at -O0, a third of the time at -O1, while the product code under test
# keeps the tree's optimization and instrumentation.
set(BUSAN_TEST_CXX_FLAGS "" CACHE STRING
    "Compile options added to test sources and test-only libraries")

# Extra compile options for protoc's generated code (every .pb.cc). The
# sanitized and TSan trees compile it at -O0, instrumented as before: the
# generated files are most of those trees' compile time at -O1, and the
# sanitizers check the code that calls them either way.
set(BUSAN_GENERATED_CXX_FLAGS "" CACHE STRING
    "Compile options added to protoc's generated sources")

# busan_generated_code(TARGET): applies BUSAN_GENERATED_CXX_FLAGS to the
# generated sources of TARGET.
function(busan_generated_code target)
  target_compile_options(${target} PRIVATE ${BUSAN_GENERATED_CXX_FLAGS})
endfunction()

# busan_test_library(NAME SRCS ... [HDRS ...] DEPS ...): a library that only
# tests link (fixtures, fakes, workloads).
function(busan_test_library name)
  busan_library(${name} ${ARGN})
  target_compile_options(${name} PRIVATE ${BUSAN_TEST_CXX_FLAGS})
endfunction()

# busan_test(NAME SRCS ... DEPS ... [LABELS ...]): a GoogleTest binary
# registered with ctest, built when one of its labels is in
# BUSAN_TEST_LABELS. Tests find built binaries through BUSAN_BIN_DIR and
# shipped files through BUSAN_SOURCE_DIR, never through fixed paths.
function(busan_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  set(wanted FALSE)
  foreach(label IN LISTS ARG_LABELS)
    busan_builds_label(${label} builds)
    if(builds)
      set(wanted TRUE)
    endif()
  endforeach()
  if(NOT wanted)
    return()
  endif()
  add_executable(${name} ${ARG_SRCS})
  target_compile_options(${name} PRIVATE ${BUSAN_WARNINGS}
                                         ${BUSAN_TEST_CXX_FLAGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  if(BUSAN_TSAN)
    target_link_libraries(${name} PRIVATE busan_tsan_annotations)
  endif()
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
  if("unit" IN_LIST ARG_LABELS OR "integration" IN_LIST ARG_LABELS)
    if(NOT TARGET in_process_tests)
      # Every unit and integration test: what scripts/sanitize builds.
      add_custom_target(in_process_tests)
    endif()
    add_dependencies(in_process_tests ${name})
  endif()
endfunction()
