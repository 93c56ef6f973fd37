#include "common/status/grpc_status.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan {
namespace {

using ::testing::EndsWith;
using ::testing::StartsWith;

TEST(GrpcStatusTest, KeepsCodeAndPlainMessage) {
  const grpc::Status status =
      ToGrpcStatus(absl::NotFoundError("projects/x: not found · 부산"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "projects/x: not found · 부산");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(GrpcStatusTest, EscapesControlCharactersAndBrokenUtf8) {
  EXPECT_EQ(BoundedStatusMessage(std::string("a\0b\x1b[2J\x7f", 8)),
            "a\\x00b\\x1b[2J\\x7f");
  // A lone continuation byte, a truncated sequence and a C1 control.
  EXPECT_EQ(BoundedStatusMessage("x\x80y\xe4\xb8"), "x\\x80y\\xe4\\xb8");
  EXPECT_EQ(BoundedStatusMessage("\xc2\x85"), "\\xc2\\x85");
}

TEST(GrpcStatusTest, CutsLongMessagesOnACharacterBoundary) {
  const std::string huge = "name: " + std::string(10 * 1024, 'a');
  const std::string bounded = BoundedStatusMessage(huge);
  EXPECT_LE(bounded.size(), kMaxStatusMessageBytes + 32);
  EXPECT_THAT(bounded, StartsWith("name: aaaa"));
  EXPECT_THAT(bounded, EndsWith("more bytes)"));
  // Three-byte characters are never split.
  std::string korean;
  for (int i = 0; i < 1000; ++i) korean += "부";
  const std::string cut = BoundedStatusMessage(korean);
  const size_t kept = cut.find("...");
  ASSERT_NE(kept, std::string::npos);
  EXPECT_EQ(kept % 3, 0u);
  EXPECT_LE(kept, kMaxStatusMessageBytes);
  EXPECT_EQ(ToGrpcStatus(absl::InvalidArgumentError(huge)).error_message(),
            bounded);
}

}  // namespace
}  // namespace busan
