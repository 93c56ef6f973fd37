#include "common/validation/validators.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace busan::validation {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(IdTest, AcceptsAndRefuses) {
  for (const char* good :
       {"a", "marine-port-ax-center", "a1-2",
        "a12345678901234567890123456789012345678901234567890123456789012"}) {
    EXPECT_TRUE(IsValidId(good)) << good;
  }
  for (const char* bad :
       {"", "1abc", "-a", "Abc", "a_b", "a b", "a/b", "가",
        "a123456789012345678901234567890123456789012345678901234567890123"}) {
    EXPECT_FALSE(IsValidId(bad)) << bad;
  }
  EXPECT_THAT(
      CheckId("project_id", "Bad"),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("project_id: ")));
}

TEST(RequestIdTest, OnlyCanonicalUuids) {
  EXPECT_THAT(CheckRequestId("request_id", ""), IsOk());
  EXPECT_THAT(
      CheckRequestId("request_id", "123e4567-e89b-12d3-a456-426614174000"),
      IsOk());
  EXPECT_THAT(
      CheckRequestId("request_id", "123E4567-E89B-12D3-A456-426614174000"),
      IsOk());
  for (const char* bad : {"x", "123e4567e89b12d3a456426614174000",
                          "123e4567-e89b-12d3-a456-42661417400g",
                          "{123e4567-e89b-12d3-a456-426614174000}",
                          "123e4567-e89b-12d3-a456-4266141740000"}) {
    EXPECT_THAT(CheckRequestId("request_id", bad),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("request_id: ")))
        << bad;
  }
}

TEST(TextTest, Utf8LengthAndRequired) {
  EXPECT_THAT(CheckText("f", "부산 Busan", 8, true), IsOk());
  EXPECT_THAT(
      CheckText("f", "부산 Busan", 7, true),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most 7")));
  EXPECT_THAT(CheckText("f", "  ", 10, true),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must not be empty")));
  EXPECT_THAT(CheckText("f", "", 10, false), IsOk());
  for (std::string bad : {std::string("\xff"), std::string("a\xc3"),
                          std::string("\xc0\xaf"),             // overlong
                          std::string("\xed\xa0\x80"),         // surrogate
                          std::string("\xf4\x90\x80\x80")}) {  // > U+10FFFF
    EXPECT_THAT(CheckText("p.display_name", bad, 10, false),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         "p.display_name: is not valid UTF-8"));
  }
}

TEST(TextTest, ControlCharactersAreRefused) {
  for (std::string bad :
       {std::string("Busan\0Port", 10), std::string("\x1b[31mred"),
        std::string("tab\there"), std::string("line\nbreak"),
        std::string("del\x7f"), std::string("c1\xc2\x85")}) {
    EXPECT_THAT(CheckText("p.display_name", bad, 100, true),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("p.display_name: must not contain control "
                                    "characters (U+")))
        << bad;
  }
  EXPECT_THAT(CheckText("f", std::string("ab\0", 3), 10, false),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("(U+0000 at character 3)")));
  // Descriptions keep their line breaks and tabs, and nothing else.
  EXPECT_THAT(CheckText("d", "Line one\r\n\tLine two", 100, false,
                        TextLines::kMultiple),
              IsOk());
  EXPECT_THAT(
      CheckText("d", std::string("a\0b", 3), 100, false, TextLines::kMultiple),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("U+0000")));
  // Printable text beyond ASCII is not a control character.
  EXPECT_THAT(CheckText("f", "부산 · Busan ¥ ©", 100, true), IsOk());
}

TEST(DateTest, PartialDates) {
  for (const char* good : {"", "2025", "2025-11", "2025-11-10", "2024-02-29"}) {
    EXPECT_THAT(CheckPartialDate("d", good), IsOk()) << good;
  }
  for (const char* bad : {"25", "2025-13", "2025-02-29", "2025-1-01",
                          "2025/11/10", "1800", "2025-11-10T00"}) {
    EXPECT_THAT(CheckPartialDate("d", bad),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("d: ")))
        << bad;
  }
}

TEST(SourcesTest, NamesTheBadSource) {
  google::protobuf::RepeatedPtrField<type::v1::Source> sources;
  sources.Add()->set_title("ok");
  type::v1::Source* bad = sources.Add();
  bad->set_title("t");
  bad->set_url("ftp://x");
  EXPECT_THAT(CheckSources("plan.sources", sources),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("plan.sources[1].url: ")));
  bad->set_url("https://www.busan.go.kr");
  bad->set_published("2025-11-31");
  EXPECT_THAT(CheckSources("plan.sources", sources),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("plan.sources[1].published: ")));
  bad->set_published("2025-11-30");
  EXPECT_THAT(CheckSources("plan.sources", sources), IsOk());
  sources.Add();
  EXPECT_THAT(CheckSources("plan.sources", sources),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("plan.sources[2].title: ")));
}

TEST(CheckedAddTest, RefusesOverflow) {
  int64_t sum = 0;
  EXPECT_THAT(CheckedAdd("t", 1, 2, &sum), IsOk());
  EXPECT_EQ(sum, 3);
  EXPECT_THAT(CheckedAdd("t", INT64_MAX, 1, &sum),
              StatusIs(absl::StatusCode::kOutOfRange, StartsWith("t: ")));
  EXPECT_EQ(sum, 3);  // a refused sum leaves the output as it was
}

}  // namespace
}  // namespace busan::validation
