// TLS files rotate without a restart: catalog-service re-reads its
// certificate, key and client CA (mTLS) when they change, and keeps the
// ones in force when a new file cannot be used.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/test_certs.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

constexpr char kCatalogServer[] = BUSAN_BIN_DIR "/catalog-service";

class TlsRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two CAs; the server's certificate comes from the first, and each CA
    // signs one client certificate.
    for (const char* ca : {"ca-one", "ca-two"}) ASSERT_OK(certs_.MakeCa(ca));
    ASSERT_OK(certs_.Issue("server", "ca-one", "DNS:localhost,IP:127.0.0.1",
                           "serverAuth"));
    ASSERT_OK(certs_.Issue("client-one", "ca-one", "DNS:app", "clientAuth"));
    ASSERT_OK(certs_.Issue("client-two", "ca-two", "DNS:app", "clientAuth"));
  }

  // Whether a client with certificate `client` can call the server.
  bool Accepted(const std::string& address, const std::string& client) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = ReadTestFile(certs_.Pem("ca-one"));
    options.pem_private_key = ReadTestFile(certs_.Key(client));
    options.pem_cert_chain = ReadTestFile(certs_.Pem(client));
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", ++channels_);  // a fresh connection
    auto stub = catalog::v1::CatalogService::NewStub(grpc::CreateCustomChannel(
        address, grpc::SslCredentials(options), args));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    catalog::v1::ListPlansRequest request;
    catalog::v1::ListPlansResponse response;
    return stub->ListPlans(&context, request, &response).ok();
  }

  // Waits (bounded) until `client`'s acceptance is `want`.
  bool Becomes(const std::string& address, const std::string& client,
               bool want) {
    return WaitUntil([&] { return Accepted(address, client) == want; },
                     absl::Seconds(30), absl::Milliseconds(200));
  }

  TempDir dir_;
  TestCerts certs_{dir_.path()};
  int channels_ = 0;
};

TEST_F(TlsRotationTest, ANewClientCaIsInForceWithoutARestart) {
  const std::string client_ca =
      dir_.Write("client-ca.pem", ReadTestFile(certs_.Pem("ca-one")));
  ChildProcess server(kCatalogServer,
                      {"--address=127.0.0.1:0", "--data_dir=" + dir_.Sub("db"),
                       "--tls_cert_file=" + certs_.Pem("server"),
                       "--tls_key_file=" + certs_.Key("server"),
                       "--tls_client_ca_file=" + client_ca});
  std::optional<std::string> line =
      server.WaitForLine("catalog-service: serving on", absl::Seconds(30));
  ASSERT_TRUE(line) << server.Output();
  const std::string address = ServingAddress(*line);
  ASSERT_TRUE(Becomes(address, "client-one", true)) << server.Output();
  EXPECT_FALSE(Accepted(address, "client-two"));

  // The client CA moves to the second authority.
  dir_.Write("client-ca.pem", ReadTestFile(certs_.Pem("ca-two")));
  server.Signal(SIGHUP);
  EXPECT_TRUE(Becomes(address, "client-two", true)) << server.Output();
  EXPECT_FALSE(Accepted(address, "client-one"));

  // A CA file that is not PEM is not used: once the server has read and
  // refused it (logged after the write), the second CA stays in force.
  const size_t logged_before = server.Output().size();
  const auto logged_since = [&](const std::string& text) {
    return server.Output().find(text, logged_before) != std::string::npos;
  };
  dir_.Write("client-ca.pem", "not a certificate\n");
  EXPECT_TRUE(WaitUntil(
      [&] {
        return logged_since("\"event\":\"tls_reload_failed\"") &&
               logged_since("holds no PEM certificate");
      },
      absl::Seconds(30), absl::Milliseconds(100)))
      << "no tls_reload_failed event saying the CA file holds no PEM "
      << "certificate within 30s of writing it\n"
      << server.Output();
  EXPECT_TRUE(Accepted(address, "client-two")) << server.Output();

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << server.Output();
}

}  // namespace
}  // namespace busan::testing
