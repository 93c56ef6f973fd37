#include "common/server/call_metrics.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kGet[] = "/busan.test.v1.Things/GetThing";
constexpr char kList[] = "/busan.test.v1.Things/ListThings";

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(CallMetricsTest, NothingIsListedBeforeTheFirstCall) {
  CallMetrics metrics({kGet, kList});
  for (const std::string& line : Lines(metrics.Exposition())) {
    EXPECT_EQ(line[0], '#') << line;
  }
}

TEST(CallMetricsTest, CountsStartedHandledAndInFlightPerMethodAndCode) {
  CallMetrics metrics({kGet, kList});
  CallMetrics::Method* get = metrics.Find(kGet);
  for (int i = 0; i < 3; ++i) get->Start();
  get->Handle(grpc::StatusCode::OK, 1000);
  get->End();
  get->Handle(grpc::StatusCode::NOT_FOUND, 1000);
  get->End();

  const std::vector<std::string> lines = Lines(metrics.Exposition());
  const std::string labels =
      R"({service="busan.test.v1.Things",method="GetThing")";
  EXPECT_THAT(lines,
              Contains("busan_grpc_server_started_total" + labels + "} 3"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total" + labels +
                              R"(,code="OK"} 1)"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_handled_total" + labels +
                              R"(,code="NOT_FOUND"} 1)"));
  EXPECT_THAT(lines, Contains("busan_grpc_server_in_flight" + labels + "} 1"));
  // Codes never seen and methods never called have no series.
  EXPECT_THAT(lines, Not(Contains(::testing::HasSubstr("code=\"INTERNAL\""))));
  EXPECT_THAT(lines, Not(Contains(::testing::HasSubstr("ListThings"))));
}

TEST(CallMetricsTest, UnregisteredNamesShareTheUnknownSeries) {
  CallMetrics metrics({kGet});
  CallMetrics::Method* unknown = metrics.Find("/evil.Service/Anything");
  EXPECT_EQ(metrics.Find(nullptr), unknown);
  EXPECT_EQ(metrics.Find("/other/Name"), unknown);
  EXPECT_NE(metrics.Find(kGet), unknown);
  // Found by value, not by the address of the string.
  const std::string copy = kGet;
  EXPECT_EQ(metrics.Find(copy.c_str()), metrics.Find(kGet));

  unknown->Start();
  unknown->Handle(grpc::StatusCode::UNIMPLEMENTED, 10);
  unknown->End();
  EXPECT_THAT(Lines(metrics.Exposition()),
              Contains("busan_grpc_server_handled_total{service=\"unknown\","
                       "method=\"unknown\",code=\"UNIMPLEMENTED\"} 1"));
}

TEST(CallMetricsTest, CodesOutsideTheKnownRangeCountAsUnknown) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED),
            "UNAUTHENTICATED");
  // 31: past the known codes, yet a value the enum can hold (any larger
  // one would be undefined behaviour, not a code gRPC can give).
  EXPECT_EQ(StatusCodeName(static_cast<grpc::StatusCode>(31)), "UNKNOWN");
  EXPECT_EQ(StatusCodeName(static_cast<grpc::StatusCode>(-1)), "UNKNOWN");
  CallMetrics metrics({kGet});
  CallMetrics::Method* get = metrics.Find(kGet);
  get->Start();
  get->Handle(static_cast<grpc::StatusCode>(31), 10);
  EXPECT_EQ(get->handled[static_cast<int>(grpc::StatusCode::UNKNOWN)].load(),
            1);
}

// le is "less than or equal", and each bucket counts everything below it.
TEST(CallMetricsTest, HistogramBucketsAreCumulativeAndInclusive) {
  CallMetrics metrics({kGet});
  CallMetrics::Method* get = metrics.Find(kGet);
  for (int64_t nanos :
       {int64_t{-5}, int64_t{0}, int64_t{25'000}, int64_t{25'001},
        int64_t{10'000'000'000}, int64_t{10'000'000'001}}) {
    get->Start();
    get->Handle(grpc::StatusCode::OK, nanos);
    get->End();
  }
  const std::vector<std::string> lines = Lines(metrics.Exposition());
  const std::string bucket =
      R"(busan_grpc_server_handling_seconds_bucket{service="busan.test.v1.Things",method="GetThing",le=)";
  EXPECT_THAT(lines, Contains(bucket + R"("0.000025"} 3)"));  // -5 -> 0
  EXPECT_THAT(lines, Contains(bucket + R"("0.00005"} 4)"));
  EXPECT_THAT(lines, Contains(bucket + R"("0.0001"} 4)"));
  EXPECT_THAT(lines, Contains(bucket + R"("5"} 4)"));
  EXPECT_THAT(lines, Contains(bucket + R"("10"} 5)"));
  EXPECT_THAT(lines, Contains(bucket + R"("+Inf"} 6)"));
  const std::string labels =
      R"({service="busan.test.v1.Things",method="GetThing"})";
  EXPECT_THAT(lines, Contains("busan_grpc_server_handling_seconds_count" +
                              labels + " 6"));
  // 25000 + 25001 + 2 * 10^10 + 1 ns, exactly.
  EXPECT_THAT(lines, Contains("busan_grpc_server_handling_seconds_sum" +
                              labels + " 20.000050002"));
}

TEST(CallMetricsTest, EscapesLabelValues) {
  EXPECT_EQ(EscapeLabelValue("plain.Name"), "plain.Name");
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(EscapeLabelValue(""), "");

  CallMetrics metrics({"/we\"ird\\svc/line\nbreak"});
  CallMetrics::Method* method = metrics.Find("/we\"ird\\svc/line\nbreak");
  method->Start();
  EXPECT_THAT(
      Lines(metrics.Exposition()),
      Contains(
          R"(busan_grpc_server_started_total{service="we\"ird\\svc",method="line\nbreak"} 1)"));
}

// The whole text for one call: families in a fixed order with HELP and TYPE
// before their samples, methods sorted by service then name, "unknown"
// last.
TEST(CallMetricsTest, ExpositionTextIsStable) {
  CallMetrics metrics({kList, kGet, "/a.First/Z"});
  for (const char* name : {"/nope/Nope", kList, kGet, "/a.First/Z"}) {
    CallMetrics::Method* method = metrics.Find(name);
    method->Start();
    method->Handle(grpc::StatusCode::ALREADY_EXISTS, 30'000);
    method->Handle(grpc::StatusCode::OK, 1'500'000'000);
    method->End();
  }
  const std::string text = metrics.Exposition();
  EXPECT_EQ(text, metrics.Exposition());

  std::vector<std::string> series_order;
  for (const std::string& line : Lines(text)) {
    if (absl::StartsWith(line, "busan_grpc_server_started_total")) {
      series_order.push_back(line);
    }
  }
  EXPECT_THAT(
      series_order,
      ::testing::ElementsAre(
          R"(busan_grpc_server_started_total{service="a.First",method="Z"} 1)",
          R"(busan_grpc_server_started_total{service="busan.test.v1.Things",method="GetThing"} 1)",
          R"(busan_grpc_server_started_total{service="busan.test.v1.Things",method="ListThings"} 1)",
          R"(busan_grpc_server_started_total{service="unknown",method="unknown"} 1)"));

  CallMetrics one({kGet});
  CallMetrics::Method* get = one.Find(kGet);
  get->Start();
  get->Handle(grpc::StatusCode::NOT_FOUND, 30'000);
  const std::string l = R"({service="busan.test.v1.Things",method="GetThing")";
  std::string expected =
      "# HELP busan_grpc_server_started_total RPCs started on the server.\n"
      "# TYPE busan_grpc_server_started_total counter\n"
      "busan_grpc_server_started_total" +
      l +
      "} 1\n"
      "# HELP busan_grpc_server_handled_total RPCs completed on the server, "
      "by status code.\n"
      "# TYPE busan_grpc_server_handled_total counter\n"
      "busan_grpc_server_handled_total" +
      l +
      ",code=\"NOT_FOUND\"} 1\n"
      "# HELP busan_grpc_server_in_flight RPCs started and not yet "
      "completed.\n"
      "# TYPE busan_grpc_server_in_flight gauge\n"
      "busan_grpc_server_in_flight" +
      l +
      "} 1\n"
      "# HELP busan_grpc_server_handling_seconds Time from the start of an "
      "RPC until its status is sent.\n"
      "# TYPE busan_grpc_server_handling_seconds histogram\n";
  int64_t cumulative = 0;
  for (const char* le : {"0.000025", "0.00005", "0.0001", "0.00025", "0.0005",
                         "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                         "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}) {
    if (std::string(le) == "0.00005") cumulative = 1;
    expected += "busan_grpc_server_handling_seconds_bucket" + l + ",le=\"" +
                le + "\"} " + std::to_string(cumulative) + "\n";
  }
  expected += "busan_grpc_server_handling_seconds_sum" + l + "} 0.00003\n";
  expected += "busan_grpc_server_handling_seconds_count" + l + "} 1\n";
  EXPECT_EQ(one.Exposition(), expected);
}

TEST(CallMetricsTest, ConcurrentCallsSumExactly) {
  CallMetrics metrics({kGet, kList});
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 50'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        CallMetrics::Method* method = metrics.Find(i % 2 == 0 ? kGet : kList);
        method->Start();
        method->Handle(
            i % 3 == 0 ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::OK,
            (t + 1) * 1000);
        method->End();
      }
    });
  }
  // Scrapes while the counts move must not disturb them.
  for (int i = 0; i < 20; ++i)
    EXPECT_THAT(metrics.Exposition(), Not(IsEmpty()));
  for (std::thread& thread : threads) thread.join();

  int64_t started = 0, handled = 0, observed = 0, sum = 0;
  for (const char* name : {kGet, kList}) {
    const CallMetrics::Method& method = *metrics.Find(name);
    started += method.started.load();
    EXPECT_EQ(method.in_flight.load(), 0);
    for (const auto& count : method.handled) handled += count.load();
    for (const auto& count : method.buckets) observed += count.load();
    sum += method.sum_nanos.load();
  }
  constexpr int64_t kCalls = int64_t{kThreads} * kCallsPerThread;
  EXPECT_EQ(started, kCalls);
  EXPECT_EQ(handled, kCalls);
  EXPECT_EQ(observed, kCalls);
  // Thread t adds (t + 1) * 1000 ns per call.
  EXPECT_EQ(sum,
            int64_t{kCallsPerThread} * 1000 * (kThreads * (kThreads + 1) / 2));
  const CallMetrics::Method& get = *metrics.Find(kGet);
  constexpr int kNotFound = static_cast<int>(grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(get.handled[kNotFound].load() +
                metrics.Find(kList)->handled[kNotFound].load(),
            int64_t{kThreads} * ((kCallsPerThread + 2) / 3));
}

}  // namespace
}  // namespace busan::server
