// catalog_load: a closed-loop load generator for catalog-service.
//
// Keeps --concurrency calls in flight for --seconds against one method and
// prints calls/s and latency percentiles. The "health" method (gRPC's own
// health check on the same server) is the baseline: the cost of a call with
// no application work, measured in the same run so ratios survive a noisy
// machine.
//
//   catalog_load --target=127.0.0.1:50051 --method=get --name=projects/x
//   methods: health | get | list | batch
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

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
};

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
    printf("method=%s concurrency=%lld calls=%zu errors=%lld calls_per_s=%.0f "
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
      generic_[channel]->UnaryCall(&call->context, "/grpc.health.v1.Health/Check",
                                   grpc::StubOptions(), &call->request,
                                   &call->response, done);
    } else if (options_.method == "list") {
      call->list.set_page_size(20);
      stubs_[channel]->async()->ListProjects(&call->context, &call->list,
                                             &call->listed, done);
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
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool help = false;
  busan::cli::FlagSet flags("catalog_load");
  flags.String("target", &options.target, "catalog-service HOST:PORT");
  flags.String("method", &options.method, "health | get | list | batch");
  flags.String("name", &options.name, "project to read");
  flags.Int("concurrency", &options.concurrency, "calls in flight");
  flags.Int("seconds", &options.seconds, "how long to run");
  flags.Int("channels", &options.channels, "connections to spread calls on");
  flags.Bool("help", &help, "print this help");
  auto parsed = flags.Parse(argc, argv);
  if (help || !parsed.ok() || options.concurrency < 1 || options.channels < 1) {
    fprintf(stderr, "%s\n%s", parsed.ok() ? "" : std::string(parsed.status().message()).c_str(),
            flags.Usage().c_str());
    return help ? 0 : 2;
  }
  Load(options).Run();
  return 0;
}
