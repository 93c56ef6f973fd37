// Counters survive SIGKILL: concurrent clients record fund flows against the
// real metrics-service binary, the server is killed mid-stream (three times
// on one data directory), and on reopen every acknowledged flow is stored
// and every total equals the sum of the stored flows exactly.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "metrics-service/domain/metrics.h"

namespace busan::testing {
namespace {

using metrics::v1::FundFlow;
using metrics::v1::MetricsService;
using metrics::v1::SummarizeFundsRequest;

constexpr char kServer[] = BUSAN_BIN_DIR "/metrics-service";

struct Sums {
  int64_t by_type[5] = {0, 0, 0, 0, 0};
  int64_t count = 0;
  void Add(const FundFlow& flow) {
    by_type[flow.type()] += flow.amount_krw();
    ++count;
  }
  template <typename T>
  static Sums Of(const T& totals) {
    Sums sums;
    sums.by_type[FundFlow::COMMITTED] = totals.committed_krw();
    sums.by_type[FundFlow::RAISED] = totals.raised_krw();
    sums.by_type[FundFlow::ALLOCATED] = totals.allocated_krw();
    sums.by_type[FundFlow::EXECUTED] = totals.executed_krw();
    sums.count = totals.flow_count();
    return sums;
  }
  bool operator==(const Sums& other) const {
    return count == other.count &&
           std::equal(std::begin(by_type), std::end(by_type),
                      std::begin(other.by_type));
  }
};

void PrintTo(const Sums& s, std::ostream* os) {
  *os << "{C=" << s.by_type[1] << " R=" << s.by_type[2] << " A=" << s.by_type[3]
      << " E=" << s.by_type[4] << " n=" << s.count << "}";
}

// The server on a free port; null when it did not start.
std::unique_ptr<ChildProcess> StartServer(const std::string& data_dir,
                                          std::string* address) {
  StartedService service = StartService(kServer, {"--data_dir=" + data_dir});
  *address = service.address;
  if (address->empty()) return nullptr;
  return std::move(service.process);
}

TEST(MetricsCrashTest, AcknowledgedFlowsAndCountersSurviveSigkill) {
  TempDir dir;
  const std::string data_dir = dir.Sub("metrics");
  std::mutex mutex;
  std::map<std::string, FundFlow> acknowledged;  // by name
  std::atomic<int> next_id{0};

  for (int round = 0; round < 3; ++round) {
    std::string address;
    std::unique_ptr<ChildProcess> server = StartServer(data_dir, &address);
    ASSERT_NE(server, nullptr);
    auto stub = MetricsService::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    if (round == 0) {
      for (const char* id : {"future", "seed"}) {
        grpc::ClientContext context;
        metrics::v1::CreateFundRequest create;
        create.set_fund_id(id);
        create.mutable_fund()->set_display_name("Fund");
        create.mutable_fund()->set_target_krw(1'000'000'000);
        metrics::v1::Fund fund;
        ASSERT_OK(stub->CreateFund(&context, create, &fund));
      }
    }

    // Four writers record flows until the server dies under them.
    std::atomic<int> acks_this_round{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        while (true) {
          const int id = next_id++;
          metrics::v1::RecordFundFlowRequest request;
          FundFlow* flow = request.mutable_flow();
          flow->set_fund(w == 3 ? "funds/seed" : "funds/future");
          flow->set_type(static_cast<FundFlow::Type>(1 + id % 4));
          flow->set_amount_krw(1'000 + int64_t{id} * 7);
          if (id % 3 != 0) {
            flow->set_strategy(absl::StrCat("strategies/s", id % 3));
          }
          if (id % 5 != 0) {
            flow->set_project(absl::StrCat("projects/p", id % 7));
          }
          if (id % 4 != 0) flow->set_date(absl::StrCat(2021 + id % 5, "-06"));
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(10));
          FundFlow response;
          if (!stub->RecordFundFlow(&context, request, &response).ok()) return;
          std::lock_guard<std::mutex> lock(mutex);
          EXPECT_TRUE(acknowledged.emplace(response.name(), response).second)
              << response.name() << " acknowledged twice";
          ++acks_this_round;
        }
      });
    }
    // Kill once a batch of writes is acknowledged, with more in flight.
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    while (acks_this_round < 150 && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(2));
    }
    server->Signal(SIGKILL);
    for (std::thread& writer : writers) writer.join();
    ASSERT_EQ(server->Wait(absl::Seconds(10)), 128 + SIGKILL);
    ASSERT_GE(acks_this_round.load(), 150) << server->Output();
  }

  // Reopen in-process.
  metrics::MetricsOptions options;
  options.data_dir = data_dir;
  ASSERT_OK_AND_ASSIGN(auto reopened, metrics::Metrics::Open(options));

  std::map<std::string, Sums> by_fund, by_strategy, by_project, by_year;
  std::map<std::string, FundFlow> stored;
  for (const char* fund : {"funds/future", "funds/seed"}) {
    metrics::ListQuery query;
    query.parent = fund;
    query.page_size = 1000;
    for (int pages = 0; pages < 1000; ++pages) {
      metrics::v1::ListFundFlowsResponse page;
      ASSERT_OK(reopened->ListFundFlows(query, &page));
      for (const FundFlow& flow : page.flows()) {
        ASSERT_TRUE(stored.emplace(flow.name(), flow).second) << flow.name();
        by_fund[fund].Add(flow);
        by_strategy[flow.strategy()].Add(flow);
        by_project[flow.project()].Add(flow);
        by_year[flow.date().substr(0, 4)].Add(flow);
      }
      if (page.next_page_token().empty()) break;
      query.page_token = page.next_page_token();
    }
  }

  // Every acknowledged flow is stored as acknowledged.
  for (const auto& [name, flow] : acknowledged) {
    auto it = stored.find(name);
    if (it == stored.end()) {
      ADD_FAILURE() << name << " was acknowledged but lost";
      continue;
    }
    EXPECT_EQ(it->second.amount_krw(), flow.amount_krw()) << name;
    EXPECT_EQ(it->second.type(), flow.type()) << name;
    EXPECT_EQ(it->second.fund(), flow.fund()) << name;
  }
  EXPECT_GE(acknowledged.size(), 450u);
  // In-flight writes may have landed, but no more than were sent.
  EXPECT_LE(stored.size(), static_cast<size_t>(next_id.load()));

  // Counters equal the stored flows exactly.
  for (const char* fund : {"funds/future", "funds/seed"}) {
    metrics::v1::FundTotals totals;
    ASSERT_OK(reopened->GetFundTotals(fund, &totals));
    EXPECT_EQ(Sums::Of(totals), by_fund[fund]) << fund;
    ASSERT_TRUE(totals.has_raised_basis_points_of_target());
    EXPECT_EQ(totals.raised_basis_points_of_target(),
              totals.raised_krw() * 10'000 / 1'000'000'000);
  }
  auto summary = [&](SummarizeFundsRequest::GroupBy group_by) {
    metrics::v1::SummarizeFundsResponse response;
    EXPECT_OK(reopened->SummarizeFunds(group_by, &response));
    std::map<std::string, Sums> groups;
    for (const auto& group : response.groups()) {
      groups[group.key()] = Sums::Of(group);
    }
    return groups;
  };
  EXPECT_EQ(summary(SummarizeFundsRequest::FUND), by_fund);
  EXPECT_EQ(summary(SummarizeFundsRequest::STRATEGY), by_strategy);
  EXPECT_EQ(summary(SummarizeFundsRequest::PROJECT), by_project);
  EXPECT_EQ(summary(SummarizeFundsRequest::YEAR), by_year);
}

}  // namespace
}  // namespace busan::testing
