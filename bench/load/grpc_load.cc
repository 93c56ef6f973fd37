// grpc_load: the kit's one load generator. Keeps --in_flight calls of one
// scenario in flight over --connections for --seconds (or exactly --calls
// calls) and prints one JSON line: calls/s, latency percentiles of the
// successful calls, and every status code seen.
//
//   grpc_load --target=127.0.0.1:50051 --scenario=get_hot \
//       --connections=4 --in_flight=64 --seconds=5
//   grpc_load --target=... --setup=catalog          # the data set's parents
//   grpc_load --target=... --scenario=create --calls=100000 --id_prefix=bench
//   grpc_load --target=... --scenario=watch --watchers=100 --events=200
//
// Exit status 1 when no call succeeded or, with --calls, when any failed
// (a data set must load completely).
#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"
#include "bench/load/closed_loop.h"
#include "bench/load/scenarios.h"
#include "bench/load/watch_latency.h"
#include "common/cli/flags.h"

namespace {

using busan::bench::LoadResult;

int PrintWatch(const std::string& target,
               const busan::bench::WatchShape& shape) {
  absl::StatusOr<busan::bench::WatchResult> result =
      busan::bench::RunWatchLatency(target, shape);
  if (!result.ok()) {
    fprintf(stderr, "watch: %s\n",
            std::string(result.status().message()).c_str());
    return 1;
  }
  printf(
      "{\"scenario\": \"watch\", \"watchers\": %d, \"events\": %d, "
      "\"expected\": %lld, %s, \"create_p50_us\": %.1f, "
      "\"create_p99_us\": %.1f}\n",
      shape.watchers, shape.events, static_cast<long long>(result->expected),
      busan::bench::ResultJsonFields(result->delivery).c_str(),
      result->create.Percentile(0.5), result->create.Percentile(0.99));
  if (!result->create.first_error.empty()) {
    fprintf(stderr, "create: %s\n", result->create.first_error.c_str());
  }
  return result->delivery.ok > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string target = "127.0.0.1:50051";
  std::string scenario_name = "get_hot";
  std::string setup;
  int64_t connections = 4, in_flight = 64, seconds = 5, warmup_ms = 500;
  int64_t calls = 0, keys = 1000, payload_bytes = 400, page_size = 50,
          batch_size = 50, watchers = 100, events = 200;
  std::string id_prefix = "bench";
  bool help = false;
  busan::cli::FlagSet flags("grpc_load");
  flags.String("target", &target, "HOST:PORT of the server (plaintext)");
  flags.String("scenario", &scenario_name, "what to call (below), or watch");
  flags.String("setup", &setup,
               "catalog | metrics: create the data set's parents first");
  flags.Int("connections", &connections, "connections to spread calls on");
  flags.Int("in_flight", &in_flight, "calls kept in flight");
  flags.Int("seconds", &seconds, "recorded duration");
  flags.Int("warmup_ms", &warmup_ms, "unrecorded warm-up before it");
  flags.Int("calls", &calls, "issue exactly this many calls instead");
  flags.Int("keys", &keys, "projects in the data set (uniform reads)");
  flags.Int("payload_bytes", &payload_bytes, "echo payload, etcd value");
  flags.Int("page_size", &page_size, "listing page size");
  flags.Int("batch_size", &batch_size, "names per BatchGetProjects");
  flags.String("id_prefix", &id_prefix, "created project ids: PREFIX-N");
  flags.Int("watchers", &watchers, "watch: streams open at once");
  flags.Int("events", &events, "watch: projects created while watched");
  flags.Bool("help", &help, "print this help");
  auto parsed = flags.Parse(argc, argv);
  if (help || !parsed.ok() || connections < 1 || in_flight < 1 || keys < 1) {
    fprintf(stderr,
            "%s\n%sscenarios:\n%s  watch: WatchCatalog delivery "
            "latency to --watchers streams\n",
            parsed.ok() ? "" : std::string(parsed.status().message()).c_str(),
            flags.Usage().c_str(), busan::bench::ScenarioHelp().c_str());
    return help ? 0 : 2;
  }

  if (!setup.empty()) {
    absl::Status status = busan::bench::CreateParents(target, setup);
    if (!status.ok()) {
      fprintf(stderr, "setup: %s\n", std::string(status.message()).c_str());
      return 1;
    }
    if (scenario_name.empty()) return 0;
  }
  if (scenario_name == "watch") {
    busan::bench::WatchShape shape;
    shape.watchers = static_cast<int>(watchers);
    shape.events = static_cast<int>(events);
    shape.id_prefix = id_prefix;
    return PrintWatch(target, shape);
  }

  busan::bench::ScenarioOptions options;
  options.keys = keys;
  options.payload_bytes = static_cast<int>(payload_bytes);
  options.id_prefix = id_prefix;
  options.page_size = static_cast<int>(page_size);
  options.batch_size = static_cast<int>(batch_size);
  auto scenario = busan::bench::MakeScenario(scenario_name, options);
  if (!scenario.ok()) {
    fprintf(stderr, "%s\n", std::string(scenario.status().message()).c_str());
    return 2;
  }
  busan::bench::LoadShape shape;
  shape.connections = static_cast<int>(connections);
  shape.in_flight = static_cast<int>(in_flight);
  shape.duration = absl::Seconds(seconds);
  shape.warmup = absl::Milliseconds(warmup_ms);
  shape.total_calls = calls;
  const LoadResult result =
      busan::bench::RunClosedLoop(target, shape, **scenario);
  printf(
      "{\"scenario\": \"%s\", \"connections\": %lld, \"in_flight\": %lld, "
      "%s}\n",
      scenario_name.c_str(), static_cast<long long>(connections),
      static_cast<long long>(in_flight),
      busan::bench::ResultJsonFields(result).c_str());
  if (!result.first_error.empty()) {
    fprintf(stderr, "%s: first error: %s\n", scenario_name.c_str(),
            result.first_error.c_str());
  }
  if (result.ok == 0) {
    fprintf(stderr, "%s: no call succeeded within the recorded window\n",
            scenario_name.c_str());
    return 1;
  }
  return calls > 0 && result.errors > 0 ? 1 : 0;
}
