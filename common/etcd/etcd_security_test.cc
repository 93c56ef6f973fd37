// EtcdClient against real etcd members that want TLS, client certificates
// and etcd's own auth: what is refused is refused with the member named,
// and what is configured right works.
#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/etcd/etcd_client.h"
#include "common/etcd/etcd_watch.h"
#include "common/testing/etcd_cluster.h"
#include "common/testing/etcd_requests.h"
#include "common/testing/etcd_watch_recorder.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/test_certs.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"

namespace busan::etcd {
namespace {

using ::busan::testing::EtcdCluster;
using ::busan::testing::EtcdClusterOptions;
using ::busan::testing::PutOf;
using ::busan::testing::RangeOf;
using ::busan::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kPassword[] = "s3cret pass";

// `options` for the first member alone and one attempt: a refusal then
// names that member and costs no retries. A refusal comes within
// milliseconds; the long deadline keeps a loaded machine from turning it
// into DEADLINE_EXCEEDED.
EtcdOptions FirstMemberOnce(EtcdOptions options) {
  options.endpoints.resize(1);
  options.attempts = 1;
  options.call_timeout = absl::Seconds(5);
  return options;
}

// Puts and reads back `key` through a client made of `options`.
absl::Status PutAndRead(EtcdOptions options, const std::string& key) {
  // The Put is sent once: a deadline a loaded machine does not miss.
  options.call_timeout = std::max(options.call_timeout, absl::Seconds(5));
  absl::StatusOr<std::unique_ptr<EtcdClient>> client =
      EtcdClient::Connect(options);
  if (!client.ok()) return client.status();
  absl::StatusOr<etcdserverpb::PutResponse> put =
      (*client)->Put(PutOf(key, "v"));
  if (!put.ok()) return put.status();
  absl::StatusOr<etcdserverpb::RangeResponse> range =
      (*client)->Range(RangeOf(key));
  if (!range.ok()) return range.status();
  if (range->kvs_size() != 1 || range->kvs(0).value() != "v" ||
      range->kvs(0).mod_revision() != put->header().revision()) {
    return absl::InternalError(
        absl::StrCat(key, " read back as ", range->DebugString()));
  }
  return absl::OkStatus();
}

// How a client of `options` fares with one Range.
absl::Status RangeStatus(const EtcdOptions& options) {
  absl::StatusOr<std::unique_ptr<EtcdClient>> client =
      EtcdClient::Connect(options);
  if (!client.ok()) return client.status();
  return (*client)->Range(RangeOf("/k")).status();
}

// A CA the cluster's members do not know, and a client certificate of it.
class OtherCa {
 public:
  OtherCa() : certs_(dir_.path()) {
    status_ = certs_.MakeCa("other-ca");
    if (status_.ok()) {
      status_ = certs_.Issue("other-client", "other-ca", "DNS:localhost",
                             "clientAuth");
    }
  }
  const absl::Status& status() const { return status_; }
  std::string ca_file() const { return certs_.Pem("other-ca"); }
  std::string cert_file() const { return certs_.Pem("other-client"); }
  std::string key_file() const { return certs_.Key("other-client"); }

 private:
  busan::testing::TempDir dir_;
  busan::testing::TestCerts certs_;
  absl::Status status_;
};

// Members on https that ask for no client certificate.
class EtcdTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new EtcdCluster(EtcdClusterOptions{.size = 1, .tls = true});
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override { ASSERT_OK(cluster_->status()); }

  static EtcdCluster* cluster_;
};
EtcdCluster* EtcdTlsTest::cluster_ = nullptr;

TEST_F(EtcdTlsTest, APutIsReadBackOverTls) {
  EXPECT_OK(PutAndRead(cluster_->ClientOptions(), "/tls/with-cert"));
  // The CA alone is enough where etcd asks for no client certificate.
  EtcdOptions options = cluster_->ClientOptions();
  options.cert_file.clear();
  options.key_file.clear();
  EXPECT_OK(PutAndRead(options, "/tls/ca-only"));
}

TEST_F(EtcdTlsTest, APlaintextClientIsUnavailableNamingTheMember) {
  EtcdOptions options = FirstMemberOnce(cluster_->ClientOptions());
  ASSERT_OK(RangeStatus(options));  // the member is up, over TLS
  options.ca_file.clear();
  options.cert_file.clear();
  options.key_file.clear();
  EXPECT_THAT(RangeStatus(options),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr(cluster_->endpoints()[0])));
}

TEST_F(EtcdTlsTest, AClientTrustingAnotherCaIsUnavailable) {
  OtherCa other;
  ASSERT_OK(other.status());
  EtcdOptions options = FirstMemberOnce(cluster_->ClientOptions());
  options.ca_file = other.ca_file();
  EXPECT_THAT(RangeStatus(options),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr(cluster_->endpoints()[0]),
                             HasSubstr("certificate verify failed"))));
}

TEST_F(EtcdTlsTest, AUserWhereEtcdsAuthIsOffIsFailedPrecondition) {
  EtcdOptions options = FirstMemberOnce(cluster_->ClientOptions());
  options.user = "root";
  options.password_file = busan::testing::WriteTestFile("password", kPassword);
  EXPECT_THAT(RangeStatus(options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(cluster_->endpoints()[0]),
                             HasSubstr("authentication is not enabled"))));
}

// --client-cert-auth: a client must show a certificate of the members' CA.
TEST(EtcdClientCertTest, OnlyAClientWithACertificateOfTheCaIsServed) {
  EtcdCluster cluster(
      EtcdClusterOptions{.size = 1, .tls = true, .client_cert_auth = true});
  ASSERT_OK(cluster.status());
  EXPECT_OK(PutAndRead(cluster.ClientOptions(), "/cert/k"));

  EtcdOptions without = FirstMemberOnce(cluster.ClientOptions());
  without.cert_file.clear();
  without.key_file.clear();
  EXPECT_THAT(RangeStatus(without),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr(cluster.endpoints()[0])));

  OtherCa other;
  ASSERT_OK(other.status());
  EtcdOptions foreign = FirstMemberOnce(cluster.ClientOptions());
  foreign.cert_file = other.cert_file();
  foreign.key_file = other.key_file();
  EXPECT_THAT(RangeStatus(foreign),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr(cluster.endpoints()[0])));
}

// etcd's auth on, over TLS, with tokens that etcd drops after a second
// unused.
class EtcdAuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new EtcdCluster(EtcdClusterOptions{
        .size = 3, .tls = true, .auth_token_ttl_seconds = 1});
    if (cluster_->status().ok()) {
      auth_ = new absl::Status(cluster_->EnableAuth(kPassword));
    }
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
    delete auth_;
    auth_ = nullptr;
  }
  void SetUp() override {
    ASSERT_OK(cluster_->status());
    ASSERT_NE(auth_, nullptr);
    ASSERT_OK(*auth_);
  }
  // Authenticate runs bcrypt and then goes through raft: on a loaded
  // machine it can take longer than the second ClientOptions() allow.
  static EtcdOptions Options() {
    EtcdOptions options = cluster_->ClientOptions();
    options.call_timeout = absl::Seconds(5);
    return options;
  }

  // A client of the first member alone. A test's client and its witness
  // share one member: etcd keeps a token's TTL on each member apart, reset
  // where the token is used.
  static absl::StatusOr<std::unique_ptr<EtcdClient>> FirstMemberClient() {
    EtcdOptions options = Options();
    options.endpoints.resize(1);
    return EtcdClient::Connect(options);
  }

  // Waits until etcd refuses the token of `witness` (a client of the first
  // member alone that read `key`): then every older token that was used
  // less recently on that member is gone too. FAILED_PRECONDITION when
  // etcd kept it through four pauses.
  static absl::Status WaitUntilTokenRefused(EtcdClient& witness,
                                            const std::string& key) {
    absl::StatusOr<int64_t> refused =
        cluster_->GrpcCalls("Range", "Unauthenticated");
    if (!refused.ok()) return refused.status();
    for (int round = 0; round < 4; ++round) {
      absl::SleepFor(absl::Milliseconds(2500));
      if (absl::Status read = witness.Range(RangeOf(key)).status();
          !read.ok()) {
        return read;
      }
      absl::StatusOr<int64_t> refused_now =
          cluster_->GrpcCalls("Range", "Unauthenticated");
      if (!refused_now.ok()) return refused_now.status();
      if (*refused_now == *refused + 1) return absl::OkStatus();
    }
    return absl::FailedPreconditionError("etcd kept the witness's token");
  }

  static EtcdCluster* cluster_;
  static absl::Status* auth_;
};
EtcdCluster* EtcdAuthTest::cluster_ = nullptr;
absl::Status* EtcdAuthTest::auth_ = nullptr;

TEST_F(EtcdAuthTest, TheRightPasswordIsServed) {
  EXPECT_OK(PutAndRead(Options(), "/auth/k"));
}

TEST_F(EtcdAuthTest, AWrongPasswordIsUnauthenticatedWithEtcdsReason) {
  EtcdOptions options = FirstMemberOnce(Options());
  // One character off (the newline is the file's; the client drops it).
  options.password_file = busan::testing::WriteTestFile(
      "wrong-password", absl::StrCat(kPassword, "!\n"));
  EXPECT_THAT(RangeStatus(options),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       AllOf(HasSubstr(cluster_->endpoints()[0]),
                             HasSubstr("invalid user ID or password"))));
}

TEST_F(EtcdAuthTest, NoUserIsRefusedAsEtcdSays) {
  EtcdOptions options = FirstMemberOnce(Options());
  options.user.clear();
  options.password_file.clear();
  // etcd 3.4 answers a call without a token INVALID_ARGUMENT, "user name
  // is empty", whatever the call.
  EXPECT_THAT(RangeStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(cluster_->endpoints()[0]),
                             HasSubstr("user name is empty"))));
  // Status alone needs no user: members stay observable.
  absl::StatusOr<std::unique_ptr<EtcdClient>> client =
      EtcdClient::Connect(options);
  ASSERT_OK(client);
  EXPECT_OK((*client)->MemberStatus(0));
}

TEST_F(EtcdAuthTest, AnExpiredTokenIsReplacedAndTheCallGoesThrough) {
  absl::StatusOr<std::unique_ptr<EtcdClient>> client =
      EtcdClient::Connect(Options());
  ASSERT_OK(client);
  ASSERT_OK((*client)->Put(PutOf("/auth/ttl", "0")));  // authenticates
  absl::StatusOr<int64_t> refused =
      cluster_->GrpcCalls("Put", "Unauthenticated");
  absl::StatusOr<int64_t> tokens = cluster_->GrpcCalls("Authenticate", "OK");
  ASSERT_OK(refused);
  ASSERT_OK(tokens);
  // etcd drops a token unused for its TTL (a second here) when its
  // keeper next looks, once a second: 2.5 s idle outlive it. Checked on
  // etcd's side, not assumed: the Put after the pause must have been
  // refused once and a new token fetched. A loaded machine may delay the
  // keeper, so a pause that did not outlive the token is tried again.
  int round = 0;
  absl::StatusOr<int64_t> refused_now = refused;
  for (; round < 4 && *refused_now == *refused; ++round) {
    absl::SleepFor(absl::Milliseconds(2500));
    ASSERT_OK((*client)->Put(PutOf("/auth/ttl", absl::StrCat(round + 1))));
    refused_now = cluster_->GrpcCalls("Put", "Unauthenticated");
    ASSERT_OK(refused_now);
  }
  EXPECT_EQ(*refused_now, *refused + 1) << "after " << round << " pauses";
  absl::StatusOr<int64_t> tokens_now =
      cluster_->GrpcCalls("Authenticate", "OK");
  ASSERT_OK(tokens_now);
  EXPECT_EQ(*tokens_now, *tokens + 1);
  absl::StatusOr<etcdserverpb::RangeResponse> range =
      (*client)->Range(RangeOf("/auth/ttl"));
  ASSERT_OK(range);
  ASSERT_EQ(range->kvs_size(), 1);
  EXPECT_EQ(range->kvs(0).value(), absl::StrCat(round));
}

TEST_F(EtcdAuthTest, ASnapshotAfterTheTokenExpiredIsSaved) {
  absl::StatusOr<std::unique_ptr<EtcdClient>> client = FirstMemberClient();
  absl::StatusOr<std::unique_ptr<EtcdClient>> witness = FirstMemberClient();
  ASSERT_OK(client);
  ASSERT_OK(witness);
  ASSERT_OK((*client)->Put(PutOf("/auth/snapshot", "in it")));
  // The witness's token is newer than the client's and used since, so
  // once etcd refused the witness's, it had dropped the client's.
  ASSERT_OK((*witness)->Range(RangeOf("/auth/snapshot")));
  ASSERT_OK(WaitUntilTokenRefused(**witness, "/auth/snapshot"));
  busan::testing::TempDir dir;
  ASSERT_OK((*client)->SaveSnapshot(dir.Sub("etcd.db")));
  EXPECT_NE(dir.Read("etcd.db").find("in it"), std::string::npos);
}

TEST_F(EtcdAuthTest, AWatchStartedAfterTheTokenExpiredGetsANewOne) {
  absl::StatusOr<std::unique_ptr<EtcdClient>> client = FirstMemberClient();
  absl::StatusOr<std::unique_ptr<EtcdClient>> witness = FirstMemberClient();
  ASSERT_OK(client);
  ASSERT_OK(witness);
  absl::StatusOr<etcdserverpb::PutResponse> put =
      (*client)->Put(PutOf("/auth/watched", "v"));
  ASSERT_OK(put);
  ASSERT_OK((*witness)->Range(RangeOf("/auth/watched")));
  ASSERT_OK(WaitUntilTokenRefused(**witness, "/auth/watched"));
  busan::testing::WatchRecorder seen;
  std::unique_ptr<EtcdWatch> watch =
      seen.Watch(client->get(), "/auth/watched", put->header().revision());
  const bool delivered = busan::testing::WaitUntil(
      [&] { return seen.count() > 0 || seen.ended(); }, absl::Seconds(10));
  watch->Stop();
  ASSERT_TRUE(delivered);
  EXPECT_EQ(seen.events.size(), 1u);
  EXPECT_THAT(*seen.end, StatusIs(absl::StatusCode::kCancelled));
}

}  // namespace
}  // namespace busan::etcd
