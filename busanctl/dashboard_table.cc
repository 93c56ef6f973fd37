#include "busanctl/dashboard_table.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "busanctl/catalog_tables.h"
#include "busanctl/metrics_tables.h"
#include "busanctl/output.h"
#include "busanctl/text_width.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::dashboard::v1;
using Align = Table::Align;
using Column = Table::Column;
using Rows = std::vector<std::pair<std::string, std::string>>;

// Stands in for "no limit" so the layout code needs no special case.
constexpr int kUnlimited = 1 << 20;
// Notes and values are never wrapped narrower than this, so that a cramped
// terminal gets a few long lines rather than a column of single words.
constexpr int kMinWrapWidth = 16;
// A strategy's display name is cut to make room for its id only while at
// least this much of it is left; below that the id goes on its own line.
constexpr int kMinTitleWidth = 20;
// Tables and blocks under a heading are indented by this much.
constexpr absl::string_view kIndent = "  ";

template <typename T>
std::optional<T> Optional(bool has, T value) {
  return has ? std::optional<T>(value) : std::nullopt;
}

std::string CountOrDash(bool has, int64_t value) {
  return has ? GroupThousands(value) : "-";
}

// `text` for one line of output: control characters (which could move the
// cursor or break the layout) become spaces, outer spaces go. Unlike
// SanitizeCell, empty stays empty: the callers decide what a blank means.
std::string Clean(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  absl::StripAsciiWhitespace(&out);
  return out;
}

// TruncateToWidth without a space before the "…", which would read as a
// cut after a whole word when a word was cut.
std::string Truncate(absl::string_view text, int width) {
  std::string out = TruncateToWidth(text, width);
  static constexpr absl::string_view kEllipsis = "…";
  if (absl::EndsWith(out, kEllipsis) && out != text) {
    std::string head = out.substr(0, out.size() - kEllipsis.size());
    while (!head.empty() && head.back() == ' ') head.pop_back();
    out = absl::StrCat(head, kEllipsis);
  }
  return out;
}

// "strategies/x" -> "x": the kind of resource is clear from the section.
std::string ShortId(const std::string& name, absl::string_view prefix) {
  return Clean(absl::StartsWith(name, prefix) ? name.substr(prefix.size())
                                              : name);
}

std::string Spaces(int n) { return std::string(std::max(n, 0), ' '); }

std::string PadLeft(const std::string& text, int width) {
  return Spaces(width - DisplayWidth(text)) + text;
}

std::string PadRight(const std::string& text, int width) {
  return text + Spaces(width - DisplayWidth(text));
}

void StripTrailingSpaces(std::string* line) {
  while (!line->empty() && line->back() == ' ') line->pop_back();
}

// Bytes in the UTF-8 character starting at text[pos]; 1 for a byte that does
// not start a valid sequence (DisplayWidth counts it as one column).
size_t CharLength(absl::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
  }
  if (pos + length > text.size()) return 1;
  for (size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(text[pos + i]) & 0xC0) != 0x80) return 1;
  }
  return length;
}

// `text` broken at spaces into lines of at most `width` columns. A word
// wider than a line is split between characters (never inside one).
std::vector<std::string> Wrap(absl::string_view text, int width) {
  width = std::max(width, 1);
  std::vector<std::string> lines;
  std::string line;
  int line_width = 0;
  const auto flush = [&] {
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    line_width = 0;
  };
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    const int word_width = DisplayWidth(word);
    if (!line.empty() && line_width + 1 + word_width <= width) {
      absl::StrAppend(&line, " ", word);
      line_width += 1 + word_width;
      continue;
    }
    flush();
    size_t pos = 0;
    while (pos < word.size()) {
      const size_t length = CharLength(word, pos);
      const int char_width = DisplayWidth(word.substr(pos, length));
      if (!line.empty() && line_width + char_width > width) flush();
      line.append(word.data() + pos, length);
      line_width += char_width;
      pos += length;
    }
  }
  flush();
  if (lines.empty()) lines.emplace_back();
  return lines;
}

// Appends `text` wrapped to `width`, the first line after `first_prefix` and
// the others after `rest_prefix` (which should be as wide, for a hanging
// indent).
void AppendWrapped(std::string* out, absl::string_view text,
                   absl::string_view first_prefix,
                   absl::string_view rest_prefix, int width) {
  const int available = std::max(width - DisplayWidth(first_prefix),
                                 kMinWrapWidth);
  const std::vector<std::string> lines = Wrap(text, available);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line = absl::StrCat(i == 0 ? first_prefix : rest_prefix,
                                     lines[i]);
    StripTrailingSpaces(&line);
    absl::StrAppend(out, line, "\n");
  }
}

// Appends `rendered` (lines ending in '\n') with `prefix` before each line.
void AppendIndented(std::string* out, absl::string_view rendered,
                    absl::string_view prefix) {
  for (absl::string_view line : absl::StrSplit(rendered, '\n')) {
    if (line.empty()) continue;
    absl::StrAppend(out, prefix, line, "\n");
  }
}

// "Display name (details)" on one line when it fits, else the display name
// (truncated if need be) with the details wrapped below it: headings keep
// whole names rather than cutting them. Without a display name, just the
// details.
std::string Heading(absl::string_view display_name, absl::string_view details,
                    int width) {
  const std::string title = Clean(display_name);
  std::string out;
  if (title.empty()) {
    AppendWrapped(&out, details, "", kIndent, width);
    return out;
  }
  const std::string one_line = absl::StrCat(title, " (", details, ")");
  if (DisplayWidth(one_line) <= width) return one_line + "\n";
  absl::StrAppend(&out, Truncate(title, width), "\n");
  AppendWrapped(&out, absl::StrCat("(", details, ")"), kIndent, kIndent, width);
  return out;
}

// A strategy's title line: `lead` ("  1. "), the display name and its id in
// parentheses. The display name is truncated to keep the id, which is what
// users type in the next command; when even that does not fit, the id moves
// to a line of its own.
std::string TitleLine(absl::string_view lead, absl::string_view display_name,
                      absl::string_view id, int width) {
  const std::string title = Clean(display_name);
  if (title.empty()) {
    std::string out;
    AppendWrapped(&out, id, lead, Spaces(DisplayWidth(lead)), width);
    return out;
  }
  const std::string suffix = absl::StrCat(" (", id, ")");
  const int room = width - DisplayWidth(lead) - DisplayWidth(suffix);
  if (DisplayWidth(title) <= room || room >= kMinTitleWidth) {
    return absl::StrCat(lead, Truncate(title, room), suffix, "\n");
  }
  const std::string indent = Spaces(DisplayWidth(lead));
  std::string out = absl::StrCat(
      lead, Truncate(title, width - DisplayWidth(lead)), "\n");
  AppendWrapped(&out, absl::StrCat("(", id, ")"), indent, indent, width);
  return out;
}

// "a", "a and b", "a, b and c".
std::string JoinWithAnd(const std::vector<std::string>& items) {
  if (items.size() <= 1) return items.empty() ? "" : items.front();
  std::vector<std::string> head(items.begin(), items.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " and ", items.back());
}

// What a reader calls the section: the catalog is read for its plans.
std::string SectionNoun(const std::string& section) {
  if (section == "catalog") return "plans";
  const std::string cleaned = Clean(section);
  return cleaned.empty() ? "some sections" : cleaned;
}

std::string ServiceName(const v1::Unavailable& entry) {
  const std::string service = Clean(entry.service());
  return service.empty() ? "a service" : service;
}

// One "! service unavailable: error — sections are missing" note per
// distinct service and error, in the order they were first listed.
std::string RenderOutages(const v1::Dashboard& dashboard, int width) {
  struct Outage {
    std::string service;
    std::string error;
    std::vector<std::string> sections;
  };
  std::vector<Outage> outages;
  for (const v1::Unavailable& entry : dashboard.unavailable()) {
    const std::string service = ServiceName(entry);
    const std::string error = Clean(entry.error());
    auto it = std::find_if(outages.begin(), outages.end(), [&](const Outage& o) {
      return o.service == service && o.error == error;
    });
    if (it == outages.end()) {
      outages.push_back({service, error, {}});
      it = outages.end() - 1;
    }
    const std::string noun = SectionNoun(entry.section());
    if (std::find(it->sections.begin(), it->sections.end(), noun) ==
        it->sections.end()) {
      it->sections.push_back(noun);
    }
  }
  std::string out;
  for (const Outage& o : outages) {
    AppendWrapped(&out,
                  absl::StrCat(o.service, " unavailable",
                               o.error.empty() ? "" : ": ", o.error, " — ",
                               JoinWithAnd(o.sections), " are missing"),
                  "! ", kIndent, width);
  }
  return out;
}

const v1::Unavailable* FindOutage(const v1::Dashboard& dashboard,
                                  absl::string_view section) {
  for (const v1::Unavailable& entry : dashboard.unavailable()) {
    if (entry.section() == section) return &entry;
  }
  return nullptr;
}

// Said in place of a section listed as unavailable: with nothing below it,
// the section is missing; with something, that part arrived but the list may
// be short.
std::string OutageMarker(const v1::Unavailable& entry, bool has_content,
                         int width) {
  std::string out;
  AppendWrapped(&out,
                has_content
                    ? absl::StrCat("(incomplete: not all of it could be read "
                                   "from ",
                                   ServiceName(entry), ", see above)")
                    : absl::StrCat("(unavailable: could not be read from ",
                                   ServiceName(entry), ", see above)"),
                kIndent, kIndent, width);
  return out;
}

// A "key: value" block indented by `indent`, values starting one column past
// the widest "key:" (keys may start with spaces to nest under the one
// above) and wrapping under themselves. Empty values show "-".
std::string KeyValueBlock(const Rows& rows, absl::string_view indent,
                          int width) {
  int key_width = 0;
  for (const auto& row : rows) {
    key_width = std::max(key_width, DisplayWidth(row.first) + 1);
  }
  const std::string hanging =
      Spaces(DisplayWidth(indent) + key_width + 1);
  std::string out;
  for (const auto& [key, value] : rows) {
    const std::string lead = absl::StrCat(
        indent, PadRight(absl::StrCat(key, ":"), key_width), " ");
    const std::string text = Clean(value);
    AppendWrapped(&out, text.empty() ? "-" : text, lead, hanging, width);
  }
  return out;
}

// --- Plans -----------------------------------------------------------------

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
    label_width =
        std::max(label_width, row.indent + DisplayWidth(row.label));
    projects_width = std::max(projects_width, DisplayWidth(row.projects));
    amount_width = std::max(amount_width, DisplayWidth(row.amount));
  }
  const int note_column = label_width + 2 + projects_width + 2 + amount_width + 2;
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
    std::string line = absl::StrCat(
        PadRight(Spaces(row.indent) + row.label, label_width), "  ",
        PadLeft(row.projects, projects_width), "  ",
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
  return unbudgeted > 0 ? absl::StrCat(GroupThousands(unbudgeted),
                                       " without a budget")
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
          : absl::StrCat(GroupThousands(flows.flow_count()),
                         flows.flow_count() == 1 ? " fund flow"
                                                 : " fund flows");
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
    rows->push_back(Figures(indent, label, "", "0",
                            flows.flow_count() == 0 ? "none name this strategy"
                                                    : ""));
  }
}

std::string RenderPlan(const v1::PlanSummary& plan, int width) {
  const std::string published = Clean(plan.published());
  std::string out = Heading(
      plan.display_name(),
      absl::StrCat(Clean(plan.name()),
                   published.empty() ? "" : ", published ", published),
      width);

  std::vector<GridRow> rows;
  rows.push_back(Figures(
      2, "declared",
      CountOrDash(plan.has_declared_project_count(),
                  plan.declared_project_count()),
      FormatKrw(Optional(plan.has_declared_budget_krw(),
                         plan.declared_budget_krw())),
      plan.has_declared_origin_counts()
          ? OriginSplit(plan.declared_origin_counts())
          : ""));
  rows.push_back(Figures(2, "recorded", GroupThousands(plan.project_count()),
                         DerivedBudget(plan.total_budget_krw(),
                                       plan.project_count(),
                                       plan.unbudgeted_project_count()),
                         WithoutBudget(plan.unbudgeted_project_count())));
  if (plan.strategies().empty()) {
    rows.push_back(Text("  (no strategies)\n"));
  }
  for (const v1::StrategySummary& s : plan.strategies()) {
    const std::string lead =
        s.ordinal() != 0 ? absl::StrCat("  ", s.ordinal(), ". ") : "  - ";
    rows.push_back(Text(TitleLine(
        lead, s.display_name(), ShortId(s.name(), "strategies/"), width)));
    rows.push_back(Figures(
        4, "declared",
        CountOrDash(s.has_declared_project_count(), s.declared_project_count()),
        FormatKrw(
            Optional(s.has_declared_budget_krw(), s.declared_budget_krw()))));
    rows.push_back(Figures(
        4, "recorded", GroupThousands(s.project_count()),
        DerivedBudget(s.total_budget_krw(), s.project_count(),
                      s.unbudgeted_project_count()),
        WithoutBudget(s.unbudgeted_project_count())));
    AddFundFlowRows(s, 4, &rows);
  }
  out += RenderGrid(rows, width);
  return out;
}

// --- Rankings --------------------------------------------------------------

std::string CategoryRanks(const v1::RankingSummary& ranking) {
  std::vector<std::string> parts;
  for (const auto& category : ranking.latest_category_ranks()) {
    const std::string name = Clean(category.category());
    parts.push_back(
        absl::StrCat(name.empty() ? "?" : name, " ", category.rank()));
  }
  return absl::StrJoin(parts, ", ");
}

std::string RenderRanking(const v1::RankingSummary& ranking, int width) {
  const std::string city = Clean(ranking.city());
  std::string out =
      Heading(ranking.display_name(),
              absl::StrCat(Clean(ranking.index()),
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
  rows.emplace_back(
      "best rank",
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
  return out;
}

// --- Meetings --------------------------------------------------------------

// "1,160 (49 of 50 meetings reported)"; "-" when no meeting published the
// figure, since a sum over nothing is unknown, not 0.
std::string Reported(int64_t sum, int64_t reported, int64_t meetings) {
  const std::string value = reported > 0 ? GroupThousands(sum) : "-";
  if (meetings == 0) return value;
  return absl::StrCat(value, " (", GroupThousands(reported), " of ",
                      GroupThousands(meetings),
                      meetings == 1 ? " meeting" : " meetings", " reported)");
}

std::string RenderMeetingSeries(const v1::MeetingSeriesSummary& series,
                                int width) {
  const std::string started = Clean(series.started());
  std::string out = Heading(
      series.display_name(),
      absl::StrCat(Clean(series.series()),
                   started.empty() ? "" : ", since ", started),
      width);
  const int64_t n = series.meeting_count();
  Rows rows;
  rows.emplace_back("meetings", GroupThousands(n));
  rows.emplace_back("participants",
                    Reported(series.total_participants(),
                             series.meetings_with_participants(), n));
  rows.emplace_back(
      "policies adopted",
      Reported(series.total_policies(), series.meetings_with_policies(), n));
  for (const auto& category : series.policies_by_category()) {
    const std::string name = Clean(category.category());
    rows.emplace_back(absl::StrCat("  ", name.empty() ? "?" : name),
                      GroupThousands(category.policies()));
  }
  rows.emplace_back(
      "budget secured (KRW)",
      Reported(series.budget_secured_krw(), series.meetings_with_budget(), n));
  out += KeyValueBlock(rows, kIndent, width);
  return out;
}

// --- Funds -----------------------------------------------------------------

int WidestLine(absl::string_view text) {
  int widest = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    widest = std::max(widest, DisplayWidth(line));
  }
  return widest;
}

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
    const std::string raised = GroupThousands(t.raised_krw());
    const std::string committed = GroupThousands(t.committed_krw());
    const std::string allocated = GroupThousands(t.allocated_krw());
    const std::string executed = GroupThousands(t.executed_krw());
    const std::string flows = GroupThousands(t.flow_count());
    whole.AddRow({id, target, raised, committed, allocated, executed, percent,
                  flows});
    progress.AddRow({id, target, raised, percent, flows});
    spending.AddRow({id, committed, allocated, executed});

    if (!blocks.empty()) blocks += "\n";
    AppendWrapped(&blocks, id.empty() ? "-" : id, kIndent, kIndent, width);
    blocks += KeyValueBlock(
        {{"target (KRW)", target},
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
  const int table_width = width - DisplayWidth(kIndent);
  std::string out;
  const std::string one_table = whole.Render();
  if (WidestLine(one_table) <= table_width) {
    AppendIndented(&out, one_table, kIndent);
    return out;
  }
  const std::string first = progress.Render();
  const std::string second = spending.Render();
  if (std::max(WidestLine(first), WidestLine(second)) <= table_width) {
    AppendIndented(&out, first, kIndent);
    out += "\n";
    AppendIndented(&out, second, kIndent);
    return out;
  }
  return blocks;
}

// --- Sections --------------------------------------------------------------

// A section: its heading, then either the outage marker (nothing arrived),
// or the marker and the entries, or the entries, or `empty` when there are
// none. Blocks are separated by blank lines.
template <typename Entries, typename Render>
void AppendSection(const v1::Dashboard& dashboard, absl::string_view title,
                   absl::string_view section, const Entries& entries,
                   absl::string_view empty, int width, Render render,
                   std::vector<std::string>* blocks) {
  blocks->push_back(absl::StrCat("== ", title, " ==\n"));
  const v1::Unavailable* outage = FindOutage(dashboard, section);
  if (outage != nullptr) {
    blocks->push_back(OutageMarker(*outage, !entries.empty(), width));
  } else if (entries.empty()) {
    blocks->push_back(absl::StrCat(kIndent, "(", empty, ")\n"));
  }
  render(blocks);
}

}  // namespace

std::string RenderDashboardTable(const v1::Dashboard& dashboard, int width) {
  if (width <= 0) width = kUnlimited;
  std::vector<std::string> blocks;
  if (!dashboard.unavailable().empty()) {
    blocks.push_back(RenderOutages(dashboard, width));
  }

  AppendSection(dashboard, "Plans", "catalog", dashboard.plans(), "no plans",
                width,
                [&](std::vector<std::string>* out) {
                  for (const auto& plan : dashboard.plans()) {
                    out->push_back(RenderPlan(plan, width));
                  }
                },
                &blocks);
  AppendSection(dashboard, "Rankings", "rankings", dashboard.rankings(),
                "no ranking indices", width,
                [&](std::vector<std::string>* out) {
                  for (const auto& ranking : dashboard.rankings()) {
                    out->push_back(RenderRanking(ranking, width));
                  }
                },
                &blocks);
  AppendSection(dashboard, "Meetings", "meetings", dashboard.meeting_series(),
                "no meeting series", width,
                [&](std::vector<std::string>* out) {
                  for (const auto& series : dashboard.meeting_series()) {
                    out->push_back(RenderMeetingSeries(series, width));
                  }
                },
                &blocks);
  AppendSection(dashboard, "Funds", "funds", dashboard.funds(), "no funds",
                width,
                [&](std::vector<std::string>* out) {
                  if (!dashboard.funds().empty()) {
                    out->push_back(RenderFunds(dashboard.funds(), width));
                  }
                },
                &blocks);
  return absl::StrJoin(blocks, "\n");
}

}  // namespace busan::ctl
