#include "bench/load/watch_latency.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/load/scenarios.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"

namespace busan::bench {
namespace {

using catalog::v1::CatalogService;

// Issue times of the creates, by project name, and what watchers saw.
class Ledger {
 public:
  void Issued(const std::string& name, absl::Time at) {
    absl::MutexLock lock(&mutex_);
    issued_[name] = at;
  }
  // Records a delivery of `name` to a watcher; names the run did not issue
  // (the warm-up projects) are ignored.
  void Delivered(const std::string& name, absl::Time at) {
    absl::MutexLock lock(&mutex_);
    auto it = issued_.find(name);
    if (it == issued_.end()) return;
    latencies_us_.push_back(
        static_cast<float>(absl::ToDoubleMicroseconds(at - it->second)));
  }
  std::vector<float> TakeLatencies() {
    absl::MutexLock lock(&mutex_);
    return std::move(latencies_us_);
  }

 private:
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, absl::Time> issued_ ABSL_GUARDED_BY(mutex_);
  std::vector<float> latencies_us_ ABSL_GUARDED_BY(mutex_);
};

grpc::Status Create(CatalogService::Stub& stub, const std::string& id) {
  catalog::v1::CreateProjectRequest request;
  request.set_project_id(id);
  request.mutable_project()->set_strategy(
      absl::StrCat("strategies/", data_set::kPlan, "-0"));
  request.mutable_project()->set_display_name("Watched benchmark project");
  catalog::v1::Project created;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  return stub.CreateProject(&context, request, &created);
}

}  // namespace

absl::StatusOr<WatchResult> RunWatchLatency(const std::string& target,
                                            const WatchShape& shape) {
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = CatalogService::NewStub(channel);
  Ledger ledger;
  const std::string warmup = absl::StrCat(shape.id_prefix, "-ready");
  const std::string warmup_name = absl::StrCat("projects/", warmup);

  // Watchers share the channel, as a city app's would: one connection,
  // many streams.
  absl::Mutex ready_mutex;
  int ready = 0;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::thread> threads;
  for (int i = 0; i < shape.watchers; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    threads.emplace_back([&, context = contexts.back().get()] {
      catalog::v1::WatchCatalogRequest request;
      auto reader = stub->WatchCatalog(context, request);
      catalog::v1::ChangeEvent event;
      bool counted = false;
      while (reader->Read(&event)) {
        const absl::Time now = absl::Now();
        // Any of the warm-up creates: a stream that opened after the first
        // sees only a later one.
        if (!counted && absl::StartsWith(event.name(), warmup_name)) {
          absl::MutexLock lock(&ready_mutex);
          ++ready;
          counted = true;
        }
        ledger.Delivered(event.name(), now);
      }
      (void)reader->Finish();
    });
  }
  auto stop_watchers = [&] {
    for (auto& context : contexts) context->TryCancel();
    for (std::thread& thread : threads) thread.join();
  };

  // Every watcher is live once each has seen a project created after it
  // started; creates are repeated until then (a stream may open late).
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  for (int attempt = 0;; ++attempt) {
    (void)Create(*stub, attempt == 0 ? warmup : absl::StrCat(warmup, attempt));
    const int want = shape.watchers;
    auto all_live = [&ready, want] { return ready >= want; };
    absl::MutexLock lock(&ready_mutex);
    if (ready_mutex.AwaitWithTimeout(absl::Condition(&all_live),
                                     absl::Milliseconds(500)) ||
        absl::Now() > give_up) {
      break;
    }
  }
  int live;
  {
    absl::MutexLock lock(&ready_mutex);
    live = ready;
  }
  if (live < shape.watchers) {
    stop_watchers();
    return absl::DeadlineExceededError(absl::StrCat(
        live, " of ", shape.watchers, " watchers saw the warm-up event"));
  }

  WatchResult result;
  result.expected = static_cast<int64_t>(shape.watchers) * shape.events;
  const absl::Time start = absl::Now();
  for (int i = 0; i < shape.events; ++i) {
    const std::string id = absl::StrCat(shape.id_prefix, "-", i);
    const absl::Time issued = absl::Now();
    ledger.Issued(absl::StrCat("projects/", id), issued);
    grpc::Status status = Create(*stub, id);
    const absl::Time answered = absl::Now();
    if (status.ok()) {
      result.create.latencies_us.push_back(
          static_cast<float>(absl::ToDoubleMicroseconds(answered - issued)));
    } else {
      ++result.create.errors;
      if (result.create.first_error.empty()) {
        result.create.first_error = status.error_message();
      }
    }
    absl::SleepFor(shape.interval - (answered - issued));
  }
  result.create.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  // Late deliveries still count: give the streams a moment to drain.
  absl::SleepFor(absl::Seconds(1));
  stop_watchers();

  result.delivery.latencies_us = ledger.TakeLatencies();
  result.delivery.seconds = result.create.seconds;
  for (LoadResult* part : {&result.delivery, &result.create}) {
    std::sort(part->latencies_us.begin(), part->latencies_us.end());
    part->ok = static_cast<int64_t>(part->latencies_us.size());
  }
  result.delivery.errors = result.expected - result.delivery.ok;
  return result;
}

}  // namespace busan::bench
