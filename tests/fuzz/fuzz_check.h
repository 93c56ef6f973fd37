// FUZZ_CHECK: the fuzz targets' assertion. A broken invariant prints what
// broke and aborts, which libFuzzer reports as a crash and saves the input.
#ifndef BUSAN_TESTS_FUZZ_FUZZ_CHECK_H_
#define BUSAN_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, ...)                                     \
  do {                                                                 \
    if (!(condition)) {                                                \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__, \
                   __LINE__, #condition);                              \
      std::fprintf(stderr, __VA_ARGS__);                               \
      std::fprintf(stderr, "\n");                                      \
      std::abort();                                                    \
    }                                                                  \
  } while (false)

#endif  // BUSAN_TESTS_FUZZ_FUZZ_CHECK_H_
