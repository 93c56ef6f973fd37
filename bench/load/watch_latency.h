// Event delivery latency of WatchCatalog: how long after a CreateProject is
// issued each of N watchers holds its change event.
#ifndef BUSAN_BENCH_LOAD_WATCH_LATENCY_H_
#define BUSAN_BENCH_LOAD_WATCH_LATENCY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/load/closed_loop.h"

namespace busan::bench {

struct WatchShape {
  int watchers = 100;
  int events = 200;
  absl::Duration interval = absl::Milliseconds(5);  // between creates
  std::string id_prefix = "watch";
};

struct WatchResult {
  LoadResult delivery;   // one latency per (watcher, event) delivered
  LoadResult create;     // the CreateProject calls themselves
  int64_t expected = 0;  // watchers x events
};

// Needs the data set's parents (CreateParents(target, "catalog")).
absl::StatusOr<WatchResult> RunWatchLatency(const std::string& target,
                                            const WatchShape& shape);

}  // namespace busan::bench

#endif  // BUSAN_BENCH_LOAD_WATCH_LATENCY_H_
