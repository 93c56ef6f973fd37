#include "common/query/ordering.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"

namespace busan::query {
namespace {

using ::busan::catalog::v1::Project;
using ::busan::catalog::v1::Strategy;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::StartsWith;

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

// Listed out of order on purpose. "c" has no budget, alignment or
// create_time; "a" and "d" tie on budget_krw.
std::vector<Project> Projects() {
  return {
      Parse<Project>(R"pb(name: "projects/d"
                          display_name: ""
                          origin: NEW
                          budget_krw: 100
                          create_time {})pb"),
      Parse<Project>(R"pb(name: "projects/b"
                          display_name: "ab"
                          origin: EXPANDED
                          budget_krw: -5
                          national_alignment: false
                          create_time { seconds: 10 nanos: 5 })pb"),
      Parse<Project>(R"pb(name: "projects/e"
                          display_name: "a"
                          budget_krw: 0
                          create_time { seconds: 9 nanos: 999999999 })pb"),
      Parse<Project>(R"pb(name: "projects/a"
                          display_name: "b"
                          origin: NEW
                          budget_krw: 100
                          national_alignment: true
                          create_time { seconds: 10 })pb"),
      Parse<Project>(R"pb(name: "projects/c"
                          display_name: "abc"
                          origin: UPGRADED)pb"),
  };
}

// The short ids of `messages` sorted by the SortKey of `order_by`.
template <typename T>
std::vector<std::string> Sorted(std::string_view order_by,
                                std::vector<T> messages) {
  absl::StatusOr<Ordering> ordering =
      Ordering::Parse(order_by, T::descriptor());
  EXPECT_TRUE(ordering.ok()) << order_by << ": " << ordering.status();
  if (!ordering.ok()) return {};
  std::sort(messages.begin(), messages.end(), [&](const T& x, const T& y) {
    return ordering->SortKey(x) < ordering->SortKey(y);
  });
  std::vector<std::string> ids;
  for (const T& message : messages) {
    ids.push_back(message.name().substr(message.name().find('/') + 1));
  }
  return ids;
}

TEST(OrderingTest, SortsAsRequested) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"", {"a", "b", "c", "d", "e"}},
      {"name", {"a", "b", "c", "d", "e"}},
      {"name desc", {"e", "d", "c", "b", "a"}},
      // Absent first; the a/d tie is broken by name.
      {"budget_krw", {"c", "b", "e", "a", "d"}},
      {"budget_krw asc", {"c", "b", "e", "a", "d"}},
      // Absent last; ties still by name ascending.
      {"budget_krw desc", {"a", "d", "e", "b", "c"}},
      {"  budget_krw   DESC ,  name  ", {"a", "d", "e", "b", "c"}},
      {"budget_krw desc, name desc", {"d", "a", "e", "b", "c"}},
      {"display_name", {"d", "e", "b", "c", "a"}},
      {"display_name desc", {"a", "c", "b", "e", "d"}},
      {"origin, budget_krw desc", {"e", "a", "d", "c", "b"}},
      {"origin desc,budget_krw", {"b", "c", "a", "d", "e"}},
      {"national_alignment", {"c", "d", "e", "b", "a"}},
      {"national_alignment desc", {"a", "b", "c", "d", "e"}},
      // d's create_time is set to the epoch; c has none.
      {"create_time", {"c", "d", "e", "a", "b"}},
      {"create_time desc", {"b", "a", "e", "d", "c"}},
      {"create_time.seconds desc, display_name", {"b", "a", "e", "d", "c"}},
  };
  for (const auto& [order_by, expected] : cases) {
    EXPECT_THAT(Sorted(order_by, Projects()), ElementsAreArray(expected))
        << "order_by: " << order_by;
  }
}

TEST(OrderingTest, DottedPathWithAbsentParent) {
  const std::vector<Strategy> strategies = {
      Parse<Strategy>(R"pb(name: "strategies/x"
                           origin_counts { new_count: 2 })pb"),
      Parse<Strategy>(R"pb(name: "strategies/y")pb"),
      Parse<Strategy>(R"pb(name: "strategies/z"
                           origin_counts { new_count: 7 })pb"),
      Parse<Strategy>(R"pb(name: "strategies/w"
                           origin_counts {})pb"),
  };
  EXPECT_THAT(Sorted("origin_counts.new_count", strategies),
              ElementsAre("y", "w", "x", "z"));
  EXPECT_THAT(Sorted("origin_counts.new_count desc", strategies),
              ElementsAre("z", "x", "w", "y"));
}

// Sort keys for projects that differ only in `display_name`.
std::vector<std::string> DisplayNameKeys(
    const Ordering& ordering, const std::vector<std::string>& names) {
  std::vector<std::string> keys;
  for (const std::string& display_name : names) {
    Project project;
    project.set_name("projects/same");
    project.set_display_name(display_name);
    keys.push_back(ordering.SortKey(project));
  }
  return keys;
}

TEST(OrderingTest, StringPrefixesAndEmbeddedZeros) {
  // Ascending bytewise order, with prefixes and NUL bytes.
  const std::vector<std::string> ascending = {"",
                                              "a",
                                              std::string("a\0", 2),
                                              std::string("a\0\0", 3),
                                              std::string("a\0b", 3),
                                              "a\x01",
                                              "ab",
                                              "abc",
                                              "a\xff",
                                              "b"};
  absl::StatusOr<Ordering> asc =
      Ordering::Parse("display_name", Project::descriptor());
  absl::StatusOr<Ordering> desc =
      Ordering::Parse("display_name desc", Project::descriptor());
  ASSERT_TRUE(asc.ok() && desc.ok());
  const std::vector<std::string> asc_keys = DisplayNameKeys(*asc, ascending);
  const std::vector<std::string> desc_keys = DisplayNameKeys(*desc, ascending);
  for (size_t i = 0; i + 1 < ascending.size(); ++i) {
    EXPECT_LT(asc_keys[i], asc_keys[i + 1]) << "at " << i;
    EXPECT_GT(desc_keys[i], desc_keys[i + 1]) << "at " << i;
  }
}

TEST(OrderingTest, IntegersIncludingExtremes) {
  const std::vector<int64_t> ascending = {
      std::numeric_limits<int64_t>::min(), -1000000, -5, -1, 0, 1, 255, 256,
      std::numeric_limits<int64_t>::max()};
  absl::StatusOr<Ordering> asc =
      Ordering::Parse("budget_krw", Project::descriptor());
  absl::StatusOr<Ordering> desc =
      Ordering::Parse("budget_krw desc", Project::descriptor());
  ASSERT_TRUE(asc.ok() && desc.ok());
  std::string previous_asc;
  std::string previous_desc;
  Project project;
  project.set_name("projects/same");
  const std::string absent_asc = asc->SortKey(project);
  const std::string absent_desc = desc->SortKey(project);
  for (int64_t budget : ascending) {
    project.set_budget_krw(budget);
    const std::string key_asc = asc->SortKey(project);
    const std::string key_desc = desc->SortKey(project);
    EXPECT_LT(absent_asc, key_asc) << budget;
    EXPECT_GT(absent_desc, key_desc) << budget;
    if (!previous_asc.empty()) {
      EXPECT_LT(previous_asc, key_asc) << budget;
      EXPECT_GT(previous_desc, key_desc) << budget;
    }
    previous_asc = key_asc;
    previous_desc = key_desc;
  }
}

TEST(OrderingTest, KeysAreUniquePerName) {
  absl::StatusOr<Ordering> ordering =
      Ordering::Parse("budget_krw desc", Project::descriptor());
  ASSERT_TRUE(ordering.ok());
  Project first;
  first.set_name("projects/ab");
  first.set_budget_krw(7);
  Project second = first;
  second.set_name("projects/abc");
  EXPECT_LT(ordering->SortKey(first), ordering->SortKey(second));
  EXPECT_EQ(ordering->SortKey(first), ordering->SortKey(Project(first)));
}

TEST(OrderingTest, CanonicalAndIsByNameOnly) {
  const struct {
    std::string text;
    std::string canonical;
    bool by_name_only;
  } cases[] = {
      {"", "name", true},
      {"  ", "name", true},
      {"name", "name", true},
      {"name ASC", "name", true},
      {"name desc", "name desc", false},
      {"budget_krw", "budget_krw,name", false},
      {"budget_krw DESC", "budget_krw desc,name", false},
      {"budget_krw desc, name", "budget_krw desc,name", false},
      {"budget_krw desc, name asc", "budget_krw desc,name", false},
      {"name, budget_krw", "name,budget_krw", false},
      {"origin,stage desc", "origin,stage desc,name", false},
  };
  for (const auto& c : cases) {
    absl::StatusOr<Ordering> ordering =
        Ordering::Parse(c.text, Project::descriptor());
    ASSERT_TRUE(ordering.ok()) << c.text << ": " << ordering.status();
    EXPECT_EQ(ordering->Canonical(), c.canonical) << c.text;
    EXPECT_EQ(ordering->IsByNameOnly(), c.by_name_only) << c.text;
  }
}

TEST(OrderingTest, InvalidOrderings) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"budget", {"order_by: unknown field \"budget\" at position 1"}},
      {"display_name, budget", {"unknown field \"budget\" at position 15"}},
      {"NAME", {"unknown field \"NAME\" at position 1"}},
      {"tags", {"field \"tags\" is repeated", "position 1"}},
      {"sources desc", {"field \"sources\" is repeated", "position 1"}},
      {"name, sources.title", {"field \"sources\" is repeated", "position 15"}},
      {"budget_krw upward",
       {"direction \"upward\" is neither asc nor desc at position 12"}},
      {"budget_krw, budget_krw desc",
       {"field \"budget_krw\" is listed twice at position 13"}},
      {"name, name desc", {"field \"name\" is listed twice at position 7"}},
      {"budget_krw desc extra",
       {"expected \",\" before \"extra\" at position 17"}},
      {"budget_krw,,name", {"expected a field at position 12"}},
      {"budget_krw,", {"expected a field at position 12"}},
      {",name", {"expected a field at position 1"}},
      {"budget_krw.x",
       {"field \"budget_krw\" is not a message", "position 12"}},
      {std::string(4097, ' '), {"order_by: 4097 bytes", "4096"}},
  };
  for (const auto& [text, parts] : cases) {
    absl::StatusOr<Ordering> ordering =
        Ordering::Parse(text, Project::descriptor());
    ASSERT_FALSE(ordering.ok()) << text;
    EXPECT_EQ(ordering.status().code(), absl::StatusCode::kInvalidArgument)
        << text;
    EXPECT_THAT(std::string(ordering.status().message()),
                StartsWith("order_by: "))
        << text;
    for (const std::string& part : parts) {
      EXPECT_THAT(std::string(ordering.status().message()), HasSubstr(part))
          << text;
    }
  }
}

TEST(OrderingTest, MessageFieldIsNotSortable) {
  absl::StatusOr<Ordering> ordering =
      Ordering::Parse("origin_counts", Strategy::descriptor());
  ASSERT_FALSE(ordering.ok());
  EXPECT_EQ(ordering.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ordering.status().message()),
              HasSubstr("field \"origin_counts\" is a message"));
  EXPECT_THAT(std::string(ordering.status().message()),
              HasSubstr("position 1"));
}

TEST(OrderingTest, TypeWithoutNameIsAProgrammingError) {
  absl::StatusOr<Ordering> ordering =
      Ordering::Parse("", google::protobuf::Timestamp::descriptor());
  ASSERT_FALSE(ordering.ok());
  EXPECT_EQ(ordering.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace busan::query
