// The sections of the dashboard's text form that come from the metrics
// service: per ranking index a table of its editions and a key: value block
// of the best rank and the change over time; per meeting series a key:
// value block of its sums, each with how many meetings reported it; and the
// funds, as one table, two, or a block per fund, whichever fits the width.
// Published statements and milestones follow their entry, each line marked
// "published:" so it is never read as a figure the services derived.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/dashboard_table_internal.h"
#include "busanctl/report/metrics_tables.h"
#include "busanctl/report/output.h"
#include "busanctl/report/text_width.h"

namespace busan::ctl::dashboard_table {
namespace {

using Align = Table::Align;
using Column = Table::Column;

// "published: {text} (KRW {amount}, {date})", wrapped with a hanging indent
// under `prefix`; the amount and date only when the statement states them.
void AppendPublished(std::string* out, absl::string_view text,
                     std::optional<int64_t> amount_krw, absl::string_view date,
                     absl::string_view prefix, int width) {
  std::vector<std::string> facts;
  if (amount_krw) facts.push_back(absl::StrCat("KRW ", FormatKrw(amount_krw)));
  const std::string clean_date = SanitizeText(date);
  if (!clean_date.empty()) facts.push_back(clean_date);
  std::string line = SanitizeText(text);
  if (!facts.empty())
    absl::StrAppend(&line, " (", absl::StrJoin(facts, ", "), ")");
  constexpr absl::string_view kLabel = "published: ";
  AppendWrapped(out, line, absl::StrCat(prefix, kLabel),
                absl::StrCat(prefix, Spaces(DisplayWidth(kLabel))), width);
}

void AppendStatements(
    std::string* out,
    const google::protobuf::RepeatedPtrField<metrics::v1::Statement>&
        statements,
    absl::string_view prefix, int width) {
  for (const metrics::v1::Statement& statement : statements) {
    AppendPublished(
        out, statement.text(),
        Optional(statement.has_amount_krw(), statement.amount_krw()),
        statement.date(), prefix, width);
  }
}

std::string CategoryRanks(const v1::RankingSummary& ranking) {
  std::vector<std::string> parts;
  for (const auto& category : ranking.latest_category_ranks()) {
    const std::string name = SanitizeText(category.category());
    parts.push_back(
        absl::StrCat(name.empty() ? "?" : name, " ", category.rank()));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

// --- Rankings --------------------------------------------------------------

std::string RenderRanking(const v1::RankingSummary& ranking, int width) {
  const std::string city = SanitizeText(ranking.city());
  std::string out = Heading(ranking.display_name(),
                            absl::StrCat(SanitizeText(ranking.index()),
                                         city.empty() ? "" : ", city ", city),
                            width);
  if (ranking.points().empty()) {
    AppendWrapped(&out,
                  absl::StrCat("(no edition ranks ",
                               city.empty() ? "the city" : city, ")"),
                  kIndent, kIndent, width);
    return out;
  }
  Table table({{"EDITION", Align::kRight, 7},
               {"PUBLISHED", Align::kLeft, 10},
               {"RANK", Align::kRight, 0, /*keep_whole=*/true},
               {"CHANGE", Align::kRight, 0, /*keep_whole=*/true}});
  for (const auto& p : ranking.points()) {
    table.AddRow(
        {absl::StrCat(p.edition()), p.published(),
         FormatRank(p.rank(), Optional(p.has_total_ranked(), p.total_ranked())),
         FormatRankChange(Optional(p.has_change(), p.change()))});
  }
  AppendIndented(&out, table.Render(width - DisplayWidth(kIndent)), kIndent);

  Rows rows;
  rows.emplace_back("best rank",
                    !ranking.has_best_rank() ? "-"
                    : ranking.has_best_edition()
                        ? absl::StrCat(ranking.best_rank(), " (edition ",
                                       ranking.best_edition(), ")")
                        : absl::StrCat(ranking.best_rank()));
  std::string change = FormatRankChange(Optional(
      ranking.has_change_first_to_latest(), ranking.change_first_to_latest()));
  if (ranking.has_change_first_to_latest()) {
    const auto& first = ranking.points(0);
    const auto& latest = ranking.points(ranking.points_size() - 1);
    absl::StrAppend(&change, " (", first.rank(), " in edition ",
                    first.edition(), " → ", latest.rank(), " in edition ",
                    latest.edition(), ")");
  }
  rows.emplace_back("change first→latest", change);
  rows.emplace_back("latest category ranks", CategoryRanks(ranking));
  out += KeyValueBlock(rows, kIndent, width);
  AppendStatements(&out, ranking.latest_statements(), kIndent, width);
  return out;
}

// --- Meetings --------------------------------------------------------------

std::string RenderMeetingSeries(const v1::MeetingSeriesSummary& series,
                                int width) {
  const std::string started = SanitizeText(series.started());
  std::string out =
      Heading(series.display_name(),
              absl::StrCat(SanitizeText(series.series()),
                           started.empty() ? "" : ", since ", started),
              width);
  const int64_t n = series.meeting_count();
  Rows rows;
  rows.emplace_back("meetings", GroupThousands(n));
  rows.emplace_back("participants",
                    FormatReportedSum(series.total_participants(),
                                      series.meetings_with_participants(), n));
  rows.emplace_back("policies adopted",
                    FormatReportedSum(series.total_policies(),
                                      series.meetings_with_policies(), n));
  for (const auto& category : series.policies_by_category()) {
    const std::string name = SanitizeText(category.category());
    rows.emplace_back(absl::StrCat("  ", name.empty() ? "?" : name),
                      GroupThousands(category.policies()));
  }
  rows.emplace_back("budget secured (KRW)",
                    FormatReportedSum(series.budget_secured_krw(),
                                      series.meetings_with_budget(), n));
  out += KeyValueBlock(rows, kIndent, width);
  AppendStatements(&out, series.statements(), kIndent, width);
  return out;
}

// --- Funds -----------------------------------------------------------------

// One table with every column when it fits; else two (progress against the
// target, then where the money went); else, on a terminal too narrow even
// for that, a key: value block per fund. Fund names are never cut, so the
// tables are not squeezed to fit.
std::string RenderFunds(
    const google::protobuf::RepeatedPtrField<v1::FundSummary>& funds,
    int width) {
  const Column fund{"FUND", Align::kLeft, 0, /*keep_whole=*/true};
  const auto figure = [](const char* header) {
    return Column{header, Align::kRight, 0, /*keep_whole=*/true};
  };
  Table whole({fund, figure("TARGET (KRW)"), figure("RAISED (KRW)"),
               figure("COMMITTED (KRW)"), figure("ALLOCATED (KRW)"),
               figure("EXECUTED (KRW)"), figure("PROGRESS"), figure("FLOWS")});
  Table progress({fund, figure("TARGET (KRW)"), figure("RAISED (KRW)"),
                  figure("PROGRESS"), figure("FLOWS")});
  Table spending({fund, figure("COMMITTED (KRW)"), figure("ALLOCATED (KRW)"),
                  figure("EXECUTED (KRW)")});
  std::string blocks;
  for (const v1::FundSummary& f : funds) {
    const std::string id = ShortId(f.fund(), "funds/");
    const std::string target =
        FormatKrw(Optional(f.has_target_krw(), f.target_krw()));
    const std::string percent =
        f.has_raised_basis_points_of_target()
            ? FormatBasisPoints(f.raised_basis_points_of_target())
            : "-";
    const v1::FlowTotals& t = f.totals();
    // Sums of the recorded flows; with none recorded they are unknown, not 0.
    const auto sum = [&t](int64_t krw) {
      return t.flow_count() > 0 ? GroupThousands(krw) : std::string("-");
    };
    const std::string raised = sum(t.raised_krw());
    const std::string committed = sum(t.committed_krw());
    const std::string allocated = sum(t.allocated_krw());
    const std::string executed = sum(t.executed_krw());
    const std::string flows = GroupThousands(t.flow_count());
    whole.AddRow(
        {id, target, raised, committed, allocated, executed, percent, flows});
    progress.AddRow({id, target, raised, percent, flows});
    spending.AddRow({id, committed, allocated, executed});

    if (!blocks.empty()) blocks += "\n";
    AppendWrapped(&blocks, id.empty() ? "-" : id, kIndent, kIndent, width);
    blocks +=
        KeyValueBlock({{"target (KRW)", target},
                       {"raised (KRW)",
                        f.has_raised_basis_points_of_target()
                            ? absl::StrCat(raised, " (", percent, " of target)")
                            : raised},
                       {"committed (KRW)", committed},
                       {"allocated (KRW)", allocated},
                       {"executed (KRW)", executed},
                       {"flows", flows}},
                      "    ", width);
  }
  std::string published;
  for (const v1::FundSummary& f : funds) {
    if (f.milestones().empty()) continue;
    const std::string id = ShortId(f.fund(), "funds/");
    AppendWrapped(&published, id.empty() ? "-" : id, kIndent, kIndent, width);
    for (const metrics::v1::FundMilestone& milestone : f.milestones()) {
      AppendPublished(
          &published, milestone.description(),
          Optional(milestone.has_amount_krw(), milestone.amount_krw()),
          milestone.date(), "    ", width);
    }
  }
  std::string legend = "\n";
  AppendWrapped(&legend,
                "Target is published; raised, committed, allocated, executed, "
                "progress and flows are sums of the recorded fund flows (- "
                "when none is recorded).",
                kIndent, kIndent, width);
  if (!published.empty()) published = absl::StrCat("\n", published);
  const int table_width = width - DisplayWidth(kIndent);
  std::string out;
  const std::string one_table = whole.Render();
  if (WidestLine(one_table) <= table_width) {
    AppendIndented(&out, one_table, kIndent);
    return absl::StrCat(out, legend, published);
  }
  const std::string first = progress.Render();
  const std::string second = spending.Render();
  if (std::max(WidestLine(first), WidestLine(second)) <= table_width) {
    AppendIndented(&out, first, kIndent);
    out += "\n";
    AppendIndented(&out, second, kIndent);
    return absl::StrCat(out, legend, published);
  }
  return absl::StrCat(blocks, legend, published);
}

}  // namespace busan::ctl::dashboard_table
