// Checks the TSan build itself (scripts/tsan): data handed over through
// Abseil's locks, condition variables and notifications is not reported
// (absl_sync_annotations.cc makes them visible), and a real race still is.
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace {

TEST(TsanSelfTest, HandoversThroughAbseilAreNotReported) {
  absl::Mutex mutex;
  int guarded = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        absl::MutexLock lock(&mutex);
        ++guarded;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(guarded, 4000);

  // A plain field written before Notify and read after it.
  int payload = 0;
  absl::Notification sent;
  std::thread sender([&] {
    payload = 1;
    sent.Notify();
  });
  while (!sent.HasBeenNotified()) std::this_thread::yield();
  EXPECT_EQ(payload, 1);
  sender.join();

  absl::Notification waited;
  std::thread waker([&] {
    payload = 2;
    waited.Notify();
  });
  waited.WaitForNotification();
  EXPECT_EQ(payload, 2);
  waker.join();

  // Await and a condition variable: the writer's field is seen once the
  // waiter holds the lock again.
  bool ready = false;
  std::thread setter([&] {
    payload = 3;
    absl::MutexLock lock(&mutex);
    ready = true;
  });
  {
    absl::MutexLock lock(&mutex);
    mutex.Await(absl::Condition(&ready));
  }
  EXPECT_EQ(payload, 3);
  setter.join();

  // A flag the waiter's condition read before it slept, then written under
  // the lock by another thread (how a worker loop is stopped).
  bool stopping = false;
  std::thread worker([&] {
    absl::MutexLock lock(&mutex);
    mutex.Await(absl::Condition(&stopping));
  });
  absl::SleepFor(absl::Milliseconds(100));  // the worker is waiting by now
  {
    absl::MutexLock lock(&mutex);
    stopping = true;
  }
  worker.join();

  absl::CondVar changed;
  bool done = false;
  std::thread signaller([&] {
    payload = 4;
    absl::MutexLock lock(&mutex);
    done = true;
    changed.Signal();
  });
  {
    absl::MutexLock lock(&mutex);
    while (!done) changed.Wait(&mutex);
  }
  EXPECT_EQ(payload, 4);
  signaller.join();

  absl::BlockingCounter finished(2);
  int parts[2] = {0, 0};
  std::thread first([&] {
    parts[0] = 5;
    finished.DecrementCount();
  });
  std::thread second([&] {
    parts[1] = 6;
    finished.DecrementCount();
  });
  finished.Wait();
  EXPECT_EQ(parts[0] + parts[1], 11);
  first.join();
  second.join();
}

TEST(TsanSelfTest, StatusCopiesDroppedOnTwoThreadsAreNotReported) {
  absl::Status kept;
  absl::Notification copied;
  std::thread producer([&] {
    absl::Status status = absl::UnavailableError("a message to share");
    kept = status;
    copied.Notify();
    // `status` is dropped here, maybe after the reader's copies below.
  });
  copied.WaitForNotification();
  for (int i = 0; i < 100; ++i) {
    absl::Status copy = kept;
    EXPECT_EQ(copy.code(), absl::StatusCode::kUnavailable);
  }
  producer.join();
}

// Two threads write one field with nothing between them. scripts/tsan runs
// with halt_on_error=1, so TSan ends the child with its exit code, 66.
void Race() {
  int shared = 0;
  std::thread other([&] { shared = 1; });
  shared = 2;
  other.join();
  fprintf(stderr, "no report (shared=%d)\n", shared);
  exit(0);
}

TEST(TsanSelfTest, ARealRaceIsStillReported) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(Race(), ::testing::ExitedWithCode(66), "data race");
}

}  // namespace
