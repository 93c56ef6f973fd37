#include "busanctl/dashboard_html.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busanctl/output.h"
#include "busanctl/text_width.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::dashboard::v1;

// Phone-first: one column, a readable measure on desktops. The font stack
// names fonts that carry Hangul on every common platform, because plan and
// strategy names are often Korean. Charts are SVG in user units, scaled to
// the column width (see kChartWidth).
constexpr char kStyle[] = R"css(
:root{--fg:#1d2430;--muted:#5b6472;--line:#d9dee5;--card:#fff;--bg:#f3f5f8;
--accent:#0b6e99;--declared:#9aa9bd;--recorded:#0b7a75;--track:#e6eaef;
--progress:#2f7d32;--over:#1b5e20;--warn-bg:#fff4e5;--warn-line:#f0a640;
--warn:#7a4100}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR",
"Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",NanumGothic,
"Helvetica Neue",Arial,sans-serif}
.container{max-width:760px;margin:0 auto;padding:16px 14px 32px}
header.report{margin:4px 0 16px}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 4px}
h2{font-size:1.2rem;line-height:1.3;margin:28px 0 12px;padding-bottom:4px;
border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;line-height:1.35;margin:0 0 2px;overflow-wrap:anywhere}
h4{font-size:.95rem;margin:14px 0 4px}
p{margin:0 0 8px}
.lede,.meta,.note,footer{color:var(--muted)}
.meta{font-size:.85rem;margin:0 0 10px;overflow-wrap:anywhere}
.note{font-size:.9rem}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;
font-size:.85em}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:14px;margin:0 0 14px}
.banner{background:var(--warn-bg);border:1px solid var(--warn-line);
border-left-width:6px;border-radius:8px;color:var(--warn);padding:12px 14px;
margin:0 0 16px}
.banner strong{display:block;margin-bottom:4px}
.banner ul{margin:0;padding-left:1.2em}
.banner li{overflow-wrap:anywhere}
.section-unavailable{background:var(--warn-bg);border:1px dashed
var(--warn-line);border-radius:8px;color:var(--warn);padding:10px 12px;
overflow-wrap:anywhere}
table.compare{width:100%;border-collapse:collapse;
font-variant-numeric:tabular-nums;margin:6px 0 4px}
.compare th,.compare td{padding:6px 4px;border-bottom:1px solid var(--line);
vertical-align:top}
.compare thead th{font-size:.8rem;color:var(--muted);font-weight:600;
text-align:right}
.compare tbody th{text-align:left;font-weight:500;font-size:.9rem}
.compare td{text-align:right}
.big{display:block;font-weight:600}
.exact{display:block;font-size:.75rem;color:var(--muted);
overflow-wrap:anywhere}
.absent{color:var(--muted);font-style:italic}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));
gap:8px;margin:8px 0 0}
dl.figures div{background:var(--bg);border-radius:8px;padding:8px 10px}
dl.figures dt{font-size:.8rem;color:var(--muted)}
dl.figures dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums;
overflow-wrap:anywhere}
dl.figures dd small{display:block;font-weight:400;color:var(--muted)}
svg.chart{display:block;width:100%;height:auto;max-width:440px;
margin:8px 0;overflow:visible}
svg text{font-size:13px;fill:var(--fg)}
svg .axis text,svg text.axis-title,svg text.row-label{fill:var(--muted);
font-size:12px}
svg .grid line{stroke:var(--line);stroke-width:1}
svg .axis line{stroke:var(--muted);stroke-width:1}
svg polyline.trend{fill:none;stroke:var(--accent);stroke-width:2.5;
stroke-linejoin:round;stroke-linecap:round}
svg circle.point{fill:#fff;stroke:var(--accent);stroke-width:2.5}
svg text.rank-label{font-weight:700;font-size:13px}
svg rect.bar.declared{fill:var(--declared)}
svg rect.bar.recorded{fill:var(--recorded)}
svg text.strategy-name{font-weight:600;font-size:13.5px}
svg text.not-declared{fill:var(--muted);font-style:italic}
svg rect.track{fill:var(--track)}
svg rect.progress{fill:var(--progress)}
svg rect.progress.over{fill:var(--over)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.8rem;
color:var(--muted);margin:10px 0 0;padding:0;list-style:none}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;
margin-right:5px;vertical-align:-.05em}
.swatch.declared{background:var(--declared)}
.swatch.recorded{background:var(--recorded)}
ul.strategies,ul.categories{margin:6px 0 0;padding-left:1.2em;font-size:.9rem}
ul.strategies li,ul.categories li{margin:2px 0;overflow-wrap:anywhere}
.progress-text{margin:2px 0 0}
.progress-text strong{font-size:1.05rem}
footer{font-size:.8rem;margin-top:28px;border-top:1px solid var(--line);
padding-top:8px;overflow-wrap:anywhere}
.nowrap{white-space:nowrap}
)css";

// Charts are drawn in a 360-unit-wide viewBox: about 1:1 in the column of a
// phone held upright, so chart text is as large as body text there, and
// capped at 440 px wide on desktops so it does not grow past ~16 px.
constexpr double kChartWidth = 360;

// Coordinates with one decimal; enough for a 360-unit-wide chart.
std::string Num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// "1.93 tn" style: the magnitude at a glance, with three significant
// figures. The exact amount is always shown next to it or in a tooltip.
std::string CompactKrw(int64_t amount) {
  struct Unit {
    double scale;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {1e12, " tn"}, {1e9, " bn"}, {1e6, " m"}};
  const double magnitude = std::abs(static_cast<double>(amount));
  for (const Unit& unit : kUnits) {
    if (magnitude >= unit.scale) {
      const double scaled = magnitude / unit.scale;
      char buffer[48];
      std::snprintf(buffer, sizeof buffer, "%s₩%.*f%s", amount < 0 ? "-" : "",
                    scaled < 10 ? 2 : (scaled < 100 ? 1 : 0), scaled,
                    unit.suffix);
      return buffer;
    }
  }
  return absl::StrCat(amount < 0 ? "-" : "", "₩",
                      GroupThousands(amount < 0 ? -amount : amount));
}

// "+3" / "-3" / "0", for places gained.
std::string Signed(int64_t value) {
  return value > 0 ? absl::StrCat("+", value) : absl::StrCat(value);
}

std::string Plural(int64_t count, absl::string_view one,
                   absl::string_view many) {
  return absl::StrCat(GroupThousands(count), " ", count == 1 ? one : many);
}

// A percentage with one decimal from basis points, rounded half up:
// 12268 -> "122.7%".
std::string PercentFromBasisPoints(int64_t basis_points) {
  const bool negative = basis_points < 0;
  const int64_t tenths = (std::abs(basis_points) + 5) / 10;
  return absl::StrCat(negative ? "-" : "", GroupThousands(tenths / 10), ".",
                      tenths % 10, "%");
}

// A value cell of the declared-vs-recorded table.
// Below a million won the compact form is already exact.
bool IsRounded(int64_t amount_krw) {
  return amount_krw >= 1000000 || amount_krw <= -1000000;
}

// A derived budget sum is unknown, not zero, when no recorded project has a
// published budget.
std::optional<int64_t> KnownSum(int64_t total_krw, int64_t project_count,
                                int64_t unbudgeted_count) {
  if (project_count > 0 && unbudgeted_count == project_count) {
    return std::nullopt;
  }
  return total_krw;
}

std::string AmountCell(std::optional<int64_t> amount_krw,
                       absl::string_view absent = "not declared") {
  if (!amount_krw) {
    return absl::StrCat("<td><span class=\"absent\">", absent,
                        "</span></td>");
  }
  std::string cell = absl::StrCat("<td><span class=\"big\">",
                                  CompactKrw(*amount_krw), "</span>");
  if (IsRounded(*amount_krw)) {
    absl::StrAppend(&cell, "<span class=\"exact\">", FormatKrw(*amount_krw),
                    "</span>");
  }
  absl::StrAppend(&cell, "</td>");
  return cell;
}

std::string CountCell(std::optional<int64_t> count) {
  if (!count) return "<td><span class=\"absent\">not declared</span></td>";
  return absl::StrCat("<td><span class=\"big\">", GroupThousands(*count),
                      "</span></td>");
}

// The figures of one dl.figures entry; `detail` (already HTML) may be empty.
std::string Figure(absl::string_view label, absl::string_view value_html,
                   absl::string_view detail_html = "") {
  std::string out = absl::StrCat("<div><dt>", label, "</dt><dd>", value_html);
  if (!detail_html.empty()) absl::StrAppend(&out, "<small>", detail_html,
                                            "</small>");
  absl::StrAppend(&out, "</dd></div>");
  return out;
}

std::string MoneyFigure(absl::string_view label, int64_t amount_krw) {
  return Figure(label, CompactKrw(amount_krw),
                IsRounded(amount_krw)
                    ? absl::StrCat(FormatKrw(amount_krw), " KRW")
                    : "");
}

// Unavailable entries by section name, in the order they were reported.
using UnavailableBySection =
    std::map<std::string, std::vector<const v1::Unavailable*>>;

// The notice a section shows instead of, or above, partial content
// (`partial`: some entries were read after all).
void AppendUnavailableNotes(const UnavailableBySection& unavailable,
                            absl::string_view section, absl::string_view what,
                            bool partial, std::string* out) {
  auto it = unavailable.find(std::string(section));
  if (it == unavailable.end()) return;
  for (const v1::Unavailable* entry : it->second) {
    absl::StrAppend(out, "<p class=\"section-unavailable\"><strong>", what,
                    " unavailable</strong>: could not be read from ",
                    HtmlEscape(entry->service().empty() ? "the service"
                                                        : entry->service()),
                    entry->error().empty() ? "" : ": ",
                    HtmlEscape(entry->error()),
                    partial ? ". What is shown below may be incomplete." : ".",
                    "</p>\n");
  }
}

bool IsUnavailable(const UnavailableBySection& unavailable,
                   absl::string_view section) {
  return unavailable.count(std::string(section)) > 0;
}

// ---------------------------------------------------------------- plans ---

// Per strategy: a name line, then the declared bar and the recorded bar.
// Bars start after the row labels and leave room for the value after them.
void AppendBudgetBars(const v1::PlanSummary& plan, int plan_index,
                      std::string* out) {
  constexpr double kLabelWidth = 62;
  constexpr double kBarX = 67;
  constexpr double kBarMax = 208;  // leaves 85 units for "₩1,927 bn"
  constexpr double kRowHeight = 78;
  constexpr double kBarHeight = 17;

  int64_t max_value = 0;
  for (const v1::StrategySummary& strategy : plan.strategies()) {
    if (strategy.has_declared_budget_krw()) {
      max_value = std::max(max_value, strategy.declared_budget_krw());
    }
    max_value = std::max(max_value, strategy.total_budget_krw());
  }
  auto length = [&](int64_t value) {
    if (max_value <= 0 || value <= 0) return 0.0;
    // A non-zero amount always shows at least a sliver.
    return std::max(1.0, kBarMax * static_cast<double>(value) /
                             static_cast<double>(max_value));
  };

  const double height = 6 + kRowHeight * plan.strategies_size();
  const std::string title_id = absl::StrCat("budget-bars-", plan_index, "-title");
  absl::StrAppend(out, "<svg class=\"chart budget-bars\" id=\"budget-bars-",
                  plan_index, "\" viewBox=\"0 0 ", Num(kChartWidth), " ",
                  Num(height), "\" role=\"img\" aria-labelledby=\"", title_id,
                  "\"><title id=\"", title_id,
                  "\">Declared and recorded budget per strategy of ",
                  HtmlEscape(plan.display_name()), "</title>\n");
  double y = 4;
  for (const v1::StrategySummary& strategy : plan.strategies()) {
    const std::string label = absl::StrCat(strategy.ordinal(), ". ",
                                           strategy.display_name().empty()
                                               ? strategy.name()
                                               : strategy.display_name());
    absl::StrAppend(out, "<g class=\"strategy\"><text class=\"strategy-name\" x=\"0\" y=\"",
                    Num(y + 14), "\">", HtmlEscape(TruncateToWidth(label, 46)),
                    "<title>", HtmlEscape(label), "</title></text>\n");
    // Declared.
    const double declared_y = y + 23;
    absl::StrAppend(out, "<text class=\"row-label\" x=\"", Num(kLabelWidth),
                    "\" y=\"", Num(declared_y + 13),
                    "\" text-anchor=\"end\">declared</text>");
    if (strategy.has_declared_budget_krw()) {
      const double w = length(strategy.declared_budget_krw());
      absl::StrAppend(out, "<rect class=\"bar declared\" x=\"", Num(kBarX),
                      "\" y=\"", Num(declared_y), "\" width=\"", Num(w),
                      "\" height=\"", Num(kBarHeight), "\" rx=\"2\"><title>Declared: ",
                      FormatKrw(strategy.declared_budget_krw()),
                      " KRW</title></rect><text x=\"", Num(kBarX + w + 5),
                      "\" y=\"", Num(declared_y + 13), "\">",
                      CompactKrw(strategy.declared_budget_krw()), "</text>\n");
    } else {
      absl::StrAppend(out, "<text class=\"not-declared\" x=\"", Num(kBarX),
                      "\" y=\"", Num(declared_y + 13),
                      "\">not declared</text>\n");
    }
    // Recorded: what the stored projects add up to; unknown when none of
    // them has a published budget.
    const double recorded_y = declared_y + 24;
    if (!KnownSum(strategy.total_budget_krw(), strategy.project_count(),
                  strategy.unbudgeted_project_count())) {
      absl::StrAppend(out, "<text class=\"row-label\" x=\"", Num(kLabelWidth),
                      "\" y=\"", Num(recorded_y + 13),
                      "\" text-anchor=\"end\">recorded</text>",
                      "<text class=\"not-declared\" x=\"", Num(kBarX),
                      "\" y=\"", Num(recorded_y + 13),
                      "\">no budget published</text></g>\n");
      y += kRowHeight;
      continue;
    }
    const double w = length(strategy.total_budget_krw());
    absl::StrAppend(out, "<text class=\"row-label\" x=\"", Num(kLabelWidth),
                    "\" y=\"", Num(recorded_y + 13),
                    "\" text-anchor=\"end\">recorded</text>",
                    "<rect class=\"bar recorded\" x=\"", Num(kBarX), "\" y=\"",
                    Num(recorded_y), "\" width=\"", Num(w), "\" height=\"",
                    Num(kBarHeight), "\" rx=\"2\"><title>Recorded: ",
                    FormatKrw(strategy.total_budget_krw()), " KRW in ",
                    Plural(strategy.project_count(), "project", "projects"),
                    "</title></rect><text x=\"", Num(kBarX + w + 5), "\" y=\"",
                    Num(recorded_y + 13), "\">",
                    CompactKrw(strategy.total_budget_krw()), "</text></g>\n");
    y += kRowHeight;
  }
  absl::StrAppend(out, "</svg>\n");
}

std::string FlowText(const v1::FlowTotals& flows) {
  if (flows.flow_count() == 0) return "no fund flows";
  std::vector<std::string> parts;
  if (flows.committed_krw() != 0) {
    parts.push_back(absl::StrCat("committed ", CompactKrw(flows.committed_krw())));
  }
  if (flows.raised_krw() != 0) {
    parts.push_back(absl::StrCat("raised ", CompactKrw(flows.raised_krw())));
  }
  if (flows.allocated_krw() != 0) {
    parts.push_back(absl::StrCat("allocated ", CompactKrw(flows.allocated_krw())));
  }
  if (flows.executed_krw() != 0) {
    parts.push_back(absl::StrCat("executed ", CompactKrw(flows.executed_krw())));
  }
  std::string text = Plural(flows.flow_count(), "fund flow", "fund flows");
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::StrAppend(&text, i == 0 ? ": " : ", ", parts[i]);
  }
  return text;
}

void AppendPlan(const v1::PlanSummary& plan, int index, std::string* out) {
  absl::StrAppend(out, "<article class=\"card plan\" id=\"plan-", index,
                  "\">\n<h3>",
                  HtmlEscape(plan.display_name().empty() ? plan.name()
                                                         : plan.display_name()),
                  "</h3>\n<p class=\"meta\"><code>", HtmlEscape(plan.name()),
                  "</code>");
  if (!plan.published().empty()) {
    absl::StrAppend(out, " · published ", HtmlEscape(plan.published()));
  }
  absl::StrAppend(out, "</p>\n");

  // Declared vs recorded: what the document promised, what is stored.
  absl::StrAppend(
      out,
      "<table class=\"compare\"><thead><tr><th></th><th scope=\"col\">Declared"
      "</th><th scope=\"col\">Recorded</th></tr></thead><tbody>\n"
      "<tr><th scope=\"row\">Projects</th>",
      CountCell(plan.has_declared_project_count()
                    ? std::optional<int64_t>(plan.declared_project_count())
                    : std::nullopt),
      CountCell(plan.project_count()), "</tr>\n<tr><th scope=\"row\">Budget</th>",
      AmountCell(plan.has_declared_budget_krw()
                     ? std::optional<int64_t>(plan.declared_budget_krw())
                     : std::nullopt),
      AmountCell(KnownSum(plan.total_budget_krw(), plan.project_count(),
                          plan.unbudgeted_project_count()),
                 "not published"),
      "</tr>\n</tbody></table>\n");
  std::vector<std::string> notes;
  if (plan.unbudgeted_project_count() > 0) {
    notes.push_back(absl::StrCat(
        Plural(plan.unbudgeted_project_count(), "recorded project has",
               "recorded projects have"),
        " no published budget"));
  }
  if (plan.has_declared_origin_counts()) {
    const auto& origins = plan.declared_origin_counts();
    notes.push_back(absl::StrCat(
        "declared origins: ", GroupThousands(origins.new_count()), " new, ",
        GroupThousands(origins.upgraded_count()), " upgraded, ",
        GroupThousands(origins.expanded_count()), " expanded"));
  }
  if (!notes.empty()) {
    absl::StrAppend(out, "<p class=\"note\">");
    for (size_t i = 0; i < notes.size(); ++i) {
      absl::StrAppend(out, i == 0 ? "" : "; ", notes[i]);
    }
    absl::StrAppend(out, ".</p>\n");
  }

  if (plan.strategies_size() == 0) {
    absl::StrAppend(out, "<p class=\"note\">No strategies recorded.</p>\n");
  } else {
    absl::StrAppend(out, "<h4>Budget by strategy</h4>\n<ul class=\"legend\">"
                         "<li><span class=\"swatch declared\"></span>declared "
                         "in the plan</li><li><span class=\"swatch recorded\">"
                         "</span>recorded (sum of project budgets)</li></ul>\n");
    AppendBudgetBars(plan, index, out);
    absl::StrAppend(out, "<ul class=\"strategies\">\n");
    for (const v1::StrategySummary& strategy : plan.strategies()) {
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
      absl::StrAppend(out, "; ",
                      strategy.has_fund_flows()
                          ? FlowText(strategy.fund_flows())
                          : std::string("fund flows unknown"),
                      ".</li>\n");
    }
    absl::StrAppend(out, "</ul>\n");
  }
  absl::StrAppend(out, "</article>\n");
}

// ------------------------------------------------------------- rankings ---

// Rank axis: 1 at the top, a round number at the bottom, about four steps.
struct RankAxis {
  int step = 1;
  int max = 2;
};

RankAxis MakeRankAxis(int worst_rank) {
  static constexpr int kSteps[] = {1,   2,   5,   10,   20,   25,  50,
                                   100, 200, 250, 500, 1000, 2000, 5000};
  RankAxis axis;
  for (int step : kSteps) {
    axis.step = step;
    if ((worst_rank + step - 1) / step <= 4) break;
  }
  axis.max = std::max(2, (worst_rank + axis.step - 1) / axis.step * axis.step);
  return axis;
}

std::string PointTooltip(const v1::RankingSummary::Point& point) {
  std::string text = absl::StrCat("Edition ", point.edition());
  if (!point.published().empty()) {
    absl::StrAppend(&text, " (", HtmlEscape(point.published()), ")");
  }
  absl::StrAppend(&text, ": rank ", point.rank());
  if (point.has_total_ranked()) {
    absl::StrAppend(&text, " of ", point.total_ranked());
  }
  if (point.has_change()) {
    if (point.change() > 0) {
      absl::StrAppend(&text, ", up ", point.change());
    } else if (point.change() < 0) {
      absl::StrAppend(&text, ", down ", -static_cast<int64_t>(point.change()));
    } else {
      absl::StrAppend(&text, ", unchanged");
    }
  }
  return text;
}

// x = edition (spaced by edition number, so gaps between editions show),
// y = rank with rank 1 at the top: a line going up is an improvement.
void AppendRankTrend(const v1::RankingSummary& ranking, int index,
                     std::string* out) {
  constexpr double kHeight = 224;
  constexpr double kLeft = 42, kRight = kChartWidth - 18;
  constexpr double kTop = 26, kBottom = 180;

  const auto& points = ranking.points();
  int worst = 1;
  int first_edition = points[0].edition(), last_edition = points[0].edition();
  for (const auto& point : points) {
    worst = std::max(worst, point.rank());
    first_edition = std::min(first_edition, point.edition());
    last_edition = std::max(last_edition, point.edition());
  }
  const RankAxis axis = MakeRankAxis(worst);
  auto x_of = [&](int edition) {
    if (last_edition == first_edition) return (kLeft + kRight) / 2;
    return kLeft + (kRight - kLeft) * (edition - first_edition) /
                       static_cast<double>(last_edition - first_edition);
  };
  auto y_of = [&](int rank) {
    const int clamped = std::clamp(rank, 1, axis.max);
    return kTop + (kBottom - kTop) * (clamped - 1) /
                      static_cast<double>(axis.max - 1);
  };

  const std::string name = HtmlEscape(
      ranking.display_name().empty() ? ranking.index() : ranking.display_name());
  const std::string title_id = absl::StrCat("rank-trend-", index, "-title");
  absl::StrAppend(out, "<svg class=\"chart rank-trend\" id=\"rank-trend-", index,
                  "\" viewBox=\"0 0 ", Num(kChartWidth), " ", Num(kHeight),
                  "\" role=\"img\" aria-labelledby=\"", title_id,
                  "\"><title id=\"", title_id, "\">Rank of ",
                  HtmlEscape(ranking.city()), " in ", name,
                  " by edition; rank 1 at the top</title>\n");

  // Rank gridlines and ticks.
  std::vector<int> ticks = {1};
  for (int tick = axis.step; tick <= axis.max; tick += axis.step) {
    if (tick != 1) ticks.push_back(tick);
  }
  absl::StrAppend(out, "<g class=\"grid\">");
  for (int tick : ticks) {
    absl::StrAppend(out, "<line x1=\"", Num(kLeft - 4), "\" x2=\"",
                    Num(kRight + 8), "\" y1=\"", Num(y_of(tick)), "\" y2=\"",
                    Num(y_of(tick)), "\"/>");
  }
  absl::StrAppend(out, "</g>\n<g class=\"axis rank-axis\">");
  for (int tick : ticks) {
    absl::StrAppend(out, "<text x=\"", Num(kLeft - 8), "\" y=\"",
                    Num(y_of(tick) + 4), "\" text-anchor=\"end\">", tick,
                    "</text>");
  }
  absl::StrAppend(out, "</g>\n<text class=\"axis-title\" x=\"0\" y=\"11\">"
                       "rank (1 = best)</text>\n");

  // Edition labels; dense editions are thinned so labels never overlap, but
  // the latest is always labelled.
  std::vector<bool> shown(points.size(), false);
  double last_x = -1e9;
  for (int i = 0; i < points.size(); ++i) {
    const double x = x_of(points[i].edition());
    if (x - last_x >= 24) {
      shown[i] = true;
      last_x = x;
    }
  }
  if (!shown.back()) {
    const double x = x_of(points[points.size() - 1].edition());
    for (int i = points.size() - 2; i >= 0; --i) {
      if (shown[i] && x - x_of(points[i].edition()) < 24) shown[i] = false;
    }
    shown.back() = true;
  }
  absl::StrAppend(out, "<g class=\"axis edition-axis\"><line x1=\"",
                  Num(kLeft - 4), "\" x2=\"", Num(kRight + 8), "\" y1=\"",
                  Num(kBottom + 12), "\" y2=\"", Num(kBottom + 12), "\"/>");
  for (int i = 0; i < points.size(); ++i) {
    if (!shown[i]) continue;
    const double x = x_of(points[i].edition());
    absl::StrAppend(out, "<line x1=\"", Num(x), "\" x2=\"", Num(x), "\" y1=\"",
                    Num(kBottom + 12), "\" y2=\"", Num(kBottom + 16),
                    "\"/><text x=\"", Num(x), "\" y=\"", Num(kBottom + 28),
                    "\" text-anchor=\"middle\">", points[i].edition(),
                    "</text>");
  }
  absl::StrAppend(out, "</g>\n<text class=\"axis-title\" x=\"",
                  Num((kLeft + kRight) / 2), "\" y=\"", Num(kHeight - 2),
                  "\" text-anchor=\"middle\">edition</text>\n");

  // The line, then points on top of it with their rank.
  absl::StrAppend(out, "<polyline class=\"trend\" points=\"");
  for (int i = 0; i < points.size(); ++i) {
    absl::StrAppend(out, i == 0 ? "" : " ", Num(x_of(points[i].edition())), ",",
                    Num(y_of(points[i].rank())));
  }
  absl::StrAppend(out, "\"/>\n");
  double previous_x = -1e9, previous_label_y = -1e9;
  for (int i = 0; i < points.size(); ++i) {
    const double x = x_of(points[i].edition());
    const double y = y_of(points[i].rank());
    // Above the point, unless that would collide with the previous label.
    double label_y = y - 9;
    if (x - previous_x < 22 && std::abs(label_y - previous_label_y) < 14) {
      label_y = y + 20;
    }
    previous_x = x;
    previous_label_y = label_y;
    absl::StrAppend(out, "<circle class=\"point\" cx=\"", Num(x), "\" cy=\"",
                    Num(y), "\" r=\"4.5\"><title>", PointTooltip(points[i]),
                    "</title></circle><text class=\"rank-label\" x=\"", Num(x),
                    "\" y=\"", Num(label_y), "\" text-anchor=\"middle\">",
                    points[i].rank(), "</text>\n");
  }
  absl::StrAppend(out, "</svg>\n");
}

void AppendRanking(const v1::RankingSummary& ranking, int index,
                   std::string* out) {
  absl::StrAppend(
      out, "<article class=\"card ranking\" id=\"ranking-", index, "\">\n<h3>",
      HtmlEscape(ranking.display_name().empty() ? ranking.index()
                                                : ranking.display_name()),
      "</h3>\n<p class=\"meta\"><code>", HtmlEscape(ranking.index()), "</code>");
  if (!ranking.city().empty()) {
    absl::StrAppend(out, " · city ", HtmlEscape(ranking.city()));
  }
  absl::StrAppend(out, "</p>\n");
  if (ranking.points_size() == 0) {
    absl::StrAppend(out, "<p class=\"note\">No editions recorded.</p>\n"
                         "</article>\n");
    return;
  }
  AppendRankTrend(ranking, index, out);

  const auto& latest = ranking.points(ranking.points_size() - 1);
  absl::StrAppend(out, "<dl class=\"figures\">");
  absl::StrAppend(
      out, Figure("Latest rank", absl::StrCat(latest.rank()),
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
    absl::StrAppend(
        out, Figure("Since first edition", Signed(change),
                    change > 0   ? "places gained"
                    : change < 0 ? "places lost"
                                 : "unchanged"));
  }
  absl::StrAppend(out, "</dl>\n");
  if (ranking.latest_category_ranks_size() > 0) {
    absl::StrAppend(out, "<h4>Latest category ranks</h4>\n<ul class=\"categories\">");
    for (const auto& category : ranking.latest_category_ranks()) {
      absl::StrAppend(out, "<li>", HtmlEscape(category.category()), ": <strong>",
                      category.rank(), "</strong></li>");
    }
    absl::StrAppend(out, "</ul>\n");
  }
  absl::StrAppend(out, "</article>\n");
}

// ------------------------------------------------------------- meetings ---

std::string InMeetings(int64_t meetings, int64_t of) {
  return absl::StrCat("recorded for ", GroupThousands(meetings), " of ",
                      Plural(of, "meeting", "meetings"));
}

void AppendMeetingSeries(const v1::MeetingSeriesSummary& series, int index,
                         std::string* out) {
  absl::StrAppend(
      out, "<article class=\"card meeting-series\" id=\"meeting-series-", index,
      "\">\n<h3>",
      HtmlEscape(series.display_name().empty() ? series.series()
                                               : series.display_name()),
      "</h3>\n<p class=\"meta\"><code>", HtmlEscape(series.series()), "</code>");
  if (!series.started().empty()) {
    absl::StrAppend(out, " · since ", HtmlEscape(series.started()));
  }
  absl::StrAppend(out, "</p>\n<dl class=\"figures\">",
                  Figure("Meetings", GroupThousands(series.meeting_count())),
                  Figure("Participants",
                         GroupThousands(series.total_participants()),
                         InMeetings(series.meetings_with_participants(),
                                    series.meeting_count())),
                  Figure("Policies", GroupThousands(series.total_policies()),
                         InMeetings(series.meetings_with_policies(),
                                    series.meeting_count())),
                  Figure("Budget secured", CompactKrw(series.budget_secured_krw()),
                         absl::StrCat(FormatKrw(series.budget_secured_krw()),
                                      " KRW, ",
                                      InMeetings(series.meetings_with_budget(),
                                                 series.meeting_count()))),
                  "</dl>\n");
  if (series.policies_by_category_size() > 0) {
    absl::StrAppend(out, "<h4>Policies by category</h4>\n<ul class=\"categories\">");
    for (const auto& category : series.policies_by_category()) {
      absl::StrAppend(out, "<li>", HtmlEscape(category.category()), ": <strong>",
                      GroupThousands(category.policies()), "</strong></li>");
    }
    absl::StrAppend(out, "</ul>\n");
  }
  absl::StrAppend(out, "</article>\n");
}

// ---------------------------------------------------------------- funds ---

void AppendFund(const v1::FundSummary& fund, int index, std::string* out) {
  const v1::FlowTotals& totals = fund.totals();
  absl::StrAppend(
      out, "<article class=\"card fund\" id=\"fund-", index, "\">\n<h3>",
      HtmlEscape(fund.display_name().empty() ? fund.fund() : fund.display_name()),
      "</h3>\n<p class=\"meta\"><code>", HtmlEscape(fund.fund()), "</code></p>\n");
  if (fund.has_target_krw()) {
    std::optional<int64_t> basis_points;
    if (fund.has_raised_basis_points_of_target()) {
      basis_points = fund.raised_basis_points_of_target();
    }
    const double fraction =
        basis_points ? std::clamp(*basis_points / 10000.0, 0.0, 1.0) : 0.0;
    const bool over = basis_points && *basis_points > 10000;
    const std::string text =
        basis_points ? absl::StrCat(PercentFromBasisPoints(*basis_points),
                                    " of target")
                     : std::string("nothing raised recorded yet");
    absl::StrAppend(
        out, "<svg class=\"chart fund-progress\" id=\"fund-progress-", index,
        "\" viewBox=\"0 0 ", Num(kChartWidth),
        " 24\" role=\"img\" aria-label=\"Raised: ", text,
        "\"><rect class=\"track\" x=\"0\" y=\"2\" width=\"", Num(kChartWidth),
        "\" height=\"20\" rx=\"6\"/><rect class=\"progress", over ? " over" : "",
        "\" x=\"0\" y=\"2\" width=\"", Num(kChartWidth * fraction),
        "\" height=\"20\" rx=\"6\"><title>Raised ", FormatKrw(totals.raised_krw()),
        " of ", FormatKrw(fund.target_krw()), " KRW</title></rect></svg>\n",
        "<p class=\"progress-text\"><strong>", text, "</strong>: raised ",
        CompactKrw(totals.raised_krw()), " of a ", CompactKrw(fund.target_krw()),
        " target</p>\n");
  } else {
    absl::StrAppend(out, "<p class=\"note\">No target published; totals "
                         "only.</p>\n");
  }
  absl::StrAppend(out, "<dl class=\"figures\">",
                  MoneyFigure("Committed", totals.committed_krw()),
                  MoneyFigure("Raised", totals.raised_krw()),
                  MoneyFigure("Allocated", totals.allocated_krw()),
                  MoneyFigure("Executed", totals.executed_krw()),
                  Figure("Flows", GroupThousands(totals.flow_count())));
  if (fund.has_target_krw()) {
    absl::StrAppend(out, MoneyFigure("Target", fund.target_krw()));
  }
  absl::StrAppend(out, "</dl>\n</article>\n");
}

// ------------------------------------------------------------- sections ---

void AppendSectionStart(absl::string_view id, absl::string_view heading,
                        std::string* out) {
  absl::StrAppend(out, "<section id=\"", id, "\" aria-labelledby=\"", id,
                  "-heading\">\n<h2 id=\"", id, "-heading\">", heading,
                  "</h2>\n");
}

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderDashboardHtml(const dashboard::v1::Dashboard& dashboard,
                                absl::string_view generated_at) {
  UnavailableBySection unavailable;
  for (const v1::Unavailable& entry : dashboard.unavailable()) {
    unavailable[entry.section()].push_back(&entry);
  }

  std::string out;
  absl::StrAppend(
      &out,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>Busan economic strategy dashboard</title>\n"
      "<style>",
      kStyle, "</style>\n</head>\n<body>\n<main class=\"container\">\n");

  absl::StrAppend(&out,
                  "<header class=\"report\" id=\"report-header\">\n<h1>Busan "
                  "economic strategy dashboard</h1>\n<p class=\"lede\">Plans "
                  "as declared and as recorded, ranking trends, meeting "
                  "series and funds. Amounts in Korean won (KRW); "
                  "<span class=\"absent\">not declared</span> means the "
                  "figure was not published, which is not zero.</p>\n"
                  "</header>\n");

  if (!dashboard.unavailable().empty()) {
    absl::StrAppend(&out,
                    "<div class=\"banner\" id=\"unavailable-banner\" "
                    "role=\"alert\">\n<strong>&#9888; Part of this report "
                    "could not be read</strong>\n<ul>\n");
    for (const v1::Unavailable& entry : dashboard.unavailable()) {
      absl::StrAppend(&out, "<li><b>", HtmlEscape(entry.section()),
                      "</b> from <b>", HtmlEscape(entry.service()), "</b>",
                      entry.error().empty() ? "" : ": ",
                      HtmlEscape(entry.error()), "</li>\n");
    }
    absl::StrAppend(&out, "</ul>\n</div>\n");
  }

  // Each section: the unavailable notice if its source could not be read,
  // then whatever was read (possibly partial), or a line saying there is
  // nothing when the source was read and is empty.
  AppendSectionStart("plans", "Plans", &out);
  AppendUnavailableNotes(unavailable, "catalog", "Plans",
                         dashboard.plans_size() > 0, &out);
  for (int i = 0; i < dashboard.plans_size(); ++i) {
    AppendPlan(dashboard.plans(i), i, &out);
  }
  if (dashboard.plans_size() == 0 && !IsUnavailable(unavailable, "catalog")) {
    absl::StrAppend(&out, "<p class=\"note\">No plans recorded.</p>\n");
  }
  absl::StrAppend(&out, "</section>\n");

  AppendSectionStart("rankings", "Rankings", &out);
  AppendUnavailableNotes(unavailable, "rankings", "Rankings",
                         dashboard.rankings_size() > 0, &out);
  if (dashboard.rankings_size() > 0) {
    absl::StrAppend(&out, "<p class=\"note\">Rank 1 is at the top of each "
                          "chart: a line going up is an improvement.</p>\n");
  }
  for (int i = 0; i < dashboard.rankings_size(); ++i) {
    AppendRanking(dashboard.rankings(i), i, &out);
  }
  if (dashboard.rankings_size() == 0 && !IsUnavailable(unavailable, "rankings")) {
    absl::StrAppend(&out, "<p class=\"note\">No rankings recorded.</p>\n");
  }
  absl::StrAppend(&out, "</section>\n");

  AppendSectionStart("meetings", "Meeting series", &out);
  AppendUnavailableNotes(unavailable, "meetings", "Meeting series",
                         dashboard.meeting_series_size() > 0, &out);
  for (int i = 0; i < dashboard.meeting_series_size(); ++i) {
    AppendMeetingSeries(dashboard.meeting_series(i), i, &out);
  }
  if (dashboard.meeting_series_size() == 0 &&
      !IsUnavailable(unavailable, "meetings")) {
    absl::StrAppend(&out, "<p class=\"note\">No meeting series recorded.</p>\n");
  }
  absl::StrAppend(&out, "</section>\n");

  AppendSectionStart("funds", "Funds", &out);
  AppendUnavailableNotes(unavailable, "funds", "Funds",
                         dashboard.funds_size() > 0, &out);
  for (int i = 0; i < dashboard.funds_size(); ++i) {
    AppendFund(dashboard.funds(i), i, &out);
  }
  if (dashboard.funds_size() == 0 && !IsUnavailable(unavailable, "funds")) {
    absl::StrAppend(&out, "<p class=\"note\">No funds recorded.</p>\n");
  }
  absl::StrAppend(&out, "</section>\n");

  absl::StrAppend(&out, "<footer>Generated by busanctl dashboard at "
                  "<span class=\"nowrap\">",
                  HtmlEscape(generated_at), "</span>.</footer>\n</main>\n"
                  "</body>\n</html>\n");
  return out;
}

}  // namespace busan::ctl
