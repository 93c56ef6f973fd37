#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "common/query/filter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::query {
namespace {

using ::busan::catalog::v1::Project;
using ::busan::catalog::v1::Strategy;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct InvalidCase {
  std::string filter;
  // Parts the message must contain: its position and what it names.
  std::vector<std::string> parts;
};

TEST(FilterErrorsTest, InvalidFiltersNamePositionAndField) {
  const std::vector<InvalidCase> cases = {
      {"budget = 5", {"filter: unknown field \"budget\" at position 1"}},
      {"origin = NEW AND bogus:x", {"unknown field \"bogus\" at position 18"}},
      {R"(display_name = "Port)", {"syntax error at position 16", "string"}},
      {"budget_krw >",
       {"syntax error at position 13", "expected a value after \">\""}},
      {"budget_krw == 5",
       {"syntax error at position 13", "expected a value after \"=\""}},
      {"origin = NEW AND",
       {"syntax error at position 17", "expected a restriction"}},
      {"origin = NEW OR", {"position 16", "expected a restriction"}},
      {"AND origin = NEW", {"position 1", "expected a restriction"}},
      {"origin = NEW !", {"position 14", "\"!\""}},
      {"(origin = NEW", {"position 14", "\")\""}},
      {"((origin = NEW)", {"position 16", "\"(\" at position 1"}},
      {"origin = NEW)", {"position 13", "\")\""}},
      {"()", {"position 2", "expected a restriction"}},
      {"budget_krw = abc",
       {"filter: field \"budget_krw\" takes an integer, got \"abc\" at "
        "position 14"}},
      {"budget_krw = 5*", {"field \"budget_krw\"", "position 14"}},
      {"budget_krw < \"12x\"", {"field \"budget_krw\"", "position 14"}},
      {"origin = SPACE",
       {"filter: \"SPACE\" is not a value of busan.catalog.v1.Project.Origin "
        "at position 10"}},
      {"origin = 9", {"\"9\" is not a value of", "position 10"}},
      {"origin = new", {"\"new\" is not a value of", "position 10"}},
      {"start_year = 2147483648",
       {"field \"start_year\" takes an integer in [-2147483648, 2147483647]",
        "position 14"}},
      {"start_year = -2147483649", {"field \"start_year\"", "position 14"}},
      {"budget_krw = 9223372036854775808",
       {"field \"budget_krw\"", "position 14"}},
      {"national_alignment = yes",
       {"field \"national_alignment\" takes true or false", "position 22"}},
      {R"(create_time > "yesterday")",
       {"field \"create_time\" takes an RFC 3339 time", "position 15"}},
      {"create_time > 2025", {"field \"create_time\"", "position 15"}},
      {"port", {"filter: a restriction needs a field", "position 1"}},
      {R"("port")", {"a restriction needs a field", "position 1"}},
      {"origin = NEW port", {"a restriction needs a field", "position 14"}},
      {"origin = NEW and stage = PLANNED",
       {"\"and\" stands alone at position 14"}},
      {R"(tags = "port")", {"field \"tags\" is repeated", "position 1"}},
      {R"(sources = "x")", {"field \"sources\" is repeated", "position 1"}},
      {R"(display_name : "Port")", {"field \"display_name\"", "position 14"}},
      {R"(sources:"x")", {"field \"sources\"", "position 8"}},
      {"origin.x = 1",
       {"field \"origin\" is not a message", "\"x\"", "position 8"}},
      {R"(sources.title = "x")",
       {"field \"sources\" is repeated", "position 9"}},
      {"create_time.bogus = 1",
       {"unknown field \"bogus\" in google.protobuf.Timestamp", "position 13"}},
      {"budget_krw. = 1",
       {"\"budget_krw.\" is not a field path", "position 12"}},
      {"5 = budget_krw", {"\"5\" is not a field path", "position 1"}},
  };
  for (const InvalidCase& c : cases) {
    absl::StatusOr<Filter> filter =
        Filter::Compile(c.filter, Project::descriptor());
    ASSERT_FALSE(filter.ok()) << c.filter;
    EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument)
        << c.filter;
    EXPECT_THAT(std::string(filter.status().message()), StartsWith("filter: "))
        << c.filter;
    for (const std::string& part : c.parts) {
      EXPECT_THAT(std::string(filter.status().message()), HasSubstr(part))
          << c.filter;
    }
  }
}

TEST(FilterErrorsTest, MessageFieldsCannotBeCompared) {
  absl::StatusOr<Filter> filter =
      Filter::Compile("origin_counts = 3", Strategy::descriptor());
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(filter.status().message()),
              HasSubstr("field \"origin_counts\" is a message"));
  EXPECT_THAT(std::string(filter.status().message()), HasSubstr("position 1"));

  filter = Filter::Compile("origin_counts.bogus = 1", Strategy::descriptor());
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(filter.status().message(),
            "filter: unknown field \"bogus\" in busan.catalog.v1.OriginCounts "
            "at position 15");
}

// `display_name = "xx...x"` of exactly `size` bytes.
std::string FilterOfSize(size_t size) {
  const std::string head = "display_name = \"";
  return head + std::string(size - head.size() - 1, 'x') + "\"";
}

TEST(FilterErrorsTest, LengthLimit) {
  const std::string longest = FilterOfSize(Filter::kMaxBytes);
  ASSERT_EQ(longest.size(), 4096u);
  EXPECT_TRUE(Filter::Compile(longest, Project::descriptor()).ok());

  const std::string too_long = FilterOfSize(Filter::kMaxBytes + 1);
  absl::StatusOr<Filter> filter =
      Filter::Compile(too_long, Project::descriptor());
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(filter.status().message()),
              StartsWith("filter: 4097 bytes"));
  EXPECT_THAT(std::string(filter.status().message()), HasSubstr("4096"));
}

std::string Nested(int depth, std::string_view open, std::string_view close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += "origin = NEW";
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

TEST(FilterErrorsTest, DepthLimit) {
  Project project;
  project.set_origin(Project::NEW);
  // 32 levels are accepted; an even number of negations cancels out.
  for (const std::string& text :
       {Nested(32, "(", ")"), Nested(32, "NOT ", ""), Nested(32, "-", ""),
        Nested(16, "NOT (", ")")}) {
    absl::StatusOr<Filter> filter =
        Filter::Compile(text, Project::descriptor());
    ASSERT_TRUE(filter.ok()) << text << ": " << filter.status();
    EXPECT_TRUE(filter->Matches(project)) << text;
  }

  const std::vector<std::pair<std::string, std::string>> too_deep = {
      {Nested(33, "(", ")"), "at position 33"},
      {Nested(33, "NOT ", ""), "at position 129"},
      {Nested(33, "-", ""), "at position 33"},
      // Depth counts per operand: the first two are 32 deep and fine; the
      // third has a 33rd level at byte 275.
      {Nested(16, "NOT (", ")") + " AND " + Nested(32, "(", ")") + " AND " +
           Nested(16, "NOT (", ")").replace(16 * 5, 0, "(") + ")",
       "at position 275"},
  };
  for (const auto& [text, position] : too_deep) {
    absl::StatusOr<Filter> filter =
        Filter::Compile(text, Project::descriptor());
    ASSERT_FALSE(filter.ok()) << text;
    EXPECT_EQ(filter.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(filter.status().message()),
                HasSubstr("nesting deeper than 32 levels"));
    EXPECT_THAT(std::string(filter.status().message()), HasSubstr(position))
        << text;
  }
}

TEST(FilterErrorsTest, QuotesUtf8Readably) {
  absl::StatusOr<Filter> filter =
      Filter::Compile("origin = 부산", Project::descriptor());
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(filter.status().message(),
            "filter: \"부산\" is not a value of "
            "busan.catalog.v1.Project.Origin at position 10");
}

}  // namespace
}  // namespace busan::query
