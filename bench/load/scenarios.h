// The kit's scenarios: which method each calls and the bytes it sends, over
// a data set whose names follow one scheme (see data_set below), so the
// scenario that loads a data set and the ones that read it agree.
#ifndef BUSAN_BENCH_LOAD_SCENARIOS_H_
#define BUSAN_BENCH_LOAD_SCENARIOS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/load/closed_loop.h"

namespace busan::bench {

// The data set's names. Project N is projects/bench-N under strategy
// strategies/bench-(N % kStrategies), with origin and stage cycling; flows,
// meetings and rankings go to the "bench" fund, series and index.
namespace data_set {
constexpr int kStrategies = 10;
constexpr char kPlan[] = "bench";
constexpr char kFund[] = "bench";
constexpr char kSeries[] = "bench";
constexpr char kIndex[] = "bench";
}  // namespace data_set

struct ScenarioOptions {
  int64_t keys = 1000;              // projects in the data set (uniform reads)
  int payload_bytes = 400;          // echo and etcd values
  std::string id_prefix = "bench";  // ids of created projects
  int page_size = 50;
  int batch_size = 50;
};

// Names accepted by MakeScenario, one line each for --help.
std::string ScenarioHelp();

absl::StatusOr<std::unique_ptr<Scenario>> MakeScenario(
    const std::string& name, const ScenarioOptions& options);

// The plan, strategies, fund, series and index the data set lives under;
// existing ones are kept. `service` is "catalog" or "metrics".
absl::Status CreateParents(const std::string& target,
                           const std::string& service);

}  // namespace busan::bench

#endif  // BUSAN_BENCH_LOAD_SCENARIOS_H_
