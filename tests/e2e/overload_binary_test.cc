// Overload of the real catalog-service binary, with the kit's load engine
// (bench/load) as the clients:
//
// - a write flood at ten times the rated write concurrency (the bound on
//   queued writes) for a minute, beside normal readers: the excess is
//   refused with RESOURCE_EXHAUSTED, every admitted write is stored and no
//   refused one, readers are all served, the process stays inside its
//   memory budget, and afterwards writes are admitted again;
// - a read flood at ten times the readers' concurrency: every call served;
// - a thousand idle connections: normal clients are served, and every idle
//   connection still works afterwards;
// - a ping flood on a raw HTTP/2 connection: the server cuts that
//   connection off (GOAWAY ENHANCE_YOUR_CALM) and normal clients carry on.
//
// Latencies are printed, not asserted: on a shared two-core machine they
// are figures to read as ratios against the baseline phase of the same
// run (docs/PERFORMANCE.md), not pass marks.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/load/closed_loop.h"
#include "bench/load/scenarios.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "client/health.h"
#include "common/testing/child_process.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using bench::LoadResult;
using bench::LoadShape;

constexpr char kCatalogBinary[] = BUSAN_BIN_DIR "/catalog-service";
// The rated write concurrency: writes queued for the commit thread beyond
// this are refused (--max_queued_writes).
constexpr int kRatedWrites = 64;
// Normal readers: four connections with sixteen calls each in flight.
constexpr int kReaders = 64;
// What the process may hold: gRPC's memory quota, RocksDB's block cache and
// memtables (their defaults, 64 MiB each), and 64 MiB for code, stacks and
// everything else.
constexpr int64_t kGrpcQuotaBytes = 64 << 20;
constexpr int64_t kMemoryBudgetBytes = kGrpcQuotaBytes + (192 << 20);
constexpr int kProjects = 1000;

absl::Duration FloodDuration() {
  int seconds = 60;
  if (const char* env = std::getenv("BUSAN_OVERLOAD_SECONDS")) {
    if (!absl::SimpleAtoi(env, &seconds) || seconds < 1) seconds = 60;
  }
  return absl::Seconds(seconds);
}

// The most memory the process has held (VmHWM), in bytes; -1 if unknown.
int64_t PeakRssBytes(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) != 0) continue;
    std::vector<std::string> parts =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    int64_t kib = 0;
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kib)) {
      return kib * 1024;
    }
  }
  return -1;
}

// A catalog-service with the rated limits, its data set's parents and
// kProjects projects (projects/bench-N) loaded.
class OverloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A thousand connections need as many descriptors in this process.
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    service_ = StartService(
        kCatalogBinary, {"--data_dir=" + dir_.path() + "/catalog",
                         absl::StrCat("--max_queued_writes=", kRatedWrites),
                         absl::StrCat("--memory_quota_bytes=", kGrpcQuotaBytes),
                         "--log_level=error"});
    ASSERT_FALSE(service_.address.empty());
    ASSERT_TRUE(bench::CreateParents(service_.address, "catalog").ok());
    LoadShape load;
    load.total_calls = kProjects;
    const LoadResult loaded = Run("create", load, "bench");
    ASSERT_EQ(loaded.succeeded, kProjects) << loaded.first_error;
  }

  void TearDown() override {
    if (service_.process == nullptr) return;
    service_.process->Signal(SIGTERM);
    EXPECT_EQ(service_.process->Wait(absl::Seconds(30)), 0);
  }

  LoadResult Run(const std::string& scenario_name, const LoadShape& shape,
                 const std::string& id_prefix = "bench") {
    bench::ScenarioOptions options;
    options.keys = kProjects;
    options.id_prefix = id_prefix;
    auto scenario = bench::MakeScenario(scenario_name, options);
    EXPECT_TRUE(scenario.ok()) << scenario.status();
    if (!scenario.ok()) return LoadResult();
    return bench::RunClosedLoop(service_.address, shape, **scenario);
  }

  // Readers and writers at once, each with its own shape.
  std::pair<LoadResult, LoadResult> ReadAndWrite(const LoadShape& readers,
                                                 const LoadShape& writers,
                                                 const std::string& prefix) {
    LoadResult written;
    std::thread writing([&] { written = Run("create", writers, prefix); });
    LoadResult read = Run("get_uniform", readers);
    writing.join();
    return {read, written};
  }

  int32_t StoredProjects() {
    auto stub = v1::CatalogService::NewStub(grpc::CreateChannel(
        service_.address, grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    v1::ListProjectsRequest request;
    request.set_page_size(1);
    v1::ListProjectsResponse response;
    grpc::Status status = stub->ListProjects(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total_size();
  }

  TempDir dir_;
  StartedService service_;
};

LoadShape Shape(int connections, int in_flight, absl::Duration duration) {
  LoadShape shape;
  shape.connections = connections;
  shape.in_flight = in_flight;
  shape.duration = duration;
  return shape;
}

// Every code a result saw other than `allowed`.
std::set<std::string> CodesBesides(const LoadResult& result,
                                   const std::set<std::string>& allowed) {
  std::set<std::string> others;
  for (const auto& [code, count] : result.codes) {
    if (!allowed.count(code)) others.insert(code);
  }
  return others;
}

void Print(const std::string& phase, const LoadResult& result) {
  printf(
      "overload: %-22s %8lld ok %8lld refused  %9.0f calls/s  p50 %8.0f us  "
      "p99 %8.0f us  refusal p50 %7.0f us  p99 %7.0f us\n",
      phase.c_str(), static_cast<long long>(result.ok),
      static_cast<long long>(result.errors), result.CallsPerSecond(),
      result.Percentile(0.5), result.Percentile(0.99),
      result.RefusedPercentile(0.5), result.RefusedPercentile(0.99));
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

TEST_F(OverloadTest, WriteFloodAtTenTimesTheRatedConcurrency) {
  const std::set<std::string> kWriteCodes = {"OK", "RESOURCE_EXHAUSTED"};
  const absl::Duration kPhase = absl::Seconds(5);

  auto [base_read, base_write] = ReadAndWrite(
      Shape(4, kReaders, kPhase), Shape(4, kRatedWrites, kPhase), "base");
  auto [flood_read, flood_write] =
      ReadAndWrite(Shape(4, kReaders, FloodDuration()),
                   Shape(10, 10 * kRatedWrites, FloodDuration()), "flood");
  const int64_t peak_rss = PeakRssBytes(service_.process->pid());
  auto [after_read, after_write] = ReadAndWrite(
      Shape(4, kReaders, kPhase), Shape(4, kRatedWrites, kPhase), "after");

  Print("baseline reads", base_read);
  Print("baseline writes", base_write);
  Print("flood: reads", flood_read);
  Print("flood: writes (10x)", flood_write);
  Print("after: reads", after_read);
  Print("after: writes", after_write);
  printf(
      "overload: reads p99 during the flood %.2fx baseline, after %.2fx; "
      "admitted writes p99 during %.2fx, after %.2fx; peak RSS %.1f MiB of "
      "a %lld MiB budget\n",
      Ratio(flood_read.Percentile(0.99), base_read.Percentile(0.99)),
      Ratio(after_read.Percentile(0.99), base_read.Percentile(0.99)),
      Ratio(flood_write.Percentile(0.99), base_write.Percentile(0.99)),
      Ratio(after_write.Percentile(0.99), base_write.Percentile(0.99)),
      peak_rss / 1048576.0, static_cast<long long>(kMemoryBudgetBytes >> 20));

  // Readers are never refused; writers only for the full queue.
  for (const LoadResult* read : {&base_read, &flood_read, &after_read}) {
    EXPECT_EQ(read->errors, 0) << read->first_error;
    EXPECT_GT(read->ok, 0);
  }
  for (const LoadResult* write : {&base_write, &flood_write, &after_write}) {
    EXPECT_TRUE(CodesBesides(*write, kWriteCodes).empty())
        << write->first_error;
  }
  // The excess was refused, yet writes kept being admitted throughout.
  EXPECT_GT(flood_write.codes["RESOURCE_EXHAUSTED"], 0);
  EXPECT_GT(flood_write.ok, 0);
  EXPECT_GT(after_write.ok, 0);
  // Every admitted write is stored, and nothing of a refused one.
  EXPECT_EQ(StoredProjects(), kProjects + base_write.succeeded +
                                  flood_write.succeeded +
                                  after_write.succeeded);
  ASSERT_GT(peak_rss, 0);
  EXPECT_LT(peak_rss, kMemoryBudgetBytes);
}

TEST_F(OverloadTest, ReadFloodAtTenTimesTheReadersIsServedWhole) {
  const absl::Duration kPhase = absl::Seconds(5);
  const LoadResult base = Run("get_uniform", Shape(4, kReaders, kPhase));
  const LoadResult flood =
      Run("get_uniform", Shape(40, 10 * kReaders, 2 * kPhase));
  const LoadResult after = Run("get_uniform", Shape(4, kReaders, kPhase));
  Print("baseline reads", base);
  Print("read flood (10x)", flood);
  Print("after the read flood", after);
  printf(
      "overload: read flood throughput %.2fx baseline, p99 %.2fx; after it "
      "p99 %.2fx\n",
      Ratio(flood.CallsPerSecond(), base.CallsPerSecond()),
      Ratio(flood.Percentile(0.99), base.Percentile(0.99)),
      Ratio(after.Percentile(0.99), base.Percentile(0.99)));
  for (const LoadResult* result : {&base, &flood, &after}) {
    EXPECT_EQ(result->errors, 0) << result->first_error;
    EXPECT_GT(result->ok, 0);
  }
  EXPECT_LT(PeakRssBytes(service_.process->pid()), kMemoryBudgetBytes);
}

TEST_F(OverloadTest, AThousandIdleConnectionsDoNotHurtNormalClients) {
  constexpr int kIdle = 1000;
  const absl::Duration kPhase = absl::Seconds(5);
  const LoadResult before = Run("get_uniform", Shape(4, kReaders, kPhase));

  // Each channel its own connection (a distinct argument), opened by one
  // health check and then left idle.
  std::vector<std::shared_ptr<grpc::Channel>> idle;
  auto check_all = [&] {
    int ok = 0;
    for (const auto& channel : idle) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      auto status = client::CheckHealth(channel, "", &context);
      ok += status.ok() && *status == client::ServingStatus::kServing;
    }
    return ok;
  };
  for (int i = 0; i < kIdle; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("busan.test.idle_connection", i);
    idle.push_back(grpc::CreateCustomChannel(
        service_.address, grpc::InsecureChannelCredentials(), args));
  }
  ASSERT_EQ(check_all(), kIdle);

  const LoadResult during = Run("get_uniform", Shape(4, kReaders, kPhase));
  Print("reads", before);
  Print("reads, 1000 idle open", during);
  printf(
      "overload: with %d idle connections, reads %.2fx the throughput and "
      "%.2fx the p99 of before; server peak RSS %.1f MiB\n",
      kIdle, Ratio(during.CallsPerSecond(), before.CallsPerSecond()),
      Ratio(during.Percentile(0.99), before.Percentile(0.99)),
      PeakRssBytes(service_.process->pid()) / 1048576.0);
  EXPECT_EQ(during.errors, 0) << during.first_error;
  EXPECT_GT(during.ok, 0);
  // The server kept every one of them.
  for (const auto& channel : idle) {
    EXPECT_NE(channel->GetState(false), GRPC_CHANNEL_TRANSIENT_FAILURE);
  }
  EXPECT_EQ(check_all(), kIdle);
}

// A raw HTTP/2 connection that sends PING frames as fast as it can and
// reads what the server answers. Returns once the server has closed the
// connection (or after `limit`): the pings sent, and the error code of the
// server's GOAWAY (-1 when none came).
struct PingFloodResult {
  int64_t pings_sent = 0;
  int64_t goaway_code = -1;
  bool closed_by_server = false;
  absl::Duration cut_off_after;
};

PingFloodResult FloodWithPings(const std::string& address,
                               absl::Duration limit) {
  PingFloodResult result;
  const int port = std::stoi(address.substr(address.rfind(':') + 1));
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    close(fd);
    return result;
  }
  const absl::Time start = absl::Now();
  std::string opening = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  opening +=
      std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);  // SETTINGS
  send(fd, opening.data(), opening.size(), MSG_NOSIGNAL);

  // The reader parses the server's frames until the end of the stream.
  // Set before this side shuts down: an end of stream after it is ours.
  std::atomic<bool> gave_up{false};
  std::thread reader([&] {
    std::string in;
    char buffer[16384];
    while (absl::Now() - start < limit) {
      pollfd readable{fd, POLLIN, 0};
      if (poll(&readable, 1, 100) <= 0) continue;
      const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) {
        result.closed_by_server = !gave_up.load();
        break;
      }
      in.append(buffer, n);
      while (in.size() >= 9) {
        const size_t length = (static_cast<uint8_t>(in[0]) << 16) |
                              (static_cast<uint8_t>(in[1]) << 8) |
                              static_cast<uint8_t>(in[2]);
        if (in.size() < 9 + length) break;
        if (in[3] == 0x7 && length >= 8) {  // GOAWAY: last stream, code
          result.goaway_code = (static_cast<uint8_t>(in[13]) << 24) |
                               (static_cast<uint8_t>(in[14]) << 16) |
                               (static_cast<uint8_t>(in[15]) << 8) |
                               static_cast<uint8_t>(in[16]);
        }
        in.erase(0, 9 + length);
      }
    }
    result.cut_off_after = absl::Now() - start;
  });

  // PING frames, a thousand per write, 8 bytes of opaque data each.
  std::string pings;
  for (int i = 0; i < 1000; ++i) {
    pings += std::string("\x00\x00\x08\x06\x00\x00\x00\x00\x00", 9);
    pings += std::string(8, static_cast<char>(i));
  }
  while (absl::Now() - start < limit) {
    const ssize_t sent = send(fd, pings.data(), pings.size(), MSG_NOSIGNAL);
    if (sent <= 0) break;
    result.pings_sent += sent / 17;
  }
  gave_up = true;
  shutdown(fd, SHUT_WR);
  reader.join();
  close(fd);
  return result;
}

TEST_F(OverloadTest, APingFloodIsCutOffAndNormalClientsCarryOn) {
  const absl::Duration kPhase = absl::Seconds(5);
  const LoadResult before = Run("get_uniform", Shape(4, kReaders, kPhase));
  PingFloodResult flood;
  std::thread flooding(
      [&] { flood = FloodWithPings(service_.address, absl::Seconds(20)); });
  const LoadResult during = Run("get_uniform", Shape(4, kReaders, kPhase));
  flooding.join();

  Print("reads", before);
  Print("reads, ping flood", during);
  printf(
      "overload: ping flood cut off after %lld pings in %.1f ms (GOAWAY "
      "code %lld); reads %.2fx the p99 of before\n",
      static_cast<long long>(flood.pings_sent),
      absl::ToDoubleMilliseconds(flood.cut_off_after),
      static_cast<long long>(flood.goaway_code),
      Ratio(during.Percentile(0.99), before.Percentile(0.99)));
  EXPECT_TRUE(flood.closed_by_server);
  constexpr int64_t kEnhanceYourCalm = 0xb;
  EXPECT_EQ(flood.goaway_code, kEnhanceYourCalm);
  EXPECT_EQ(during.errors, 0) << during.first_error;
  EXPECT_GT(during.ok, 0);
}

}  // namespace
}  // namespace busan::testing
