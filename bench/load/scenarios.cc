#include "bench/load/scenarios.h"

#include <grpcpp/grpcpp.h>

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "busan/bench/v1/echo.pb.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"

namespace busan::bench {
namespace {

using catalog::v1::CatalogService;
using catalog::v1::Project;
using metrics::v1::FundFlow;
using metrics::v1::MetricsService;

std::string CatalogMethod(const char* name) {
  return absl::StrCat("/", CatalogService::service_full_name(), "/", name);
}
std::string MetricsMethod(const char* name) {
  return absl::StrCat("/", MetricsService::service_full_name(), "/", name);
}

void ToBuffer(const std::string& bytes, grpc::ByteBuffer* out) {
  grpc::Slice slice(bytes);
  *out = grpc::ByteBuffer(&slice, 1);
}

std::string ProjectName(int64_t n) {
  return absl::StrCat("projects/", data_set::kPlan, "-", n);
}
std::string StrategyName(int64_t n) {
  return absl::StrCat("strategies/", data_set::kPlan, "-",
                      n % data_set::kStrategies);
}

// Sends the same bytes on every call (the slice is shared, not copied).
class Fixed final : public Scenario {
 public:
  Fixed(std::string method, const google::protobuf::Message& request)
      : method_(std::move(method)), slice_(request.SerializeAsString()) {}
  const std::string& method() const override { return method_; }
  void Request(CallSlot&, uint64_t, grpc::ByteBuffer* request) override {
    *request = grpc::ByteBuffer(&slice_, 1);
  }

 private:
  const std::string method_;
  const grpc::Slice slice_;
};

// Builds each call's request message with `fill`.
template <typename Message>
class Built : public Scenario {
 public:
  using Fill = std::function<void(CallSlot&, uint64_t, Message*)>;
  Built(std::string method, Fill fill)
      : method_(std::move(method)), fill_(std::move(fill)) {}
  const std::string& method() const override { return method_; }
  void Request(CallSlot& slot, uint64_t sequence,
               grpc::ByteBuffer* request) override {
    Message message;
    fill_(slot, sequence, &message);
    ToBuffer(message.SerializeAsString(), request);
  }

 private:
  const std::string method_;
  const Fill fill_;
};

// Walks a listing page by page on each slot, starting over at its end.
class PageWalk final : public Built<catalog::v1::ListProjectsRequest> {
 public:
  PageWalk(std::string filter, int page_size)
      : Built(CatalogMethod("ListProjects"),
              [filter, page_size](CallSlot& slot, uint64_t,
                                  catalog::v1::ListProjectsRequest* request) {
                request->set_filter(filter);
                request->set_page_size(page_size);
                request->set_page_token(slot.page_token);
              }) {}
  void Response(CallSlot& slot, const grpc::ByteBuffer& response) override {
    std::vector<grpc::Slice> slices;
    (void)response.Dump(&slices);
    std::string bytes;
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    catalog::v1::ListProjectsResponse page;
    page.ParseFromString(bytes);
    slot.page_token = page.next_page_token();
  }
};

// etcd's KV messages, encoded by hand (field 1 key, field 2 value: both
// length-delimited) so the kit needs no copy of etcd's protos.
std::string EtcdKeyValue(const std::string& key, const std::string& value) {
  auto field = [](int number, const std::string& bytes) {
    std::string out(1, static_cast<char>(number << 3 | 2));
    for (size_t n = bytes.size();; n >>= 7) {
      if (n < 0x80) {
        out.push_back(static_cast<char>(n));
        break;
      }
      out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    }
    return out + bytes;
  };
  return field(1, key) + (value.empty() ? "" : field(2, value));
}

class EtcdPut final : public Scenario {
 public:
  explicit EtcdPut(int value_bytes) : value_(value_bytes, 'v') {}
  const std::string& method() const override { return method_; }
  void Request(CallSlot&, uint64_t sequence,
               grpc::ByteBuffer* request) override {
    ToBuffer(EtcdKeyValue(absl::StrCat("bench/", sequence), value_), request);
  }

 private:
  const std::string method_ = "/etcdserverpb.KV/Put";
  const std::string value_;
};

using Factory =
    std::function<std::unique_ptr<Scenario>(const ScenarioOptions&)>;

struct Entry {
  const char* name;
  const char* help;
  Factory make;
};

const std::vector<Entry>& Entries() {
  static const auto* entries = new std::vector<Entry>{
      {"echo", "baseline: Echo with a payload of --payload_bytes",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         bench::v1::EchoMessage request;
         request.set_payload(std::string(o.payload_bytes, 'x'));
         return std::make_unique<Fixed>("/busan.bench.v1.Echo/Echo", request);
       }},
      {"health", "gRPC's health check on the target",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         return std::make_unique<Fixed>("/grpc.health.v1.Health/Check",
                                        bench::v1::EchoMessage());
       }},
      {"get_hot", "GetProject of project 0 on every call",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         catalog::v1::GetProjectRequest request;
         request.set_name(ProjectName(0));
         return std::make_unique<Fixed>(CatalogMethod("GetProject"), request);
       }},
      {"get_uniform", "GetProject of a project drawn from --keys",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         return std::make_unique<Built<catalog::v1::GetProjectRequest>>(
             CatalogMethod("GetProject"),
             [keys = o.keys](CallSlot& slot, uint64_t, auto* request) {
               request->set_name(ProjectName(slot.random() % keys));
             });
       }},
      {"batch_get", "BatchGetProjects of --batch_size drawn from --keys",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         return std::make_unique<Built<catalog::v1::BatchGetProjectsRequest>>(
             CatalogMethod("BatchGetProjects"),
             [keys = o.keys, size = o.batch_size](CallSlot& slot, uint64_t,
                                                  auto* request) {
               for (int i = 0; i < size; ++i) {
                 request->add_names(ProjectName(slot.random() % keys));
               }
             });
       }},
      {"list_strategy", "ListProjects, first page, filtered by one strategy",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         catalog::v1::ListProjectsRequest request;
         request.set_filter(
             absl::StrCat("strategy = \"", StrategyName(3), "\""));
         request.set_page_size(o.page_size);
         return std::make_unique<Fixed>(CatalogMethod("ListProjects"), request);
       }},
      {"list_origin", "ListProjects, first page, filtered by origin",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         catalog::v1::ListProjectsRequest request;
         request.set_filter("origin = EXPANDED");
         request.set_page_size(o.page_size);
         return std::make_unique<Fixed>(CatalogMethod("ListProjects"), request);
       }},
      {"walk_strategy", "every page of one strategy's projects, in turn",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         return std::make_unique<PageWalk>(
             absl::StrCat("strategy = \"", StrategyName(3), "\""), o.page_size);
       }},
      {"create", "CreateProject (durable), project ids --id_prefix-N",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         return std::make_unique<Built<catalog::v1::CreateProjectRequest>>(
             CatalogMethod("CreateProject"),
             [prefix = o.id_prefix](CallSlot&, uint64_t n, auto* request) {
               request->set_project_id(absl::StrCat(prefix, "-", n));
               Project* project = request->mutable_project();
               project->set_strategy(StrategyName(n));
               project->set_display_name(absl::StrCat("Benchmark project ", n));
               project->set_origin(static_cast<Project::Origin>(1 + n % 3));
               project->set_stage(static_cast<Project::Stage>(1 + n % 4));
               project->set_budget_krw(1'000'000 + static_cast<int64_t>(n));
               project->set_start_year(2025);
               project->set_lead_agency("Busan Metropolitan City");
             });
       }},
      {"record_flow", "RecordFundFlow (durable) into the bench fund",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         return std::make_unique<Built<metrics::v1::RecordFundFlowRequest>>(
             MetricsMethod("RecordFundFlow"),
             [](CallSlot&, uint64_t n, auto* request) {
               FundFlow* flow = request->mutable_flow();
               flow->set_fund(absl::StrCat("funds/", data_set::kFund));
               flow->set_type(static_cast<FundFlow::Type>(1 + n % 4));
               flow->set_amount_krw(1'000 + static_cast<int64_t>(n % 1000));
               flow->set_date("2025-01-01");
             });
       }},
      {"record_meeting", "RecordMeeting (durable), meeting number N+1",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         return std::make_unique<Built<metrics::v1::RecordMeetingRequest>>(
             MetricsMethod("RecordMeeting"),
             [](CallSlot&, uint64_t n, auto* request) {
               metrics::v1::Meeting* meeting = request->mutable_meeting();
               meeting->set_series(
                   absl::StrCat("meeting-series/", data_set::kSeries));
               meeting->set_first_number(static_cast<int32_t>(n + 1));
               meeting->set_last_number(static_cast<int32_t>(n + 1));
               meeting->set_date("2025-01-01");
               meeting->set_participants(10);
               meeting->set_policies_adopted(2);
             });
       }},
      {"record_ranking", "RecordRanking (durable), edition N+1 for busan",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         return std::make_unique<Built<metrics::v1::RecordRankingRequest>>(
             MetricsMethod("RecordRanking"),
             [](CallSlot&, uint64_t n, auto* request) {
               metrics::v1::Ranking* ranking = request->mutable_ranking();
               ranking->set_index(absl::StrCat("indices/", data_set::kIndex));
               ranking->set_edition(static_cast<int32_t>(n + 1));
               ranking->set_city("busan");
               ranking->set_rank(1 + static_cast<int32_t>(n % 10));
               ranking->set_total_ranked(10);
             });
       }},
      {"fund_totals", "GetFundTotals of the bench fund",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         metrics::v1::GetFundTotalsRequest request;
         request.set_fund(absl::StrCat("funds/", data_set::kFund));
         return std::make_unique<Fixed>(MetricsMethod("GetFundTotals"),
                                        request);
       }},
      {"meeting_stats", "GetMeetingStats of the bench series",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         metrics::v1::GetMeetingStatsRequest request;
         request.set_series(absl::StrCat("meeting-series/", data_set::kSeries));
         return std::make_unique<Fixed>(MetricsMethod("GetMeetingStats"),
                                        request);
       }},
      {"ranking_trend", "GetRankingTrend of busan in the bench index",
       [](const ScenarioOptions&) -> std::unique_ptr<Scenario> {
         metrics::v1::GetRankingTrendRequest request;
         request.set_index(absl::StrCat("indices/", data_set::kIndex));
         request.set_city("busan");
         return std::make_unique<Fixed>(MetricsMethod("GetRankingTrend"),
                                        request);
       }},
      {"etcd_put", "peer: etcd Put of key bench/N, --payload_bytes value",
       [](const ScenarioOptions& o) -> std::unique_ptr<Scenario> {
         return std::make_unique<EtcdPut>(o.payload_bytes);
       }},
  };
  return *entries;
}

// Sync calls are enough for a handful of parents.
template <typename Call>
absl::Status Tolerate(const char* what, Call call) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status status = call(&context);
  if (status.ok() || status.error_code() == grpc::ALREADY_EXISTS) {
    return absl::OkStatus();
  }
  return absl::UnavailableError(
      absl::StrCat(what, ": ", status.error_message()));
}

}  // namespace

std::string ScenarioHelp() {
  std::string help;
  for (const Entry& entry : Entries()) {
    absl::StrAppend(&help, "  ", entry.name, ": ", entry.help, "\n");
  }
  return help;
}

absl::StatusOr<std::unique_ptr<Scenario>> MakeScenario(
    const std::string& name, const ScenarioOptions& options) {
  for (const Entry& entry : Entries()) {
    if (name == entry.name) return entry.make(options);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown scenario ", name));
}

absl::Status CreateParents(const std::string& target,
                           const std::string& service) {
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  if (service == "catalog") {
    auto stub = CatalogService::NewStub(channel);
    catalog::v1::CreatePlanRequest plan;
    plan.set_plan_id(data_set::kPlan);
    plan.mutable_plan()->set_display_name("Benchmark plan");
    catalog::v1::Plan created_plan;
    absl::Status status = Tolerate("CreatePlan", [&](auto* context) {
      return stub->CreatePlan(context, plan, &created_plan);
    });
    for (int i = 0; status.ok() && i < data_set::kStrategies; ++i) {
      catalog::v1::CreateStrategyRequest strategy;
      strategy.set_strategy_id(absl::StrCat(data_set::kPlan, "-", i));
      strategy.mutable_strategy()->set_plan(
          absl::StrCat("plans/", data_set::kPlan));
      strategy.mutable_strategy()->set_display_name(
          absl::StrCat("Benchmark strategy ", i));
      catalog::v1::Strategy created;
      status = Tolerate("CreateStrategy", [&](auto* context) {
        return stub->CreateStrategy(context, strategy, &created);
      });
    }
    return status;
  }
  if (service == "metrics") {
    auto stub = MetricsService::NewStub(channel);
    metrics::v1::CreateFundRequest fund;
    fund.set_fund_id(data_set::kFund);
    fund.mutable_fund()->set_display_name("Benchmark fund");
    metrics::v1::Fund created_fund;
    metrics::v1::CreateMeetingSeriesRequest series;
    series.set_series_id(data_set::kSeries);
    series.mutable_series()->set_display_name("Benchmark series");
    metrics::v1::MeetingSeries created_series;
    metrics::v1::CreateRankingIndexRequest index;
    index.set_index_id(data_set::kIndex);
    index.mutable_index()->set_display_name("Benchmark index");
    metrics::v1::RankingIndex created_index;
    absl::Status status = Tolerate("CreateFund", [&](auto* context) {
      return stub->CreateFund(context, fund, &created_fund);
    });
    if (status.ok()) {
      status = Tolerate("CreateMeetingSeries", [&](auto* context) {
        return stub->CreateMeetingSeries(context, series, &created_series);
      });
    }
    if (status.ok()) {
      status = Tolerate("CreateRankingIndex", [&](auto* context) {
        return stub->CreateRankingIndex(context, index, &created_index);
      });
    }
    return status;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown service ", service, " (catalog | metrics)"));
}

}  // namespace busan::bench
