// The client library against real gRPC servers on loopback ports: gRPC's
// retries of UNAVAILABLE as configured, the deadline, an unreachable
// address, the bearer token, TLS, and CollectDashboard against both services
// loaded with the shipped seed, with either service down.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "busanctl/seed/seed.h"
#include "client/busan_client.h"
#include "client/dashboard.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/taken_port.h"
#include "common/testing/temp_dir.h"
#include "common/testing/test_certs.h"
#include "common/testing/wait_until.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

namespace cv1 = ::busan::catalog::v1;
namespace mv1 = ::busan::metrics::v1;
namespace dv1 = ::busan::dashboard::v1;
using ::busan::testing::TakenPort;
using client::BusanClient;
using client::ClientOptions;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr auto kUnavailable = absl::StatusCode::kUnavailable;

// ------------------------------------------------------------ test servers

// A gRPC server for hand-written services on a port the OS picks.
class LocalServer {
 public:
  explicit LocalServer(std::vector<grpc::Service*> services,
                       std::shared_ptr<grpc::ServerCredentials> credentials =
                           grpc::InsecureServerCredentials()) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
    for (grpc::Service* service : services) builder.RegisterService(service);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      fprintf(stderr, "cannot start a test server on 127.0.0.1\n");
      abort();
    }
  }
  ~LocalServer() {
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(5));
  }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  int port() const { return port_; }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// The "authorization" values a call carried.
std::vector<std::string> Authorization(const grpc::ServerContext& context) {
  std::vector<std::string> values;
  auto [begin, end] = context.client_metadata().equal_range("authorization");
  for (auto it = begin; it != end; ++it) {
    values.emplace_back(it->second.data(), it->second.size());
  }
  return values;
}

// GetPlan fails with `fail_code` on its first `fail_first` calls, then
// answers; optionally waits `delay` (ending early when the call is
// cancelled, so a slow call never holds up the server's shutdown). Counts
// the calls that reached it.
class ScriptedCatalog final : public cv1::CatalogService::Service {
 public:
  std::atomic<int> fail_first{0};
  std::atomic<grpc::StatusCode> fail_code{grpc::StatusCode::UNAVAILABLE};
  std::chrono::milliseconds delay{0};

  int attempts() const { return attempts_.load(); }
  bool saw_cancellation() const { return saw_cancellation_.load(); }
  std::vector<std::vector<std::string>> authorizations() {
    std::lock_guard<std::mutex> lock(mutex_);
    return authorizations_;
  }

  grpc::Status GetPlan(grpc::ServerContext* context,
                       const cv1::GetPlanRequest* request,
                       cv1::Plan* plan) override {
    const int attempt = ++attempts_;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      authorizations_.push_back(Authorization(*context));
    }
    if (delay.count() > 0) {
      const auto until = std::chrono::steady_clock::now() + delay;
      while (std::chrono::steady_clock::now() < until) {
        if (context->IsCancelled()) {
          saw_cancellation_ = true;
          return grpc::Status(grpc::StatusCode::CANCELLED, "caller gave up");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    if (attempt <= fail_first.load()) {
      return grpc::Status(fail_code.load(),
                          absl::StrCat("scripted failure ", attempt));
    }
    plan->set_name(request->name());
    plan->set_display_name("Scripted plan");
    return grpc::Status::OK;
  }

 private:
  std::atomic<int> attempts_{0};
  std::atomic<bool> saw_cancellation_{false};
  std::mutex mutex_;
  std::vector<std::vector<std::string>> authorizations_;
};

// The metrics counterpart, on GetFund, to show the retry policy covers the
// second service too.
class ScriptedMetrics final : public mv1::MetricsService::Service {
 public:
  std::atomic<int> fail_first{0};
  int attempts() const { return attempts_.load(); }

  grpc::Status GetFund(grpc::ServerContext* context,
                       const mv1::GetFundRequest* request,
                       mv1::Fund* fund) override {
    const int attempt = ++attempts_;
    if (attempt <= fail_first.load()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "draining");
    }
    fund->set_name(request->name());
    return grpc::Status::OK;
  }

 private:
  std::atomic<int> attempts_{0};
};

// Options for a client of `catalog` and `metrics`, with short backoffs so
// retries do not slow the tests down.
ClientOptions Options(const std::string& catalog, const std::string& metrics,
                      int max_attempts = 4) {
  ClientOptions options;
  options.catalog.target = catalog;
  options.metrics.target = metrics;
  for (client::ChannelOptions* channel : {&options.catalog, &options.metrics}) {
    channel->retry.max_attempts = max_attempts;
    channel->retry.initial_backoff = std::chrono::milliseconds(10);
    channel->retry.max_backoff = std::chrono::milliseconds(50);
  }
  options.call.timeout = std::chrono::seconds(10);
  return options;
}

std::unique_ptr<BusanClient> NewClient(const ClientOptions& options) {
  auto client = BusanClient::Create(options);
  if (!client.ok()) {
    ADD_FAILURE() << client.status();
    return nullptr;
  }
  return std::move(*client);
}

grpc::Status GetPlan(BusanClient& client, cv1::Plan* plan = nullptr) {
  cv1::GetPlanRequest request;
  request.set_name("plans/economic-growth-innovation-2025");
  cv1::Plan ignored;
  return client.catalog().GetPlan(client.UnaryContext().get(), request,
                                  plan != nullptr ? plan : &ignored);
}

// ------------------------------------------------------------ retries

class RetryTest : public ::testing::Test {
 protected:
  ScriptedCatalog catalog_;
  ScriptedMetrics metrics_;
  LocalServer server_{{&catalog_, &metrics_}};
};

TEST_F(RetryTest, UnavailableIsRetriedUntilTheServerAnswers) {
  catalog_.fail_first = 2;
  auto client = NewClient(Options(server_.address(), server_.address(), 4));
  ASSERT_NE(client, nullptr);
  cv1::Plan plan;
  ASSERT_OK(GetPlan(*client, &plan));
  EXPECT_EQ(plan.name(), "plans/economic-growth-innovation-2025");
  EXPECT_EQ(catalog_.attempts(), 3);
}

TEST_F(RetryTest, GivesUpAfterMaxAttemptsNamingServiceAndAddress) {
  catalog_.fail_first = 10;
  auto client = NewClient(Options(server_.address(), server_.address(), 4));
  ASSERT_NE(client, nullptr);
  EXPECT_THAT(GetPlan(*client),
              StatusIs(kUnavailable, AllOf(HasSubstr("catalog-service"),
                                           HasSubstr(server_.address()),
                                           // The server's own reason is kept.
                                           HasSubstr("scripted failure 4"))));
  EXPECT_EQ(catalog_.attempts(), 4);
}

TEST_F(RetryTest, OneAttemptMeansNoRetry) {
  catalog_.fail_first = 10;
  auto client = NewClient(Options(server_.address(), server_.address(), 1));
  ASSERT_NE(client, nullptr);
  EXPECT_THAT(GetPlan(*client),
              StatusIs(kUnavailable, HasSubstr("scripted failure 1")));
  EXPECT_EQ(catalog_.attempts(), 1);
}

TEST_F(RetryTest, OtherCodesAreNotRetried) {
  for (grpc::StatusCode code :
       {grpc::StatusCode::INVALID_ARGUMENT, grpc::StatusCode::INTERNAL,
        grpc::StatusCode::ABORTED, grpc::StatusCode::UNAUTHENTICATED}) {
    ScriptedCatalog catalog;
    catalog.fail_first = 10;
    catalog.fail_code = code;
    LocalServer server({&catalog});
    auto client = NewClient(Options(server.address(), server.address(), 4));
    ASSERT_NE(client, nullptr);
    const grpc::Status status = GetPlan(*client);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_EQ(catalog.attempts(), 1) << "code " << code;
  }
}

TEST_F(RetryTest, ServiceErrorsKeepTheirMessage) {
  catalog_.fail_first = 1;
  catalog_.fail_code = grpc::StatusCode::INVALID_ARGUMENT;
  auto client = NewClient(Options(server_.address(), server_.address()));
  ASSERT_NE(client, nullptr);
  const grpc::Status status = GetPlan(*client);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "scripted failure 1");
}

TEST_F(RetryTest, MetricsServiceIsRetriedToo) {
  metrics_.fail_first = 2;
  auto client = NewClient(Options(server_.address(), server_.address(), 4));
  ASSERT_NE(client, nullptr);
  mv1::GetFundRequest request;
  request.set_name("funds/fund-of-funds");
  mv1::Fund fund;
  ASSERT_OK(
      client->metrics().GetFund(client->UnaryContext().get(), request, &fund));
  EXPECT_EQ(fund.name(), "funds/fund-of-funds");
  EXPECT_EQ(metrics_.attempts(), 3);
}

// ------------------------------------------------------------ deadline

TEST(DeadlineTest, SlowServerGivesDeadlineExceededSoon) {
  ScriptedCatalog catalog;
  catalog.delay = std::chrono::seconds(2);
  LocalServer server({&catalog});
  ClientOptions options = Options(server.address(), server.address());
  options.call.timeout = std::chrono::milliseconds(200);
  auto client = NewClient(options);
  ASSERT_NE(client, nullptr);

  const auto start = std::chrono::steady_clock::now();
  const grpc::Status status = GetPlan(*client);
  const auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_THAT(
      status,
      StatusIs(absl::StatusCode::kDeadlineExceeded,
               AllOf(HasSubstr("catalog-service at " + server.address()),
                     HasSubstr("did not answer before the "
                               "deadline"))));
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));

  // The deadline reached the server, which stopped waiting; a deadline is
  // not retried.
  EXPECT_TRUE(WaitUntil([&] { return catalog.saw_cancellation(); },
                        absl::Seconds(10), absl::Milliseconds(10)));
  EXPECT_EQ(catalog.attempts(), 1);
}

// ------------------------------------------------------------ unreachable

TEST(UnreachableTest, ClosedPortIsUnavailableNamingServiceAndAddress) {
  TakenPort catalog_port(TakenPort::Mode::kRefusing);
  TakenPort metrics_port(TakenPort::Mode::kRefusing);
  ClientOptions options =
      Options(catalog_port.address(), metrics_port.address());
  // Fails fast rather than waiting for the deadline.
  options.call.timeout = std::chrono::seconds(30);
  auto client = NewClient(options);
  ASSERT_NE(client, nullptr);

  EXPECT_THAT(GetPlan(*client),
              StatusIs(kUnavailable, AllOf(HasSubstr("catalog-service at " +
                                                     catalog_port.address()),
                                           HasSubstr("unreachable"))));

  mv1::GetFundRequest request;
  request.set_name("funds/fund-of-funds");
  mv1::Fund fund;
  EXPECT_THAT(
      client->metrics().GetFund(client->UnaryContext().get(), request, &fund),
      StatusIs(kUnavailable,
               HasSubstr("metrics-service at " + metrics_port.address())));
}

// ------------------------------------------------------------ token

TEST(TokenTest, BearerTokenIsSentWhenSet) {
  ScriptedCatalog catalog;
  LocalServer server({&catalog});

  ClientOptions with_token = Options(server.address(), server.address());
  with_token.call.token = "s3cret-token";
  auto client = NewClient(with_token);
  ASSERT_NE(client, nullptr);
  ASSERT_OK(GetPlan(*client));

  ClientOptions without_token = Options(server.address(), server.address());
  auto anonymous = NewClient(without_token);
  ASSERT_NE(anonymous, nullptr);
  ASSERT_OK(GetPlan(*anonymous));

  EXPECT_THAT(catalog.authorizations(),
              ElementsAre(ElementsAre("Bearer s3cret-token"), IsEmpty()));
}

TEST(TokenTest, StreamContextCarriesTheTokenWithoutDeadline) {
  ClientOptions options;
  options.call.token = "watch-token";
  auto client = NewClient(options);
  ASSERT_NE(client, nullptr);
  auto context = client->StreamContext();
  EXPECT_EQ(context->deadline(), std::chrono::system_clock::time_point::max());
}

// ------------------------------------------------------------ TLS

// Certificates made at test time (common/testing/test_certs.h): a CA,
// server certificates signed by it, a client certificate for mTLS, and an
// unrelated CA.
class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    certs_ = new TestCerts(dir_->path());
    absl::Status made = certs_->MakeCa("ca");
    if (made.ok()) made = certs_->MakeCa("other-ca");
    if (made.ok()) {
      made = certs_->Issue("server", "ca", "DNS:localhost,IP:127.0.0.1",
                           "serverAuth");
    }
    if (made.ok()) {
      made = certs_->Issue("internal", "ca", "DNS:catalog.busan.internal",
                           "serverAuth");
    }
    if (made.ok()) {
      made = certs_->Issue("client", "ca", "DNS:busanctl", "clientAuth");
    }
    if (!made.ok()) setup_error_ = std::string(made.message());
  }

  static void TearDownTestSuite() {
    delete certs_;
    certs_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  static std::string Path(const std::string& name, const std::string& ext) {
    return dir_->Sub(name + ext);
  }
  static std::string ReadAll(const std::string& path) {
    return ReadTestFile(path);
  }

  // Server credentials with the certificate NAME; requiring a client
  // certificate signed by the test CA when `mtls`.
  static std::shared_ptr<grpc::ServerCredentials> ServerCredentials(
      const std::string& name, bool mtls = false) {
    grpc::SslServerCredentialsOptions ssl(
        mtls ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
             : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    ssl.pem_key_cert_pairs.push_back(
        {ReadAll(Path(name, ".key")), ReadAll(Path(name, ".pem"))});
    if (mtls) ssl.pem_root_certs = ReadAll(Path("ca", ".pem"));
    return grpc::SslServerCredentials(ssl);
  }

  static ClientOptions TlsOptions(const std::string& target,
                                  const std::string& ca = "ca") {
    ClientOptions options = Options(target, target);
    options.catalog.tls.ca_file = Path(ca, ".pem");
    options.call.timeout = std::chrono::seconds(20);
    return options;
  }

  static TempDir* dir_;
  static TestCerts* certs_;
  static std::string setup_error_;
};

TempDir* TlsTest::dir_ = nullptr;
TestCerts* TlsTest::certs_ = nullptr;
std::string TlsTest::setup_error_;

TEST_F(TlsTest, ClientTrustingTheCaConnects) {
  ScriptedCatalog catalog;
  LocalServer server({&catalog}, ServerCredentials("server"));
  auto client = NewClient(TlsOptions(server.address()));
  ASSERT_NE(client, nullptr);
  cv1::Plan plan;
  ASSERT_OK(GetPlan(*client, &plan));
  EXPECT_EQ(plan.display_name(), "Scripted plan");
  EXPECT_EQ(catalog.attempts(), 1);
}

TEST_F(TlsTest, PlaintextClientIsRefused) {
  ScriptedCatalog catalog;
  LocalServer server({&catalog}, ServerCredentials("server"));
  auto client = NewClient(Options(server.address(), server.address()));
  ASSERT_NE(client, nullptr);
  EXPECT_THAT(GetPlan(*client),
              StatusIs(kUnavailable,
                       HasSubstr("catalog-service at " + server.address())));
  EXPECT_EQ(catalog.attempts(), 0);
}

TEST_F(TlsTest, ClientTrustingAnotherCaIsRefused) {
  ScriptedCatalog catalog;
  LocalServer server({&catalog}, ServerCredentials("server"));
  auto client = NewClient(TlsOptions(server.address(), "other-ca"));
  ASSERT_NE(client, nullptr);
  EXPECT_THAT(GetPlan(*client),
              StatusIs(kUnavailable,
                       HasSubstr("catalog-service at " + server.address())));
  EXPECT_EQ(catalog.attempts(), 0);
}

TEST_F(TlsTest, ServerNameChecksACertificateForAnotherHost) {
  ScriptedCatalog catalog;
  // The certificate names only catalog.busan.internal, not 127.0.0.1.
  LocalServer server({&catalog}, ServerCredentials("internal"));

  auto by_address = NewClient(TlsOptions(server.address()));
  ASSERT_NE(by_address, nullptr);
  EXPECT_THAT(GetPlan(*by_address),
              StatusIs(kUnavailable, HasSubstr("catalog-service")));
  EXPECT_EQ(catalog.attempts(), 0);

  ClientOptions options = TlsOptions(server.address());
  options.catalog.tls.server_name = "catalog.busan.internal";
  auto by_name = NewClient(options);
  ASSERT_NE(by_name, nullptr);
  ASSERT_OK(GetPlan(*by_name));
  EXPECT_EQ(catalog.attempts(), 1);
}

TEST_F(TlsTest, MutualTlsNeedsTheClientCertificate) {
  ScriptedCatalog catalog;
  LocalServer server({&catalog}, ServerCredentials("server", /*mtls=*/true));

  auto anonymous = NewClient(TlsOptions(server.address()));
  ASSERT_NE(anonymous, nullptr);
  EXPECT_THAT(GetPlan(*anonymous), Not(IsOk()));
  EXPECT_EQ(catalog.attempts(), 0);

  ClientOptions options = TlsOptions(server.address());
  options.catalog.tls.cert_file = Path("client", ".pem");
  options.catalog.tls.key_file = Path("client", ".key");
  auto client = NewClient(options);
  ASSERT_NE(client, nullptr);
  ASSERT_OK(GetPlan(*client));
  EXPECT_EQ(catalog.attempts(), 1);
}

// ------------------------------------------------------------ dashboard

constexpr char kPlan2025[] = "plans/economic-growth-innovation-2025";
constexpr char kSmartCentres[] = "indices/smart-centres-index";

std::vector<std::string> Sections(const dv1::Dashboard& dashboard) {
  std::vector<std::string> sections;
  for (const dv1::Unavailable& missing : dashboard.unavailable()) {
    sections.push_back(missing.section());
  }
  return sections;
}

const dv1::PlanSummary* FindPlan(const dv1::Dashboard& dashboard,
                                 const std::string& name) {
  for (const dv1::PlanSummary& plan : dashboard.plans()) {
    if (plan.name() == name) return &plan;
  }
  return nullptr;
}

// Both real services, loaded with the shipped seed through busanctl's
// loaders, and a client of both.
class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = NewClient(Options(catalog_.address(), metrics_.address()));
    ASSERT_NE(client_, nullptr);
    auto seed = ctl::ReadSeedFiles(
        {absl::StrCat(BUSAN_SOURCE_DIR, "/data/catalog.txtpb"),
         absl::StrCat(BUSAN_SOURCE_DIR, "/data/metrics.txtpb")});
    ASSERT_OK(seed);
    ctl::SeedSummary summary;
    ASSERT_OK(ctl::LoadCatalogSeed(*seed, client_->catalog(),
                                   client_->options().call, &summary));
    ASSERT_OK(ctl::LoadMetricsSeed(*seed, client_->metrics(),
                                   client_->options().call, &summary));
    ASSERT_GT(summary.created, 0);
  }

  template <typename Stub, typename Request, typename Response>
  static void Call(Stub& stub,
                   grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                const Request&, Response*),
                   const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    ASSERT_OK((stub.*method)(&context, request, response));
  }

  // What the catalog itself says, read directly: every plan, and every
  // strategy grouped by plan in ordinal order.
  void ReadCatalog(
      std::vector<cv1::Plan>* plans,
      std::map<std::string, std::vector<cv1::Strategy>>* strategies) {
    auto stub = catalog_.NewStub();
    cv1::ListPlansRequest plans_request;
    plans_request.set_page_size(1000);
    cv1::ListPlansResponse plans_response;
    Call(*stub, &cv1::CatalogService::Stub::ListPlans, plans_request,
         &plans_response);
    ASSERT_THAT(plans_response.next_page_token(), IsEmpty());
    plans->assign(plans_response.plans().begin(), plans_response.plans().end());
    cv1::ListStrategiesRequest strategies_request;
    strategies_request.set_page_size(1000);
    cv1::ListStrategiesResponse strategies_response;
    Call(*stub, &cv1::CatalogService::Stub::ListStrategies, strategies_request,
         &strategies_response);
    ASSERT_THAT(strategies_response.next_page_token(), IsEmpty());
    for (const cv1::Strategy& strategy : strategies_response.strategies()) {
      (*strategies)[strategy.plan()].push_back(strategy);
    }
    for (auto& [plan, list] : *strategies) {
      std::sort(list.begin(), list.end(),
                [](const cv1::Strategy& a, const cv1::Strategy& b) {
                  return a.ordinal() != b.ordinal() ? a.ordinal() < b.ordinal()
                                                    : a.name() < b.name();
                });
    }
  }

  // The catalog sections of `dashboard` against the catalog's own answers.
  void ExpectCatalogSections(const dv1::Dashboard& dashboard) {
    std::vector<cv1::Plan> plans;
    std::map<std::string, std::vector<cv1::Strategy>> strategies;
    ReadCatalog(&plans, &strategies);
    ASSERT_THAT(dashboard.plans(), SizeIs(plans.size()));
    ASSERT_GE(plans.size(), 3u);
    for (const cv1::Plan& plan : plans) {
      SCOPED_TRACE(plan.name());
      const dv1::PlanSummary* summary = FindPlan(dashboard, plan.name());
      ASSERT_NE(summary, nullptr);
      EXPECT_EQ(summary->display_name(), plan.display_name());
      EXPECT_EQ(summary->published(), plan.published());
      EXPECT_EQ(summary->has_declared_project_count(),
                plan.has_declared_project_count());
      EXPECT_EQ(summary->declared_project_count(),
                plan.declared_project_count());
      EXPECT_EQ(summary->project_count(), plan.project_count());
      EXPECT_EQ(summary->total_budget_krw(), plan.total_budget_krw());
      EXPECT_EQ(summary->unbudgeted_project_count(),
                plan.unbudgeted_project_count());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          summary->progress(), plan.progress()));
      const std::vector<cv1::Strategy>& expected = strategies[plan.name()];
      ASSERT_THAT(summary->strategies(), SizeIs(expected.size()));
      for (size_t i = 0; i < expected.size(); ++i) {
        const dv1::StrategySummary& got = summary->strategies(i);
        EXPECT_EQ(got.name(), expected[i].name());
        EXPECT_EQ(got.ordinal(), expected[i].ordinal());
        EXPECT_EQ(got.declared_project_count(),
                  expected[i].declared_project_count());
        EXPECT_EQ(got.project_count(), expected[i].project_count());
        EXPECT_EQ(got.total_budget_krw(), expected[i].total_budget_krw());
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
            got.progress(), expected[i].progress()))
            << got.name();
      }
    }

    // The 2025 plan as shipped: 71 declared projects, four strategies.
    const dv1::PlanSummary* plan = FindPlan(dashboard, kPlan2025);
    ASSERT_NE(plan, nullptr);
    EXPECT_EQ(plan->declared_project_count(), 71);
    EXPECT_GT(plan->project_count(), 0);
    std::vector<std::string> names;
    std::vector<int> ordinals;
    for (const dv1::StrategySummary& strategy : plan->strategies()) {
      names.push_back(strategy.name());
      ordinals.push_back(strategy.ordinal());
    }
    EXPECT_THAT(names, ElementsAre("strategies/marine-future-tech",
                                   "strategies/ai-innovation",
                                   "strategies/materials-energy",
                                   "strategies/lifestyle-boom-up"));
    EXPECT_THAT(ordinals, ElementsAre(1, 2, 3, 4));
  }

  // The metrics sections against the metrics service's own answers.
  void ExpectMetricsSections(const dv1::Dashboard& dashboard) {
    auto stub = metrics_.NewStub();
    using Stub = mv1::MetricsService::Stub;

    // Rankings: the Smart Centres Index for busan, point for point.
    mv1::GetRankingTrendRequest trend_request;
    trend_request.set_index(kSmartCentres);
    trend_request.set_city("busan");
    mv1::RankingTrend trend;
    Call(*stub, &Stub::GetRankingTrend, trend_request, &trend);
    ASSERT_GT(trend.points_size(), 0);
    const dv1::RankingSummary* ranking = nullptr;
    for (const dv1::RankingSummary& summary : dashboard.rankings()) {
      if (summary.index() == kSmartCentres) ranking = &summary;
    }
    ASSERT_NE(ranking, nullptr);
    EXPECT_EQ(ranking->display_name(), "Smart Centres Index");
    EXPECT_EQ(ranking->city(), "busan");
    ASSERT_THAT(ranking->points(), SizeIs(trend.points_size()));
    for (int i = 0; i < trend.points_size(); ++i) {
      SCOPED_TRACE(absl::StrCat("point ", i));
      const auto& want = trend.points(i);
      const auto& got = ranking->points(i);
      EXPECT_EQ(got.edition(), want.edition());
      EXPECT_EQ(got.published(), want.published());
      EXPECT_EQ(got.rank(), want.rank());
      EXPECT_EQ(got.has_total_ranked(), want.has_total_ranked());
      EXPECT_EQ(got.total_ranked(), want.total_ranked());
      EXPECT_EQ(got.has_change(), want.has_change());
      EXPECT_EQ(got.change(), want.change());
    }
    EXPECT_EQ(ranking->best_rank(), trend.best_rank());
    EXPECT_EQ(ranking->best_edition(), trend.best_edition());
    EXPECT_EQ(ranking->change_first_to_latest(),
              trend.change_first_to_latest());
    EXPECT_FALSE(ranking->latest_category_ranks().empty());

    // Meetings: the shipped series with the service's own tallies.
    ASSERT_THAT(dashboard.meeting_series(), SizeIs(1));
    const dv1::MeetingSeriesSummary& series = dashboard.meeting_series(0);
    EXPECT_EQ(series.series(),
              "meeting-series/emergency-economic-countermeasures");
    mv1::GetMeetingStatsRequest stats_request;
    stats_request.set_series(series.series());
    mv1::MeetingStats stats;
    Call(*stub, &Stub::GetMeetingStats, stats_request, &stats);
    EXPECT_EQ(series.meeting_count(), stats.meeting_count());
    EXPECT_GT(series.meeting_count(), 0);
    EXPECT_EQ(series.total_participants(), stats.total_participants());
    EXPECT_EQ(series.total_policies(), stats.total_policies());
    EXPECT_EQ(series.budget_secured_krw(), stats.budget_secured_krw());

    // Funds: both shipped funds in name order, with their totals.
    std::vector<std::string> funds;
    for (const dv1::FundSummary& fund : dashboard.funds()) {
      funds.push_back(fund.fund());
      SCOPED_TRACE(fund.fund());
      mv1::GetFundTotalsRequest totals_request;
      totals_request.set_fund(fund.fund());
      mv1::FundTotals totals;
      Call(*stub, &Stub::GetFundTotals, totals_request, &totals);
      EXPECT_EQ(fund.has_target_krw(), totals.has_target_krw());
      EXPECT_EQ(fund.target_krw(), totals.target_krw());
      EXPECT_EQ(fund.totals().committed_krw(), totals.committed_krw());
      EXPECT_EQ(fund.totals().raised_krw(), totals.raised_krw());
      EXPECT_EQ(fund.totals().flow_count(), totals.flow_count());
    }
    EXPECT_THAT(funds, ElementsAre("funds/fund-of-funds",
                                   "funds/future-industry-transition-fund"));
    EXPECT_EQ(dashboard.funds(0).target_krw(), 1226800000000);
  }

  // Every strategy carries the fund flows that name it (zeros when none).
  void ExpectFundFlows(const dv1::Dashboard& dashboard) {
    auto stub = metrics_.NewStub();
    mv1::SummarizeFundsRequest request;
    request.set_group_by(mv1::SummarizeFundsRequest::STRATEGY);
    mv1::SummarizeFundsResponse response;
    Call(*stub, &mv1::MetricsService::Stub::SummarizeFunds, request, &response);
    std::map<std::string, mv1::SummarizeFundsResponse::Group> groups;
    for (const auto& group : response.groups()) groups[group.key()] = group;
    int strategies = 0;
    for (const dv1::PlanSummary& plan : dashboard.plans()) {
      for (const dv1::StrategySummary& strategy : plan.strategies()) {
        SCOPED_TRACE(strategy.name());
        ++strategies;
        EXPECT_TRUE(strategy.has_fund_flows());
        const auto& group = groups[strategy.name()];
        EXPECT_EQ(strategy.fund_flows().committed_krw(), group.committed_krw());
        EXPECT_EQ(strategy.fund_flows().raised_krw(), group.raised_krw());
        EXPECT_EQ(strategy.fund_flows().flow_count(), group.flow_count());
      }
    }
    EXPECT_GE(strategies, 4);
  }

  static void ExpectMetricsUnavailable(const dv1::Dashboard& dashboard,
                                       const std::string& address) {
    EXPECT_THAT(Sections(dashboard),
                ElementsAre("rankings", "meetings", "funds"));
    for (const dv1::Unavailable& missing : dashboard.unavailable()) {
      SCOPED_TRACE(missing.section());
      EXPECT_EQ(missing.service(), "metrics-service");
      EXPECT_THAT(missing.error(),
                  AllOf(HasSubstr("metrics-service at " + address),
                        HasSubstr("unreachable")));
    }
    EXPECT_THAT(dashboard.rankings(), IsEmpty());
    EXPECT_THAT(dashboard.meeting_series(), IsEmpty());
    EXPECT_THAT(dashboard.funds(), IsEmpty());
    ASSERT_FALSE(dashboard.plans().empty());
    for (const dv1::PlanSummary& plan : dashboard.plans()) {
      for (const dv1::StrategySummary& strategy : plan.strategies()) {
        EXPECT_FALSE(strategy.has_fund_flows()) << strategy.name();
      }
    }
  }

  CatalogServer catalog_;
  MetricsServer metrics_;
  std::unique_ptr<BusanClient> client_;
};

TEST_F(DashboardTest, BothServicesUp) {
  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  EXPECT_THAT(dashboard.unavailable(), IsEmpty());
  ExpectCatalogSections(dashboard);
  ExpectMetricsSections(dashboard);
  ExpectFundFlows(dashboard);
}

TEST_F(DashboardTest, ShowsTheProgressTheCatalogDerives) {
  auto stub = catalog_.NewStub();
  cv1::ListProjectsRequest list;
  list.set_filter("strategy = \"strategies/marine-future-tech\"");
  list.set_page_size(1);
  cv1::ListProjectsResponse projects;
  Call(*stub, &cv1::CatalogService::Stub::ListProjects, list, &projects);
  ASSERT_EQ(projects.projects_size(), 1);
  cv1::RecordProjectStatusRequest record;
  record.set_name(projects.projects(0).name());
  record.mutable_status()->set_date("2026-01");
  record.mutable_status()->set_progress_basis_points(4200);
  cv1::Project recorded;
  Call(*stub, &cv1::CatalogService::Stub::RecordProjectStatus, record,
       &recorded);

  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  ExpectCatalogSections(dashboard);
  const dv1::PlanSummary* plan = FindPlan(dashboard, kPlan2025);
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->progress().progress_basis_points(), 4200);
  EXPECT_EQ(plan->strategies(0).progress().reporting_project_count(), 1);
  // Strategies without reporting projects carry no progress at all.
  EXPECT_FALSE(plan->strategies(1).has_progress());
  // Only the project with a status report has a timeline.
  ASSERT_EQ(plan->strategies(0).timelines_size(), 1);
  const dv1::ProjectTimeline& timeline = plan->strategies(0).timelines(0);
  EXPECT_EQ(timeline.name(), projects.projects(0).name());
  EXPECT_EQ(timeline.progress_basis_points(), 4200);
  ASSERT_EQ(timeline.status_updates_size(), 1);
  EXPECT_EQ(timeline.status_updates(0).date(), "2026-01");
  int timelines = 0;
  for (const dv1::PlanSummary& any_plan : dashboard.plans()) {
    for (const dv1::StrategySummary& strategy : any_plan.strategies()) {
      timelines += strategy.timelines_size();
    }
  }
  EXPECT_EQ(timelines, 1);
}

// The shipped seed stores what the documents publish, and leaves absent
// what they do not (data/README.md, "Published but not stored").
TEST_F(DashboardTest, ShippedSeedStoresPublishedFactsAndNoGuesses) {
  auto catalog = catalog_.NewStub();
  auto metrics = metrics_.NewStub();
  using CatalogStub = cv1::CatalogService::Stub;
  using MetricsStub = mv1::MetricsService::Stub;
  constexpr char kDoc001[] =
      "Future Strategic Industry and New Growth Industry";
  constexpr char kDoc004[] =
      "Busan Ranks 8th Globally and 2nd in Asia on the Path to a "
      "World-Renowned Innovation Hub";

  // Document 004: the AI strategy, by month only.
  cv1::GetPlanRequest plan_request;
  plan_request.set_name("plans/busan-ai-strategy");
  cv1::Plan plan;
  Call(*catalog, &CatalogStub::GetPlan, plan_request, &plan);
  EXPECT_EQ(plan.display_name(), "Busan Artificial Intelligence Strategy");
  EXPECT_EQ(plan.published(), "2025-03");
  // Document 000 says "today (Nov. 10)" with no year: no date is stored.
  plan_request.set_name("plans/economic-growth-innovation-2025");
  Call(*catalog, &CatalogStub::GetPlan, plan_request, &plan);
  EXPECT_THAT(plan.published(), IsEmpty());
  for (const auto& source : plan.sources()) {
    EXPECT_THAT(source.published(), IsEmpty()) << source.title();
  }

  // Projects no document files under a strategy: document 001's three
  // featured items and document 004's seven named undertakings, with the
  // figures and dates they publish and nothing more.
  cv1::ListProjectsRequest unfiled_request;
  unfiled_request.set_filter("strategy = \"\"");
  cv1::ListProjectsResponse unfiled;
  Call(*catalog, &CatalogStub::ListProjects, unfiled_request, &unfiled);
  std::map<std::string, cv1::Project> by_name;
  for (const cv1::Project& project : unfiled.projects()) {
    EXPECT_THAT(project.initiative(), IsEmpty()) << project.name();
    EXPECT_THAT(project.location(), IsEmpty()) << project.name();
    EXPECT_THAT(project.lead_agency(), IsEmpty()) << project.name();
    EXPECT_EQ(project.stage(), cv1::Project::STAGE_UNSPECIFIED)
        << project.name();
    EXPECT_FALSE(project.has_national_alignment()) << project.name();
    EXPECT_FALSE(project.has_progress_basis_points()) << project.name();
    ASSERT_EQ(project.sources_size(), 1) << project.name();
    by_name[project.name()] = project;
  }
  EXPECT_THAT(
      by_name,
      ElementsAre(Key("projects/autonomous-vehicle-testbed-districts"),
                  Key("projects/blockchain-cluster-initiative"),
                  Key("projects/busan-digital-innovation-academy"),
                  Key("projects/digital-twin-experimental-zones"),
                  Key("projects/dongnam-radiological-complex"),
                  Key("projects/drill-ships"),
                  Key("projects/eco-delta-smart-city"),
                  Key("projects/offshore-wind-farm"),
                  Key("projects/power-semiconductor-specialization-park"),
                  Key("projects/quantum-science-technology-institute")));
  for (const char* id :
       {"dongnam-radiological-complex", "drill-ships", "offshore-wind-farm"}) {
    const cv1::Project& project = by_name[std::string("projects/") + id];
    EXPECT_EQ(project.sources(0).title(), kDoc001) << id;
    EXPECT_THAT(project.sources(0).published(), IsEmpty()) << id;
    EXPECT_FALSE(project.has_budget_krw()) << id;
    EXPECT_FALSE(project.has_start_year()) << id;
  }
  EXPECT_EQ(by_name["projects/offshore-wind-farm"].display_name(),
            "Establishment of offshore wind farm");
  for (const auto& [name, project] : by_name) {
    if (project.sources(0).title() == kDoc001) continue;
    EXPECT_EQ(project.sources(0).title(), kDoc004) << name;
    EXPECT_EQ(project.sources(0).published(), "2025-12-17") << name;
    EXPECT_EQ(project.has_budget_krw(),
              name == "projects/blockchain-cluster-initiative")
        << name;
  }
  // "a blockchain cluster initiative (2024–2026, 20 billion won)".
  const cv1::Project& blockchain =
      by_name["projects/blockchain-cluster-initiative"];
  EXPECT_EQ(blockchain.budget_krw(), 20000000000);
  EXPECT_EQ(blockchain.start_year(), 2024);
  EXPECT_EQ(blockchain.end_year(), 2026);
  const cv1::Project& quantum =
      by_name["projects/quantum-science-technology-institute"];
  EXPECT_FALSE(quantum.has_start_year());
  ASSERT_EQ(quantum.status_updates_size(), 1);
  EXPECT_EQ(quantum.status_updates(0).date(), "2024-10");
  EXPECT_EQ(quantum.status_updates(0).stage(), cv1::Project::STAGE_UNSPECIFIED);
  EXPECT_THAT(quantum.status_updates(0).note(),
              HasSubstr("inaugurated the Quantum Science and Technology "
                        "Institute in October 2024"));
  // Eco Delta: the years the page states; "progresses into full swing" is
  // kept as words, with no stage, alignment or dated report.
  const cv1::Project& eco_delta = by_name["projects/eco-delta-smart-city"];
  EXPECT_EQ(eco_delta.start_year(), 2025);
  EXPECT_EQ(eco_delta.end_year(), 2039);
  EXPECT_THAT(eco_delta.status_updates(), IsEmpty());
  EXPECT_THAT(eco_delta.description(), HasSubstr("progresses into full swing"));
  const cv1::Project& academy =
      by_name["projects/busan-digital-innovation-academy"];
  EXPECT_THAT(academy.description(),
              HasSubstr("(training 10,000 professionals)"));
  for (const char* id :
       {"autonomous-vehicle-testbed-districts",
        "busan-digital-innovation-academy", "digital-twin-experimental-zones",
        "power-semiconductor-specialization-park"}) {
    const cv1::Project& project = by_name[std::string("projects/") + id];
    EXPECT_FALSE(project.has_start_year()) << id;
    EXPECT_FALSE(project.has_end_year()) << id;
    EXPECT_THAT(project.status_updates(), IsEmpty()) << id;
  }
  // The wind power complex bullet no longer claims the featured wind farm.
  cv1::GetProjectRequest project_request;
  project_request.set_name("projects/offshore-wind-power-complex");
  cv1::Project wind;
  Call(*catalog, &CatalogStub::GetProject, project_request, &wind);
  EXPECT_THAT(wind.description(), Not(HasSubstr("wind farm")));
  EXPECT_EQ(wind.start_year(), 2013);
  // The dashboard lists them apart, with their timelines.
  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  ASSERT_EQ(dashboard.unfiled_projects_size(), 10);
  EXPECT_EQ(dashboard.unfiled_projects(6).name(),
            "projects/eco-delta-smart-city");
  EXPECT_EQ(dashboard.unfiled_projects(6).start_year(), 2025);
  EXPECT_EQ(dashboard.unfiled_projects(6).end_year(), 2039);
  EXPECT_EQ(dashboard.unfiled_projects(6).stage(),
            cv1::Project::STAGE_UNSPECIFIED);
  EXPECT_THAT(dashboard.unfiled_projects(6).status_updates(), IsEmpty());
  ASSERT_EQ(dashboard.unfiled_projects(9).status_updates_size(), 1);
  EXPECT_EQ(dashboard.unfiled_projects(9).status_updates(0).date(), "2024-10");

  // Document 001's plan: the featured items belong to none of its
  // strategies, so they are not among its projects.
  plan_request.set_name("plans/future-strategic-industry");
  Call(*catalog, &CatalogStub::GetPlan, plan_request, &plan);
  EXPECT_EQ(plan.project_count(), 25);
  // Document 002 declares five areas and sectors, not strategies.
  plan_request.set_name("plans/municipal-work-report-2025");
  Call(*catalog, &CatalogStub::GetPlan, plan_request, &plan);
  EXPECT_FALSE(plan.has_declared_strategy_count());
  EXPECT_EQ(plan.strategy_count(), 5);
  EXPECT_THAT(plan.description(),
              HasSubstr("The meeting will be attended by Mayor Park, heads of "
                        "city offices, bureaus, headquarters, and affiliated "
                        "organizations."));

  // Document 003: the meetings' key issues and named measures.
  mv1::GetMeetingSeriesRequest series_request;
  series_request.set_name("meeting-series/emergency-economic-countermeasures");
  mv1::MeetingSeries series;
  Call(*metrics, &MetricsStub::GetMeetingSeries, series_request, &series);
  EXPECT_THAT(series.key_issues(),
              ElementsAre("small business owners", "the tourism industry",
                          "export companies", "digital and data industries",
                          "startups", "the hydrogen industry",
                          "marine-aerospace convergence industries",
                          "seafood tech industries"));
  ASSERT_EQ(series.measures_size(), 11);
  EXPECT_EQ(series.measures(0).description(),
            "the \"Three No Special Fund\" for small business owners");
  EXPECT_EQ(series.measures(1).description(),
            "the \"Busan Tourism Good Prepayment Project\"");
  std::map<std::string, int> per_category;
  std::map<std::string, int64_t> amounts;
  for (const mv1::SeriesMeasure& measure : series.measures()) {
    ++per_category[measure.policy_category()];
    EXPECT_EQ(measure.sources_size(), 1) << measure.description();
    if (measure.has_amount_krw()) {
      amounts[measure.description()] = measure.amount_krw();
    }
  }
  EXPECT_THAT(
      per_category,
      ElementsAre(Pair("rapid response to economic shocks", 4),
                  Pair("stabilizing the economic foundation and "
                       "livelihoods",
                       3),
                  Pair("strengthening the engine of innovative growth", 4)));
  // The 6 trillion won is the achievement document 003 names, on its own.
  EXPECT_THAT(amounts, ElementsAre(Pair(HasSubstr("largest-ever investment"),
                                        6000000000000)));

  // Document 003 names the GFCI, with no rank or edition: an index alone.
  mv1::GetRankingIndexRequest index_request;
  index_request.set_name("indices/global-financial-centers-index");
  mv1::RankingIndex index;
  Call(*metrics, &MetricsStub::GetRankingIndex, index_request, &index);
  EXPECT_THAT(index.publisher(), IsEmpty());
  mv1::GetRankingTrendRequest trend_request;
  trend_request.set_index("indices/global-financial-centers-index");
  trend_request.set_city("busan");
  mv1::RankingTrend trend;
  Call(*metrics, &MetricsStub::GetRankingTrend, trend_request, &trend);
  EXPECT_THAT(trend.points(), IsEmpty());

  // Only the 12th Smart Centres edition has a published regional rank.
  trend_request.set_index(kSmartCentres);
  Call(*metrics, &MetricsStub::GetRankingTrend, trend_request, &trend);
  ASSERT_EQ(trend.points_size(), 10);
  for (const auto& point : trend.points()) {
    EXPECT_EQ(point.has_region_rank(), point.edition() == 12)
        << point.edition();
  }
  EXPECT_EQ(trend.points(9).region_rank(), 2);
}

// The removals: what the data used to state that no document states.
TEST_F(DashboardTest, ShippedSeedMakesNoClaimTheDocumentsDoNot) {
  auto metrics = metrics_.NewStub();
  using MetricsStub = mv1::MetricsService::Stub;

  // Meetings 1-49: participants and policies as tallied, but no budget and
  // no period: the budget is stated for the series, April 2021 is when the
  // platform started.
  mv1::ListMeetingsRequest meetings_request;
  meetings_request.set_parent(
      "meeting-series/emergency-economic-countermeasures");
  mv1::ListMeetingsResponse meetings;
  Call(*metrics, &MetricsStub::ListMeetings, meetings_request, &meetings);
  ASSERT_EQ(meetings.meetings_size(), 2);
  const mv1::Meeting& tally = meetings.meetings(0);
  EXPECT_EQ(tally.last_number(), 49);
  EXPECT_EQ(tally.participants(), 1160);
  EXPECT_EQ(tally.policies_adopted(), 396);
  EXPECT_FALSE(tally.has_budget_secured_krw());
  EXPECT_THAT(tally.period_start(), IsEmpty());
  EXPECT_THAT(tally.description(), Not(HasSubstr("7.2749")));
  for (const mv1::Meeting& meeting : meetings.meetings()) {
    EXPECT_FALSE(meeting.has_budget_secured_krw()) << meeting.first_number();
  }
  mv1::GetMeetingStatsRequest stats_request;
  stats_request.set_series(meetings_request.parent());
  mv1::MeetingStats stats;
  Call(*metrics, &MetricsStub::GetMeetingStats, stats_request, &stats);
  EXPECT_EQ(stats.budget_secured_krw(), 0);
  EXPECT_EQ(stats.meetings_with_budget(), 0);

  // Funds: only the two the page calls funds; no flows at all.
  mv1::ListFundsRequest funds_request;
  mv1::ListFundsResponse funds;
  Call(*metrics, &MetricsStub::ListFunds, funds_request, &funds);
  std::map<std::string, mv1::Fund> by_name;
  for (const mv1::Fund& fund : funds.funds()) by_name[fund.name()] = fund;
  EXPECT_THAT(by_name,
              ElementsAre(Key("funds/fund-of-funds"),
                          Key("funds/future-industry-transition-fund")));
  for (const auto& [name, fund] : by_name) {
    SCOPED_TRACE(name);
    mv1::ListFundFlowsRequest flows_request;
    flows_request.set_parent(name);
    mv1::ListFundFlowsResponse flows;
    Call(*metrics, &MetricsStub::ListFundFlows, flows_request, &flows);
    EXPECT_THAT(flows.flows(), IsEmpty());
    mv1::GetFundTotalsRequest totals_request;
    totals_request.set_fund(name);
    mv1::FundTotals totals;
    Call(*metrics, &MetricsStub::GetFundTotals, totals_request, &totals);
    EXPECT_EQ(totals.raised_krw(), 0);
    EXPECT_FALSE(totals.has_raised_basis_points_of_target());
    ASSERT_EQ(fund.milestones_size(), 1);
  }
  // The Fund of Funds: its target, and the statement that it was met early.
  const mv1::Fund& fund_of_funds = by_name["funds/fund-of-funds"];
  EXPECT_EQ(fund_of_funds.target_krw(), 1226800000000);
  EXPECT_EQ(fund_of_funds.milestones(0).description(),
            "the early fulfillment of the target for Busan’s Fund of Funds "
            "(1.2268 trillion won)");
  EXPECT_FALSE(fund_of_funds.milestones(0).has_amount_krw());
  // The transition fund's 2.3 trillion won is not called a target.
  const mv1::Fund& transition =
      by_name["funds/future-industry-transition-fund"];
  EXPECT_FALSE(transition.has_target_krw());
  EXPECT_EQ(transition.milestones(0).amount_krw(), 2300000000000);
  EXPECT_THAT(transition.milestones(0).description(),
              HasSubstr("the establishment of the Busan Future Industry "
                        "Transition Fund (2.3 trillion won)"));

  // The dashboard shows no raised amount and no progress for either.
  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  ASSERT_EQ(dashboard.funds_size(), 2);
  for (const dv1::FundSummary& fund : dashboard.funds()) {
    EXPECT_EQ(fund.totals().flow_count(), 0) << fund.fund();
    EXPECT_FALSE(fund.has_raised_basis_points_of_target()) << fund.fund();
    EXPECT_EQ(fund.milestones_size(), 1) << fund.fund();
  }
  ASSERT_EQ(dashboard.meeting_series_size(), 1);
  EXPECT_EQ(dashboard.meeting_series(0).meetings_with_budget(), 0);
}

// What was published and not stored before: statements with the results
// and the series they are published with.
TEST_F(DashboardTest, ShippedSeedStoresPublishedStatements) {
  auto metrics = metrics_.NewStub();
  using MetricsStub = mv1::MetricsService::Stub;

  // Document 003: the budget at the level it is stated, and the count of
  // meetings presided over by the mayor.
  mv1::GetMeetingSeriesRequest series_request;
  series_request.set_name("meeting-series/emergency-economic-countermeasures");
  mv1::MeetingSeries series;
  Call(*metrics, &MetricsStub::GetMeetingSeries, series_request, &series);
  ASSERT_EQ(series.statements_size(), 3);
  EXPECT_EQ(series.statements(0).text(),
            "To ensure the seamless implementation of major policies derived "
            "from these meetings, a total budget of 7.2749 trillion won has "
            "been allocated over the past four years to accelerate the "
            "recovery of economic vitality.");
  EXPECT_EQ(series.statements(0).amount_krw(), 7274900000000);
  EXPECT_THAT(series.statements(2).text(),
              HasSubstr("a total of 50 meetings presided over by Mayor Park"));
  for (const mv1::Statement& statement : series.statements()) {
    EXPECT_EQ(statement.sources_size(), 1) << statement.text();
  }
  EXPECT_THAT(series.description(), Not(HasSubstr("are presided over")));
  mv1::ListMeetingsRequest meetings_request;
  meetings_request.set_parent(series.name());
  mv1::ListMeetingsResponse meetings;
  Call(*metrics, &MetricsStub::ListMeetings, meetings_request, &meetings);
  ASSERT_EQ(meetings.meetings_size(), 2);
  EXPECT_THAT(meetings.meetings(1).description(),
              HasSubstr("50 Business Leaders, Experts, Academics, and Related "
                        "Organization Heads to Attend"));
  EXPECT_FALSE(meetings.meetings(1).has_participants());

  // Document 004: statements with the editions they are published with.
  mv1::ListRankingsRequest rankings_request;
  rankings_request.set_parent(kSmartCentres);
  rankings_request.set_filter("city = \"busan\"");
  mv1::ListRankingsResponse rankings;
  Call(*metrics, &MetricsStub::ListRankings, rankings_request, &rankings);
  std::map<int, mv1::Ranking> by_edition;
  for (const mv1::Ranking& ranking : rankings.rankings()) {
    by_edition[ranking.edition()] = ranking;
  }
  ASSERT_EQ(by_edition.size(), 10u);
  for (const auto& [edition, ranking] : by_edition) {
    EXPECT_EQ(ranking.statements().empty(), edition != 3 && edition != 12)
        << edition;
  }
  ASSERT_EQ(by_edition[3].statements_size(), 1);
  EXPECT_THAT(by_edition[3].statements(0).text(), HasSubstr("first entry"));
  std::vector<std::string> texts;
  std::map<std::string, int64_t> amounts;
  for (const mv1::Statement& statement : by_edition[12].statements()) {
    texts.push_back(statement.text());
    EXPECT_EQ(statement.sources(0).published(), "2025-12-17");
    if (statement.has_amount_krw()) {
      amounts[statement.text()] = statement.amount_krw();
    }
  }
  EXPECT_THAT(
      texts,
      ElementsAre(
          HasSubstr("2nd position in the Asia-Pacific region three times "
                    "consecutively"),
          HasSubstr("top 15 in all six areas of Competitiveness"),
          HasSubstr("the strongest results in Innovation Support"),
          AllOf(HasSubstr("organizational restructuring in March 2025"),
                HasSubstr("Business Support Division"),
                HasSubstr("Enterprise Governance Reform Joint Task Force"),
                HasSubstr("Public-Private Regulation Detection Unit")),
          AllOf(HasSubstr("Busan Startup Investment Agency"),
                HasSubstr("Future Technology Strategy Bureau")),
          HasSubstr("strategic investment attraction in high-tech fields")));
  EXPECT_EQ(by_edition[12].statements(3).date(), "2025-03");
  EXPECT_THAT(amounts,
              ElementsAre(Pair(HasSubstr("16 trillion won"), 16000000000000)));

  // Document 000: the briefing, as the release announces it.
  auto catalog = catalog_.NewStub();
  cv1::GetPlanRequest plan_request;
  plan_request.set_name(kPlan2025);
  cv1::Plan plan;
  Call(*catalog, &cv1::CatalogService::Stub::GetPlan, plan_request, &plan);
  for (const char* part :
       {"at 2 p.m. today (Nov. 10) in Small Conference Room 2 on the 12th "
        "floor of City Hall",
        "Approximately 30 participants",
        "the briefing was organized to ensure consistency with national "
        "economic policies",
        "Through this briefing, Busan plans to refine the proposed core "
        "projects"}) {
    EXPECT_THAT(plan.description(), HasSubstr(part));
  }
  // "reflecting" qualifies the briefing, not the draft.
  EXPECT_THAT(plan.description(), Not(HasSubstr("and reflects")));

  // The dashboard carries the statements, apart from the derived sums.
  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  ASSERT_EQ(dashboard.meeting_series_size(), 1);
  EXPECT_EQ(dashboard.meeting_series(0).statements_size(), 3);
  const dv1::RankingSummary* ranking = nullptr;
  for (const dv1::RankingSummary& summary : dashboard.rankings()) {
    if (summary.index() == kSmartCentres) ranking = &summary;
  }
  ASSERT_NE(ranking, nullptr);
  EXPECT_EQ(ranking->latest_statements_size(), 6);
}

TEST_F(DashboardTest, UnrankedCityHasNoRankings) {
  client::DashboardQuery query;
  query.city = "seoul";
  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, query);
  EXPECT_THAT(dashboard.unavailable(), IsEmpty());
  EXPECT_THAT(dashboard.rankings(), IsEmpty());
  EXPECT_FALSE(dashboard.plans().empty());
}

TEST_F(DashboardTest, MetricsServiceStopped) {
  // Connected first, so the channel has a live connection to lose.
  ASSERT_THAT(client::CollectDashboard(*client_, {}).unavailable(), IsEmpty());
  metrics_.Stop();

  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  ExpectMetricsUnavailable(dashboard, metrics_.address());
  ExpectCatalogSections(dashboard);
}

TEST_F(DashboardTest, MetricsServiceNeverReachable) {
  TakenPort closed(TakenPort::Mode::kRefusing);
  auto client = NewClient(Options(catalog_.address(), closed.address()));
  ASSERT_NE(client, nullptr);
  const dv1::Dashboard dashboard = client::CollectDashboard(*client, {});
  ExpectMetricsUnavailable(dashboard, closed.address());
  ExpectCatalogSections(dashboard);
}

TEST_F(DashboardTest, CatalogServiceStopped) {
  ASSERT_THAT(client::CollectDashboard(*client_, {}).unavailable(), IsEmpty());
  catalog_.Stop();

  const dv1::Dashboard dashboard = client::CollectDashboard(*client_, {});
  EXPECT_THAT(Sections(dashboard), ElementsAre("catalog"));
  ASSERT_THAT(dashboard.unavailable(), SizeIs(1));
  EXPECT_EQ(dashboard.unavailable(0).service(), "catalog-service");
  EXPECT_THAT(dashboard.unavailable(0).error(),
              HasSubstr("catalog-service at " + catalog_.address()));
  EXPECT_THAT(dashboard.plans(), IsEmpty());
  ExpectMetricsSections(dashboard);
}

}  // namespace
}  // namespace busan::testing
