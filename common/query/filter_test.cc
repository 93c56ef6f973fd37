#include "common/query/filter.h"

#include <string>
#include <string_view>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace busan::query {
namespace {

using ::busan::catalog::v1::Project;
using ::busan::catalog::v1::Strategy;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::Optional;

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

// Four projects; "c" has no budget, years, tags, alignment or create_time.
std::vector<Project> Projects() {
  return {
      Parse<Project>(R"pb(
        name: "projects/a"
        display_name: "Port AX Center"
        display_name_ko: "부산항 AX 센터"
        strategy: "strategies/marine"
        origin: NEW
        stage: IN_PROGRESS
        budget_krw: 5000000000
        start_year: 2025
        end_year: 2030
        tags: [ "port", "ai" ]
        national_alignment: true
        lead_agency: "Busan Port Authority"
        create_time { seconds: 1761955200 })pb"),  // 2025-11-01T00:00:00Z
      Parse<Project>(R"pb(
        name: "projects/b"
        display_name: "Fintech Hub"
        strategy: "strategies/finance"
        origin: UPGRADED
        stage: PLANNED
        budget_krw: 120
        start_year: 2024
        end_year: 2026
        tags: [ "finance", "port-city" ]
        national_alignment: false
        lead_agency: "Busan Finance Agency"
        create_time { seconds: 1762084800 nanos: 500000000 })pb"),
      Parse<Project>(R"pb(
        name: "projects/c"
        display_name: "Centum Port Link"
        strategy: "strategies/marine"
        origin: EXPANDED
        stage: COMPLETED)pb"),
      Parse<Project>(R"pb(
        name: "projects/d"
        display_name: "Debt Relief"
        strategy: "strategies/finance"
        stage: SUSPENDED
        budget_krw: 0
        start_year: 2030
        end_year: 2031
        tags: "ai"
        national_alignment: true
        location: "Dock \"7\""
        create_time { seconds: 1704067200 })pb"),  // 2024-01-01T00:00:00Z
  };
}

// Short ids ("a" for "projects/a") of the projects `filter` matches.
template <typename T>
std::vector<std::string> Matching(std::string_view filter,
                                  const std::vector<T>& messages) {
  absl::StatusOr<Filter> compiled = Filter::Compile(filter, T::descriptor());
  EXPECT_TRUE(compiled.ok()) << filter << ": " << compiled.status();
  std::vector<std::string> ids;
  if (!compiled.ok()) return ids;
  for (const T& message : messages) {
    if (compiled->Matches(message)) {
      ids.push_back(message.name().substr(message.name().find('/') + 1));
    }
  }
  return ids;
}

struct MatchCase {
  std::string filter;
  std::vector<std::string> expected;
};

void ExpectMatches(const std::vector<MatchCase>& cases) {
  const std::vector<Project> projects = Projects();
  for (const MatchCase& c : cases) {
    EXPECT_THAT(Matching(c.filter, projects), ElementsAreArray(c.expected))
        << "filter: " << c.filter;
  }
}

TEST(FilterTest, EmptyFilterMatchesEverything) {
  for (std::string_view text : {"", "   ", "\t\n"}) {
    absl::StatusOr<Filter> filter =
        Filter::Compile(text, Project::descriptor());
    ASSERT_TRUE(filter.ok()) << filter.status();
    EXPECT_TRUE(filter->empty());
    EXPECT_THAT(Matching(text, Projects()), ElementsAre("a", "b", "c", "d"));
  }
  EXPECT_TRUE(Filter().Matches(Strategy()));
  absl::StatusOr<Filter> some =
      Filter::Compile("origin = NEW", Project::descriptor());
  ASSERT_TRUE(some.ok());
  EXPECT_FALSE(some->empty());
}

TEST(FilterTest, StringComparisons) {
  ExpectMatches({
      {R"(strategy = "strategies/marine")", {"a", "c"}},
      {R"(strategy = 'strategies/marine')", {"a", "c"}},
      {"strategy = strategies/marine", {"a", "c"}},
      {R"(strategy != "strategies/marine")", {"b", "d"}},
      {R"(display_name < "D")", {"c"}},
      {R"(display_name <= "Debt Relief")", {"c", "d"}},
      {R"(display_name > "Fintech Hub")", {"a"}},
      {R"(display_name >= "Fintech Hub")", {"a", "b"}},
      {R"(location = "Dock \"7\"")", {"d"}},
      {R"(location = 'Dock "7"')", {"d"}},
      {R"(lead_agency = "")", {"c", "d"}},
  });
}

TEST(FilterTest, Utf8Text) {
  ExpectMatches({
      {R"(display_name_ko = "부산항 AX 센터")", {"a"}},
      {"display_name_ko = 부산항*", {"a"}},
      {R"(display_name_ko = "*센터")", {"a"}},
      {R"(display_name_ko != "*센터")", {"b", "c", "d"}},
  });
}

TEST(FilterTest, Wildcards) {
  ExpectMatches({
      {R"(display_name = "Port*")", {"a"}},
      {"display_name = Port*", {"a"}},
      {R"(display_name = "*Hub")", {"b"}},
      {R"(display_name = "*Port*")", {"a", "c"}},
      {R"(display_name != "*Port*")", {"b", "d"}},
      {R"(display_name != "Port*")", {"b", "c", "d"}},
      {R"(display_name = "*")", {"a", "b", "c", "d"}},
      {R"(display_name = "Port\*")", {}},
      {R"(display_name = "port*")", {}},  // case-sensitive
      // No wildcards for <: "Port AX Center" < "Port AX*" as ' ' < '*'.
      {R"(display_name >= "Port AX*")", {}},
  });
}

TEST(FilterTest, IntegerComparisons) {
  ExpectMatches({
      {"budget_krw = 120", {"b"}},
      {"budget_krw != 120", {"a", "d"}},
      {"budget_krw < 5000000000", {"b", "d"}},
      {"budget_krw <= 5000000000", {"a", "b", "d"}},
      {"budget_krw > 0", {"a", "b"}},
      {"budget_krw >= 0", {"a", "b", "d"}},
      {"budget_krw > -1", {"a", "b", "d"}},
      {R"(budget_krw = "120")", {"b"}},
      {"start_year = 2025", {"a"}},
      {"start_year != 2025", {"b", "d"}},
      {"start_year < 2025", {"b"}},
      {"start_year <= 2025", {"a", "b"}},
      {"start_year > 2025", {"d"}},
      {"start_year >= 2025", {"a", "d"}},
      {"start_year>=2025", {"a", "d"}},
  });
}

TEST(FilterTest, BoolComparisons) {
  ExpectMatches({
      {"national_alignment = true", {"a", "d"}},
      {"national_alignment = false", {"b"}},
      {"national_alignment != true", {"b"}},
      {"national_alignment != false", {"a", "d"}},
      {"national_alignment < true", {"b"}},
      {"national_alignment <= false", {"b"}},
      {"national_alignment > false", {"a", "d"}},
      {"national_alignment >= false", {"a", "b", "d"}},
  });
}

TEST(FilterTest, EnumComparisons) {
  ExpectMatches({
      {"origin = NEW", {"a"}},
      {R"(origin = "NEW")", {"a"}},
      {"origin = 1", {"a"}},
      {"origin = ORIGIN_UNSPECIFIED", {"d"}},
      {"origin != NEW", {"b", "c", "d"}},
      {"stage < COMPLETED", {"a", "b"}},
      {"stage <= COMPLETED", {"a", "b", "c"}},
      {"stage > COMPLETED", {"d"}},
      {"stage >= IN_PROGRESS", {"a", "c", "d"}},
  });
}

TEST(FilterTest, TimestampComparisons) {
  ExpectMatches({
      {R"(create_time = "2025-11-01T00:00:00Z")", {"a"}},
      {R"(create_time = "2025-11-01T09:00:00+09:00")", {"a"}},
      {R"(create_time != "2025-11-01T00:00:00Z")", {"b", "d"}},
      {R"(create_time > "2025-11-01T00:00:00Z")", {"b"}},
      {R"(create_time >= "2025-11-01T00:00:00Z")", {"a", "b"}},
      {R"(create_time < "2025-11-02T12:00:00.5Z")", {"a", "d"}},
      {R"(create_time <= "2025-11-02T12:00:00.5Z")", {"a", "b", "d"}},
      {R"(create_time > "2025-11-02T12:00:00Z")", {"b"}},  // nanos count
      {R"(create_time > "2025-11-02T12:00:00.6Z")", {}},
      {"create_time.seconds = 1704067200", {"d"}},
  });
}

TEST(FilterTest, HasOperator) {
  ExpectMatches({
      {"tags:port", {"a"}},
      {R"(tags : "ai")", {"a", "d"}},
      {R"(tags:"port*")", {"a", "b"}},
      {R"(tags:"*ance")", {"b"}},
      {"tags:nothing", {}},
      {"tags:*", {"a", "b", "d"}},
      {"budget_krw:*", {"a", "b", "d"}},
      {"national_alignment:*", {"a", "b", "d"}},
      {"create_time:*", {"a", "b", "d"}},
      {"lead_agency:*", {"a", "b"}},
      {"origin:*", {"a", "b", "c"}},
      {"NOT tags:*", {"c"}},
  });
}

TEST(FilterTest, AbsentOptionalFailsEveryComparison) {
  // "c" has no budget_krw, start_year, national_alignment or create_time.
  ExpectMatches({
      {"budget_krw = 0", {"d"}},
      {"budget_krw != 5", {"a", "b", "d"}},
      {"budget_krw < 5", {"d"}},
      {"NOT budget_krw > 5", {"c", "d"}},
      {"-budget_krw:*", {"c"}},
      {"national_alignment != true", {"b"}},
      {"NOT national_alignment = true", {"b", "c"}},
      {R"(create_time < "2100-01-01T00:00:00Z")", {"a", "b", "d"}},
  });
}

TEST(FilterTest, AndOrNotAndParentheses) {
  ExpectMatches({
      {R"(strategy = "strategies/marine" AND origin = NEW)", {"a"}},
      {"origin = NEW OR origin = UPGRADED", {"a", "b"}},
      {"origin = NEW OR origin = UPGRADED OR stage = SUSPENDED",
       {"a", "b", "d"}},
      {"NOT origin = NEW", {"b", "c", "d"}},
      {"-origin = NEW", {"b", "c", "d"}},
      {"- tags:ai", {"b", "c"}},
      {"NOT NOT origin = NEW", {"a"}},
      {"NOT (origin = NEW OR origin = UPGRADED)", {"c", "d"}},
      {"(origin = NEW AND stage = IN_PROGRESS) OR stage = PLANNED", {"a", "b"}},
      {"(origin = NEW OR origin = EXPANDED) AND (tags:ai OR budget_krw:*)",
       {"a"}},
      {"((origin = NEW))", {"a"}},
      {"origin=NEW OR(stage=PLANNED)", {"a", "b"}},
  });
}

TEST(FilterTest, OrBindsTighterThanAnd) {
  ExpectMatches({
      // a AND (b OR c); with the usual precedence "b" would match too.
      {"origin = NEW AND stage = IN_PROGRESS OR stage = PLANNED", {"a"}},
      // (a OR b) AND c; with the usual precedence "b" would match too.
      {"stage = PLANNED OR stage = COMPLETED AND origin = EXPANDED", {"c"}},
  });
}

TEST(FilterTest, JuxtapositionMeansAnd) {
  ExpectMatches({
      {R"(strategy = "strategies/finance" national_alignment = true)", {"d"}},
      // Juxtaposition binds looser than OR: (PLANNED OR SUSPENDED) AND ...
      {"stage = PLANNED OR stage = SUSPENDED national_alignment = true", {"d"}},
      {"origin = NEW tags:ai AND budget_krw > 0", {"a"}},
  });
}

TEST(FilterTest, DottedPathsThroughMessages) {
  const std::vector<Strategy> strategies = {
      Parse<Strategy>(
          R"pb(name: "strategies/s1"
               plan: "plans/p"
               ordinal: 1
               origin_counts { new_count: 3 upgraded_count: 1 })pb"),
      Parse<Strategy>(R"pb(name: "strategies/s2" plan: "plans/q")pb"),
      Parse<Strategy>(R"pb(name: "strategies/s3"
                           plan: "plans/p"
                           ordinal: 3
                           origin_counts { expanded_count: 2 })pb"),
  };
  EXPECT_THAT(Matching("origin_counts.new_count = 3", strategies),
              ElementsAre("s1"));
  EXPECT_THAT(Matching("origin_counts.new_count >= 0", strategies),
              ElementsAre("s1", "s3"));  // s2 has no origin_counts: absent
  EXPECT_THAT(Matching("origin_counts.new_count = 0", strategies),
              ElementsAre("s3"));
  EXPECT_THAT(Matching("NOT origin_counts.new_count = 0", strategies),
              ElementsAre("s1", "s2"));
  EXPECT_THAT(Matching("origin_counts:*", strategies), ElementsAre("s1", "s3"));
  EXPECT_THAT(Matching("origin_counts.upgraded_count:*", strategies),
              ElementsAre("s1"));
  EXPECT_THAT(Matching(R"(plan = "plans/p" AND ordinal > 1)", strategies),
              ElementsAre("s3"));
}

TEST(FilterTest, HasOnMapTestsKeys) {
  const auto with_keys = Parse<google::protobuf::Struct>(
      R"pb(fields {
             key: "port"
             value { number_value: 1 }
           }
           fields {
             key: "finance"
             value {}
           })pb");
  const google::protobuf::Struct without_keys;
  const struct {
    std::string filter;
    bool with, without;
  } cases[] = {
      {"fields:port", true, false},    {R"(fields:"fin*")", true, false},
      {"fields:marine", false, false}, {"fields:*", true, false},
      {"NOT fields:*", false, true},
  };
  for (const auto& c : cases) {
    absl::StatusOr<Filter> filter =
        Filter::Compile(c.filter, google::protobuf::Struct::descriptor());
    ASSERT_TRUE(filter.ok()) << c.filter << ": " << filter.status();
    EXPECT_EQ(filter->Matches(with_keys), c.with) << c.filter;
    EXPECT_EQ(filter->Matches(without_keys), c.without) << c.filter;
  }
  absl::StatusOr<Filter> compare = Filter::Compile(
      R"(fields = "port")", google::protobuf::Struct::descriptor());
  ASSERT_FALSE(compare.ok());
  EXPECT_EQ(compare.status().message(),
            "filter: field \"fields\" is a map; use \":\" to test its keys at "
            "position 1");
}

TEST(FilterTest, OtherMessageTypeNeverMatches) {
  absl::StatusOr<Filter> filter =
      Filter::Compile("name = \"x\"", Project::descriptor());
  ASSERT_TRUE(filter.ok()) << filter.status();
  Strategy strategy;
  strategy.set_name("x");
  EXPECT_FALSE(filter->Matches(strategy));
  Project project;
  project.set_name("x");
  EXPECT_TRUE(filter->Matches(project));
}

std::optional<std::string> Required(std::string_view filter,
                                    std::string_view path) {
  absl::StatusOr<Filter> compiled =
      Filter::Compile(filter, Project::descriptor());
  EXPECT_TRUE(compiled.ok()) << filter << ": " << compiled.status();
  return compiled.ok() ? compiled->RequiredEquality(path) : std::nullopt;
}

TEST(FilterTest, RequiredEqualityFindsTopLevelEquality) {
  EXPECT_THAT(Required(R"(strategy = "strategies/marine")", "strategy"),
              Optional(std::string("strategies/marine")));
  const std::string both = R"(strategy = "strategies/m" AND origin = NEW)";
  EXPECT_THAT(Required(both, "strategy"),
              Optional(std::string("strategies/m")));
  EXPECT_THAT(Required(both, "origin"), Optional(std::string("NEW")));
  EXPECT_THAT(Required("origin = 2", "origin"),
              Optional(std::string("UPGRADED")));
  EXPECT_THAT(Required("budget_krw = 120", "budget_krw"),
              Optional(std::string("120")));
  EXPECT_THAT(Required("start_year = -5", "start_year"),
              Optional(std::string("-5")));
  EXPECT_THAT(Required("national_alignment = true", "national_alignment"),
              Optional(std::string("true")));
  EXPECT_THAT(Required(R"(stage = PLANNED strategy = 's')", "strategy"),
              Optional(std::string("s")));
  EXPECT_THAT(
      Required(R"((strategy = "s" AND origin = NEW) AND stage = PLANNED)",
               "strategy"),
      Optional(std::string("s")));
  EXPECT_THAT(Required(R"(strategy = "with \"quote\"")", "strategy"),
              Optional(std::string("with \"quote\"")));
}

TEST(FilterTest, RequiredEqualityRejectsEverythingElse) {
  const std::vector<std::string> filters = {
      "",
      R"(strategy = "a" OR origin = NEW)",
      R"(strategy = "a" OR strategy = "b")",
      R"(NOT strategy = "a")",
      R"(-strategy = "a")",
      R"(strategy = "strategies/*")",
      R"(strategy = "*")",
      R"(strategy != "a")",
      R"(strategy > "a")",
      "strategy:*",
      R"(origin = NEW AND (strategy = "a" OR strategy = "b"))",
      R"(origin = NEW AND NOT strategy = "a")",
      "origin = NEW",
  };
  for (const std::string& filter : filters) {
    EXPECT_EQ(Required(filter, "strategy"), std::nullopt) << filter;
  }
  EXPECT_EQ(Required(R"(strategy = "a")", "strategies"), std::nullopt);
}

TEST(FilterTest, RequiredEqualityOnDottedPath) {
  absl::StatusOr<Filter> filter =
      Filter::Compile("origin_counts.new_count = 3", Strategy::descriptor());
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_THAT(filter->RequiredEquality("origin_counts.new_count"),
              Optional(std::string("3")));
}

TEST(FilterTest, CopiesShareTheCompiledFilter) {
  absl::StatusOr<Filter> compiled =
      Filter::Compile("tags:ai", Project::descriptor());
  ASSERT_TRUE(compiled.ok());
  const Filter copy = *compiled;
  const std::vector<Project> projects = Projects();
  EXPECT_TRUE(copy.Matches(projects[0]));
  EXPECT_FALSE(copy.Matches(projects[1]));
  EXPECT_THAT(Matching("tags:ai", std::vector<Project>{}), IsEmpty());
}

}  // namespace
}  // namespace busan::query
