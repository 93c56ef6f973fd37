#include "bench/load/closed_loop.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace busan::bench {
namespace {

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "UNKNOWN";
}

class Engine {
 public:
  Engine(const std::string& target, const LoadShape& shape, Scenario& scenario)
      : shape_(shape), scenario_(scenario) {
    for (int i = 0; i < shape.connections; ++i) {
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", i);  // one connection per channel
      stubs_.push_back(
          std::make_unique<grpc::GenericStub>(grpc::CreateCustomChannel(
              target, grpc::InsecureChannelCredentials(), args)));
    }
    slots_.resize(shape.in_flight);
    for (int i = 0; i < shape.in_flight; ++i) {
      slots_[i].index = i;
      slots_[i].random.seed(0x9E3779B97F4A7C15ull * (i + 1));
    }
  }

  LoadResult Run() {
    start_ = absl::Now();
    record_from_ = shape_.total_calls > 0 ? start_ : start_ + shape_.warmup;
    stop_at_ = record_from_ + shape_.duration;
    active_ = static_cast<int>(slots_.size());
    for (CallSlot& slot : slots_) Issue(slot);
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](int* active) { return *active == 0; }, &active_));
    }
    LoadResult result;
    result.seconds = absl::ToDoubleSeconds(
        (shape_.total_calls > 0 ? last_answer_ : stop_at_) - record_from_);
    for (CallSlot& slot : slots_) {
      result.latencies_us.insert(result.latencies_us.end(),
                                 slot.latencies_us.begin(),
                                 slot.latencies_us.end());
    }
    for (CallSlot& slot : slots_) {
      result.refused_us.insert(result.refused_us.end(), slot.refused_us.begin(),
                               slot.refused_us.end());
    }
    std::sort(result.latencies_us.begin(), result.latencies_us.end());
    std::sort(result.refused_us.begin(), result.refused_us.end());
    result.ok = static_cast<int64_t>(result.latencies_us.size());
    result.errors = errors_;
    result.succeeded = succeeded_.load();
    result.codes = codes_;
    result.first_error = first_error_;
    if (result.ok > 0) result.codes["OK"] = result.ok;
    return result;
  }

 private:
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request, response;
    absl::Time started;
  };

  // Issues the slot's next call, or retires the slot when the run is over.
  void Issue(CallSlot& slot) {
    const uint64_t sequence = next_sequence_.fetch_add(1);
    const bool over =
        shape_.total_calls > 0
            ? sequence >= static_cast<uint64_t>(shape_.total_calls)
            : absl::Now() >= stop_at_;
    if (over) {
      absl::MutexLock lock(&mutex_);
      --active_;
      return;
    }
    auto* call = new Call();
    scenario_.Request(slot, sequence, &call->request);
    call->context.set_deadline(
        absl::ToChronoTime(absl::Now() + shape_.call_timeout));
    call->started = absl::Now();
    stubs_[slot.index % stubs_.size()]->UnaryCall(
        &call->context, scenario_.method(), grpc::StubOptions(), &call->request,
        &call->response, [this, call, &slot](grpc::Status status) {
          Finish(slot, call, status);
        });
  }

  void Finish(CallSlot& slot, Call* call, const grpc::Status& status) {
    const absl::Time now = absl::Now();
    const bool recorded =
        now >= record_from_ && (shape_.total_calls > 0 || now <= stop_at_);
    const auto elapsed_us =
        static_cast<float>(absl::ToDoubleMicroseconds(now - call->started));
    const bool refused =
        status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
        status.error_code() == grpc::StatusCode::UNAVAILABLE;
    if (status.ok()) {
      succeeded_.fetch_add(1, std::memory_order_relaxed);
      scenario_.Response(slot, call->response);
      if (recorded) slot.latencies_us.push_back(elapsed_us);
    } else {
      if (refused && recorded) slot.refused_us.push_back(elapsed_us);
      absl::MutexLock lock(&mutex_);
      ++errors_;
      ++codes_[CodeName(status.error_code())];
      if (first_error_.empty()) {
        first_error_ = absl::StrCat(CodeName(status.error_code()), ": ",
                                    status.error_message());
      }
    }
    delete call;
    if (shape_.total_calls > 0) {
      absl::MutexLock lock(&mutex_);
      last_answer_ = std::max(last_answer_, now);
    }
    Issue(slot);
  }

  const LoadShape shape_;
  Scenario& scenario_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  std::vector<CallSlot> slots_;
  absl::Time start_, record_from_, stop_at_;
  std::atomic<uint64_t> next_sequence_{0};
  std::atomic<int64_t> succeeded_{0};
  absl::Mutex mutex_;
  int active_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t errors_ ABSL_GUARDED_BY(mutex_) = 0;
  std::map<std::string, int64_t> codes_ ABSL_GUARDED_BY(mutex_);
  std::string first_error_ ABSL_GUARDED_BY(mutex_);
  absl::Time last_answer_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
};

}  // namespace

namespace {
double PercentileOf(const std::vector<float>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(fraction * sorted.size());
  return sorted[std::min(sorted.size() - 1, rank)];
}
}  // namespace

double LoadResult::Percentile(double fraction) const {
  return PercentileOf(latencies_us, fraction);
}

double LoadResult::RefusedPercentile(double fraction) const {
  return PercentileOf(refused_us, fraction);
}

LoadResult RunClosedLoop(const std::string& target, const LoadShape& shape,
                         Scenario& scenario) {
  return Engine(target, shape, scenario).Run();
}

std::string ResultJsonFields(const LoadResult& result) {
  std::string codes;
  for (const auto& [code, count] : result.codes) {
    absl::StrAppend(&codes, codes.empty() ? "" : ", ", "\"", code,
                    "\": ", count);
  }
  return absl::StrFormat(
      "\"ok\": %d, \"errors\": %d, \"codes\": {%s}, \"seconds\": %.3f, "
      "\"calls_per_s\": %.1f, \"p50_us\": %.1f, \"p90_us\": %.1f, "
      "\"p99_us\": %.1f, \"p999_us\": %.1f, \"max_us\": %.1f, "
      "\"refused_p50_us\": %.1f, \"refused_p99_us\": %.1f",
      result.ok, result.errors, codes, result.seconds, result.CallsPerSecond(),
      result.Percentile(0.50), result.Percentile(0.90), result.Percentile(0.99),
      result.Percentile(0.999),
      result.latencies_us.empty() ? 0.0 : result.latencies_us.back(),
      result.RefusedPercentile(0.50), result.RefusedPercentile(0.99));
}

}  // namespace busan::bench
