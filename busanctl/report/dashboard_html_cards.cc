// The cards of the HTML report, one article.card per plan, ranking index,
// meeting series and fund: a heading with the resource name under it, then
// the entry's figures, charts and lists. A plan card sets what the plan
// declared beside what its stored projects add up to, then the same per
// strategy.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/dashboard_html.h"
#include "busanctl/report/dashboard_html_internal.h"
#include "busanctl/report/output.h"

namespace busan::ctl::dashboard_html {
namespace {

std::string FlowText(const v1::FlowTotals& flows) {
  if (flows.flow_count() == 0) return "no fund flows";
  std::vector<std::string> parts;
  if (flows.committed_krw() != 0) {
    parts.push_back(
        absl::StrCat("committed ", CompactKrw(flows.committed_krw())));
  }
  if (flows.raised_krw() != 0) {
    parts.push_back(absl::StrCat("raised ", CompactKrw(flows.raised_krw())));
  }
  if (flows.allocated_krw() != 0) {
    parts.push_back(
        absl::StrCat("allocated ", CompactKrw(flows.allocated_krw())));
  }
  if (flows.executed_krw() != 0) {
    parts.push_back(
        absl::StrCat("executed ", CompactKrw(flows.executed_krw())));
  }
  std::string text = Plural(flows.flow_count(), "fund flow", "fund flows");
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::StrAppend(&text, i == 0 ? ": " : ", ", parts[i]);
  }
  return text;
}

// A list of published statements under `heading`: each quoted text, then
// the amount and date it states, if any. Nothing when there are none.
template <typename Item, typename Text>
void AppendPublishedList(absl::string_view heading,
                         const google::protobuf::RepeatedPtrField<Item>& items,
                         Text text, std::string* out) {
  if (items.empty()) return;
  absl::StrAppend(out, "<h4>", heading, "</h4>\n<ul class=\"published\">\n");
  for (const Item& item : items) {
    absl::StrAppend(out, "<li><q>", HtmlEscape(text(item)), "</q>");
    if (item.has_amount_krw()) {
      absl::StrAppend(out, " · ", FormatKrw(item.amount_krw()), " KRW");
    }
    if (!item.date().empty()) {
      absl::StrAppend(out, " · ", HtmlEscape(item.date()));
    }
    absl::StrAppend(out, "</li>\n");
  }
  absl::StrAppend(out, "</ul>\n");
}

const std::string& StatementText(const metrics::v1::Statement& statement) {
  return statement.text();
}

std::string InMeetings(int64_t meetings, int64_t of) {
  return absl::StrCat("recorded for ", GroupThousands(meetings), " of ",
                      Plural(of, "meeting", "meetings"));
}

}  // namespace

// ---------------------------------------------------------------- plans ---

// "37.50% done, by project count (2 projects report)", escaped.
std::string ProgressHtml(const catalog::v1::ProgressRollup& progress) {
  return absl::StrCat(HtmlEscape(ProgressText(progress)), " (",
                      Plural(progress.reporting_project_count(),
                             "project reports", "projects report"),
                      ")");
}

// One project's <li>: its name, then its dated status reports in order.
// `facts` (escaped HTML, e.g. its years) goes after the name when set.
void AppendTimelineItem(const v1::ProjectTimeline& timeline,
                        absl::string_view facts, std::string* out) {
  absl::StrAppend(
      out, "<li><strong>",
      HtmlEscape(timeline.display_name().empty() ? timeline.name()
                                                 : timeline.display_name()),
      "</strong> <code>", HtmlEscape(timeline.name()), "</code>",
      facts.empty() ? "" : " · ", facts, "\n");
  if (timeline.status_updates().empty()) {
    absl::StrAppend(out, "</li>\n");
    return;
  }
  absl::StrAppend(out, "<ol>\n");
  for (const catalog::v1::StatusUpdate& update : timeline.status_updates()) {
    absl::StrAppend(out, "<li>", HtmlEscape(update.date()), ": ");
    std::vector<std::string> parts;
    if (update.stage() != catalog::v1::Project::STAGE_UNSPECIFIED) {
      parts.push_back(catalog::v1::Project::Stage_Name(update.stage()));
    }
    if (update.has_progress_basis_points()) {
      parts.push_back(absl::StrCat(
          FormatBasisPoints(update.progress_basis_points()), " done"));
    }
    if (!update.note().empty()) parts.push_back(HtmlEscape(update.note()));
    absl::StrAppend(out,
                    parts.empty() ? "reported" : absl::StrJoin(parts, "; "),
                    "</li>\n");
  }
  absl::StrAppend(out, "</ol></li>\n");
}

// The dated status reports of the plan's projects that have any, under
// their strategies' order.
void AppendTimelines(const v1::PlanSummary& plan, std::string* out) {
  bool any = false;
  for (const v1::StrategySummary& strategy : plan.strategies()) {
    for (const v1::ProjectTimeline& timeline : strategy.timelines()) {
      if (!any)
        absl::StrAppend(
            out, "<h4>Project timelines</h4>\n<ul class=\"timelines\">\n");
      any = true;
      AppendTimelineItem(timeline, "", out);
    }
  }
  if (any) absl::StrAppend(out, "</ul>\n");
}

// Declared vs recorded: what the document promised, what is stored.
void AppendPlanFigures(const v1::PlanSummary& plan, std::string* out) {
  absl::StrAppend(
      out,
      "<table class=\"compare\"><thead><tr><th></th><th scope=\"col\">Declared"
      "</th><th scope=\"col\">Recorded</th></tr></thead><tbody>\n"
      "<tr><th scope=\"row\">Projects</th>",
      CountCell(Optional(plan.has_declared_project_count(),
                         plan.declared_project_count())),
      CountCell(plan.project_count()),
      "</tr>\n<tr><th scope=\"row\">Budget</th>",
      AmountCell(
          Optional(plan.has_declared_budget_krw(), plan.declared_budget_krw())),
      AmountCell(KnownSum(plan.total_budget_krw(), plan.project_count(),
                          plan.unbudgeted_project_count()),
                 "not published"),
      "</tr>\n</tbody></table>\n");
}

// What the figures table cannot show: unbudgeted projects, declared
// origins, progress; nothing when there is none.
void AppendPlanNotes(const v1::PlanSummary& plan, std::string* out) {
  std::vector<std::string> notes;
  if (plan.unbudgeted_project_count() > 0) {
    notes.push_back(
        absl::StrCat(Plural(plan.unbudgeted_project_count(),
                            "recorded project has", "recorded projects have"),
                     " no published budget"));
  }
  if (plan.has_declared_origin_counts()) {
    const auto& origins = plan.declared_origin_counts();
    notes.push_back(absl::StrCat(
        "declared origins: ", GroupThousands(origins.new_count()), " new, ",
        GroupThousands(origins.upgraded_count()), " upgraded, ",
        GroupThousands(origins.expanded_count()), " expanded"));
  }
  if (plan.has_progress()) {
    notes.push_back(ProgressHtml(plan.progress()));
  }
  if (!notes.empty()) {
    absl::StrAppend(out, "<p class=\"note\">");
    for (size_t i = 0; i < notes.size(); ++i) {
      absl::StrAppend(out, i == 0 ? "" : "; ", notes[i]);
    }
    absl::StrAppend(out, ".</p>\n");
  }
}

// One strategy of a plan: its projects recorded against declared, its
// progress and fund flows.
void AppendStrategyItem(const v1::StrategySummary& strategy, std::string* out) {
  absl::StrAppend(
      out, "<li><strong>", strategy.ordinal(), ". ",
      HtmlEscape(strategy.display_name().empty() ? strategy.name()
                                                 : strategy.display_name()),
      "</strong>: ", Plural(strategy.project_count(), "project", "projects"),
      " recorded");
  if (strategy.has_declared_project_count()) {
    absl::StrAppend(out, " of ",
                    GroupThousands(strategy.declared_project_count()),
                    " declared");
  }
  if (strategy.unbudgeted_project_count() > 0) {
    absl::StrAppend(out, " (",
                    GroupThousands(strategy.unbudgeted_project_count()),
                    " without a budget)");
  }
  if (strategy.has_progress()) {
    absl::StrAppend(out, "; ", ProgressHtml(strategy.progress()));
  }
  absl::StrAppend(out, "; ",
                  strategy.has_fund_flows() ? FlowText(strategy.fund_flows())
                                            : std::string("fund flows unknown"),
                  ".</li>\n");
}

void AppendPlan(const v1::PlanSummary& plan, int index, std::string* out) {
  absl::StrAppend(
      out, "<article class=\"card plan\" id=\"plan-", index, "\">\n<h3>",
      HtmlEscape(plan.display_name().empty() ? plan.name()
                                             : plan.display_name()),
      "</h3>\n<p class=\"meta\"><code>", HtmlEscape(plan.name()), "</code>");
  if (!plan.published().empty()) {
    absl::StrAppend(out, " · published ", HtmlEscape(plan.published()));
  }
  absl::StrAppend(out, "</p>\n");

  AppendPlanFigures(plan, out);
  AppendPlanNotes(plan, out);

  if (plan.strategies_size() == 0) {
    absl::StrAppend(out, "<p class=\"note\">No strategies recorded.</p>\n");
  } else {
    absl::StrAppend(out,
                    "<h4>Budget by strategy</h4>\n<ul class=\"legend\">"
                    "<li><span class=\"swatch declared\"></span>declared "
                    "in the plan</li><li><span class=\"swatch recorded\">"
                    "</span>recorded (sum of project budgets)</li></ul>\n");
    AppendBudgetBars(plan, index, out);
    absl::StrAppend(out, "<ul class=\"strategies\">\n");
    for (const v1::StrategySummary& strategy : plan.strategies()) {
      AppendStrategyItem(strategy, out);
    }
    absl::StrAppend(out, "</ul>\n");
    AppendTimelines(plan, out);
  }
  absl::StrAppend(out, "</article>\n");
}

void AppendUnfiledProjects(
    const google::protobuf::RepeatedPtrField<v1::ProjectTimeline>& projects,
    std::string* out) {
  absl::StrAppend(out,
                  "<article class=\"card unfiled\" id=\"unfiled-projects\">\n"
                  "<h3>Projects filed under no strategy</h3>\n<p "
                  "class=\"note\">Published without a strategy, so they count "
                  "toward no plan's totals.</p>\n<ul class=\"timelines\">\n");
  for (const v1::ProjectTimeline& project : projects) {
    AppendTimelineItem(project, HtmlEscape(CourseText(project, " · ")), out);
  }
  absl::StrAppend(out, "</ul>\n</article>\n");
}

// ------------------------------------------------------------- rankings ---

void AppendRanking(const v1::RankingSummary& ranking, int index,
                   std::string* out) {
  absl::StrAppend(
      out, "<article class=\"card ranking\" id=\"ranking-", index, "\">\n<h3>",
      HtmlEscape(ranking.display_name().empty() ? ranking.index()
                                                : ranking.display_name()),
      "</h3>\n<p class=\"meta\"><code>", HtmlEscape(ranking.index()),
      "</code>");
  if (!ranking.city().empty()) {
    absl::StrAppend(out, " · city ", HtmlEscape(ranking.city()));
  }
  absl::StrAppend(out, "</p>\n");
  if (ranking.points_size() == 0) {
    absl::StrAppend(out,
                    "<p class=\"note\">No editions recorded.</p>\n"
                    "</article>\n");
    return;
  }
  AppendRankTrend(ranking, index, out);

  const auto& latest = ranking.points(ranking.points_size() - 1);
  absl::StrAppend(out, "<dl class=\"figures\">");
  absl::StrAppend(
      out,
      Figure("Latest rank", absl::StrCat(latest.rank()),
             absl::StrCat("edition ", latest.edition(),
                          latest.has_total_ranked()
                              ? absl::StrCat(", of ", latest.total_ranked())
                              : "")));
  if (ranking.has_best_rank()) {
    absl::StrAppend(
        out, Figure("Best rank", absl::StrCat(ranking.best_rank()),
                    ranking.has_best_edition()
                        ? absl::StrCat("edition ", ranking.best_edition())
                        : ""));
  }
  if (ranking.has_change_first_to_latest()) {
    const int change = ranking.change_first_to_latest();
    absl::StrAppend(out, Figure("Since first edition", Signed(change),
                                change > 0   ? "places gained"
                                : change < 0 ? "places lost"
                                             : "unchanged"));
  }
  absl::StrAppend(out, "</dl>\n");
  if (ranking.latest_category_ranks_size() > 0) {
    absl::StrAppend(
        out, "<h4>Latest category ranks</h4>\n<ul class=\"categories\">");
    for (const auto& category : ranking.latest_category_ranks()) {
      absl::StrAppend(out, "<li>", HtmlEscape(category.category()),
                      ": <strong>", category.rank(), "</strong></li>");
    }
    absl::StrAppend(out, "</ul>\n");
  }
  AppendPublishedList("Published with the latest edition",
                      ranking.latest_statements(), StatementText, out);
  absl::StrAppend(out, "</article>\n");
}

// ------------------------------------------------------------- meetings ---

void AppendMeetingSeries(const v1::MeetingSeriesSummary& series, int index,
                         std::string* out) {
  absl::StrAppend(
      out, "<article class=\"card meeting-series\" id=\"meeting-series-", index,
      "\">\n<h3>",
      HtmlEscape(series.display_name().empty() ? series.series()
                                               : series.display_name()),
      "</h3>\n<p class=\"meta\"><code>", HtmlEscape(series.series()),
      "</code>");
  if (!series.started().empty()) {
    absl::StrAppend(out, " · since ", HtmlEscape(series.started()));
  }
  absl::StrAppend(
      out, "</p>\n<dl class=\"figures\">",
      Figure("Meetings", GroupThousands(series.meeting_count())),
      Figure("Participants", GroupThousands(series.total_participants()),
             InMeetings(series.meetings_with_participants(),
                        series.meeting_count())),
      Figure(
          "Policies", GroupThousands(series.total_policies()),
          InMeetings(series.meetings_with_policies(), series.meeting_count())),
      series.meetings_with_budget() > 0
          ? Figure(
                "Budget secured", CompactKrw(series.budget_secured_krw()),
                absl::StrCat(FormatKrw(series.budget_secured_krw()), " KRW, ",
                             InMeetings(series.meetings_with_budget(),
                                        series.meeting_count())))
          : Figure("Budget secured", "-", "recorded for no meeting"),
      "</dl>\n");
  if (series.policies_by_category_size() > 0) {
    absl::StrAppend(out,
                    "<h4>Policies by category</h4>\n<ul class=\"categories\">");
    for (const auto& category : series.policies_by_category()) {
      absl::StrAppend(out, "<li>", HtmlEscape(category.category()),
                      ": <strong>", GroupThousands(category.policies()),
                      "</strong></li>");
    }
    absl::StrAppend(out, "</ul>\n");
  }
  AppendPublishedList("Published for the whole series", series.statements(),
                      StatementText, out);
  absl::StrAppend(out, "</article>\n");
}

// ---------------------------------------------------------------- funds ---

void AppendFund(const v1::FundSummary& fund, int index, std::string* out) {
  const v1::FlowTotals& totals = fund.totals();
  absl::StrAppend(out, "<article class=\"card fund\" id=\"fund-", index,
                  "\">\n<h3>",
                  HtmlEscape(fund.display_name().empty() ? fund.fund()
                                                         : fund.display_name()),
                  "</h3>\n<p class=\"meta\"><code>", HtmlEscape(fund.fund()),
                  "</code></p>\n");
  // Progress and sums are derived from recorded flows: with none recorded
  // there is nothing to derive, and a 0 would claim an amount.
  const bool has_flows = totals.flow_count() > 0;
  if (fund.has_target_krw() && has_flows) {
    AppendFundProgress(fund, index, out);
  } else if (!has_flows) {
    absl::StrAppend(out,
                    "<p class=\"note\">No fund flows recorded: no amount "
                    "raised, committed, allocated or executed is "
                    "published.</p>\n");
  } else {
    absl::StrAppend(out,
                    "<p class=\"note\">No target published; totals "
                    "only.</p>\n");
  }
  absl::StrAppend(out, "<dl class=\"figures\">");
  if (has_flows) {
    absl::StrAppend(out, MoneyFigure("Committed", totals.committed_krw()),
                    MoneyFigure("Raised", totals.raised_krw()),
                    MoneyFigure("Allocated", totals.allocated_krw()),
                    MoneyFigure("Executed", totals.executed_krw()));
  }
  absl::StrAppend(out, Figure("Flows", GroupThousands(totals.flow_count())));
  if (fund.has_target_krw()) {
    absl::StrAppend(out, MoneyFigure("Target (published)", fund.target_krw()));
  }
  absl::StrAppend(out, "</dl>\n");
  AppendPublishedList(
      "Published", fund.milestones(),
      [](const metrics::v1::FundMilestone& m) { return m.description(); }, out);
  absl::StrAppend(out, "</article>\n");
}

}  // namespace busan::ctl::dashboard_html
