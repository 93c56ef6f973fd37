#include "common/etcd/etcd_client.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/etcd/etcd_watch.h"
#include "common/testing/etcd_cluster.h"
#include "common/testing/etcd_requests.h"
#include "common/testing/etcd_watch_recorder.h"
#include "common/testing/status_matchers.h"
#include "common/testing/taken_port.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"

namespace busan::etcd {
namespace {

using ::busan::testing::EtcdCluster;
using ::busan::testing::PutOf;
using ::busan::testing::RangeOf;
using ::busan::testing::StatusIs;
using ::busan::testing::WatchRecorder;
using ::testing::HasSubstr;

// The value of `key`, or "" when absent.
std::string ValueOf(EtcdClient& client, const std::string& key) {
  absl::StatusOr<etcdserverpb::RangeResponse> range =
      client.Range(RangeOf(key));
  EXPECT_OK(range);
  return range.ok() && range->kvs_size() == 1 ? range->kvs(0).value() : "";
}

// A transaction that puts `key` only if its mod_revision is still
// `revision` (0: it does not exist): how the engine guards every write.
etcdserverpb::TxnRequest GuardedPut(const std::string& key, int64_t revision,
                                    const std::string& value) {
  etcdserverpb::TxnRequest txn;
  etcdserverpb::Compare* compare = txn.add_compare();
  compare->set_key(key);
  compare->set_target(etcdserverpb::Compare::MOD);
  compare->set_result(etcdserverpb::Compare::EQUAL);
  compare->set_mod_revision(revision);
  *txn.add_success()->mutable_request_put() = PutOf(key, value);
  return txn;
}

// Writes `value` to `key` if its mod_revision is `revision`, retried
// across members, and returns the revision of the write. A retry after an
// answer was lost finds the compare failed: the key then holds this very
// value if the lost attempt applied (each test writes a value once), which
// the failure branch reads in the same transaction.
absl::StatusOr<int64_t> WriteOnce(EtcdClient& client, const std::string& key,
                                  int64_t revision, const std::string& value) {
  etcdserverpb::TxnRequest txn = GuardedPut(key, revision, value);
  txn.add_failure()->mutable_request_range()->set_key(key);
  absl::StatusOr<etcdserverpb::TxnResponse> response =
      client.Txn(txn, Retry::kGuarded);
  if (!response.ok()) return response.status();
  if (response->succeeded()) return response->header().revision();
  const etcdserverpb::RangeResponse& current =
      response->responses(0).response_range();
  if (current.kvs_size() == 1 && current.kvs(0).value() == value) {
    return current.kvs(0).mod_revision();
  }
  return absl::AbortedError(absl::StrCat(key, " changed under the write"));
}

// The keys of `events`, in order.
std::vector<std::string> KeysOf(const std::vector<mvccpb::Event>& events) {
  std::vector<std::string> keys;
  for (const mvccpb::Event& event : events) keys.push_back(event.kv().key());
  return keys;
}

TEST(PrefixEndTest, IsTheFirstKeyPastThePrefix) {
  EXPECT_EQ(PrefixEnd("/busan/"), "/busan0");
  EXPECT_EQ(PrefixEnd("a\xff"), "b");
  EXPECT_EQ(PrefixEnd("\xff\xff"), std::string(1, '\0'));
  EXPECT_EQ(PrefixEnd(""), std::string(1, '\0'));
}

TEST(EtcdClientOptionsTest, RefusesWhatCannotWork) {
  EXPECT_THAT(
      EtcdClient::Connect({}).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no endpoints")));
  EtcdOptions options;
  options.endpoints = {"127.0.0.1:1"};
  options.user = "root";
  EXPECT_THAT(
      EtcdClient::Connect(options).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("password file")));
  options = {};
  options.endpoints = {"127.0.0.1:1"};
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_THAT(EtcdClient::Connect(options).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("/nonexistent/ca.pem")));
}

TEST(EtcdClientOptionsTest, NoMemberAnsweringIsUnavailableNamingThem) {
  busan::testing::TakenPort refusing(
      busan::testing::TakenPort::Mode::kRefusing);
  EtcdOptions options;
  options.endpoints = {refusing.address()};
  options.call_timeout = absl::Milliseconds(300);
  options.attempts = 3;
  auto client = EtcdClient::Connect(options);
  ASSERT_OK(client);
  EXPECT_THAT(
      (*client)->Range(RangeOf("k")).status(),
      StatusIs(absl::StatusCode::kUnavailable, HasSubstr(refusing.address())));
}

// One cluster for the tests that leave its members running; each test
// uses keys under a prefix of its own.
class EtcdClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new EtcdCluster(3); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    ASSERT_OK(cluster_->status());
    auto client = EtcdClient::Connect(cluster_->ClientOptions());
    ASSERT_OK(client);
    client_ = std::move(*client);
    prefix_ = absl::StrCat(
        "/", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        "/");
  }
  std::string Key(const std::string& name) const { return prefix_ + name; }

  static EtcdCluster* cluster_;
  std::unique_ptr<EtcdClient> client_;
  std::string prefix_;
};
EtcdCluster* EtcdClientTest::cluster_ = nullptr;

TEST_F(EtcdClientTest, APutIsReadBackAtItsRevision) {
  auto put = client_->Put(PutOf(Key("a"), "1"));
  ASSERT_OK(put);
  auto range = client_->Range(RangeOf(Key("a")));
  ASSERT_OK(range);
  ASSERT_EQ(range->kvs_size(), 1);
  EXPECT_EQ(range->kvs(0).value(), "1");
  EXPECT_EQ(range->kvs(0).mod_revision(), put->header().revision());
}

TEST_F(EtcdClientTest, AGuardedPutAppliesOnlyAtTheRevisionItRead) {
  auto created = client_->Txn(GuardedPut(Key("a"), 0, "first"));
  ASSERT_OK(created);
  EXPECT_TRUE(created->succeeded());
  const int64_t revision = created->header().revision();

  auto stale = client_->Txn(GuardedPut(Key("a"), 0, "second"));
  ASSERT_OK(stale);
  EXPECT_FALSE(stale->succeeded());
  EXPECT_EQ(ValueOf(*client_, Key("a")), "first");

  auto updated = client_->Txn(GuardedPut(Key("a"), revision, "third"));
  ASSERT_OK(updated);
  EXPECT_TRUE(updated->succeeded());
  EXPECT_EQ(ValueOf(*client_, Key("a")), "third");
}

TEST_F(EtcdClientTest, ATransactionPastEtcdsLimitIsInvalidArgument) {
  etcdserverpb::TxnRequest txn;
  for (int i = 0; i < 129; ++i) {  // etcd's --max-txn-ops is 128
    *txn.add_success()->mutable_request_put() =
        PutOf(Key(absl::StrCat(i)), "v");
  }
  EXPECT_THAT(client_->Txn(txn).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("too many operations")));
  EXPECT_EQ(ValueOf(*client_, Key("0")), "");
}

TEST_F(EtcdClientTest, ARevokedLeaseTakesItsKeys) {
  auto lease = client_->LeaseGrant(absl::Seconds(60));
  ASSERT_OK(lease);
  EXPECT_EQ(lease->ttl(), 60);
  etcdserverpb::PutRequest put = PutOf(Key("leased"), "v");
  put.set_lease(lease->id());
  ASSERT_OK(client_->Put(put));
  EXPECT_EQ(ValueOf(*client_, Key("leased")), "v");
  ASSERT_OK(client_->LeaseRevoke(lease->id()));
  EXPECT_EQ(ValueOf(*client_, Key("leased")), "");
}

TEST_F(EtcdClientTest, AWatchDeliversEveryChangeFromARevisionInOrder) {
  auto first = client_->Put(PutOf(Key("k0"), "v"));
  ASSERT_OK(first);
  for (int i = 1; i < 5; ++i)
    ASSERT_OK(client_->Put(PutOf(Key(absl::StrCat("k", i)), "v")));
  WatchRecorder seen;
  auto watch = seen.Watch(client_.get(), prefix_, first->header().revision());
  etcdserverpb::TxnRequest both;  // two keys at one revision
  *both.add_success()->mutable_request_put() = PutOf(Key("k5"), "v");
  *both.add_success()->mutable_request_put() = PutOf(Key("k6"), "v");
  ASSERT_OK(client_->Txn(both));
  ASSERT_TRUE(busan::testing::WaitUntil([&] { return seen.count() >= 7; },
                                        absl::Seconds(10)));
  watch->Stop();
  EXPECT_EQ(KeysOf(seen.events), (std::vector<std::string>{
                                     Key("k0"), Key("k1"), Key("k2"), Key("k3"),
                                     Key("k4"), Key("k5"), Key("k6")}));
  EXPECT_EQ(seen.events[5].kv().mod_revision(),
            seen.events[6].kv().mod_revision());
  EXPECT_THAT(*seen.end, StatusIs(absl::StatusCode::kCancelled));
}

TEST_F(EtcdClientTest, AWatchFromACompactedRevisionEndsOutOfRange) {
  auto old = client_->Put(PutOf(Key("a"), "1"));
  ASSERT_OK(old);
  auto later = client_->Put(PutOf(Key("a"), "2"));
  ASSERT_OK(later);
  ASSERT_OK(client_->Compact(later->header().revision()));
  WatchRecorder seen;
  auto watch = seen.Watch(client_.get(), prefix_, old->header().revision());
  ASSERT_TRUE(busan::testing::WaitUntil([&] { return seen.ended(); },
                                        absl::Seconds(10)));
  EXPECT_THAT(*seen.end,
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("compacted")));
  EXPECT_EQ(seen.count(), 0u);
}

TEST_F(EtcdClientTest, ASnapshotIsSavedWholeAndChecked) {
  ASSERT_OK(client_->Put(PutOf(Key("a"), "in the snapshot")));
  busan::testing::TempDir dir;
  const std::string path = dir.Sub("etcd.db");
  ASSERT_OK(client_->SaveSnapshot(path));
  EXPECT_GT(std::filesystem::file_size(path), 4096u);
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  EXPECT_NE(dir.Read("etcd.db").find("in the snapshot"), std::string::npos);
}

// Faults: each test has a cluster of its own, since it kills members.

TEST(EtcdFailoverTest, AKilledMemberIsPassedOverByReadsAndGuardedWrites) {
  EtcdCluster cluster(3);
  ASSERT_OK(cluster.status());
  auto client = EtcdClient::Connect(cluster.ClientOptions());
  ASSERT_OK(client);
  auto created = (*client)->Txn(GuardedPut("/k", 0, "1"));
  ASSERT_OK(created);
  // The member the client calls now, leader or not.
  const int killed = static_cast<int>((*client)->current());
  cluster.Kill(killed);
  ASSERT_OK(WriteOnce(**client, "/k", created->header().revision(), "2"));
  EXPECT_NE((*client)->current(), static_cast<size_t>(killed));
  EXPECT_EQ(ValueOf(**client, "/k"), "2");
  ASSERT_OK(cluster.Restart(killed));
  ASSERT_OK(cluster.Leader());
}

TEST(EtcdFailoverTest, AKilledLeaderIsReplacedAndWritesGoOn) {
  EtcdCluster cluster(3);
  ASSERT_OK(cluster.status());
  auto client = EtcdClient::Connect(cluster.ClientOptions());
  ASSERT_OK(client);
  absl::StatusOr<int> leader = cluster.Leader();
  ASSERT_OK(leader);
  cluster.Kill(*leader);
  int64_t revision = 0;
  for (int i = 0; i < 10; ++i) {
    absl::StatusOr<int64_t> written =
        WriteOnce(**client, "/k", revision, absl::StrCat(i));
    ASSERT_OK(written) << "write " << i;
    revision = *written;
  }
  absl::StatusOr<int> next = cluster.Leader();
  ASSERT_OK(next);
  EXPECT_NE(*next, *leader);
  EXPECT_EQ(ValueOf(**client, "/k"), "9");
}

TEST(EtcdFailoverTest, APausedMemberCostsOneTimeoutThenIsPassedOver) {
  EtcdCluster cluster(3);
  ASSERT_OK(cluster.status());
  auto client = EtcdClient::Connect(cluster.ClientOptions());
  ASSERT_OK(client);
  ASSERT_OK((*client)->Put(PutOf("/k", "v")));
  const int paused = static_cast<int>((*client)->current());
  cluster.Pause(paused);
  EXPECT_EQ(ValueOf(**client, "/k"), "v");
  EXPECT_NE((*client)->current(), static_cast<size_t>(paused));
  cluster.Resume(paused);
}

TEST(EtcdFailoverTest, AWatchResumesOnAnotherMemberWithNothingLostOrRepeated) {
  EtcdCluster cluster(3);
  ASSERT_OK(cluster.status());
  auto writer = EtcdClient::Connect(cluster.ClientOptions());
  auto watcher = EtcdClient::Connect(cluster.ClientOptions());
  ASSERT_OK(writer);
  ASSERT_OK(watcher);
  auto start = (*writer)->Put(PutOf("/w/start", "v"));
  ASSERT_OK(start);
  WatchRecorder seen;
  auto watch = seen.Watch(watcher->get(), "/w/", start->header().revision());
  std::vector<std::string> expected = {"/w/start"};
  auto write = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      const std::string key = absl::StrCat("/w/", i);
      ASSERT_OK(WriteOnce(**writer, key, 0, "v"));
      expected.push_back(key);
    }
  };
  write(0, 20);
  ASSERT_TRUE(busan::testing::WaitUntil(
      [&] { return seen.count() >= expected.size(); }, absl::Seconds(10)));
  const int watched = static_cast<int>((*watcher)->current());
  cluster.Kill(watched);
  write(20, 40);
  ASSERT_TRUE(busan::testing::WaitUntil(
      [&] { return seen.count() >= expected.size(); }, absl::Seconds(30)))
      << seen.count() << " of " << expected.size();
  watch->Stop();
  EXPECT_EQ(KeysOf(seen.events), expected);
  EXPECT_NE((*watcher)->current(), static_cast<size_t>(watched));
}

}  // namespace
}  // namespace busan::etcd
