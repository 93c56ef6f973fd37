// CallMetrics counts the RPCs a server handles, per method and status code,
// and renders them in the Prometheus text exposition format (0.0.4):
//
//   busan_grpc_server_started_total{service,method}        counter
//   busan_grpc_server_handled_total{service,method,code}   counter
//   busan_grpc_server_in_flight{service,method}            gauge
//   busan_grpc_server_handling_seconds{service,method}     histogram
//
// The methods are fixed at construction (the server knows them when it
// starts), so recording a call is a hash lookup at call start plus a few
// relaxed atomic increments on that method's own cache lines: no lock and no
// allocation. A call to any other method name (an unimplemented method) is
// counted under service="unknown", method="unknown", which keeps the number
// of series bounded whatever names clients send.
#ifndef BUSAN_COMMON_SERVER_CALL_METRICS_H_
#define BUSAN_COMMON_SERVER_CALL_METRICS_H_

#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace busan::server {

// Upper bounds (le) of the handling-time histogram, in nanoseconds, from
// 25 µs (a cached point read) to 10 s; anything slower lands in +Inf only.
inline constexpr std::array<int64_t, 18> kHandlingBucketsNanos = {
    25'000,        50'000,        100'000,       250'000,     500'000,
    1'000'000,     2'500'000,     5'000'000,     10'000'000,  25'000'000,
    50'000'000,    100'000'000,   250'000'000,   500'000'000, 1'000'000'000,
    2'500'000'000, 5'000'000'000, 10'000'000'000};

// The number of gRPC status codes (OK .. UNAUTHENTICATED).
inline constexpr int kStatusCodeCount = 17;

class CallMetrics {
 public:
  // One method's counters, updated concurrently by the calls to it.
  // Aligned so that two methods never share a cache line.
  struct alignas(64) Method {
    std::string full_name;  // "/busan.catalog.v1.CatalogService/GetPlan"
    std::string service;    // "busan.catalog.v1.CatalogService"
    std::string name;       // "GetPlan"
    std::atomic<int64_t> started{0};
    std::atomic<int64_t> in_flight{0};
    std::array<std::atomic<int64_t>, kStatusCodeCount> handled{};
    // Not cumulative: buckets[i] counts durations in (bound[i-1], bound[i]];
    // the last entry counts those above every bound.
    std::array<std::atomic<int64_t>, kHandlingBucketsNanos.size() + 1>
        buckets{};
    std::atomic<int64_t> sum_nanos{0};

    // A call to this method began.
    void Start();
    // A call began earlier sent `code` after `elapsed_nanos`. Codes outside
    // the known range count as UNKNOWN; negative durations as zero.
    void Handle(grpc::StatusCode code, int64_t elapsed_nanos);
    // A call that began earlier is gone (after Handle, or without a status
    // when it was torn down first).
    void End();
  };

  // `full_methods` are gRPC method paths as the server sees them
  // ("/busan.catalog.v1.CatalogService/GetPlan"); duplicates are ignored.
  explicit CallMetrics(const std::vector<std::string>& full_methods);
  CallMetrics(const CallMetrics&) = delete;
  CallMetrics& operator=(const CallMetrics&) = delete;

  // The counters for `full_method`, or the "unknown" catch-all for a name
  // not given at construction (or null). Never null; valid for the life of
  // this object. Thread-safe.
  Method* Find(const char* full_method);

  // A factory for the server interceptor that records every call into this
  // registry. The registry must outlive every server built with it.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewInterceptorFactory();

  // The Prometheus text exposition of every method that has started at
  // least one call: families in a fixed order, methods by service then
  // method name ("unknown" last), codes in numeric order, handled series
  // only for codes seen. Thread-safe; concurrent calls may or may not be
  // included, but each histogram's _count equals its +Inf bucket.
  std::string Exposition() const;

 private:
  std::vector<std::unique_ptr<Method>> methods_;  // sorted, "unknown" last
  absl::flat_hash_map<absl::string_view, Method*> by_full_name_;
  Method* unknown_;
};

// `value` escaped for a Prometheus label value: backslash, double quote and
// line feed become \\, \" and \n.
std::string EscapeLabelValue(absl::string_view value);

// The canonical name of a gRPC status code ("NOT_FOUND"); "UNKNOWN" for a
// value outside the known codes.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_CALL_METRICS_H_
