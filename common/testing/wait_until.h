// WaitUntil: polls a condition until it holds or a deadline passes, for
// tests that wait on another thread or process (a health status flipping, a
// file reload taking effect). Bounded, so a broken server fails the test
// instead of hanging it.
#ifndef BUSAN_COMMON_TESTING_WAIT_UNTIL_H_
#define BUSAN_COMMON_TESTING_WAIT_UNTIL_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace busan::testing {

// Whether `condition` held within `timeout`, checked every `period`.
inline bool WaitUntil(const std::function<bool()>& condition,
                      absl::Duration timeout,
                      absl::Duration period = absl::Milliseconds(50)) {
  const absl::Time limit = absl::Now() + timeout;
  while (absl::Now() < limit) {
    if (condition()) return true;
    absl::SleepFor(period);
  }
  return false;
}

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_WAIT_UNTIL_H_
