#include "common/store/request_log.h"

#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

class RequestLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.path = dir_.Sub("db");
    options.column_families = {{"default", nullptr}, {"requests", nullptr}};
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
  RequestLog log(db_.get(), 1);
  internal::v1::PageCursor response;
  bool replayed = true;
  ASSERT_OK_AND_ASSIGN(replayed, log.Replay("id-1", "/M", "d1", &response));
  EXPECT_FALSE(replayed);

  internal::v1::PageCursor original;
  original.set_total_size(42);
  rocksdb::WriteBatch batch;
  log.Record("id-1", "/M", "d1", original, &batch);
  ASSERT_OK(db_->Write(&batch));

  ASSERT_OK_AND_ASSIGN(replayed, log.Replay("id-1", "/M", "d1", &response));
  EXPECT_TRUE(replayed);
  EXPECT_EQ(response.total_size(), 42);
  EXPECT_THAT(
      log.Replay("id-1", "/M", "d2", &response),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(log.Replay("id-1", "/Other", "d1", &response),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("different request")));
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
