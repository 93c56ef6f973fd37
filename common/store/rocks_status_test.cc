#include "common/store/rocks_status.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

struct Case {
  rocksdb::Status from;
  absl::StatusCode to;
};

TEST(FromRocksStatusTest, MapsByCodeAndSubcode) {
  const Case cases[] = {
      {rocksdb::Status::NotFound(), absl::StatusCode::kNotFound},
      {rocksdb::Status::Corruption("bad block"), absl::StatusCode::kDataLoss},
      {rocksdb::Status::IOError("fdatasync", "Input/output error"),
       absl::StatusCode::kUnavailable},
      {rocksdb::Status::NoSpace("write", "No space left on device"),
       absl::StatusCode::kResourceExhausted},
      {rocksdb::Status::Busy(), absl::StatusCode::kUnavailable},
      {rocksdb::Status::TryAgain(), absl::StatusCode::kUnavailable},
      {rocksdb::Status::TimedOut(), absl::StatusCode::kUnavailable},
      {rocksdb::Status::ShutdownInProgress(), absl::StatusCode::kUnavailable},
      {rocksdb::Status::Incomplete(), absl::StatusCode::kUnavailable},
      {rocksdb::Status::InvalidArgument("bad option"),
       absl::StatusCode::kInternal},
      {rocksdb::Status::NotSupported(), absl::StatusCode::kInternal},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(FromRocksStatus(c.from, "writing"),
                StatusIs(c.to, HasSubstr("writing: ")))
        << c.from.ToString();
  }
  EXPECT_TRUE(FromRocksStatus(rocksdb::Status::OK(), "writing").ok());
}

// The words of a message never decide the code: an I/O error that talks
// of a block (or of a lock) is still an I/O error.
TEST(FromRocksStatusTest, MessageTextDoesNotChangeTheCode) {
  for (const char* text :
       {"could not read block 7", "lock file busy", "while lock file: LOCK"}) {
    EXPECT_THAT(FromRocksStatus(rocksdb::Status::IOError(text), "reading"),
                StatusIs(absl::StatusCode::kUnavailable, HasSubstr(text)));
  }
}

}  // namespace
}  // namespace busan::store
