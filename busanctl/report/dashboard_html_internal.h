// The pieces the HTML report of dashboard_html.h is built from, shared by
// its source files: dashboard_html.cc lays out the page (styles, banner,
// sections, footer); dashboard_html_cards.cc fills the sections with one
// card per plan, ranking, meeting series or fund; dashboard_html_charts.cc
// draws the inline SVG charts on those cards; dashboard_html_format.cc
// formats single values (compact amounts, percentages, table cells and
// figures). Only those files include this header.
#ifndef BUSAN_BUSANCTL_REPORT_DASHBOARD_HTML_INTERNAL_H_
#define BUSAN_BUSANCTL_REPORT_DASHBOARD_HTML_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "busan/dashboard/v1/dashboard.pb.h"

namespace busan::ctl::dashboard_html {

namespace v1 = ::busan::dashboard::v1;

// --- Single values (dashboard_html_format.cc) ------------------------------

// "₩1.93 tn" style: the magnitude at a glance, with three significant
// figures. The exact amount is always shown next to it or in a tooltip.
std::string CompactKrw(int64_t amount);

// "+3" / "-3" / "0", for places gained.
std::string Signed(int64_t value);

// A percentage with one decimal from basis points, rounded half up:
// 12268 -> "122.7%".
std::string PercentFromBasisPoints(int64_t basis_points);

// A derived budget sum is unknown, not zero, when no recorded project has a
// published budget.
std::optional<int64_t> KnownSum(int64_t total_krw, int64_t project_count,
                                int64_t unbudgeted_count);

// A value cell of the declared-vs-recorded table: the compact amount, with
// the exact one under it when the compact form is rounded, or `absent`
// when there is no amount.
std::string AmountCell(std::optional<int64_t> amount_krw,
                       absl::string_view absent = "not declared");

// A count cell of the same table; "not declared" when there is no count.
std::string CountCell(std::optional<int64_t> count);

// The figures of one dl.figures entry; `detail` (already HTML) may be empty.
std::string Figure(absl::string_view label, absl::string_view value_html,
                   absl::string_view detail_html = "");

// A Figure of an amount: compact, with the exact amount in KRW as the
// detail when the compact form is rounded.
std::string MoneyFigure(absl::string_view label, int64_t amount_krw);

// --- Charts (dashboard_html_charts.cc) -------------------------------------

// svg#budget-bars-<plan_index>: per strategy of `plan`, its declared and its
// recorded budget as bars on one scale.
void AppendBudgetBars(const v1::PlanSummary& plan, int plan_index,
                      std::string* out);

// svg#rank-trend-<index>: the rank of `ranking` by edition, rank 1 at the
// top. `ranking` has at least one point.
void AppendRankTrend(const v1::RankingSummary& ranking, int index,
                     std::string* out);

// svg#fund-progress-<index>: what `fund` raised against its target, then the
// same in a line of text. `fund` has a target.
void AppendFundProgress(const v1::FundSummary& fund, int index,
                        std::string* out);

// --- Cards (dashboard_html_cards.cc) ---------------------------------------
// One article.card per entry of a section, `index` being the entry's
// position in the dashboard: it numbers the card's id (plan-<index>,
// ranking-<index>, ...) and the ids of the charts on it.

void AppendPlan(const v1::PlanSummary& plan, int index, std::string* out);
// One card (id unfiled-projects) listing the projects filed under no
// strategy, with their years, stage and status reports.
void AppendUnfiledProjects(
    const google::protobuf::RepeatedPtrField<v1::ProjectTimeline>& projects,
    std::string* out);
void AppendRanking(const v1::RankingSummary& ranking, int index,
                   std::string* out);
void AppendMeetingSeries(const v1::MeetingSeriesSummary& series, int index,
                         std::string* out);
void AppendFund(const v1::FundSummary& fund, int index, std::string* out);

}  // namespace busan::ctl::dashboard_html

#endif  // BUSAN_BUSANCTL_REPORT_DASHBOARD_HTML_INTERNAL_H_
