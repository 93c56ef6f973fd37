// The inline SVG charts of the HTML report: per plan, the declared and the
// recorded budget of each strategy as bars; per ranking index, the city's
// rank over the editions as a line; per fund with a target, the part raised
// as a progress bar. Each chart is drawn in user units of a fixed-width
// viewBox that CSS scales to the column, and carries a <title>, with
// tooltips on its marks, so the figures can be read without the picture.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busanctl/report/dashboard_html.h"
#include "busanctl/report/dashboard_html_internal.h"
#include "busanctl/report/output.h"
#include "busanctl/report/text_width.h"

namespace busan::ctl::dashboard_html {
namespace {

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

// Rank axis: 1 at the top, a round number at the bottom, about four steps.
struct RankAxis {
  int step = 1;
  int max = 2;
};

RankAxis MakeRankAxis(int worst_rank) {
  static constexpr int kSteps[] = {1,   2,   5,   10,  20,   25,   50,
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

}  // namespace

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
  const std::string title_id =
      absl::StrCat("budget-bars-", plan_index, "-title");
  absl::StrAppend(out, "<svg class=\"chart budget-bars\" id=\"budget-bars-",
                  plan_index, "\" viewBox=\"0 0 ", Num(kChartWidth), " ",
                  Num(height), "\" role=\"img\" aria-labelledby=\"", title_id,
                  "\"><title id=\"", title_id,
                  "\">Declared and recorded budget per strategy of ",
                  HtmlEscape(plan.display_name()), "</title>\n");
  double y = 4;
  for (const v1::StrategySummary& strategy : plan.strategies()) {
    const std::string label =
        absl::StrCat(strategy.ordinal(), ". ",
                     strategy.display_name().empty() ? strategy.name()
                                                     : strategy.display_name());
    absl::StrAppend(
        out, "<g class=\"strategy\"><text class=\"strategy-name\" x=\"0\" y=\"",
        Num(y + 14), "\">", HtmlEscape(TruncateToWidth(label, 46)), "<title>",
        HtmlEscape(label), "</title></text>\n");
    // Declared.
    const double declared_y = y + 23;
    absl::StrAppend(out, "<text class=\"row-label\" x=\"", Num(kLabelWidth),
                    "\" y=\"", Num(declared_y + 13),
                    "\" text-anchor=\"end\">declared</text>");
    if (strategy.has_declared_budget_krw()) {
      const double w = length(strategy.declared_budget_krw());
      absl::StrAppend(out, "<rect class=\"bar declared\" x=\"", Num(kBarX),
                      "\" y=\"", Num(declared_y), "\" width=\"", Num(w),
                      "\" height=\"", Num(kBarHeight),
                      "\" rx=\"2\"><title>Declared: ",
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
      absl::StrAppend(
          out, "<text class=\"row-label\" x=\"", Num(kLabelWidth), "\" y=\"",
          Num(recorded_y + 13), "\" text-anchor=\"end\">recorded</text>",
          "<text class=\"not-declared\" x=\"", Num(kBarX), "\" y=\"",
          Num(recorded_y + 13), "\">no budget published</text></g>\n");
      y += kRowHeight;
      continue;
    }
    const double w = length(strategy.total_budget_krw());
    absl::StrAppend(
        out, "<text class=\"row-label\" x=\"", Num(kLabelWidth), "\" y=\"",
        Num(recorded_y + 13), "\" text-anchor=\"end\">recorded</text>",
        "<rect class=\"bar recorded\" x=\"", Num(kBarX), "\" y=\"",
        Num(recorded_y), "\" width=\"", Num(w), "\" height=\"", Num(kBarHeight),
        "\" rx=\"2\"><title>Recorded: ", FormatKrw(strategy.total_budget_krw()),
        " KRW in ", Plural(strategy.project_count(), "project", "projects"),
        "</title></rect><text x=\"", Num(kBarX + w + 5), "\" y=\"",
        Num(recorded_y + 13), "\">", CompactKrw(strategy.total_budget_krw()),
        "</text></g>\n");
    y += kRowHeight;
  }
  absl::StrAppend(out, "</svg>\n");
}

namespace {

// Where a rank trend draws: x = edition (spaced by edition number, so gaps
// between editions show), y = rank with rank 1 at the top: a line going up
// is an improvement.
class RankTrendFrame {
 public:
  static constexpr double kHeight = 224;
  static constexpr double kLeft = 42, kRight = kChartWidth - 18;
  static constexpr double kTop = 26, kBottom = 180;

  explicit RankTrendFrame(const v1::RankingSummary& ranking) {
    const auto& points = ranking.points();
    int worst = 1;
    first_edition_ = last_edition_ = points[0].edition();
    for (const auto& point : points) {
      worst = std::max(worst, point.rank());
      first_edition_ = std::min(first_edition_, point.edition());
      last_edition_ = std::max(last_edition_, point.edition());
    }
    axis_ = MakeRankAxis(worst);
  }
  const RankAxis& axis() const { return axis_; }
  double X(int edition) const {
    if (last_edition_ == first_edition_) return (kLeft + kRight) / 2;
    return kLeft + (kRight - kLeft) * (edition - first_edition_) /
                       static_cast<double>(last_edition_ - first_edition_);
  }
  double Y(int rank) const {
    const int clamped = std::clamp(rank, 1, axis_.max);
    return kTop + (kBottom - kTop) * (clamped - 1) /
                      static_cast<double>(axis_.max - 1);
  }

 private:
  int first_edition_ = 0, last_edition_ = 0;
  RankAxis axis_;
};

// Rank gridlines and ticks.
void AppendRankGrid(const RankTrendFrame& frame, std::string* out) {
  using F = RankTrendFrame;
  std::vector<int> ticks = {1};
  for (int tick = frame.axis().step; tick <= frame.axis().max;
       tick += frame.axis().step) {
    if (tick != 1) ticks.push_back(tick);
  }
  absl::StrAppend(out, "<g class=\"grid\">");
  for (int tick : ticks) {
    absl::StrAppend(out, "<line x1=\"", Num(F::kLeft - 4), "\" x2=\"",
                    Num(F::kRight + 8), "\" y1=\"", Num(frame.Y(tick)),
                    "\" y2=\"", Num(frame.Y(tick)), "\"/>");
  }
  absl::StrAppend(out, "</g>\n<g class=\"axis rank-axis\">");
  for (int tick : ticks) {
    absl::StrAppend(out, "<text x=\"", Num(F::kLeft - 8), "\" y=\"",
                    Num(frame.Y(tick) + 4), "\" text-anchor=\"end\">", tick,
                    "</text>");
  }
  absl::StrAppend(out,
                  "</g>\n<text class=\"axis-title\" x=\"0\" y=\"11\">"
                  "rank (1 = best)</text>\n");
}

// Edition labels; dense editions are thinned so labels never overlap, but
// the latest is always labelled.
void AppendEditionAxis(const v1::RankingSummary& ranking,
                       const RankTrendFrame& frame, std::string* out) {
  using F = RankTrendFrame;
  const auto& points = ranking.points();
  std::vector<bool> shown(points.size(), false);
  double last_x = -1e9;
  for (int i = 0; i < points.size(); ++i) {
    const double x = frame.X(points[i].edition());
    if (x - last_x >= 24) {
      shown[i] = true;
      last_x = x;
    }
  }
  if (!shown.back()) {
    const double x = frame.X(points[points.size() - 1].edition());
    for (int i = points.size() - 2; i >= 0; --i) {
      if (shown[i] && x - frame.X(points[i].edition()) < 24) shown[i] = false;
    }
    shown.back() = true;
  }
  absl::StrAppend(out, "<g class=\"axis edition-axis\"><line x1=\"",
                  Num(F::kLeft - 4), "\" x2=\"", Num(F::kRight + 8), "\" y1=\"",
                  Num(F::kBottom + 12), "\" y2=\"", Num(F::kBottom + 12),
                  "\"/>");
  for (int i = 0; i < points.size(); ++i) {
    if (!shown[i]) continue;
    const double x = frame.X(points[i].edition());
    absl::StrAppend(out, "<line x1=\"", Num(x), "\" x2=\"", Num(x), "\" y1=\"",
                    Num(F::kBottom + 12), "\" y2=\"", Num(F::kBottom + 16),
                    "\"/><text x=\"", Num(x), "\" y=\"", Num(F::kBottom + 28),
                    "\" text-anchor=\"middle\">", points[i].edition(),
                    "</text>");
  }
  absl::StrAppend(out, "</g>\n<text class=\"axis-title\" x=\"",
                  Num((F::kLeft + F::kRight) / 2), "\" y=\"",
                  Num(F::kHeight - 2),
                  "\" text-anchor=\"middle\">edition</text>\n");
}

// The line, then points on top of it with their rank.
void AppendTrendLine(const v1::RankingSummary& ranking,
                     const RankTrendFrame& frame, std::string* out) {
  const auto& points = ranking.points();
  absl::StrAppend(out, "<polyline class=\"trend\" points=\"");
  for (int i = 0; i < points.size(); ++i) {
    absl::StrAppend(out, i == 0 ? "" : " ", Num(frame.X(points[i].edition())),
                    ",", Num(frame.Y(points[i].rank())));
  }
  absl::StrAppend(out, "\"/>\n");
  double previous_x = -1e9, previous_label_y = -1e9;
  for (int i = 0; i < points.size(); ++i) {
    const double x = frame.X(points[i].edition());
    const double y = frame.Y(points[i].rank());
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
}

}  // namespace

void AppendRankTrend(const v1::RankingSummary& ranking, int index,
                     std::string* out) {
  const RankTrendFrame frame(ranking);
  const std::string name =
      HtmlEscape(ranking.display_name().empty() ? ranking.index()
                                                : ranking.display_name());
  const std::string title_id = absl::StrCat("rank-trend-", index, "-title");
  absl::StrAppend(
      out, "<svg class=\"chart rank-trend\" id=\"rank-trend-", index,
      "\" viewBox=\"0 0 ", Num(kChartWidth), " ", Num(RankTrendFrame::kHeight),
      "\" role=\"img\" aria-labelledby=\"", title_id, "\"><title id=\"",
      title_id, "\">Rank of ", HtmlEscape(ranking.city()), " in ", name,
      " by edition; rank 1 at the top</title>\n");
  AppendRankGrid(frame, out);
  AppendEditionAxis(ranking, frame, out);
  AppendTrendLine(ranking, frame, out);
  absl::StrAppend(out, "</svg>\n");
}

// A track the width of the chart with the raised part filled in (full, in a
// darker colour, once the target is passed).
void AppendFundProgress(const v1::FundSummary& fund, int index,
                        std::string* out) {
  const v1::FlowTotals& totals = fund.totals();
  const std::optional<int64_t> basis_points =
      Optional(fund.has_raised_basis_points_of_target(),
               fund.raised_basis_points_of_target());
  const double fraction =
      basis_points ? std::clamp(*basis_points / 10000.0, 0.0, 1.0) : 0.0;
  const bool over = basis_points && *basis_points > 10000;
  const std::string text =
      basis_points
          ? absl::StrCat(PercentFromBasisPoints(*basis_points), " of target")
          : std::string("nothing raised recorded yet");
  absl::StrAppend(
      out, "<svg class=\"chart fund-progress\" id=\"fund-progress-", index,
      "\" viewBox=\"0 0 ", Num(kChartWidth),
      " 24\" role=\"img\" aria-label=\"Raised: ", text,
      "\"><rect class=\"track\" x=\"0\" y=\"2\" width=\"", Num(kChartWidth),
      "\" height=\"20\" rx=\"6\"/><rect class=\"progress", over ? " over" : "",
      "\" x=\"0\" y=\"2\" width=\"", Num(kChartWidth * fraction),
      "\" height=\"20\" rx=\"6\"><title>Raised ",
      FormatKrw(totals.raised_krw()), " of ", FormatKrw(fund.target_krw()),
      " KRW</title></rect></svg>\n", "<p class=\"progress-text\"><strong>",
      text, "</strong>: raised ", CompactKrw(totals.raised_krw()), " of a ",
      CompactKrw(fund.target_krw()), " target</p>\n");
}

}  // namespace busan::ctl::dashboard_html
