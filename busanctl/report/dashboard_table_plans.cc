// The plans of the dashboard's text form. Each plan is one grid with a
// PROJECTS and an AMOUNT (KRW) column: the plan's declared and recorded
// rows, then per strategy a title line, its declared and recorded rows and
// its fund flows. Notes ("3 without a budget", the origin split, the kind
// of flow) go beside the figures when the terminal is wide enough, else
// under them.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/catalog_tables.h"
#include "busanctl/report/dashboard_table_internal.h"
#include "busanctl/report/output.h"
#include "busanctl/report/text_width.h"

namespace busan::ctl::dashboard_table {
namespace {

// One line of a plan's grid: either free text (a title or a note) or a row
// of figures under the PROJECTS and AMOUNT (KRW) columns.
struct GridRow {
  std::string text;  // set for free-text lines, already laid out
  int indent = 0;
  std::string label;
  std::string projects;
  std::string amount;
  std::string note;
};

GridRow Figures(int indent, std::string label, std::string projects,
                std::string amount, std::string note = "") {
  GridRow row;
  row.indent = indent;
  row.label = std::move(label);
  row.projects = std::move(projects);
  row.amount = std::move(amount);
  row.note = std::move(note);
  return row;
}

GridRow Text(std::string text) {
  GridRow row;
  row.text = std::move(text);
  return row;
}

std::string RenderGrid(const std::vector<GridRow>& rows, int width) {
  static const std::string kProjects = "PROJECTS";
  static const std::string kAmount = "AMOUNT (KRW)";
  int label_width = 0;
  int projects_width = DisplayWidth(kProjects);
  int amount_width = DisplayWidth(kAmount);
  for (const GridRow& row : rows) {
    if (!row.text.empty()) continue;
    label_width = std::max(label_width, row.indent + DisplayWidth(row.label));
    projects_width = std::max(projects_width, DisplayWidth(row.projects));
    amount_width = std::max(amount_width, DisplayWidth(row.amount));
  }
  const int note_column =
      label_width + 2 + projects_width + 2 + amount_width + 2;
  // Notes go beside the figures when there is room, else on their own lines
  // under them.
  const bool notes_beside = width - note_column >= kMinWrapWidth;

  std::string out = absl::StrCat(Spaces(label_width), "  ",
                                 PadLeft(kProjects, projects_width), "  ",
                                 PadLeft(kAmount, amount_width), "\n");
  for (const GridRow& row : rows) {
    if (!row.text.empty()) {
      out += row.text;
      continue;
    }
    std::string line =
        absl::StrCat(PadRight(Spaces(row.indent) + row.label, label_width),
                     "  ", PadLeft(row.projects, projects_width), "  ",
                     PadLeft(row.amount, amount_width));
    if (row.note.empty()) {
      StripTrailingSpaces(&line);
      absl::StrAppend(&out, line, "\n");
    } else if (notes_beside) {
      AppendWrapped(&out, row.note, line + "  ", Spaces(note_column), width);
    } else {
      StripTrailingSpaces(&line);
      absl::StrAppend(&out, line, "\n");
      const std::string indent = Spaces(row.indent + 2);
      AppendWrapped(&out, row.note, indent, indent, width);
    }
  }
  return out;
}

std::string WithoutBudget(int64_t unbudgeted) {
  return unbudgeted > 0
             ? absl::StrCat(GroupThousands(unbudgeted), " without a budget")
             : "";
}

std::string OriginSplit(const catalog::v1::OriginCounts& origins) {
  std::vector<std::string> parts = {
      absl::StrCat(GroupThousands(origins.new_count()), " new"),
      absl::StrCat(GroupThousands(origins.upgraded_count()), " upgraded"),
      absl::StrCat(GroupThousands(origins.expanded_count()), " expanded")};
  if (origins.unspecified_count() != 0) {
    parts.push_back(absl::StrCat(GroupThousands(origins.unspecified_count()),
                                 " of unknown origin"));
  }
  return absl::StrJoin(parts, ", ");
}

// The fund-flow rows of one strategy (see the header for why one row per
// kind).
void AddFundFlowRows(const v1::StrategySummary& strategy, int indent,
                     std::vector<GridRow>* rows) {
  if (!strategy.has_fund_flows()) {
    rows->push_back(
        Figures(indent, "fund flows", "", "-", "funds could not be read"));
    return;
  }
  const v1::FlowTotals& flows = strategy.fund_flows();
  const std::string label =
      flows.flow_count() == 0
          ? "fund flows"
          : Plural(flows.flow_count(), "fund flow", "fund flows");
  const std::pair<int64_t, const char*> kinds[] = {
      {flows.committed_krw(), "committed"},
      {flows.raised_krw(), "raised"},
      {flows.allocated_krw(), "allocated"},
      {flows.executed_krw(), "executed"}};
  bool any = false;
  for (const auto& [amount, kind] : kinds) {
    if (amount == 0) continue;
    rows->push_back(
        Figures(indent, any ? "" : label, "", GroupThousands(amount), kind));
    any = true;
  }
  if (!any) {
    rows->push_back(
        Figures(indent, label, "", "0",
                flows.flow_count() == 0 ? "none name this strategy" : ""));
  }
}

// A plan's or strategy's progress, when any project below reports it: the
// reporting projects under PROJECTS, the figure and its rule as the note.
template <typename Summary>
void AddProgressRow(const Summary& summary, int indent,
                    std::vector<GridRow>* rows) {
  if (!summary.has_progress()) return;
  rows->push_back(
      Figures(indent, "progress",
              GroupThousands(summary.progress().reporting_project_count()), "",
              ProgressText(summary.progress())));
}

// "IN_PROGRESS", or "-" when not published.
std::string StageText(catalog::v1::Project::Stage stage) {
  return stage == catalog::v1::Project::STAGE_UNSPECIFIED
             ? "-"
             : catalog::v1::Project::Stage_Name(stage);
}

// A project's dated status reports, a line each (date, stage, progress)
// with the report's note wrapped beside it.
void AddReportRows(const v1::ProjectTimeline& timeline, int indent, int width,
                   std::vector<GridRow>* rows) {
  for (const catalog::v1::StatusUpdate& update : timeline.status_updates()) {
    const std::string stage = StageText(update.stage());
    const std::string line = absl::StrCat(
        Spaces(indent), PadRight(SanitizeCell(update.date()), 10), "  ",
        PadRight(stage, 11), "  ",
        PadLeft(update.has_progress_basis_points()
                    ? FormatBasisPoints(update.progress_basis_points())
                    : "-",
                7));
    const std::string note = SanitizeText(update.note());
    std::string out;
    if (note.empty()) {
      out = line + "\n";
    } else {
      AppendWrapped(&out, note, line + "  ", Spaces(DisplayWidth(line) + 2),
                    width);
    }
    rows->push_back(Text(std::move(out)));
  }
}

// A strategy's project with reports: its title, then the reports.
void AddTimelineRows(const v1::ProjectTimeline& timeline, int indent, int width,
                     std::vector<GridRow>* rows) {
  rows->push_back(Text(TitleLine(
      absl::StrCat(Spaces(indent), "timeline: "), timeline.display_name(),
      ShortId(timeline.name(), "projects/"), width)));
  AddReportRows(timeline, indent + 2, width, rows);
}

}  // namespace

std::string RenderUnfiledProjects(
    const google::protobuf::RepeatedPtrField<v1::ProjectTimeline>& projects,
    int width) {
  std::vector<GridRow> rows;
  for (const v1::ProjectTimeline& project : projects) {
    rows.push_back(
        Text(TitleLine("  - ", project.display_name(),
                       ShortId(project.name(), "projects/"), width)));
    std::string line;
    AppendWrapped(&line, CourseText(project, ", "), Spaces(4), Spaces(4),
                  width);
    rows.push_back(Text(std::move(line)));
    AddReportRows(project, 4, width, &rows);
  }
  // Text lines only: no PROJECTS / AMOUNT columns to lay out.
  std::string out;
  for (const GridRow& row : rows) out += row.text;
  return out;
}

std::string RenderPlan(const v1::PlanSummary& plan, int width) {
  const std::string published = SanitizeText(plan.published());
  std::string out =
      Heading(plan.display_name(),
              absl::StrCat(SanitizeText(plan.name()),
                           published.empty() ? "" : ", published ", published),
              width);

  std::vector<GridRow> rows;
  rows.push_back(Figures(2, "declared",
                         NumberOrDash(plan.has_declared_project_count(),
                                      plan.declared_project_count()),
                         FormatKrw(Optional(plan.has_declared_budget_krw(),
                                            plan.declared_budget_krw())),
                         plan.has_declared_origin_counts()
                             ? OriginSplit(plan.declared_origin_counts())
                             : ""));
  rows.push_back(
      Figures(2, "recorded", GroupThousands(plan.project_count()),
              DerivedBudget(plan.total_budget_krw(), plan.project_count(),
                            plan.unbudgeted_project_count()),
              WithoutBudget(plan.unbudgeted_project_count())));
  AddProgressRow(plan, 2, &rows);
  if (plan.strategies().empty()) {
    rows.push_back(Text("  (no strategies)\n"));
  }
  for (const v1::StrategySummary& s : plan.strategies()) {
    const std::string lead =
        s.ordinal() != 0 ? absl::StrCat("  ", s.ordinal(), ". ") : "  - ";
    rows.push_back(Text(TitleLine(lead, s.display_name(),
                                  ShortId(s.name(), "strategies/"), width)));
    rows.push_back(Figures(4, "declared",
                           NumberOrDash(s.has_declared_project_count(),
                                        s.declared_project_count()),
                           FormatKrw(Optional(s.has_declared_budget_krw(),
                                              s.declared_budget_krw()))));
    rows.push_back(
        Figures(4, "recorded", GroupThousands(s.project_count()),
                DerivedBudget(s.total_budget_krw(), s.project_count(),
                              s.unbudgeted_project_count()),
                WithoutBudget(s.unbudgeted_project_count())));
    AddProgressRow(s, 4, &rows);
    AddFundFlowRows(s, 4, &rows);
    for (const v1::ProjectTimeline& timeline : s.timelines()) {
      AddTimelineRows(timeline, 4, width, &rows);
    }
  }
  out += RenderGrid(rows, width);
  return out;
}

}  // namespace busan::ctl::dashboard_table
