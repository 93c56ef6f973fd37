#include "busanctl/report/metrics_tables.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busanctl/report/text_width.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using Align = Table::Align;
using Column = Table::Column;
using Rows = std::vector<std::pair<std::string, std::string>>;

constexpr int kAmountWidth = 26;

std::string MeetingNumbers(const v1::Meeting& m) {
  if (m.first_number() == m.last_number())
    return absl::StrCat(m.first_number());
  return absl::StrCat(m.first_number(), "-", m.last_number());
}

// The meeting's date, or the period its tally covers.
std::string MeetingDate(const v1::Meeting& m) {
  if (!m.date().empty()) return m.date();
  if (m.period_start().empty() && m.period_end().empty()) return "-";
  return absl::StrCat(m.period_start().empty() ? "?" : m.period_start(), " to ",
                      m.period_end().empty() ? "?" : m.period_end());
}

// Left-pads each of `values` to the widest, so amounts line up on the right.
void AlignRight(std::vector<std::string*> values) {
  int width = 0;
  for (const std::string* v : values) {
    width = std::max(width, DisplayWidth(*v));
  }
  for (std::string* v : values) {
    *v = std::string(width - DisplayWidth(*v), ' ') + *v;
  }
}

}  // namespace

std::string FormatRank(int32_t rank, std::optional<int32_t> total_ranked) {
  if (!total_ranked.has_value()) return absl::StrCat(rank);
  return absl::StrCat(rank, " of ", *total_ranked);
}

std::string FormatRankChange(std::optional<int32_t> change) {
  if (!change.has_value()) return "-";
  if (*change > 0) return absl::StrCat("▲", *change);
  // Negate in 64 bits: -INT32_MIN does not fit in int32.
  if (*change < 0) return absl::StrCat("▼", -int64_t{*change});
  return "–";
}

std::string FormatReportedSum(int64_t sum, int64_t reported, int64_t meetings) {
  const std::string value = reported > 0 ? GroupThousands(sum) : "-";
  if (meetings == 0) return value;
  return absl::StrCat(value, " (", GroupThousands(reported), " of ",
                      Plural(meetings, "meeting", "meetings"), " reported)");
}

Table ItemsTable(const Items<v1::RankingIndex>& indices) {
  Table table({NameColumn(),
               DisplayNameColumn(),
               {"PUBLISHER", Align::kLeft, 24},
               {"CATEGORIES", Align::kRight, 10}});
  for (const v1::RankingIndex& i : indices) {
    table.AddRow({i.name(), DisplayName(i), i.publisher(),
                  absl::StrCat(i.categories_size())});
  }
  return table;
}

Table ItemsTable(const Items<v1::MeetingSeries>& series) {
  Table table({NameColumn(),
               DisplayNameColumn(),
               {"STARTED", Align::kLeft, 10},
               {"CATEGORIES", Align::kRight, 10},
               {"MEASURES", Align::kRight, 8}});
  for (const v1::MeetingSeries& s : series) {
    table.AddRow({s.name(), DisplayName(s), s.started(),
                  absl::StrCat(s.policy_categories_size()),
                  absl::StrCat(s.measures_size())});
  }
  return table;
}

Table ItemsTable(const Items<v1::Fund>& funds) {
  Table table({NameColumn(),
               DisplayNameColumn(),
               {"MANAGER", Align::kLeft, 24},
               {"TARGET (KRW)", Align::kRight, kAmountWidth},
               {"YEARS", Align::kLeft, 9}});
  for (const v1::Fund& f : funds) {
    table.AddRow({f.name(), DisplayName(f), f.manager(),
                  FormatKrw(Optional(f.has_target_krw(), f.target_krw())),
                  FormatYears(f)});
  }
  return table;
}

Table ItemsTable(const Items<v1::Ranking>& rankings) {
  Table table({{"EDITION", Align::kRight, 7},
               {"PUBLISHED", Align::kLeft, 10},
               {"CITY", Align::kLeft, 0, /*keep_whole=*/true},
               {"RANK", Align::kRight, 12},
               {"REGION", Align::kLeft, 20},
               {"REGION RANK", Align::kRight, 11}});
  for (const v1::Ranking& r : rankings) {
    table.AddRow(
        {absl::StrCat(r.edition()), r.published(), r.city(),
         FormatRank(r.rank(), Optional(r.has_total_ranked(), r.total_ranked())),
         r.region(), NumberOrDash(r.has_region_rank(), r.region_rank())});
  }
  return table;
}

Table ItemsTable(const Items<v1::Meeting>& meetings) {
  Table table({{"NUMBERS", Align::kRight, 9},
               {"DATE", Align::kLeft, 24},
               {"PARTICIPANTS", Align::kRight, 12},
               {"POLICIES", Align::kRight, 10},
               {"BUDGET SECURED (KRW)", Align::kRight, kAmountWidth},
               {"TOPICS", Align::kLeft, 40}});
  for (const v1::Meeting& m : meetings) {
    table.AddRow({MeetingNumbers(m), MeetingDate(m),
                  NumberOrDash(m.has_participants(), m.participants()),
                  NumberOrDash(m.has_policies_adopted(), m.policies_adopted()),
                  FormatKrw(Optional(m.has_budget_secured_krw(),
                                     m.budget_secured_krw())),
                  absl::StrJoin(m.topics(), "; ")});
  }
  return table;
}

Table ItemsTable(const Items<v1::FundFlow>& flows) {
  Table table({NameColumn(),
               {"TYPE", Align::kLeft, 9},
               {"AMOUNT (KRW)", Align::kRight, kAmountWidth},
               {"DATE", Align::kLeft, 10},
               {"STRATEGY", Align::kLeft, 24},
               {"PROJECT", Align::kLeft, 24},
               {"NOTE", Align::kLeft, 40}});
  for (const v1::FundFlow& f : flows) {
    table.AddRow({f.name(),
                  f.type() == v1::FundFlow::TYPE_UNSPECIFIED
                      ? "-"
                      : v1::FundFlow::Type_Name(f.type()),
                  GroupThousands(f.amount_krw()), f.date(),
                  WithoutPrefix(f.strategy(), "strategies/"),
                  WithoutPrefix(f.project(), "projects/"), f.note()});
  }
  return table;
}

Table SummaryTable(const v1::SummarizeFundsResponse& summary,
                   v1::SummarizeFundsRequest::GroupBy group_by) {
  using Request = v1::SummarizeFundsRequest;
  const std::string header = group_by == Request::GROUP_BY_UNSPECIFIED
                                 ? "KEY"
                                 : Request::GroupBy_Name(group_by);
  const std::string none = group_by == Request::YEAR ? "(no date)" : "(none)";
  Table table({{header, Align::kLeft, 0, /*keep_whole=*/true},
               {"COMMITTED (KRW)", Align::kRight, kAmountWidth},
               {"RAISED (KRW)", Align::kRight, kAmountWidth},
               {"ALLOCATED (KRW)", Align::kRight, kAmountWidth},
               {"EXECUTED (KRW)", Align::kRight, kAmountWidth},
               {"FLOWS", Align::kRight, 8}});
  for (const auto& g : summary.groups()) {
    table.AddRow(
        {g.key().empty() ? none : g.key(), GroupThousands(g.committed_krw()),
         GroupThousands(g.raised_krw()), GroupThousands(g.allocated_krw()),
         GroupThousands(g.executed_krw()), GroupThousands(g.flow_count())});
  }
  return table;
}

std::string RenderRankingTrend(const v1::RankingTrend& trend, int width) {
  if (trend.points().empty()) {
    return absl::StrCat("no rankings of ", SanitizeCell(trend.city()), " in ",
                        SanitizeCell(trend.index()), "\n");
  }
  Table table({{"EDITION", Align::kRight, 7},
               {"PUBLISHED", Align::kLeft, 10},
               {"RANK", Align::kRight, 12},
               {"CHANGE", Align::kRight, 8},
               {"REGION RANK", Align::kRight, 11}});
  for (const v1::RankingTrend::Point& p : trend.points()) {
    table.AddRow(
        {absl::StrCat(p.edition()), p.published(),
         FormatRank(p.rank(), Optional(p.has_total_ranked(), p.total_ranked())),
         FormatRankChange(Optional(p.has_change(), p.change())),
         NumberOrDash(p.has_region_rank(), p.region_rank())});
  }
  Rows rows;
  if (trend.has_best_rank()) {
    rows.emplace_back("best rank",
                      trend.has_best_edition()
                          ? absl::StrCat(trend.best_rank(), " (edition ",
                                         trend.best_edition(), ")")
                          : absl::StrCat(trend.best_rank()));
  }
  if (trend.has_change_first_to_latest()) {
    const auto& first = trend.points(0);
    const auto& latest = trend.points(trend.points_size() - 1);
    rows.emplace_back(
        "change first→latest",
        absl::StrCat(FormatRankChange(trend.change_first_to_latest()), " (",
                     first.rank(), " in edition ", first.edition(), " → ",
                     latest.rank(), " in edition ", latest.edition(), ")"));
  }
  return absl::StrCat(table.Render(width), "\n", RenderKeyValueRows(rows));
}

std::string RenderMeetingStats(const v1::MeetingStats& stats,
                               const std::string& start_date,
                               const std::string& end_date) {
  const int64_t n = stats.meeting_count();
  Rows rows;
  rows.emplace_back("series", stats.series());
  if (!start_date.empty() || !end_date.empty()) {
    rows.emplace_back(
        "dates", absl::StrCat(start_date.empty() ? "…" : start_date, " to ",
                              end_date.empty() ? "…" : end_date,
                              " (undated meetings left out)"));
  }
  rows.emplace_back("meetings", GroupThousands(n));
  rows.emplace_back("participants",
                    FormatReportedSum(stats.total_participants(),
                                      stats.meetings_with_participants(), n));
  rows.emplace_back("policies adopted",
                    FormatReportedSum(stats.total_policies(),
                                      stats.meetings_with_policies(), n));
  // Sorted by category, whatever order the map arrives in.
  const std::map<std::string, int64_t> categories(
      stats.policies_by_category().begin(), stats.policies_by_category().end());
  for (const auto& [category, count] : categories) {
    rows.emplace_back(absl::StrCat("  ", SanitizeCell(category)),
                      GroupThousands(count));
  }
  rows.emplace_back("budget secured (KRW)",
                    FormatReportedSum(stats.budget_secured_krw(),
                                      stats.meetings_with_budget(), n));
  return RenderKeyValueRows(rows);
}

std::string RenderFundTotals(const v1::FundTotals& totals) {
  std::string committed = GroupThousands(totals.committed_krw());
  std::string raised = GroupThousands(totals.raised_krw());
  std::string allocated = GroupThousands(totals.allocated_krw());
  std::string executed = GroupThousands(totals.executed_krw());
  std::string target =
      FormatKrw(Optional(totals.has_target_krw(), totals.target_krw()));
  AlignRight({&committed, &raised, &allocated, &executed, &target});
  Rows rows = {
      {"fund", totals.fund()},
      {"committed (KRW)", committed},
      {"raised (KRW)", raised},
      {"allocated (KRW)", allocated},
      {"executed (KRW)", executed},
      {"target (KRW)", target},
      {"flows", GroupThousands(totals.flow_count())},
      {"progress",
       totals.has_raised_basis_points_of_target()
           ? absl::StrCat(
                 FormatBasisPoints(totals.raised_basis_points_of_target()),
                 " of target raised")
           : "- (no target)"},
  };
  return RenderKeyValueRows(rows);
}

}  // namespace busan::ctl
