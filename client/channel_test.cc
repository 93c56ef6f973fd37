// The channel settings that need no server: the retry service config gRPC is
// given, the TLS settings NewChannel refuses, and the messages ExplainStatus
// writes for transport failures.
#include "client/channel.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <string>
#include <vector>

#include "client/options.h"
#include "client/status_messages.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::client {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::busan::testing::TempDir;
using ::google::protobuf::Struct;
using ::google::protobuf::Value;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

Struct ParseJson(const std::string& json) {
  Struct parsed;
  auto status = google::protobuf::util::JsonStringToMessage(json, &parsed);
  EXPECT_TRUE(status.ok()) << status << " in " << json;
  return parsed;
}

// The single methodConfig entry of a retry service config.
const Struct& OnlyMethodConfig(const Struct& config) {
  static const Struct kEmpty;
  auto it = config.fields().find("methodConfig");
  if (it == config.fields().end()) {
    ADD_FAILURE() << "no methodConfig";
    return kEmpty;
  }
  const auto& list = it->second.list_value().values();
  if (list.size() != 1) {
    ADD_FAILURE() << "methodConfig has " << list.size() << " entries";
    return kEmpty;
  }
  return list[0].struct_value();
}

const Value& Field(const Struct& object, const std::string& name) {
  static const Value kNull;
  auto it = object.fields().find(name);
  if (it == object.fields().end()) {
    ADD_FAILURE() << "no field " << name;
    return kNull;
  }
  return it->second;
}

std::vector<std::string> NamedServices(const Struct& method_config) {
  std::vector<std::string> services;
  for (const Value& name : Field(method_config, "name").list_value().values()) {
    const Struct& entry = name.struct_value();
    // A name with only "service" covers every method of that service.
    EXPECT_EQ(entry.fields().count("method"), 0u);
    services.push_back(Field(entry, "service").string_value());
  }
  return services;
}

TEST(RetryServiceConfigTest, DefaultRetriesUnavailableOnBothServices) {
  const Struct config = ParseJson(RetryServiceConfig(RetryOptions()));
  const Struct& method_config = OnlyMethodConfig(config);
  EXPECT_THAT(NamedServices(method_config),
              UnorderedElementsAre("busan.catalog.v1.CatalogService",
                                   "busan.metrics.v1.MetricsService"));

  const Struct& policy = Field(method_config, "retryPolicy").struct_value();
  EXPECT_EQ(Field(policy, "maxAttempts").number_value(), 4);
  EXPECT_EQ(Field(policy, "initialBackoff").string_value(), "0.200s");
  EXPECT_EQ(Field(policy, "maxBackoff").string_value(), "2.000s");
  EXPECT_EQ(Field(policy, "backoffMultiplier").number_value(), 2.0);
  std::vector<std::string> codes;
  for (const Value& code :
       Field(policy, "retryableStatusCodes").list_value().values()) {
    codes.push_back(code.string_value());
  }
  EXPECT_THAT(codes, UnorderedElementsAre("UNAVAILABLE"));
}

TEST(RetryServiceConfigTest, CarriesTheConfiguredBackoff) {
  RetryOptions retry;
  retry.max_attempts = 5;
  retry.initial_backoff = std::chrono::milliseconds(50);
  retry.max_backoff = std::chrono::milliseconds(1500);
  retry.backoff_multiplier = 1.5;
  const Struct config = ParseJson(RetryServiceConfig(retry));
  const Struct& policy =
      Field(OnlyMethodConfig(config), "retryPolicy").struct_value();
  EXPECT_EQ(Field(policy, "maxAttempts").number_value(), 5);
  EXPECT_EQ(Field(policy, "initialBackoff").string_value(), "0.050s");
  EXPECT_EQ(Field(policy, "maxBackoff").string_value(), "1.500s");
  EXPECT_EQ(Field(policy, "backoffMultiplier").number_value(), 1.5);
}

TEST(RetryServiceConfigTest, OneAttemptMeansNoRetryPolicy) {
  RetryOptions retry;
  retry.max_attempts = 1;
  const std::string json = RetryServiceConfig(retry);
  const Struct config = ParseJson(json);
  // No method config at all: nothing is retried.
  EXPECT_EQ(config.fields().count("methodConfig"), 0u) << json;
  EXPECT_THAT(json, Not(HasSubstr("retryPolicy")));
}

class NewChannelTest : public ::testing::Test {
 protected:
  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << text;
    return path;
  }

  static ChannelOptions Options() {
    ChannelOptions options;
    options.target = "127.0.0.1:1";
    options.service_label = "catalog-service";
    return options;
  }

  TempDir dir_;
};

TEST_F(NewChannelTest, PlaintextNeedsNoFiles) {
  EXPECT_THAT(NewChannel(Options()), IsOk());
}

TEST_F(NewChannelTest, RejectsMissingCaFile) {
  ChannelOptions options = Options();
  options.tls.ca_file = dir_.Sub("no-such-ca.pem");
  EXPECT_THAT(
      NewChannel(options),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("tls_ca_file"), HasSubstr("no-such-ca.pem"))));
}

TEST_F(NewChannelTest, RejectsEmptyCaFile) {
  ChannelOptions options = Options();
  options.tls.ca_file = WriteFile("empty.pem", "");
  EXPECT_THAT(NewChannel(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                            AllOf(HasSubstr("tls_ca_file"),
                                                  HasSubstr("empty.pem"))));
}

TEST_F(NewChannelTest, RejectsDirectoryAsCaFile) {
  ChannelOptions options = Options();
  options.tls.ca_file = dir_.path();
  EXPECT_THAT(NewChannel(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("tls_ca_file")));
}

TEST_F(NewChannelTest, RejectsUnreadableCertAndKeyFiles) {
  const std::string ca = WriteFile("ca.pem", "roots");
  const std::string cert = WriteFile("client.pem", "certificate");
  const std::string key = WriteFile("client.key", "key");

  ChannelOptions options = Options();
  options.tls.ca_file = ca;
  options.tls.cert_file = dir_.Sub("missing-client.pem");
  options.tls.key_file = key;
  EXPECT_THAT(NewChannel(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tls_cert_file"),
                             HasSubstr("missing-client.pem"))));

  options.tls.cert_file = cert;
  options.tls.key_file = dir_.Sub("missing-client.key");
  EXPECT_THAT(NewChannel(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tls_key_file"),
                             HasSubstr("missing-client.key"))));
}

TEST_F(NewChannelTest, RejectsCertificateWithoutKey) {
  ChannelOptions options = Options();
  options.tls.ca_file = WriteFile("ca.pem", "roots");
  options.tls.cert_file = WriteFile("client.pem", "certificate");
  EXPECT_THAT(NewChannel(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                            AllOf(HasSubstr("tls_cert_file"),
                                                  HasSubstr("tls_key_file"))));
}

TEST_F(NewChannelTest, RejectsKeyWithoutCertificate) {
  ChannelOptions options = Options();
  options.tls.ca_file = WriteFile("ca.pem", "roots");
  options.tls.key_file = WriteFile("client.key", "key");
  EXPECT_THAT(NewChannel(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                            AllOf(HasSubstr("tls_cert_file"),
                                                  HasSubstr("tls_key_file"))));
}

TEST_F(NewChannelTest, RejectsClientCertificateWithoutCa) {
  ChannelOptions options = Options();
  options.tls.cert_file = WriteFile("client.pem", "certificate");
  options.tls.key_file = WriteFile("client.key", "key");
  EXPECT_THAT(NewChannel(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("tls_ca_file")));
}

constexpr char kService[] = "metrics-service";
constexpr char kTarget[] = "10.1.2.3:50052";

class ExplainStatusTest : public ::testing::TestWithParam<grpc::StatusCode> {};

TEST_P(ExplainStatusTest, KeepsCodeAndDetailsAndNamesServiceAndTarget) {
  const grpc::Status original(GetParam(), "original reason", "binary details");
  const grpc::Status explained = ExplainStatus(original, kService, kTarget);
  EXPECT_EQ(explained.error_code(), GetParam());
  EXPECT_THAT(explained.error_message(),
              AllOf(HasSubstr("metrics-service at 10.1.2.3:50052"),
                    HasSubstr("original reason")));
  EXPECT_NE(explained.error_message(), original.error_message());
  EXPECT_EQ(explained.error_details(), "binary details");
}

INSTANTIATE_TEST_SUITE_P(
    TransportFailures, ExplainStatusTest,
    ::testing::Values(grpc::StatusCode::UNAVAILABLE,
                      grpc::StatusCode::DEADLINE_EXCEEDED,
                      grpc::StatusCode::UNAUTHENTICATED,
                      grpc::StatusCode::PERMISSION_DENIED));

TEST(ExplainStatusMessagesTest, SaysWhatWentWrong) {
  EXPECT_THAT(ExplainStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "x"),
                            kService, kTarget)
                  .error_message(),
              HasSubstr("unreachable"));
  EXPECT_THAT(
      ExplainStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "x"),
                    kService, kTarget)
          .error_message(),
      HasSubstr("deadline"));
  EXPECT_THAT(
      ExplainStatus(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "x"),
                    kService, kTarget)
          .error_message(),
      HasSubstr("token"));
  EXPECT_THAT(
      ExplainStatus(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "x"),
                    kService, kTarget)
          .error_message(),
      HasSubstr("denied"));
}

class ExplainStatusPassThroughTest
    : public ::testing::TestWithParam<grpc::StatusCode> {};

TEST_P(ExplainStatusPassThroughTest, LeavesServiceErrorsAlone) {
  const grpc::Status original(
      GetParam(), "plan.display_name: must not be empty", "details");
  const grpc::Status explained = ExplainStatus(original, kService, kTarget);
  EXPECT_EQ(explained.error_code(), original.error_code());
  EXPECT_EQ(explained.error_message(), original.error_message());
  EXPECT_EQ(explained.error_details(), original.error_details());
}

INSTANTIATE_TEST_SUITE_P(
    ServiceErrors, ExplainStatusPassThroughTest,
    ::testing::Values(
        grpc::StatusCode::OK, grpc::StatusCode::CANCELLED,
        grpc::StatusCode::UNKNOWN, grpc::StatusCode::INVALID_ARGUMENT,
        grpc::StatusCode::NOT_FOUND, grpc::StatusCode::ALREADY_EXISTS,
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        grpc::StatusCode::FAILED_PRECONDITION, grpc::StatusCode::ABORTED,
        grpc::StatusCode::OUT_OF_RANGE, grpc::StatusCode::UNIMPLEMENTED,
        grpc::StatusCode::INTERNAL, grpc::StatusCode::DATA_LOSS));

}  // namespace
}  // namespace busan::client
