#include "common/store/request_log.h"

#include "absl/time/clock.h"
#include "common/store/record_codec.h"
#include "common/store/rocks_kv_txn.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

constexpr absl::Duration kRetention = absl::Hours(1);

google::protobuf::Timestamp UnixTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  return timestamp;
}

class RequestLogTest : public ::testing::Test {
 protected:
  // Stores a record of `request_id` as if written at `created`.
  void PutRecord(const std::string& request_id, absl::Time created) {
    internal::v1::RequestRecord record;
    record.set_method("/M");
    record.set_request_digest("d1");
    *record.mutable_create_time() = UnixTimestamp(created);
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(
        batch.Put(db_->Family(1), request_id, EncodeRecord(record)).ok());
    ASSERT_OK(db_->Write(&batch));
  }
  std::vector<std::string> StoredIds() {
    std::vector<std::string> ids;
    std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(1);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ids.push_back(it->key().ToString());
    }
    return ids;
  }

  void SetUp() override {
    DatabaseOptions options;
    options.path = dir_.Sub("db");
    options.column_families = {
        {"default", nullptr},
        {"requests", nullptr, NewRequestExpiryFilter(kRetention)}};
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  busan::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(RequestLogTest, DigestIgnoresRequestIdButNotPayload) {
  internal::v1::RequestRecord a;  // any message works; use one with fields
  a.set_method("m");
  internal::v1::RequestRecord b = a;
  EXPECT_EQ(RequestDigest(a), RequestDigest(b));
  b.set_method("n");
  EXPECT_NE(RequestDigest(a), RequestDigest(b));
}

TEST_F(RequestLogTest, ReplaysSameRequestAndRefusesAnother) {
  RequestLog log(1, kRetention);
  RocksKvTxn reader(db_.get(), nullptr);
  internal::v1::PageCursor response;
  bool replayed = true;
  ASSERT_OK_AND_ASSIGN(replayed,
                       log.Replay(&reader, "id-1", "/M", "d1", &response));
  EXPECT_FALSE(replayed);

  internal::v1::PageCursor original;
  original.set_total_size(42);
  rocksdb::WriteBatch batch;
  RocksKvTxn kv(db_.get(), &batch);
  log.Record("id-1", "/M", "d1", original, &kv);
  ASSERT_OK(db_->Write(&batch));

  ASSERT_OK_AND_ASSIGN(replayed,
                       log.Replay(&reader, "id-1", "/M", "d1", &response));
  EXPECT_TRUE(replayed);
  EXPECT_EQ(response.total_size(), 42);
  EXPECT_THAT(
      log.Replay(&reader, "id-1", "/M", "d2", &response),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(log.Replay(&reader, "id-1", "/Other", "d1", &response),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("different request")));
}

TEST(RequestExpiredTest, ExpiresExactlyAtTheRetention) {
  const absl::Time now = absl::FromUnixSeconds(1'000'000);
  EXPECT_FALSE(
      RequestExpired(UnixTimestamp(now - absl::Minutes(59)), kRetention, now));
  EXPECT_TRUE(RequestExpired(UnixTimestamp(now - kRetention), kRetention, now));
  EXPECT_TRUE(
      RequestExpired(UnixTimestamp(now - absl::Hours(5)), kRetention, now));
}

TEST_F(RequestLogTest, ReplaysInsideTheRetentionOnly) {
  RequestLog log(1, kRetention);
  RocksKvTxn reader(db_.get(), nullptr);
  internal::v1::PageCursor response;
  PutRecord("recent", absl::Now() - absl::Minutes(50));
  PutRecord("expired", absl::Now() - absl::Minutes(70));
  bool replayed = false;
  ASSERT_OK_AND_ASSIGN(replayed,
                       log.Replay(&reader, "recent", "/M", "d1", &response));
  EXPECT_TRUE(replayed);
  // An expired id is new again, even for another payload.
  ASSERT_OK_AND_ASSIGN(replayed,
                       log.Replay(&reader, "expired", "/M", "d1", &response));
  EXPECT_FALSE(replayed);
  ASSERT_OK_AND_ASSIGN(replayed,
                       log.Replay(&reader, "expired", "/M", "d2", &response));
  EXPECT_FALSE(replayed);
}

TEST_F(RequestLogTest, CompactionDropsExpiredRecordsAndKeepsTheRest) {
  RequestLog log(1, kRetention);
  RocksKvTxn reader(db_.get(), nullptr);
  PutRecord("expired", absl::Now() - absl::Hours(2));
  rocksdb::WriteBatch batch;
  RocksKvTxn kv(db_.get(), &batch);
  log.Record("fresh", "/M", "d1", internal::v1::PageCursor(), &kv);
  ASSERT_OK(db_->Write(&batch));
  ASSERT_EQ(StoredIds(), (std::vector<std::string>{"expired", "fresh"}));

  ASSERT_OK(db_->Flush());
  rocksdb::CompactRangeOptions compact;
  ASSERT_TRUE(
      db_->raw()->CompactRange(compact, db_->Family(1), nullptr, nullptr).ok());
  EXPECT_EQ(StoredIds(), (std::vector<std::string>{"fresh"}));
}

TEST_F(RequestLogTest, SecretIsCreatedOnceAndKept) {
  ASSERT_OK_AND_ASSIGN(std::string first,
                       LoadOrCreateSecret(db_.get(), 0, "secret", 32));
  ASSERT_OK_AND_ASSIGN(std::string second,
                       LoadOrCreateSecret(db_.get(), 0, "secret", 32));
  EXPECT_EQ(first.size(), 32u);
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace busan::store
