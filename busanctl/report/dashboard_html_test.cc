#include "busanctl/report/dashboard_html.h"

#include <google/protobuf/text_format.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/dashboard/v1/dashboard.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::dashboard::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kGeneratedAt[] = "2025-12-01T09:00:00+09:00";

v1::Dashboard LoadFixture(const std::string& name) {
  const std::string path =
      absl::StrCat(BUSAN_SOURCE_DIR, "/busanctl/report/testdata/", name);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  v1::Dashboard dashboard;
  EXPECT_TRUE(in.good() || in.eof()) << "cannot read " << path;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(text.str(), &dashboard))
      << path;
  return dashboard;
}

int Count(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

int CountMatches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return std::distance(std::sregex_iterator(text.begin(), text.end(), re),
                       std::sregex_iterator());
}

// The element that starts with the first occurrence of `opening` (e.g.
// `<svg ... id="rank-trend-0"`), through its closing tag. Charts do not nest
// elements of their own kind, so the first closing tag is the right one.
std::string Element(const std::string& html, const std::string& tag,
                    const std::string& marker) {
  const size_t marker_at = html.find(marker);
  if (marker_at == std::string::npos) return "";
  const size_t start = html.rfind("<" + tag, marker_at);
  const size_t end = html.find("</" + tag + ">", marker_at);
  if (start == std::string::npos || end == std::string::npos) return "";
  return html.substr(start, end + tag.size() + 3 - start);
}

std::vector<double> Attribute(const std::string& element,
                              const std::string& tag_and_class,
                              const std::string& attribute) {
  std::vector<double> values;
  const std::regex re(tag_and_class + "[^>]*\\b" + attribute +
                      "=\"([-0-9.]+)\"");
  for (auto it = std::sregex_iterator(element.begin(), element.end(), re);
       it != std::sregex_iterator(); ++it) {
    values.push_back(std::stod((*it)[1]));
  }
  return values;
}

TEST(DashboardHtmlTest, IsAnHtml5PageForPhones) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<meta name=\"viewport\" content=\"width=device-"
                              "width, initial-scale=1\">"));
  EXPECT_THAT(html, HasSubstr("<style>"));
  EXPECT_THAT(html, HasSubstr("max-width:760px"));
  EXPECT_THAT(html, HasSubstr("\"Noto Sans CJK KR\""));
  EXPECT_THAT(html, HasSubstr("</html>\n"));
  EXPECT_THAT(html,
              HasSubstr(absl::StrCat(">", kGeneratedAt, "</span>.</footer>")));
  for (const char* heading : {">Plans</h2>", ">Rankings</h2>",
                              ">Meeting series</h2>", ">Funds</h2>"}) {
    EXPECT_THAT(html, HasSubstr(heading));
  }
  // Every chart scales with the page: a viewBox and no fixed size.
  EXPECT_EQ(Count(html, "<svg "), Count(html, " viewBox=\"0 0 "));
  EXPECT_EQ(CountMatches(html, "<svg[^>]*\\b(width|height)="), 0);
  EXPECT_THAT(html, HasSubstr("svg.chart{display:block;width:100%;"));
  // The same input renders the same bytes.
  EXPECT_EQ(html,
            RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt));
}

TEST(DashboardHtmlTest, ShowsProgressWhereProjectsReportIt) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  EXPECT_THAT(html, HasSubstr("Mega-Convergence of Marine and Future Tech"
                              "</strong>: 2 projects recorded of 21 declared "
                              "(1 without a budget); 37.50% done, by project "
                              "count (2 projects report)"));
  // The other strategies report none: no figure, rather than 0%.
  EXPECT_THAT(html, Not(HasSubstr("0.00% done, by")));
  EXPECT_THAT(html, HasSubstr("<h4>Project timelines</h4>"));
  EXPECT_THAT(html, HasSubstr("<li>2024-10: PLANNED; First report</li>"));
  EXPECT_THAT(html, HasSubstr("<li>2025-11-10: IN_PROGRESS; 25.00% done; "
                              "Second report"));
}

TEST(DashboardHtmlTest, ListsProjectsFiledUnderNoStrategyApart) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  EXPECT_THAT(html, HasSubstr("<article class=\"card unfiled\" "
                              "id=\"unfiled-projects\">"));
  EXPECT_THAT(html, HasSubstr("<strong>Example Pilot City (test data)</strong> "
                              "<code>projects/example-pilot-city</code> · "
                              "years 2025-2039 · stage IN_PROGRESS\n<ol>\n"
                              "<li>2025-12-17: IN_PROGRESS; Progressing</li>"));
  EXPECT_THAT(html, HasSubstr("<code>projects/example-institute</code> · "
                              "no years or stage published\n<ol>\n"
                              "<li>2024-10: Inaugurated</li>"));
  // No reports: the item closes without an empty list.
  EXPECT_THAT(html, HasSubstr("<code>projects/example-zones</code> · no "
                              "years or stage published\n</li>"));
  // Without any, there is no card.
  dashboard::v1::Dashboard none = LoadFixture("dashboard.txtpb");
  none.clear_unfiled_projects();
  EXPECT_THAT(RenderDashboardHtml(none, kGeneratedAt),
              Not(HasSubstr("unfiled-projects")));
}

TEST(DashboardHtmlTest, IsSelfContained) {
  for (const char* fixture :
       {"dashboard.txtpb", "dashboard_degraded_html.txtpb"}) {
    SCOPED_TRACE(fixture);
    const std::string html =
        RenderDashboardHtml(LoadFixture(fixture), kGeneratedAt);
    // No network references in any src/href (or xlink:href), quoted or not,
    // including protocol-relative "//host" ones.
    EXPECT_EQ(CountMatches(html, "(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//"),
              0);
    EXPECT_EQ(CountMatches(html, "\\b(src|href)\\s*="), 0)
        << "the page should reference nothing at all";
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("<link")));
    EXPECT_THAT(html, Not(HasSubstr("@import")));
    EXPECT_THAT(html, Not(HasSubstr("url(")));
    EXPECT_THAT(html, Not(HasSubstr("@font-face")));
  }
}

TEST(DashboardHtmlTest, EscapesNamesAndErrorsFromTheServices) {
  const std::string html = RenderDashboardHtml(
      LoadFixture("dashboard_degraded_html.txtpb"), "<now> & \"later\"");
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&quot;plan&quot;)&lt;/"
                              "script&gt; &amp; &#39;Busan&#39; 부산"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"
                              " &#39;strategy&#39;"));
  EXPECT_THAT(html, HasSubstr("failed to connect &lt;all addresses&gt;"));
  EXPECT_THAT(html, HasSubstr(">&lt;now&gt; &amp; &quot;later&quot;</span>."));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<b>bold")));
  EXPECT_THAT(html, Not(HasSubstr("<all addresses>")));
  EXPECT_THAT(html, Not(HasSubstr("'Busan'")));
}

TEST(DashboardHtmlTest, HtmlEscapeReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(HtmlEscape("부산 AI"), "부산 AI");
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(DashboardHtmlTest, RankTrendHasOnePointPerEditionWithRankOneOnTop) {
  const v1::Dashboard dashboard = LoadFixture("dashboard.txtpb");
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  ASSERT_EQ(dashboard.rankings_size(), 1);
  EXPECT_EQ(Count(html, "class=\"chart rank-trend\""), 1);
  for (int i = 0; i < dashboard.rankings_size(); ++i) {
    const auto& ranking = dashboard.rankings(i);
    const std::string svg =
        Element(html, "svg", absl::StrCat("id=\"rank-trend-", i, "\""));
    ASSERT_FALSE(svg.empty()) << "svg#rank-trend-" << i;
    EXPECT_EQ(Count(svg, "<circle class=\"point\""), ranking.points_size());
    EXPECT_EQ(Count(svg, "<polyline class=\"trend\""), 1);
    // One tooltip per point, one rank label per point.
    EXPECT_EQ(CountMatches(svg, "<circle class=\"point\"[^>]*><title>Edition "),
              ranking.points_size());
    EXPECT_EQ(Count(svg, "<text class=\"rank-label\""), ranking.points_size());
    for (const auto& point : ranking.points()) {
      EXPECT_THAT(svg, HasSubstr(absl::StrCat("\">", point.rank(), "</text>")));
      EXPECT_THAT(svg,
                  HasSubstr(absl::StrCat("\">", point.edition(), "</text>")));
    }
    // Editions left to right; better (smaller) ranks higher (smaller y).
    const std::vector<double> cx =
        Attribute(svg, "<circle class=\"point\"", "cx");
    const std::vector<double> cy =
        Attribute(svg, "<circle class=\"point\"", "cy");
    ASSERT_EQ(cx.size(), static_cast<size_t>(ranking.points_size()));
    ASSERT_EQ(cy.size(), cx.size());
    for (int p = 1; p < ranking.points_size(); ++p) {
      EXPECT_LT(cx[p - 1], cx[p]);
      EXPECT_EQ(cy[p - 1] < cy[p],
                ranking.points(p - 1).rank() < ranking.points(p).rank())
          << "points " << p - 1 << " and " << p;
    }
  }
  EXPECT_THAT(html, HasSubstr("<title>Edition 12 (2025-12): rank 8 of 77, up 36"
                              "</title>"));
  EXPECT_THAT(html, HasSubstr("<title>Edition 5 (2022-05): rank 44, down 3"
                              "</title>"));
}

TEST(DashboardHtmlTest, RankingWithoutPointsDrawsNoChart) {
  v1::Dashboard dashboard;
  v1::RankingSummary* ranking = dashboard.add_rankings();
  ranking->set_display_name("Empty");
  ranking = dashboard.add_rankings();
  ranking->set_display_name("Single");
  auto* point = ranking->add_points();
  point->set_edition(1);
  point->set_rank(1);
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  EXPECT_THAT(html, Not(HasSubstr("id=\"rank-trend-0\"")));
  EXPECT_THAT(html, HasSubstr("No editions recorded."));
  const std::string svg = Element(html, "svg", "id=\"rank-trend-1\"");
  EXPECT_EQ(Count(svg, "<circle class=\"point\""), 1);
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
}

TEST(DashboardHtmlTest, BudgetBarsPairDeclaredAndRecordedPerStrategy) {
  const v1::Dashboard dashboard = LoadFixture("dashboard.txtpb");
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  int expected_total = 0;
  for (int i = 0; i < dashboard.plans_size(); ++i) {
    const auto& plan = dashboard.plans(i);
    int declared = 0;
    for (const auto& strategy : plan.strategies()) {
      declared += strategy.has_declared_budget_krw() ? 1 : 0;
    }
    const std::string svg =
        Element(html, "svg", absl::StrCat("id=\"budget-bars-", i, "\""));
    ASSERT_FALSE(svg.empty()) << "plan " << i;
    EXPECT_THAT(svg, HasSubstr("class=\"chart budget-bars\""));
    EXPECT_EQ(Count(svg, "<rect class=\"bar declared\""), declared);
    EXPECT_EQ(Count(svg, "<rect class=\"bar recorded\""),
              plan.strategies_size());
    EXPECT_EQ(Count(svg, "not declared</text>"),
              plan.strategies_size() - declared);
    expected_total += declared + plan.strategies_size();
  }
  // growth-2025: two strategies, both declared; work-report-2025: one
  // strategy without a declared budget.
  EXPECT_EQ(expected_total, 5);
  EXPECT_EQ(Count(html, "<rect class=\"bar "), expected_total);
  EXPECT_EQ(Count(html, "class=\"chart budget-bars\""), dashboard.plans_size());

  // Scaled to the plan's largest amount: marine-future-tech's declared
  // 1.927 tn fills the bar, its recorded 190.2 bn is about a tenth of it.
  const std::string growth = Element(html, "svg", "id=\"budget-bars-0\"");
  const std::vector<double> declared =
      Attribute(growth, "<rect class=\"bar declared\"", "width");
  const std::vector<double> recorded =
      Attribute(growth, "<rect class=\"bar recorded\"", "width");
  ASSERT_EQ(declared.size(), 2u);
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_DOUBLE_EQ(declared[0], 208);
  EXPECT_NEAR(recorded[0], 208 * 190.2 / 1927.0, 0.1);
  EXPECT_NEAR(declared[1], 208 * 782.4 / 1927.0, 0.1);
  EXPECT_DOUBLE_EQ(recorded[1], 0);
  EXPECT_THAT(growth, HasSubstr(">₩1.93 tn</text>"));
  EXPECT_THAT(growth, HasSubstr(">₩190 bn</text>"));
  EXPECT_THAT(growth,
              HasSubstr("<title>Declared: 1,927,000,000,000 KRW</title>"));
}

TEST(DashboardHtmlTest, PlanHeaderComparesDeclaredWithRecorded) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  const std::string plan = Element(html, "article", "id=\"plan-0\"");
  EXPECT_THAT(plan, HasSubstr("<h3>Economic Growth Innovation Strategy</h3>"));
  EXPECT_THAT(plan, HasSubstr("<span class=\"big\">71</span>"));
  EXPECT_THAT(plan, HasSubstr("<span class=\"big\">3</span>"));
  EXPECT_THAT(plan, HasSubstr("4,888,200,000,000"));
  EXPECT_THAT(plan, HasSubstr("190,200,000,000"));
  EXPECT_THAT(plan, HasSubstr("53 new, 15 upgraded, 3 expanded"));
  EXPECT_THAT(plan, HasSubstr("1 recorded project has no published budget"));
  EXPECT_THAT(plan, HasSubstr("부산 AI 혁신 전략"));
  EXPECT_THAT(plan, HasSubstr("1 fund flow: committed ₩16.0 tn"));
  // Unknown is not zero: the work report declared nothing.
  const std::string report = Element(html, "article", "id=\"plan-1\"");
  EXPECT_EQ(Count(report, "<span class=\"absent\">not declared</span>"), 2);
}

// When no recorded project has a published budget, the sum is unknown:
// no recorded bar, no "₩0".
TEST(DashboardHtmlTest, RecordedSumWithoutAnyPublishedBudgetIsUnknown) {
  v1::Dashboard dashboard = LoadFixture("dashboard.txtpb");
  v1::PlanSummary& plan = *dashboard.mutable_plans(0);
  plan.set_total_budget_krw(0);
  plan.set_unbudgeted_project_count(plan.project_count());
  v1::StrategySummary& strategy = *plan.mutable_strategies(1);
  strategy.set_total_budget_krw(0);
  strategy.set_unbudgeted_project_count(strategy.project_count());
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  const std::string growth = Element(html, "svg", "id=\"budget-bars-0\"");
  EXPECT_EQ(Count(growth, "<rect class=\"bar recorded\""), 1);
  EXPECT_EQ(Count(growth, "no budget published</text>"), 1);
  const std::string article = Element(html, "article", "id=\"plan-0\"");
  EXPECT_EQ(Count(article, "<span class=\"absent\">not published</span>"), 1);
}

TEST(DashboardHtmlTest, FundProgressOnlyForFundsWithATarget) {
  const v1::Dashboard dashboard = LoadFixture("dashboard.txtpb");
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  int with_target = 0;
  for (const auto& fund : dashboard.funds())
    with_target += fund.has_target_krw();
  ASSERT_EQ(with_target, 1);
  EXPECT_EQ(Count(html, "class=\"chart fund-progress\""), with_target);
  EXPECT_EQ(Count(html, "<rect class=\"track\""), with_target);
  EXPECT_EQ(CountMatches(html, "<rect class=\"progress[ \"]"), with_target);

  // 122.68% of target: the fill stops at the full track, the text does not.
  const std::string svg = Element(html, "svg", "id=\"fund-progress-0\"");
  EXPECT_EQ(Attribute(svg, "<rect class=\"track\"", "width"),
            std::vector<double>{360});
  EXPECT_EQ(Attribute(svg, "<rect class=\"progress over\"", "width"),
            std::vector<double>{360});
  const std::string fund = Element(html, "article", "id=\"fund-0\"");
  EXPECT_THAT(fund, HasSubstr("<strong>122.7% of target</strong>"));
  const std::string no_target = Element(html, "article", "id=\"fund-2\"");
  EXPECT_THAT(no_target, Not(HasSubstr("<svg")));
  EXPECT_THAT(no_target, HasSubstr("No target published"));
  EXPECT_THAT(no_target, HasSubstr("16,000,000,000,000 KRW"));
}

// A fund without recorded flows shows no sums (a 0 would claim an amount)
// and lists what was published about it, marked as published.
TEST(DashboardHtmlTest, FundWithoutFlowsShowsOnlyWhatWasPublished) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  const std::string fund = Element(html, "article", "id=\"fund-1\"");
  EXPECT_THAT(fund, Not(HasSubstr("<svg")));
  EXPECT_THAT(fund, HasSubstr("No fund flows recorded"));
  EXPECT_THAT(fund, Not(HasSubstr("Raised")));
  EXPECT_THAT(fund, HasSubstr("<h4>Published</h4>"));
  EXPECT_THAT(fund, HasSubstr("<q>established with an amount (test data)</q> "
                              "· 2,300,000,000,000 KRW"));
  EXPECT_THAT(Element(html, "article", "id=\"fund-0\""),
              HasSubstr("Target (published)"));
}

TEST(DashboardHtmlTest, StatementsAreListedAsPublished) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  const std::string ranking = Element(html, "article", "id=\"ranking-0\"");
  EXPECT_THAT(ranking, HasSubstr("<h4>Published with the latest edition</h4>"));
  EXPECT_THAT(ranking,
              HasSubstr("<q>A dated statement with an amount (test data).</q> "
                        "· 16,000,000,000,000 KRW · 2025-03"));
  const std::string series =
      Element(html, "article", "id=\"meeting-series-0\"");
  EXPECT_THAT(series, HasSubstr("<h4>Published for the whole series</h4>"));
  EXPECT_THAT(series, HasSubstr("<q>A budget stated for the whole series (test "
                                "data).</q> · 7,274,900,000,000 KRW"));
}

TEST(DashboardHtmlTest, FundProgressIsProportionalBelowTarget) {
  v1::Dashboard dashboard;
  v1::FundSummary* fund = dashboard.add_funds();
  fund->set_target_krw(1000);
  fund->mutable_totals()->set_raised_krw(255);
  fund->mutable_totals()->set_flow_count(1);
  fund->set_raised_basis_points_of_target(2550);
  fund = dashboard.add_funds();
  fund->set_target_krw(1000);  // nothing raised recorded yet
  fund->mutable_totals()->set_committed_krw(500);
  fund->mutable_totals()->set_flow_count(1);
  fund = dashboard.add_funds();
  fund->set_target_krw(1000);  // no flows at all: no progress to derive
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  EXPECT_EQ(Attribute(Element(html, "svg", "id=\"fund-progress-0\""),
                      "<rect class=\"progress\"", "width"),
            std::vector<double>{91.8});
  EXPECT_THAT(html, HasSubstr("<strong>25.5% of target</strong>"));
  EXPECT_EQ(Attribute(Element(html, "svg", "id=\"fund-progress-1\""),
                      "<rect class=\"progress\"", "width"),
            std::vector<double>{0});
  EXPECT_THAT(html, HasSubstr("nothing raised recorded yet"));
  EXPECT_THAT(Element(html, "article", "id=\"fund-2\""),
              Not(HasSubstr("<svg")));
}

TEST(DashboardHtmlTest, MeetingSeriesKeyFigures) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  const std::string series =
      Element(html, "article", "id=\"meeting-series-0\"");
  EXPECT_THAT(series,
              HasSubstr("<h3>Emergency Economic Countermeasures Meeting</h3>"));
  EXPECT_THAT(series, HasSubstr("<dt>Participants</dt><dd>1,160<small>recorded"
                                " for 49 of 50 meetings</small>"));
  EXPECT_THAT(series, HasSubstr("<dt>Policies</dt><dd>396<"));
  EXPECT_THAT(series, HasSubstr("7,274,900,000,000 KRW"));
  EXPECT_THAT(series, HasSubstr("livelihood: <strong>120</strong>"));
}

TEST(DashboardHtmlTest, CompleteDashboardHasNoWarnings) {
  const std::string html =
      RenderDashboardHtml(LoadFixture("dashboard.txtpb"), kGeneratedAt);
  EXPECT_THAT(html, Not(HasSubstr("unavailable-banner")));
  EXPECT_THAT(html, Not(HasSubstr("class=\"section-unavailable\"")));
}

TEST(DashboardHtmlTest, UnavailableSectionsAreNamedNotLeftEmpty) {
  const v1::Dashboard dashboard = LoadFixture("dashboard_degraded_html.txtpb");
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  const std::string banner = Element(html, "div", "id=\"unavailable-banner\"");
  ASSERT_FALSE(banner.empty());
  // At the top: before the first section.
  EXPECT_LT(html.find("id=\"unavailable-banner\""),
            html.find("<section id=\"plans\""));
  for (const char* section : {"rankings", "meetings", "funds"}) {
    EXPECT_THAT(banner, HasSubstr(absl::StrCat("<b>", section,
                                               "</b> from <b>metrics-service"
                                               "</b>: metrics-service at ")));
    const std::string body =
        Element(html, "section", absl::StrCat("<section id=\"", section, "\""));
    EXPECT_EQ(Count(body, "class=\"section-unavailable\""), 1) << section;
    EXPECT_THAT(body, HasSubstr("could not be read from metrics-service: "
                                "metrics-service at 127.0.0.1:50052 is "
                                "unreachable"));
    EXPECT_THAT(body, Not(HasSubstr(" recorded.</p>")))
        << section << " must not claim to be empty";
  }
  const std::string plans = Element(html, "section", "<section id=\"plans\"");
  EXPECT_THAT(plans, Not(HasSubstr("section-unavailable")));
  // Funds could not be read, so flows are unknown rather than zero.
  EXPECT_EQ(Count(plans, "fund flows unknown"), 2);
  EXPECT_EQ(Count(plans, "<rect class=\"bar declared\""), 1);
  EXPECT_EQ(Count(plans, "<rect class=\"bar recorded\""), 2);
}

TEST(DashboardHtmlTest, PartialSectionSaysItMayBeIncomplete) {
  v1::Dashboard dashboard;
  v1::Unavailable* catalog = dashboard.add_unavailable();
  catalog->set_section("catalog");
  catalog->set_service("catalog-service");
  catalog->set_error("deadline exceeded listing strategies");
  dashboard.add_plans()->set_display_name("Read before the deadline");
  v1::Unavailable* funds = dashboard.add_unavailable();
  funds->set_section("funds");
  funds->set_service("metrics-service");
  funds->set_error("permission denied");
  const std::string html = RenderDashboardHtml(dashboard, kGeneratedAt);
  const std::string plans = Element(html, "section", "<section id=\"plans\"");
  EXPECT_THAT(plans, HasSubstr("<strong>Plans unavailable</strong>: could not "
                               "be read from catalog-service: deadline "
                               "exceeded listing strategies. What is shown "
                               "below may be incomplete.</p>"));
  EXPECT_THAT(plans, HasSubstr("Read before the deadline"));
  const std::string funds_section =
      Element(html, "section", "<section id=\"funds\"");
  EXPECT_THAT(funds_section,
              HasSubstr("metrics-service: permission denied.</p>"));
  EXPECT_THAT(funds_section, Not(HasSubstr("No funds recorded.")));
  // Sections that were read and are empty say so.
  EXPECT_THAT(html, HasSubstr("No rankings recorded."));
}

TEST(DashboardHtmlTest, EmptyDashboardSaysSoPerSection) {
  const std::string html = RenderDashboardHtml(v1::Dashboard(), kGeneratedAt);
  for (const char* text :
       {"No plans recorded.", "No rankings recorded.",
        "No meeting series recorded.", "No funds recorded."}) {
    EXPECT_THAT(html, HasSubstr(text));
  }
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
}

}  // namespace
}  // namespace busan::ctl
