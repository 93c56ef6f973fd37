// A write workload whose outcome is known exactly, for crash and
// power-loss tests of both services.
//
// Catalog writers create projects and update the budgets of their own
// projects; metrics writers record fund flows. Every call carries a
// request_id. A writer stops at its first failed call and keeps that call
// pending; when the services come back (the next Start or Drain) it first
// retries the pending call with the same request_id. So once nothing is
// pending, the stores must hold exactly what was acknowledged: every
// acknowledged write with the fields its response returned, no call
// applied twice, and derived totals equal to the sums of their rows.
#ifndef BUSAN_TESTS_SUPPORT_DURABILITY_WORKLOAD_H_
#define BUSAN_TESTS_SUPPORT_DURABILITY_WORKLOAD_H_

#include <grpcpp/support/status.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog-service/domain/catalog.h"
#include "metrics-service/domain/metrics.h"

namespace busan::testing {

class DurabilityWorkload {
 public:
  struct Options {
    int catalog_writers = 8;
    int metrics_writers = 8;
  };
  explicit DurabilityWorkload(Options options);
  DurabilityWorkload() : DurabilityWorkload(Options{}) {}
  ~DurabilityWorkload();

  // Creates the parents every write needs (a plan, a strategy, two funds)
  // on fresh services; OK or the first failure.
  absl::Status CreateParents(const std::string& catalog_address,
                             const std::string& metrics_address);

  // Starts every writer against the services at these addresses.
  void Start(const std::string& catalog_address,
             const std::string& metrics_address);
  // True once `count` writes were acknowledged since Start, false when
  // `timeout` passed first or every writer stopped.
  bool WaitForAcknowledged(int64_t count, absl::Duration timeout);
  // Waits for every writer to stop (after the services went away).
  void Join();
  // Retries every pending call against the services, each until it is
  // answered (bounded by `timeout`), and issues no new ones.
  void Drain(const std::string& catalog_address,
             const std::string& metrics_address, absl::Duration timeout);

  int64_t acknowledged() const { return acknowledged_.load(); }
  // Calls sent again with their request_id after a failure.
  int64_t retried() const { return retried_.load(); }
  // Calls that failed and were not answered since.
  int pending() const;
  // Failed calls with `code`, since the workload began.
  int64_t failures(grpc::StatusCode code) const {
    return failures_by_code_[static_cast<size_t>(code)].load();
  }
  // Failed calls with any code but these.
  int64_t failures_other_than(
      std::initializer_list<grpc::StatusCode> codes) const;

  // What Verify found; a right store has no problems.
  struct Findings {
    // Resources whose last acknowledged state is missing or stored with
    // other fields (a lost parent counts once).
    int64_t lost = 0;
    // Each difference from what was acknowledged, lost writes included.
    std::vector<std::string> problems;
  };
  // Compares the stores with what was acknowledged. Call while no writer
  // runs.
  Findings Verify(const catalog::Catalog& catalog,
                  const metrics::Metrics& metrics) const;
  // The same on the stores in these directories, which no server may have
  // open; a store that does not open is one lost resource and a problem.
  Findings VerifyDirectories(const std::string& catalog_dir,
                             const std::string& metrics_dir) const;
  // What the durability tests require at their end, as test expectations:
  // no call pending, and the stores in these directories holding exactly
  // what was acknowledged. Returns the findings, for the test's report.
  Findings ExpectExactlyAcknowledged(const std::string& catalog_dir,
                                     const std::string& metrics_dir) const;

  struct Writer;

 private:
  void Run(Writer* writer, const std::string& catalog_address,
           const std::string& metrics_address, bool only_pending,
           absl::Time deadline);

  std::vector<std::unique_ptr<Writer>> writers_;
  std::vector<std::thread> threads_;
  std::atomic<int64_t> acknowledged_{0};
  std::atomic<int64_t> acknowledged_at_start_{0};
  std::atomic<int64_t> retried_{0};
  // Indexed by grpc::StatusCode (0..16).
  std::array<std::atomic<int64_t>, 17> failures_by_code_{};
  std::atomic<int> running_{0};
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_DURABILITY_WORKLOAD_H_
