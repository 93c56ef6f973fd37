#include "common/store/database.h"

#include <filesystem>

#include "busan/internal/v1/internal.pb.h"
#include "common/store/record_codec.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

DatabaseOptions TwoFamilies(const std::string& path) {
  DatabaseOptions options;
  options.path = path;
  options.column_families = {{"default", nullptr}, {"records", nullptr}};
  return options;
}

TEST(DatabaseTest, WritesAreReadBackAfterReopen) {
  busan::testing::TempDir dir;
  internal::v1::PageCursor cursor;
  cursor.set_total_size(7);
  {
    ASSERT_OK_AND_ASSIGN(auto db, Database::Open(TwoFamilies(dir.Sub("db"))));
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put(db->Family(1), "k", EncodeRecord(cursor)).ok());
    ASSERT_OK(db->Write(&batch));
  }
  ASSERT_OK_AND_ASSIGN(auto db, Database::Open(TwoFamilies(dir.Sub("db"))));
  internal::v1::PageCursor read;
  ASSERT_OK(db->GetRecord(1, "k", &read));
  EXPECT_EQ(read.total_size(), 7);
  // The caller names the resource; the key bytes are never shown.
  EXPECT_THAT(db->GetRecord(1, "missing", &read),
              StatusIs(absl::StatusCode::kNotFound, kNoSuchRecord));
  std::string value;
  EXPECT_THAT(db->Get(1, "missing", &value),
              StatusIs(absl::StatusCode::kNotFound, kNoSuchRecord));
}

TEST(DatabaseTest, AStoreAboveAnEmptyDataDirectoryIsFoundNotHidden) {
  busan::testing::TempDir dir;
  const std::string volume = dir.Sub("volume");
  EXPECT_TRUE(CheckNoStoreAbove(volume + "/db").ok());  // nothing anywhere
  {
    DatabaseOptions options;
    options.path = volume;  // the store at the volume's root
    options.column_families = {{"default", nullptr}};
    const auto opened = Database::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
  }
  EXPECT_THAT(CheckNoStoreAbove(volume + "/db"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("move the store's files into")));
  std::filesystem::create_directories(volume + "/db");
  EXPECT_THAT(CheckNoStoreAbove(volume + "/db/"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // Once the store is in its directory, the parent's files do not matter.
  {
    DatabaseOptions options;
    options.path = volume + "/db";
    options.column_families = {{"default", nullptr}};
    const auto opened = Database::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
  }
  EXPECT_TRUE(CheckNoStoreAbove(volume + "/db").ok());
}

TEST(DatabaseTest, SecondOpenOfSameDirectoryIsFailedPrecondition) {
  busan::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto first, Database::Open(TwoFamilies(dir.Sub("db"))));
  EXPECT_THAT(Database::Open(TwoFamilies(dir.Sub("db"))),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("in use by this process")));
  // The same directory by another spelling is the same directory.
  EXPECT_THAT(Database::Open(TwoFamilies(dir.Sub("./db/"))),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("another server")));
  // The failed attempts left the first open intact, and once it is closed
  // the directory opens again.
  std::string value;
  EXPECT_THAT(first->Get(1, "k", &value),
              StatusIs(absl::StatusCode::kNotFound, kNoSuchRecord));
  first.reset();
  EXPECT_OK(Database::Open(TwoFamilies(dir.Sub("db"))));
}

TEST(DatabaseTest, UncreatableDirectoryIsFailedPrecondition) {
  busan::testing::TempDir dir;
  // A regular file where a parent directory should be.
  FILE* file = fopen(dir.Sub("file").c_str(), "w");
  ASSERT_NE(file, nullptr);
  fclose(file);
  EXPECT_THAT(Database::Open(TwoFamilies(dir.Sub("file/db"))),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot be created")));
}

TEST(RecordCodecTest, RefusesUnknownVersionAndGarbage) {
  internal::v1::PageCursor cursor;
  std::string bytes = EncodeRecord(cursor);
  bytes[0] = 9;
  EXPECT_THAT(DecodeRecord(bytes, &cursor),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("version")));
  EXPECT_THAT(DecodeRecord("", &cursor),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("version")));
  std::string garbage(1, kRecordSchemaVersion);
  garbage += "\xff\xff\xff";
  EXPECT_THAT(DecodeRecord(garbage, &cursor),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("parse")));
}

}  // namespace
}  // namespace busan::store
