// catalog_load: a closed-loop load generator for catalog-service.
//
// Keeps --concurrency calls in flight for --seconds against one method and
// prints calls/s and latency percentiles. The "health" method (gRPC's own
// health check on the same server) is the baseline: the cost of a call with
// no application work, measured in the same run so ratios survive a noisy
// machine.
//
//   catalog_load --target=127.0.0.1:50051 --method=get --name=projects/x
//   methods: health | get | list | batch | create
//
// "create" makes durable writes: CreateProject with a fresh id per call,
// each with a budget, under a plan and strategy it creates first (so every
// call also moves the strategy's derived totals).
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/cli/flags.h"

namespace {

using busan::catalog::v1::CatalogService;

struct Options {
  std::string target = "127.0.0.1:50051";
  std::string method = "get";
  std::string name = "projects/marine-port-ax-center";
  int64_t concurrency = 64;
  int64_t seconds = 5;
  int64_t channels = 4;
  std::string id_prefix = "load";
};

constexpr char kBenchPlan[] = "plans/load-bench";
constexpr char kBenchStrategy[] = "strategies/load-bench";

class Load {
 public:
  explicit Load(const Options& options) : options_(options) {
    for (int i = 0; i < options.channels; ++i) {
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", i);  // distinct connections
      auto channel = grpc::CreateCustomChannel(
          options.target, grpc::InsecureChannelCredentials(), args);
      stubs_.push_back(CatalogService::NewStub(channel));
      generic_.push_back(std::make_unique<grpc::GenericStub>(channel));
    }
  }

  // What "create" writes under; existing ones are fine.
  bool CreateParents() {
    busan::catalog::v1::CreatePlanRequest plan;
    plan.set_plan_id("load-bench");
    plan.mutable_plan()->set_display_name("Load benchmark");
    busan::catalog::v1::Plan created_plan;
    grpc::ClientContext plan_context;
    grpc::Status status =
        stubs_[0]->CreatePlan(&plan_context, plan, &created_plan);
    if (!status.ok() && status.error_code() != grpc::ALREADY_EXISTS) {
      fprintf(stderr, "CreatePlan: %s\n", status.error_message().c_str());
      return false;
    }
    busan::catalog::v1::CreateStrategyRequest strategy;
    strategy.set_strategy_id("load-bench");
    strategy.mutable_strategy()->set_plan(kBenchPlan);
    strategy.mutable_strategy()->set_display_name("Load benchmark");
    busan::catalog::v1::Strategy created_strategy;
    grpc::ClientContext strategy_context;
    status = stubs_[0]->CreateStrategy(&strategy_context, strategy,
                                       &created_strategy);
    if (!status.ok() && status.error_code() != grpc::ALREADY_EXISTS) {
      fprintf(stderr, "CreateStrategy: %s\n", status.error_message().c_str());
      return false;
    }
    return true;
  }

  void Run() {
    deadline_ = absl::Now() + absl::Seconds(options_.seconds);
    start_ = absl::Now();
    for (int i = 0; i < options_.concurrency; ++i) Issue(i);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return active_ == 0; });
    const double elapsed = absl::ToDoubleSeconds(absl::Now() - start_);
    std::sort(latencies_.begin(), latencies_.end());
    auto pct = [&](double p) {
      if (latencies_.empty()) return 0.0;
      return latencies_[std::min(latencies_.size() - 1,
                                 size_t(p * latencies_.size()))];
    };
    printf(
        "method=%s concurrency=%lld calls=%zu errors=%lld calls_per_s=%.0f "
        "p50_us=%.0f p99_us=%.0f\n",
        options_.method.c_str(), (long long)options_.concurrency,
        latencies_.size(), (long long)errors_.load(),
        latencies_.size() / elapsed, pct(0.50), pct(0.99));
  }

 private:
  struct Call {
    grpc::ClientContext context;
    busan::catalog::v1::GetProjectRequest get;
    busan::catalog::v1::Project project;
    busan::catalog::v1::ListProjectsRequest list;
    busan::catalog::v1::ListProjectsResponse listed;
    busan::catalog::v1::BatchGetProjectsRequest batch;
    busan::catalog::v1::BatchGetProjectsResponse batched;
    busan::catalog::v1::CreateProjectRequest create;
    grpc::ByteBuffer request, response;
    absl::Time started;
  };

  void Issue(int slot) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++active_;
    }
    auto* call = new Call();
    call->started = absl::Now();
    const size_t channel = slot % stubs_.size();
    auto done = [this, call, slot](grpc::Status status) {
      Finish(call, slot, status);
    };
    if (options_.method == "health") {
      // HealthCheckRequest{} encodes to zero bytes.
      grpc::Slice empty("");
      call->request = grpc::ByteBuffer(&empty, 1);
      generic_[channel]->UnaryCall(
          &call->context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
          &call->request, &call->response, done);
    } else if (options_.method == "list") {
      call->list.set_page_size(20);
      stubs_[channel]->async()->ListProjects(&call->context, &call->list,
                                             &call->listed, done);
    } else if (options_.method == "create") {
      call->create.set_project_id(
          absl::StrCat(options_.id_prefix, "-", next_id_.fetch_add(1)));
      busan::catalog::v1::Project* project = call->create.mutable_project();
      project->set_strategy(kBenchStrategy);
      project->set_display_name("Load benchmark project");
      project->set_budget_krw(1'000'000);
      stubs_[channel]->async()->CreateProject(&call->context, &call->create,
                                              &call->project, done);
    } else if (options_.method == "batch") {
      for (int i = 0; i < 10; ++i) call->batch.add_names(options_.name);
      stubs_[channel]->async()->BatchGetProjects(&call->context, &call->batch,
                                                 &call->batched, done);
    } else {
      call->get.set_name(options_.name);
      stubs_[channel]->async()->GetProject(&call->context, &call->get,
                                           &call->project, done);
    }
  }

  void Finish(Call* call, int slot, const grpc::Status& status) {
    const absl::Time now = absl::Now();
    const double micros = absl::ToDoubleMicroseconds(now - call->started);
    delete call;
    bool again;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (status.ok()) {
        latencies_.push_back(micros);
      } else if (errors_++ == 0) {
        fprintf(stderr, "error: %s\n", status.error_message().c_str());
      }
      again = now < deadline_;
      --active_;
    }
    if (again) {
      Issue(slot);
    } else {
      std::lock_guard<std::mutex> lock(mutex_);
      if (active_ == 0) done_.notify_all();
    }
  }

  Options options_;
  std::vector<std::unique_ptr<CatalogService::Stub>> stubs_;
  std::vector<std::unique_ptr<grpc::GenericStub>> generic_;
  absl::Time start_, deadline_;
  std::mutex mutex_;
  std::condition_variable done_;
  int active_ = 0;
  std::vector<double> latencies_;
  std::atomic<int64_t> errors_{0};
  std::atomic<int64_t> next_id_{0};
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool help = false;
  busan::cli::FlagSet flags("catalog_load");
  flags.String("target", &options.target, "catalog-service HOST:PORT");
  flags.String("method", &options.method,
               "health | get | list | batch | create");
  flags.String("id_prefix", &options.id_prefix,
               "create: project ids are PREFIX-N (use one per run)");
  flags.String("name", &options.name, "project to read");
  flags.Int("concurrency", &options.concurrency, "calls in flight");
  flags.Int("seconds", &options.seconds, "how long to run");
  flags.Int("channels", &options.channels, "connections to spread calls on");
  flags.Bool("help", &help, "print this help");
  auto parsed = flags.Parse(argc, argv);
  if (help || !parsed.ok() || options.concurrency < 1 || options.channels < 1) {
    fprintf(stderr, "%s\n%s",
            parsed.ok() ? "" : std::string(parsed.status().message()).c_str(),
            flags.Usage().c_str());
    return help ? 0 : 2;
  }
  Load load(options);
  if (options.method == "create" && !load.CreateParents()) return 1;
  load.Run();
  return 0;
}
