// GoogleTest helpers for absl::Status, absl::StatusOr and grpc::Status,
// which Debian's Abseil does not ship. Kept in one place for every test.
#ifndef BUSAN_COMMON_TESTING_STATUS_MATCHERS_H_
#define BUSAN_COMMON_TESTING_STATUS_MATCHERS_H_

#include <grpcpp/support/status.h>

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Readable failure output for grpc::Status values (code and message rather
// than bytes), found by GoogleTest through argument-dependent lookup.
namespace grpc {
inline void PrintTo(const Status& status, std::ostream* out) {
  *out << "grpc::Status(" << static_cast<int>(status.error_code()) << ", \""
       << status.error_message() << "\")";
}
}  // namespace grpc

namespace busan::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}
inline absl::Status GetStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

// EXPECT_THAT(status, IsOk()).
MATCHER(IsOk, "is OK") {
  const absl::Status status = ::busan::testing::GetStatus(arg);
  *result_listener << "status: " << status;
  return status.ok();
}

// EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, HasSubstr("x"))).
MATCHER_P2(StatusIs, code, message_matcher,
           "has code " + absl::StatusCodeToString(code)) {
  const absl::Status status = ::busan::testing::GetStatus(arg);
  *result_listener << "status: " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(
             message_matcher, std::string(status.message()), result_listener);
}

// EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound)).
MATCHER_P(StatusIs, code, "has code " + absl::StatusCodeToString(code)) {
  const absl::Status status = ::busan::testing::GetStatus(arg);
  *result_listener << "status: " << status;
  return status.code() == code;
}

}  // namespace busan::testing

// ASSERT_OK_AND_ASSIGN(lhs, expr): fails the test when expr is not OK.
#define BUSAN_TEST_CONCAT_INNER_(a, b) a##b
#define BUSAN_TEST_CONCAT_(a, b) BUSAN_TEST_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, expr)                     \
  auto BUSAN_TEST_CONCAT_(statusor_, __LINE__) = (expr);    \
  ASSERT_TRUE(BUSAN_TEST_CONCAT_(statusor_, __LINE__).ok()) \
      << BUSAN_TEST_CONCAT_(statusor_, __LINE__).status();  \
  lhs = std::move(*BUSAN_TEST_CONCAT_(statusor_, __LINE__))

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::busan::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::busan::testing::IsOk())

#endif  // BUSAN_COMMON_TESTING_STATUS_MATCHERS_H_
