#include "common/server/call_metrics.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace busan::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr std::memory_order kRelaxed = std::memory_order_relaxed;
constexpr absl::string_view kUnknown = "unknown";

int CodeIndex(grpc::StatusCode code) {
  const int index = static_cast<int>(code);
  return index >= 0 && index < kStatusCodeCount
             ? index
             : static_cast<int>(grpc::StatusCode::UNKNOWN);
}

// Exact decimal seconds without trailing zeros: 25000 -> "0.000025",
// 1000000000 -> "1". Exact, unlike printing a double.
std::string Seconds(int64_t nanos) {
  std::string text =
      absl::StrFormat("%d.%09d", nanos / 1'000'000'000, nanos % 1'000'000'000);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

// `{service="S",method="M"` without the closing brace, so that callers can
// append more labels.
std::string OpenLabels(const CallMetrics::Method& method) {
  return absl::StrCat("{service=\"", EscapeLabelValue(method.service),
                      "\",method=\"", EscapeLabelValue(method.name), "\"");
}

// Records one call: the start at creation, the status when it is sent, and
// the end when gRPC destroys the interceptor with the call.
class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit CallInterceptor(CallMetrics::Method* method)
      : method_(method), start_(std::chrono::steady_clock::now()) {
    method_->Start();
  }

  ~CallInterceptor() override {
    // A call torn down before its handler sent a status (the server
    // cancelled it) still counts, so handled adds up to started.
    if (!handled_) method_->Handle(grpc::StatusCode::CANCELLED, Elapsed());
    method_->End();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!handled_ && methods->QueryInterceptionHookPoint(
                         InterceptionHookPoints::PRE_SEND_STATUS)) {
      handled_ = true;
      method_->Handle(methods->GetSendStatus().error_code(), Elapsed());
    }
    methods->Proceed();
  }

 private:
  int64_t Elapsed() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now() - start_)
        .count();
  }

  CallMetrics::Method* const method_;
  const std::chrono::steady_clock::time_point start_;
  bool handled_ = false;
};

class CallInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallInterceptorFactory(CallMetrics* metrics) : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallInterceptor(metrics_->Find(info->method()));
  }

 private:
  CallMetrics* const metrics_;
};

}  // namespace

std::string EscapeLabelValue(absl::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\':
        escaped += "\\\\";
        break;
      case '"':
        escaped += "\\\"";
        break;
      case '\n':
        escaped += "\\n";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC and Abseil share the canonical codes and their names.
  return absl::StatusCodeToString(
      static_cast<absl::StatusCode>(CodeIndex(code)));
}

void CallMetrics::Method::Start() {
  started.fetch_add(1, kRelaxed);
  in_flight.fetch_add(1, kRelaxed);
}

void CallMetrics::Method::Handle(grpc::StatusCode code, int64_t elapsed_nanos) {
  elapsed_nanos = std::max<int64_t>(elapsed_nanos, 0);
  handled[CodeIndex(code)].fetch_add(1, kRelaxed);
  // le semantics: a duration equal to a bound belongs to that bucket.
  const auto bucket =
      std::lower_bound(kHandlingBucketsNanos.begin(),
                       kHandlingBucketsNanos.end(), elapsed_nanos) -
      kHandlingBucketsNanos.begin();
  buckets[bucket].fetch_add(1, kRelaxed);
  sum_nanos.fetch_add(elapsed_nanos, kRelaxed);
}

void CallMetrics::Method::End() { in_flight.fetch_sub(1, kRelaxed); }

CallMetrics::CallMetrics(const std::vector<std::string>& full_methods) {
  for (const std::string& full : full_methods) {
    if (by_full_name_.contains(full)) continue;
    auto method = std::make_unique<Method>();
    const absl::string_view path =
        absl::StripPrefix(absl::string_view(full), "/");
    const size_t slash = path.rfind('/');
    if (slash == absl::string_view::npos) {
      method->name = std::string(path);
    } else {
      method->service = std::string(path.substr(0, slash));
      method->name = std::string(path.substr(slash + 1));
    }
    // The key must outlive the map entry: keep a copy in the method.
    method->full_name = full;
    by_full_name_[method->full_name] = method.get();
    methods_.push_back(std::move(method));
  }
  std::sort(
      methods_.begin(), methods_.end(),
      [](const std::unique_ptr<Method>& a, const std::unique_ptr<Method>& b) {
        return std::tie(a->service, a->name) < std::tie(b->service, b->name);
      });
  auto unknown = std::make_unique<Method>();
  unknown->service = std::string(kUnknown);
  unknown->name = std::string(kUnknown);
  unknown_ = unknown.get();
  methods_.push_back(std::move(unknown));
}

CallMetrics::Method* CallMetrics::Find(const char* full_method) {
  if (full_method == nullptr) return unknown_;
  const auto it = by_full_name_.find(absl::string_view(full_method));
  return it == by_full_name_.end() ? unknown_ : it->second;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallMetrics::NewInterceptorFactory() {
  return std::make_unique<CallInterceptorFactory>(this);
}

std::string CallMetrics::Exposition() const {
  // One consistent list of methods for every family, read once.
  struct Snapshot {
    const Method* method;
    std::string labels;
    int64_t started;
    int64_t in_flight;
  };
  std::vector<Snapshot> active;
  for (const std::unique_ptr<Method>& method : methods_) {
    const int64_t started = method->started.load(kRelaxed);
    if (started == 0) continue;
    active.push_back({method.get(), OpenLabels(*method), started,
                      method->in_flight.load(kRelaxed)});
  }

  std::string out;
  absl::StrAppend(&out,
                  "# HELP busan_grpc_server_started_total RPCs started on the "
                  "server.\n"
                  "# TYPE busan_grpc_server_started_total counter\n");
  for (const Snapshot& s : active) {
    absl::StrAppend(&out, "busan_grpc_server_started_total", s.labels, "} ",
                    s.started, "\n");
  }

  absl::StrAppend(&out,
                  "# HELP busan_grpc_server_handled_total RPCs completed on "
                  "the server, by status code.\n"
                  "# TYPE busan_grpc_server_handled_total counter\n");
  for (const Snapshot& s : active) {
    for (int code = 0; code < kStatusCodeCount; ++code) {
      const int64_t count = s.method->handled[code].load(kRelaxed);
      if (count == 0) continue;
      absl::StrAppend(&out, "busan_grpc_server_handled_total", s.labels,
                      ",code=\"",
                      StatusCodeName(static_cast<grpc::StatusCode>(code)),
                      "\"} ", count, "\n");
    }
  }

  absl::StrAppend(&out,
                  "# HELP busan_grpc_server_in_flight RPCs started and not "
                  "yet completed.\n"
                  "# TYPE busan_grpc_server_in_flight gauge\n");
  for (const Snapshot& s : active) {
    absl::StrAppend(&out, "busan_grpc_server_in_flight", s.labels, "} ",
                    s.in_flight, "\n");
  }

  absl::StrAppend(&out,
                  "# HELP busan_grpc_server_handling_seconds Time from the "
                  "start of an RPC until its status is sent.\n"
                  "# TYPE busan_grpc_server_handling_seconds histogram\n");
  for (const Snapshot& s : active) {
    int64_t cumulative = 0;
    for (size_t i = 0; i < s.method->buckets.size(); ++i) {
      cumulative += s.method->buckets[i].load(kRelaxed);
      const std::string le = i < kHandlingBucketsNanos.size()
                                 ? Seconds(kHandlingBucketsNanos[i])
                                 : "+Inf";
      absl::StrAppend(&out, "busan_grpc_server_handling_seconds_bucket",
                      s.labels, ",le=\"", le, "\"} ", cumulative, "\n");
    }
    absl::StrAppend(&out, "busan_grpc_server_handling_seconds_sum", s.labels,
                    "} ", Seconds(s.method->sum_nanos.load(kRelaxed)), "\n",
                    "busan_grpc_server_handling_seconds_count", s.labels, "} ",
                    cumulative, "\n");
  }
  return out;
}

}  // namespace busan::server
