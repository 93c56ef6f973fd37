// A closed-loop load engine on gRPC's callback API: keeps a fixed number of
// calls in flight over a fixed number of connections, each slot issuing its
// next call when the last one answers, and records every call's latency and
// status. Requests and responses are raw bytes (GenericStub), so one engine
// drives any gRPC service, ours or a peer's, at the same client cost.
#ifndef BUSAN_BENCH_LOAD_CLOSED_LOOP_H_
#define BUSAN_BENCH_LOAD_CLOSED_LOOP_H_

#include <grpcpp/support/byte_buffer.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace busan::bench {

// One stream of sequential calls; its state is touched by one call at a
// time, so a scenario may keep per-slot state (a page token) without locks.
struct CallSlot {
  int index = 0;
  std::mt19937_64 random;
  std::string page_token;
  std::vector<float> latencies_us;  // successful calls after the warm-up
  std::vector<float> refused_us;    // refused calls after the warm-up
};

// What to call and with which bytes.
class Scenario {
 public:
  virtual ~Scenario() = default;
  // Full method path, e.g. "/busan.catalog.v1.CatalogService/GetProject".
  virtual const std::string& method() const = 0;
  // The serialized request of call number `sequence` (0, 1, ...) on `slot`.
  virtual void Request(CallSlot& slot, uint64_t sequence,
                       grpc::ByteBuffer* request) = 0;
  // Sees each successful response; most scenarios ignore it.
  virtual void Response(CallSlot& slot, const grpc::ByteBuffer& response) {}
};

struct LoadShape {
  int connections = 4;
  int in_flight = 64;  // spread evenly over the connections
  absl::Duration duration = absl::Seconds(5);
  // Calls answered before this are not recorded (connection setup, caches).
  absl::Duration warmup = absl::Milliseconds(500);
  // When positive: issue exactly this many calls, whatever the duration
  // (loading a data set), and record them all.
  int64_t total_calls = 0;
  absl::Duration call_timeout = absl::Seconds(30);
};

struct LoadResult {
  int64_t ok = 0;  // successful calls in the recorded window
  int64_t errors = 0;
  // Every successful call, in the warm-up and past the window too: what a
  // write scenario has stored.
  int64_t succeeded = 0;
  std::map<std::string, int64_t> codes;  // status code name -> calls
  std::string first_error;
  double seconds = 0;               // recorded window
  std::vector<float> latencies_us;  // sorted, successful calls
  // Sorted: how long each refusal (RESOURCE_EXHAUSTED, UNAVAILABLE) took
  // to arrive, recorded like latencies_us.
  std::vector<float> refused_us;
  double Percentile(double fraction) const;
  double RefusedPercentile(double fraction) const;
  double CallsPerSecond() const { return seconds > 0 ? ok / seconds : 0; }
};

// Runs `scenario` against `target` (HOST:PORT, plaintext) with `shape`.
LoadResult RunClosedLoop(const std::string& target, const LoadShape& shape,
                         Scenario& scenario);

// {"calls_per_s": ..., "p50_us": ..., ...} fields of a result, without the
// braces, for the caller to frame with its own fields.
std::string ResultJsonFields(const LoadResult& result);

}  // namespace busan::bench

#endif  // BUSAN_BENCH_LOAD_CLOSED_LOOP_H_
