#include "busanctl/report/output.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "busanctl/report/catalog_tables.h"
#include "busanctl/report/text_width.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// Display width of each line, which must be equal for aligned columns when
// the last column has equal widths.
std::vector<int> Widths(const std::string& text) {
  std::vector<int> widths;
  for (const std::string& line : Lines(text)) {
    widths.push_back(DisplayWidth(line));
  }
  return widths;
}

TEST(DisplayWidthTest, AsciiCountsOneColumnPerCharacter) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("Busan"), 5);
}

TEST(DisplayWidthTest, HangulAndCjkCountTwoColumns) {
  EXPECT_EQ(DisplayWidth("부산"), 4);
  EXPECT_EQ(DisplayWidth("부산광역시 AX"), 13);  // 5 syllables, space, 2
  EXPECT_EQ(DisplayWidth("釜山"), 4);
  EXPECT_EQ(DisplayWidth("ＡＢ"), 4);  // Fullwidth Latin.
}

TEST(DisplayWidthTest, CombiningAndZeroWidthCharactersTakeNoColumn) {
  EXPECT_EQ(DisplayWidth("e\u0301"), 1);   // e + combining acute.
  EXPECT_EQ(DisplayWidth("a\u200Bb"), 2);  // Zero-width space.
  // Conjoining Jamo: initial (2) + medial (0) + final (0) = one syllable.
  EXPECT_EQ(DisplayWidth("\u1100\u1161\u11A8"), 2);
}

TEST(DisplayWidthTest, InvalidUtf8CountsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth("a\xff"), 2);
  EXPECT_EQ(DisplayWidth("\xea\xb0"), 2);  // Truncated 3-byte sequence.
}

TEST(TruncateToWidthTest, KeepsTextThatFits) {
  EXPECT_EQ(TruncateToWidth("busan", 5), "busan");
  EXPECT_EQ(TruncateToWidth("부산", 4), "부산");
}

TEST(TruncateToWidthTest, CutsAtCharacterBoundariesAndAddsEllipsis) {
  EXPECT_EQ(TruncateToWidth("busan-port", 6), "busan…");
  // "부산광역시" is 10 columns; 7 leaves 6 for text: three syllables.
  EXPECT_EQ(TruncateToWidth("부산광역시", 7), "부산광…");
  // 6 leaves 5: a fourth-column syllable cannot be split, so two remain.
  EXPECT_EQ(TruncateToWidth("부산광역시", 6), "부산…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("부산광역시", 6)), 5);
  EXPECT_EQ(TruncateToWidth("abc", 1), "…");
  EXPECT_EQ(TruncateToWidth("abc", 0), "");
}

TEST(FormatKrwTest, GroupsThousands) {
  EXPECT_EQ(FormatKrw(0), "0");
  EXPECT_EQ(FormatKrw(999), "999");
  EXPECT_EQ(FormatKrw(1000), "1,000");
  EXPECT_EQ(FormatKrw(1234567890123), "1,234,567,890,123");
  EXPECT_EQ(FormatKrw(-1500000), "-1,500,000");
  EXPECT_EQ(FormatKrw(std::numeric_limits<int64_t>::min()),
            "-9,223,372,036,854,775,808");
  EXPECT_EQ(FormatKrw(std::numeric_limits<int64_t>::max()),
            "9,223,372,036,854,775,807");
}

TEST(FormatKrwTest, AbsentIsDashNotZero) {
  EXPECT_EQ(FormatKrw(std::nullopt), "-");
}

TEST(SanitizeCellTest, ReplacesControlCharactersAndEmpties) {
  EXPECT_EQ(SanitizeCell("a\nb\tc\x1b[31m"), "a b c [31m");
  EXPECT_EQ(SanitizeCell(""), "-");
  EXPECT_EQ(SanitizeCell("  \n"), "-");
}

TEST(TableTest, AlignsColumnsByDisplayWidth) {
  Table table({{"NAME"}, {"DISPLAY NAME"}, {"N", Table::Align::kRight}});
  table.AddRow({"projects/a", "부산 해양", "7"});
  table.AddRow({"projects/bb", "Port", "12"});
  const std::string out = table.Render();
  EXPECT_THAT(Lines(out), ElementsAre("NAME         DISPLAY NAME   N",
                                      "projects/a   부산 해양      7",
                                      "projects/bb  Port          12"));
  // Every line has the same width on screen.
  const std::vector<int> widths = Widths(out);
  EXPECT_THAT(widths, ElementsAre(widths[0], widths[0], widths[0]));
}

TEST(TableTest, NoTrailingSpacesAndMissingCellsAreDashes) {
  Table table({{"A"}, {"B"}});
  table.AddRow({"x"});
  table.AddRow({"longer", ""});
  EXPECT_EQ(table.Render(), "A       B\nx       -\nlonger  -\n");
  EXPECT_EQ(table.row_count(), 2u);
}

TEST(TableTest, TruncatesCellsAtColumnCap) {
  Table table({{"NAME", Table::Align::kLeft, 8}, {"X"}});
  table.AddRow({"projects/long-name", "1"});
  table.AddRow({"부산광역시청", "2"});
  EXPECT_THAT(Lines(table.Render()),
              ElementsAre("NAME      X", "project…  1", "부산광…   2"));
}

TEST(TableTest, FitsWidthByNarrowingWidestColumns) {
  Table table({{"NAME", Table::Align::kLeft, 100},
               {"DESCRIPTION", Table::Align::kLeft, 100}});
  table.AddRow({std::string(30, 'n'), std::string(50, 'd')});
  const std::string out = table.Render(40);
  for (int width : Widths(out)) EXPECT_LE(width, 40);
  EXPECT_THAT(out, HasSubstr("…"));
  // Without a limit nothing is cut.
  EXPECT_THAT(table.Render(), Not(HasSubstr("…")));
}

TEST(TableTest, KeepWholeColumnsAreNeverCut) {
  Table table({{"NAME", Table::Align::kLeft, 4, /*keep_whole=*/true},
               {"TITLE", Table::Align::kLeft, 100}});
  table.AddRow({"strategies/marine/initiatives/ports", std::string(40, 't')});
  const std::string out = table.Render(50);
  EXPECT_THAT(out, HasSubstr("strategies/marine/initiatives/ports  ttttt"));
  for (int width : Widths(out)) EXPECT_LE(width, 50);
}

TEST(TableTest, NeverNarrowsBelowHeaders) {
  Table table({{"LONG HEADER ONE"}, {"LONG HEADER TWO"}});
  table.AddRow({"a", "b"});
  EXPECT_EQ(Lines(table.Render(10))[0], "LONG HEADER ONE  LONG HEADER TWO");
}

TEST(ProjectsTableTest, ShowsAbsentFiguresAsDashes) {
  google::protobuf::RepeatedPtrField<v1::Project> projects;
  v1::Project* known = projects.Add();
  known->set_name("projects/marine-port-ax");
  known->set_display_name_ko("해양 항만 AX 센터");
  known->set_strategy("strategies/marine-future-tech");
  known->set_origin(v1::Project::NEW);
  known->set_stage(v1::Project::PLANNED);
  known->set_budget_krw(120000000000);
  known->set_start_year(2026);
  known->set_end_year(2030);
  v1::Project* unknown = projects.Add();
  unknown->set_name("projects/unknown");
  unknown->set_display_name("Unknown");
  unknown->set_strategy("strategies/x");

  const std::vector<std::string> lines = Lines(ItemsTable(projects).Render());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0],
            "NAME                     DISPLAY NAME       STRATEGY            "
            "ORIGIN  STAGE       BUDGET (KRW)  YEARS");
  EXPECT_EQ(lines[1],
            "projects/marine-port-ax  해양 항만 AX 센터  marine-future-tech  "
            "NEW     PLANNED  120,000,000,000  2026-2030");
  EXPECT_EQ(lines[2],
            "projects/unknown         Unknown            x                   "
            "-       -                      -  -");
}

TEST(FormatYearsTest, CoversEveryCombination) {
  v1::Project p;
  EXPECT_EQ(FormatYears(p), "-");
  p.set_start_year(2025);
  EXPECT_EQ(FormatYears(p), "2025-");
  p.set_end_year(2025);
  EXPECT_EQ(FormatYears(p), "2025");
  p.set_end_year(2030);
  EXPECT_EQ(FormatYears(p), "2025-2030");
  p.clear_start_year();
  EXPECT_EQ(FormatYears(p), "-2030");
}

TEST(DerivedBudgetTest, UnknownWhenNoProjectHasABudget) {
  EXPECT_EQ(DerivedBudget(0, 0, 0), "0");
  EXPECT_EQ(DerivedBudget(0, 3, 3), "-");
  EXPECT_EQ(DerivedBudget(5000000, 3, 1), "5,000,000");
}

TEST(StrategiesTableTest, PutsDeclaredNextToDerived) {
  google::protobuf::RepeatedPtrField<v1::Strategy> strategies;
  v1::Strategy* s = strategies.Add();
  s->set_name("strategies/marine");
  s->set_display_name("Marine");
  s->set_plan("plans/economic-growth-innovation-2025");
  s->set_declared_project_count(20);
  s->set_declared_budget_krw(3000000000000);
  s->set_project_count(2);
  s->set_total_budget_krw(150000000000);
  const std::vector<std::string> lines = Lines(ItemsTable(strategies).Render());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("PLAN"));
  EXPECT_THAT(lines[1], HasSubstr("economic-growth-innovation-2025"));
  EXPECT_THAT(lines[1], HasSubstr("3,000,000,000,000"));
  EXPECT_THAT(lines[1], HasSubstr("150,000,000,000"));
}

TEST(RenderKeyValuesTest, ShowsEveryFieldWithAbsentAsDash) {
  v1::Project p;
  p.set_name("projects/x");
  p.set_display_name("X");
  p.set_origin(v1::Project::EXPANDED);
  p.set_budget_krw(2500000);
  p.add_tags("ai");
  p.add_tags("port");
  p.set_national_alignment(false);
  auto* source = p.add_sources();
  source->set_title("Busan press release");
  source->set_published("2025-11");
  p.mutable_create_time()->set_seconds(1763596800);  // 2025-11-20T00:00:00Z
  const std::string out = RenderKeyValues(p);
  const std::vector<std::string> lines = Lines(out);
  EXPECT_THAT(lines, testing::Contains("name:                  projects/x"));
  EXPECT_THAT(lines, testing::Contains("display_name_ko:       -"));
  EXPECT_THAT(lines, testing::Contains("origin:                EXPANDED"));
  EXPECT_THAT(lines, testing::Contains("stage:                 -"));
  EXPECT_THAT(lines, testing::Contains("budget_krw:            2,500,000"));
  EXPECT_THAT(lines, testing::Contains("start_year:            -"));
  EXPECT_THAT(lines, testing::Contains("tags:                  ai, port"));
  EXPECT_THAT(lines, testing::Contains("national_alignment:    false"));
  EXPECT_THAT(lines,
              testing::Contains("sources:               title=Busan press "
                                "release, published=2025-11"));
  EXPECT_THAT(lines,
              testing::Contains("create_time:           2025-11-20T00:00:00Z"));
  EXPECT_THAT(lines, testing::Contains("update_time:           -"));
}

TEST(ToJsonTest, UsesProtoFieldNamesAndOmitsDefaults) {
  v1::Project p;
  p.set_name("projects/x");
  p.set_display_name_ko("부산");
  p.set_budget_krw(0);  // Present although zero: proto3 optional.
  auto json = ToJson(p, /*multiline=*/false);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(
      *json,
      R"({"name":"projects/x","display_name_ko":"부산","budget_krw":"0"})");
  auto pretty = ToJson(p, /*multiline=*/true);
  ASSERT_TRUE(pretty.ok());
  EXPECT_THAT(*pretty, HasSubstr("\n"));
  EXPECT_NE(pretty->back(), '\n');
}

}  // namespace
}  // namespace busan::ctl
