// How `busanctl dashboard` looks: golden text and JSON for fixed dashboards
// under testdata/, plus the properties the goldens could hide: every line
// fits 80 columns, absent figures show "-", outages are said at the top and
// in each missing section, and the JSON parses back to the same message.
//
// After an intended change of the layout, regenerate the goldens with
//   BUSAN_UPDATE_GOLDENS=1 ctest --test-dir build -R dashboard_render_test
// (the run rewrites busanctl/report/testdata/*.golden and passes), then review
// them with `git diff busanctl/report/testdata`.
#include "busanctl/report/dashboard_table.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "busanctl/report/output.h"
#include "busanctl/report/text_width.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::dashboard::v1;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr int kWidth = 80;

std::string TestdataPath(absl::string_view file) {
  return absl::StrCat(BUSAN_TESTDATA_DIR, "/", file);
}

bool UpdatingGoldens() {
  const char* update = std::getenv("BUSAN_UPDATE_GOLDENS");
  return update != nullptr && std::string(update) == "1";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

v1::Dashboard LoadFixture(absl::string_view file) {
  const std::string path = TestdataPath(file);
  const std::string text = ReadFile(path);
  v1::Dashboard dashboard;
  EXPECT_FALSE(text.empty()) << "cannot read " << path;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &dashboard))
      << "cannot parse " << path;
  return dashboard;
}

// Compares `actual` byte for byte with the golden file, or rewrites the
// golden when BUSAN_UPDATE_GOLDENS=1.
void ExpectGolden(absl::string_view file, const std::string& actual) {
  const std::string path = TestdataPath(file);
  if (UpdatingGoldens()) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  const std::string expected = ReadFile(path);
  ASSERT_FALSE(expected.empty())
      << "missing golden " << path
      << "; run with BUSAN_UPDATE_GOLDENS=1 to create it";
  EXPECT_EQ(actual, expected)
      << "output differs from " << path
      << "; if the change is intended, rerun with BUSAN_UPDATE_GOLDENS=1 and "
         "review the diff";
}

std::string Json(const v1::Dashboard& dashboard) {
  const auto json = ToJson(dashboard, /*multiline=*/true);
  EXPECT_TRUE(json.ok()) << json.status();
  return json.ok() ? *json + "\n" : "";
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n');
}

// `text` with each line break and the indent after it as one space, to
// match wrapped notes as sentences.
std::string Unwrapped(const std::string& text) {
  return absl::StrJoin(
      absl::StrSplit(text, absl::ByAnyChar(" \n"), absl::SkipEmpty()), " ");
}

// The lines of the section headed "== title ==", up to the next heading.
std::string Section(const std::string& text, absl::string_view title) {
  const std::string heading = absl::StrCat("== ", title, " ==\n");
  const size_t start = text.find(heading);
  if (start == std::string::npos) return "";
  const size_t end = text.find("\n== ", start + heading.size());
  return text.substr(
      start, end == std::string::npos ? std::string::npos : end + 1 - start);
}

void ExpectFits(const std::string& rendered, int width,
                const std::string& what) {
  ASSERT_FALSE(rendered.empty()) << what;
  EXPECT_EQ(rendered.back(), '\n') << what;
  int number = 0;
  for (const std::string& line : Lines(rendered)) {
    ++number;
    EXPECT_LE(DisplayWidth(line), width)
        << what << " line " << number << ": " << line;
    EXPECT_FALSE(absl::EndsWith(line, " "))
        << what << " line " << number << " has trailing spaces: " << line;
  }
}

// Everything at its widest: long Korean and English names, huge amounts,
// many categories, an unreachable service with a long error.
v1::Dashboard StressDashboard() {
  v1::Dashboard d;
  v1::Unavailable* missing = d.add_unavailable();
  missing->set_section("catalog");
  missing->set_service("catalog-service");
  missing->set_error(
      "catalog-service at catalog.internal.busan.example:50051 did not answer "
      "within 5s (DEADLINE_EXCEEDED): deadline exceeded while waiting for "
      "the connection to become ready");
  v1::PlanSummary* plan = d.add_plans();
  plan->set_name("plans/a-very-long-plan-name-that-users-must-copy-whole-2025");
  plan->set_display_name(
      "부산광역시 경제 대전환을 위한 중장기 종합 발전 계획 및 세부 추진 과제");
  plan->set_published("2025-11-10");
  plan->set_declared_project_count(1234567);
  plan->set_declared_budget_krw(987654321098765432);
  plan->mutable_declared_origin_counts()->set_new_count(1000000);
  plan->mutable_declared_origin_counts()->set_upgraded_count(200000);
  plan->mutable_declared_origin_counts()->set_expanded_count(34567);
  plan->mutable_declared_origin_counts()->set_unspecified_count(12);
  plan->set_project_count(9999);
  plan->set_total_budget_krw(123456789012345678);
  plan->set_unbudgeted_project_count(4321);
  v1::StrategySummary* s = plan->add_strategies();
  s->set_name("strategies/an-extremely-long-strategy-identifier-for-testing");
  s->set_display_name(
      "해양과 미래 기술의 초융합으로 여는 글로벌 해양 수도 부산 만들기 전략");
  s->set_ordinal(12);
  s->set_project_count(3);
  s->set_total_budget_krw(5);
  v1::FlowTotals* flows = s->mutable_fund_flows();
  flows->set_committed_krw(916000000000000000);
  flows->set_raised_krw(1);
  flows->set_allocated_krw(22);
  flows->set_executed_krw(333);
  flows->set_flow_count(1234);

  v1::RankingSummary* r = d.add_rankings();
  r->set_index("indices/global-financial-centres-index-of-the-world");
  r->set_display_name("세계 금융 중심지 지수 (Global Financial Centres Index)");
  r->set_city("busan");
  for (int i = 1; i <= 3; ++i) {
    auto* p = r->add_points();
    p->set_edition(1000 + i);
    p->set_published("2025-12-17T00:00:00+09:00");
    p->set_rank(100 * i);
    p->set_total_ranked(123456);
    p->set_change(-2147483647 + i);
  }
  for (const char* category : {"business-environment", "human-capital",
                               "infrastructure", "financial-sector-development",
                               "reputational-and-general", "기술", "문화"}) {
    auto* c = r->add_latest_category_ranks();
    c->set_category(category);
    c->set_rank(123);
  }
  v1::MeetingSeriesSummary* m = d.add_meeting_series();
  m->set_series("meeting-series/emergency-economic-countermeasures-and-more");
  m->set_display_name("비상경제 대책회의 (Emergency Economic Countermeasures)");
  m->set_started("2024-12-01");
  m->set_meeting_count(123456);
  m->set_total_participants(987654321);
  m->set_meetings_with_participants(123455);
  m->set_budget_secured_krw(987654321098765432);
  m->set_meetings_with_budget(1);
  v1::FundSummary* f = d.add_funds();
  f->set_fund("funds/busan-future-industries-strategic-investment-fund");
  f->set_display_name("Busan Future Industries Strategic Investment Fund");
  f->set_target_krw(987654321098765432);
  f->mutable_totals()->set_raised_krw(987654321098765432);
  f->mutable_totals()->set_committed_krw(987654321098765432);
  f->mutable_totals()->set_allocated_krw(987654321098765432);
  f->mutable_totals()->set_executed_krw(987654321098765432);
  f->mutable_totals()->set_flow_count(99999);
  f->set_raised_basis_points_of_target(10000);
  return d;
}

TEST(DashboardGoldenTest, Table) {
  ExpectGolden("dashboard.table.golden",
               RenderDashboardTable(LoadFixture("dashboard.txtpb"), kWidth));
}

TEST(DashboardGoldenTest, Json) {
  ExpectGolden("dashboard.json.golden", Json(LoadFixture("dashboard.txtpb")));
}

TEST(DashboardGoldenTest, DegradedTable) {
  ExpectGolden(
      "dashboard_degraded.table.golden",
      RenderDashboardTable(LoadFixture("dashboard_degraded.txtpb"), kWidth));
}

TEST(DashboardGoldenTest, DegradedJson) {
  ExpectGolden("dashboard_degraded.json.golden",
               Json(LoadFixture("dashboard_degraded.txtpb")));
}

TEST(DashboardTableTest, EveryLineFitsEightyColumns) {
  ExpectFits(RenderDashboardTable(LoadFixture("dashboard.txtpb"), kWidth),
             kWidth, "dashboard.txtpb");
  ExpectFits(
      RenderDashboardTable(LoadFixture("dashboard_degraded.txtpb"), kWidth),
      kWidth, "dashboard_degraded.txtpb");
  ExpectFits(RenderDashboardTable(v1::Dashboard(), kWidth), kWidth, "empty");
  ExpectFits(RenderDashboardTable(StressDashboard(), kWidth), kWidth, "stress");
}

TEST(DashboardTableTest, NarrowerWidthsAreHonouredToo) {
  for (int width : {60, 72, 100}) {
    ExpectFits(RenderDashboardTable(LoadFixture("dashboard.txtpb"), width),
               width, absl::StrCat("dashboard.txtpb at ", width));
    ExpectFits(
        RenderDashboardTable(LoadFixture("dashboard_degraded.txtpb"), width),
        width, absl::StrCat("dashboard_degraded.txtpb at ", width));
  }
}

TEST(DashboardTableTest, WithoutAWidthNothingIsTruncated) {
  const std::string table =
      RenderDashboardTable(LoadFixture("dashboard_degraded.txtpb"), 0);
  EXPECT_THAT(table, HasSubstr("1. 해양과 미래 기술의 초융합으로 여는 글로벌 "
                               "해양 수도 부산 (marine-future-tech)\n"));
  EXPECT_THAT(table, Not(HasSubstr("…")));
}

TEST(DashboardTableTest, LongKoreanNamesAreCutByDisplayWidthKeepingTheId) {
  const std::string table =
      RenderDashboardTable(LoadFixture("dashboard_degraded.txtpb"), kWidth);
  bool found = false;
  for (const std::string& line : Lines(table)) {
    if (absl::StartsWith(line, "  1. ")) {
      found = true;
      EXPECT_THAT(line, HasSubstr("…"));
      EXPECT_THAT(line, testing::EndsWith(" (marine-future-tech)"));
      // A truncated title uses the room it has: at most two columns short
      // (a two-column syllable that did not fit, or the space dropped
      // before the "…").
      EXPECT_GE(DisplayWidth(line), kWidth - 2) << line;
    }
  }
  EXPECT_TRUE(found) << table;
}

TEST(DashboardTableTest, AbsentFiguresShowDashNotZero) {
  v1::Dashboard d;
  v1::PlanSummary* plan = d.add_plans();
  plan->set_name("plans/p");
  v1::StrategySummary* s = plan->add_strategies();
  s->set_name("strategies/s");
  s->set_ordinal(1);
  // Projects recorded, none with a budget: the sum is unknown, not 0.
  s->set_project_count(2);
  s->set_unbudgeted_project_count(2);
  v1::RankingSummary* r = d.add_rankings();
  r->set_index("indices/i");
  r->add_points()->set_rank(7);
  v1::MeetingSeriesSummary* m = d.add_meeting_series();
  m->set_series("meeting-series/m");
  m->set_meeting_count(3);
  v1::FundSummary* f = d.add_funds();
  f->set_fund("funds/f");

  const std::string table = RenderDashboardTable(d, kWidth);
  const std::string plans = Section(table, "Plans");
  EXPECT_THAT(plans, ContainsRegex("\n  declared +- +-\n"));
  EXPECT_THAT(plans, ContainsRegex("\n    declared +- +-\n"));
  EXPECT_THAT(plans,
              ContainsRegex("\n    recorded +2 +- +2 without a budget\n"));
  EXPECT_THAT(plans, ContainsRegex("\n    fund flows +- +funds could not be "
                                   "read\n"));
  const std::string rankings = Section(table, "Rankings");
  EXPECT_THAT(rankings, ContainsRegex("\n +0 +- +7 +-\n"));
  EXPECT_THAT(rankings, ContainsRegex("best rank: +-\n"));
  EXPECT_THAT(rankings, ContainsRegex("change first→latest: +-\n"));
  EXPECT_THAT(rankings, ContainsRegex("latest category ranks: +-\n"));
  const std::string meetings = Section(table, "Meetings");
  EXPECT_THAT(meetings,
              ContainsRegex("participants: +- \\(0 of 3 meetings reported\\)"));
  EXPECT_THAT(meetings, ContainsRegex("budget secured \\(KRW\\): +- \\(0 of 3 "
                                      "meetings reported\\)"));
  const std::string funds = Section(table, "Funds");
  // FUND, TARGET, RAISED, PROGRESS, FLOWS: the target and the progress are
  // unknown, and with no flow recorded no amount raised is known either (a
  // 0 would claim one); the flow count itself is a real 0.
  EXPECT_THAT(funds, ContainsRegex("\n  f +- +- +- +0\n"));
  EXPECT_THAT(funds, HasSubstr("sums of the recorded fund flows"));
}

TEST(DashboardTableTest, PublishedStatementsAreMarkedAsPublished) {
  const std::string table =
      RenderDashboardTable(LoadFixture("dashboard.txtpb"), 80);
  EXPECT_THAT(Section(table, "Rankings"),
              HasSubstr("  published: A dated statement with an amount (test "
                        "data). (KRW\n"));
  EXPECT_THAT(Section(table, "Meetings"),
              HasSubstr("  published: A budget stated for the whole series"));
  EXPECT_THAT(Section(table, "Funds"),
              HasSubstr("  future-transition\n    published: established "
                        "with an amount (test data) (KRW 2,300,000,000,000)"));
}

TEST(DashboardTableTest, MainFixtureShowsDashesWhereItLeftFiguresAbsent) {
  const std::string table =
      RenderDashboardTable(LoadFixture("dashboard.txtpb"), kWidth);
  // The work report declared nothing.
  const size_t report = table.find("2025 Municipal Work Report");
  ASSERT_NE(report, std::string::npos);
  EXPECT_THAT(table.substr(report), ContainsRegex("\n  declared +- +-\n"));
  // The strategic-investment fund has no target, hence no progress.
  EXPECT_THAT(Section(table, "Funds"),
              ContainsRegex("\n  strategic-investment +- +0 +- +1\n"));
  // The first ranking edition has no previous one to change from.
  EXPECT_THAT(Section(table, "Rankings"),
              ContainsRegex("\n +3 +2021-06 +62 +-\n"));
}

TEST(DashboardTableTest, DegradedSaysWhatIsMissingAtTopAndInEachSection) {
  const std::string table =
      RenderDashboardTable(LoadFixture("dashboard_degraded.txtpb"), kWidth);
  EXPECT_THAT(table, StartsWith("! metrics-service unavailable: "
                                "metrics-service at 127.0.0.1:50052 is"));
  // One note for the three sections that share the outage.
  const size_t note_end = table.find("\n\n");
  ASSERT_NE(note_end, std::string::npos);
  const std::string note = table.substr(0, note_end);
  EXPECT_THAT(Unwrapped(note),
              HasSubstr("(UNAVAILABLE): failed to connect to all addresses — "
                        "rankings, meetings and funds are missing"));
  EXPECT_EQ(note.find('!'), note.rfind('!')) << note;

  const std::string marker =
      "(unavailable: could not be read from metrics-service, see above)";
  for (const char* section : {"Rankings", "Meetings", "Funds"}) {
    EXPECT_THAT(Section(table, section), HasSubstr(marker)) << section;
  }
  const std::string plans = Section(table, "Plans");
  EXPECT_THAT(plans, Not(HasSubstr("unavailable")));
  EXPECT_THAT(plans, ContainsRegex("\n    fund flows +- +funds could not be "
                                   "read\n"));
}

TEST(DashboardTableTest, CatalogOutageMarksThePlansOnly) {
  v1::Dashboard d = LoadFixture("dashboard.txtpb");
  d.clear_plans();
  v1::Unavailable* missing = d.add_unavailable();
  missing->set_section("catalog");
  missing->set_service("catalog-service");
  missing->set_error("catalog-service at 127.0.0.1:50051 is unreachable");
  const std::string table = RenderDashboardTable(d, kWidth);
  EXPECT_THAT(table,
              StartsWith("! catalog-service unavailable: catalog-service at "
                         "127.0.0.1:50051 is unreachable\n"
                         "  — plans are missing\n\n"));
  EXPECT_THAT(Section(table, "Plans"),
              HasSubstr("  (unavailable: could not be read from "
                        "catalog-service, see above)\n"));
  EXPECT_THAT(Section(table, "Funds"), Not(HasSubstr("unavailable")));
  EXPECT_THAT(Section(table, "Funds"), HasSubstr("fund-of-funds"));
}

TEST(DashboardTableTest, ListedSectionWithContentSaysItIsIncomplete) {
  v1::Dashboard d = LoadFixture("dashboard.txtpb");
  v1::Unavailable* missing = d.add_unavailable();
  missing->set_section("funds");
  missing->set_service("metrics-service");
  missing->set_error("deadline exceeded");
  const std::string funds = Section(RenderDashboardTable(d, kWidth), "Funds");
  EXPECT_THAT(funds, HasSubstr("(incomplete: not all of it could be read "
                               "from metrics-service, see above)"));
  EXPECT_THAT(funds, HasSubstr("fund-of-funds"));
}

TEST(DashboardTableTest, DifferentErrorsGetTheirOwnNotes) {
  v1::Dashboard d;
  for (const char* section : {"rankings", "funds"}) {
    v1::Unavailable* missing = d.add_unavailable();
    missing->set_section(section);
    missing->set_service("metrics-service");
    missing->set_error(absl::StrCat(section, " timed out"));
  }
  const std::string table = RenderDashboardTable(d, kWidth);
  EXPECT_THAT(table, StartsWith("! metrics-service unavailable: rankings "
                                "timed out — rankings are missing\n"
                                "! metrics-service unavailable: funds timed "
                                "out — funds are missing\n\n"));
  EXPECT_THAT(Section(table, "Meetings"), HasSubstr("(no meeting series)"));
}

TEST(DashboardTableTest, EmptyDashboardSaysEachSectionIsEmpty) {
  EXPECT_EQ(RenderDashboardTable(v1::Dashboard(), kWidth),
            "== Plans ==\n"
            "\n"
            "  (no plans)\n"
            "\n"
            "== Rankings ==\n"
            "\n"
            "  (no ranking indices)\n"
            "\n"
            "== Meetings ==\n"
            "\n"
            "  (no meeting series)\n"
            "\n"
            "== Funds ==\n"
            "\n"
            "  (no funds)\n");
}

TEST(DashboardTableTest, EveryNonzeroFlowKindGetsItsOwnRow) {
  v1::Dashboard d;
  v1::StrategySummary* s = d.add_plans()->add_strategies();
  s->set_name("strategies/s");
  s->set_ordinal(1);
  s->mutable_fund_flows()->set_committed_krw(5000);
  s->mutable_fund_flows()->set_executed_krw(1200);
  s->mutable_fund_flows()->set_flow_count(3);
  v1::StrategySummary* none = d.mutable_plans(0)->add_strategies();
  none->set_name("strategies/none");
  none->set_ordinal(2);
  none->mutable_fund_flows();
  const std::string plans = Section(RenderDashboardTable(d, kWidth), "Plans");
  EXPECT_THAT(plans, ContainsRegex("\n    3 fund flows +5,000  committed\n"
                                   " +1,200  executed\n"));
  EXPECT_THAT(plans, Not(HasSubstr("raised")));
  EXPECT_THAT(plans,
              ContainsRegex("\n    fund flows +0  none name this strategy\n"));
}

TEST(DashboardTableTest, WideTerminalGetsOneFundsTable) {
  const v1::Dashboard d = LoadFixture("dashboard.txtpb");
  const std::string narrow = Section(RenderDashboardTable(d, kWidth), "Funds");
  const std::string wide = Section(RenderDashboardTable(d, 200), "Funds");
  EXPECT_THAT(narrow, ContainsRegex("\n  FUND +TARGET \\(KRW\\) +RAISED "
                                    "\\(KRW\\) +PROGRESS +FLOWS\n"));
  EXPECT_THAT(narrow, ContainsRegex("\n  FUND +COMMITTED \\(KRW\\) +ALLOCATED "
                                    "\\(KRW\\) +EXECUTED \\(KRW\\)\n"));
  EXPECT_THAT(wide, ContainsRegex("\n  FUND +TARGET \\(KRW\\) +RAISED "
                                  "\\(KRW\\) +COMMITTED \\(KRW\\) +ALLOCATED "
                                  "\\(KRW\\) +EXECUTED \\(KRW\\) +PROGRESS "
                                  "+FLOWS\n"));
}

TEST(DashboardTableTest, NarrowTerminalGetsABlockPerFundWithWholeNames) {
  const std::string funds = Section(
      RenderDashboardTable(LoadFixture("dashboard.txtpb"), 60), "Funds");
  EXPECT_THAT(funds, Not(HasSubstr("FUND ")));
  EXPECT_THAT(funds, HasSubstr("\n  strategic-investment\n"
                               "    target (KRW):    -\n"
                               "    raised (KRW):    0\n"
                               "    committed (KRW): 16,000,000,000,000\n"));
  EXPECT_THAT(funds, HasSubstr("    raised (KRW):    1,226,800,000,000 "
                               "(122.68% of target)\n"));
}

TEST(DashboardTableTest, ControlCharactersInNamesCannotBreakTheLayout) {
  v1::Dashboard d;
  v1::PlanSummary* plan = d.add_plans();
  plan->set_name("plans/p");
  plan->set_display_name("Plan\x1b[2J\nwith a newline");
  const std::string table = RenderDashboardTable(d, kWidth);
  EXPECT_THAT(table, Not(HasSubstr("\x1b")));
  EXPECT_THAT(table, HasSubstr("Plan [2J with a newline (plans/p)\n"));
}

TEST(DashboardJsonTest, RoundTripsForEveryFixture) {
  for (const char* file : {"dashboard.txtpb", "dashboard_degraded.txtpb"}) {
    const v1::Dashboard original = LoadFixture(file);
    v1::Dashboard parsed;
    const auto status =
        google::protobuf::util::JsonStringToMessage(Json(original), &parsed);
    ASSERT_TRUE(status.ok()) << file << ": " << status.ToString();
    std::string diff;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(original, parsed)) << file << ": " << diff;
  }
}

TEST(DashboardJsonTest, KeepsAbsentAndZeroApart) {
  const std::string json = Json(LoadFixture("dashboard.txtpb"));
  // Proto field names (the scripting interface), int64 as strings.
  EXPECT_THAT(json, HasSubstr("\"declared_budget_krw\": \"4888200000000\""));
  // The ai-innovation strategy has an explicit empty fund_flows (no flows
  // name it), which must stay distinguishable from absent.
  EXPECT_THAT(json, HasSubstr("\"fund_flows\": {}"));
  // The degraded fixture's strategies have no fund_flows at all.
  EXPECT_THAT(Json(LoadFixture("dashboard_degraded.txtpb")),
              Not(HasSubstr("fund_flows")));
}

}  // namespace
}  // namespace busan::ctl
