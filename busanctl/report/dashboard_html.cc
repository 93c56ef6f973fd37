// The page of the HTML report (RenderDashboardHtml): the document head with
// its inline style sheet, the report header, the banner listing what could
// not be read, the four sections with their notices, and the footer. The
// cards inside the sections come from dashboard_html_cards.cc.
#include "busanctl/report/dashboard_html.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/dashboard_html_internal.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::dashboard::v1;
using dashboard_html::AppendFund;
using dashboard_html::AppendMeetingSeries;
using dashboard_html::AppendPlan;
using dashboard_html::AppendRanking;
using dashboard_html::AppendUnfiledProjects;

// Phone-first: one column, a readable measure on desktops. The font stack
// names fonts that carry Hangul on every common platform, because plan and
// strategy names are often Korean. Charts are SVG in user units, scaled to
// the column width (see kChartWidth in dashboard_html_charts.cc).
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
ul.strategies,ul.categories,ul.published{margin:6px 0 0;padding-left:1.2em;font-size:.9rem}
ul.strategies li,ul.categories li,ul.published li{margin:2px 0;overflow-wrap:anywhere}
.progress-text{margin:2px 0 0}
.progress-text strong{font-size:1.05rem}
footer{font-size:.8rem;margin-top:28px;border-top:1px solid var(--line);
padding-top:8px;overflow-wrap:anywhere}
.nowrap{white-space:nowrap}
)css";

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
    absl::StrAppend(
        out, "<p class=\"section-unavailable\"><strong>", what,
        " unavailable</strong>: could not be read from ",
        HtmlEscape(entry->service().empty() ? "the service" : entry->service()),
        entry->error().empty() ? "" : ": ", HtmlEscape(entry->error()),
        partial ? ". What is shown below may be incomplete." : ".", "</p>\n");
  }
}

bool IsUnavailable(const UnavailableBySection& unavailable,
                   absl::string_view section) {
  return unavailable.count(std::string(section)) > 0;
}

void AppendSectionStart(absl::string_view id, absl::string_view heading,
                        std::string* out) {
  absl::StrAppend(out, "<section id=\"", id, "\" aria-labelledby=\"", id,
                  "-heading\">\n<h2 id=\"", id, "-heading\">", heading,
                  "</h2>\n");
}

}  // namespace

namespace {

void AppendHead(std::string* out) {
  absl::StrAppend(
      out,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>Busan economic strategy dashboard</title>\n"
      "<style>",
      kStyle, "</style>\n</head>\n<body>\n<main class=\"container\">\n");
  absl::StrAppend(out,
                  "<header class=\"report\" id=\"report-header\">\n<h1>Busan "
                  "economic strategy dashboard</h1>\n<p class=\"lede\">Plans "
                  "as declared and as recorded, ranking trends, meeting "
                  "series and funds. Amounts in Korean won (KRW); "
                  "<span class=\"absent\">not declared</span> means the "
                  "figure was not published, which is not zero. Declared "
                  "figures, targets, ranks and quoted statements are "
                  "published; recorded figures, sums and percentages are "
                  "derived from the records stored.</p>\n"
                  "</header>\n");
}

// Every part that could not be read, at the top of the page.
void AppendUnavailableBanner(const dashboard::v1::Dashboard& dashboard,
                             std::string* out) {
  if (dashboard.unavailable().empty()) return;
  absl::StrAppend(out,
                  "<div class=\"banner\" id=\"unavailable-banner\" "
                  "role=\"alert\">\n<strong>&#9888; Part of this report "
                  "could not be read</strong>\n<ul>\n");
  for (const v1::Unavailable& entry : dashboard.unavailable()) {
    absl::StrAppend(out, "<li><b>", HtmlEscape(entry.section()),
                    "</b> from <b>", HtmlEscape(entry.service()), "</b>",
                    entry.error().empty() ? "" : ": ",
                    HtmlEscape(entry.error()), "</li>\n");
  }
  absl::StrAppend(out, "</ul>\n</div>\n");
}

// One section: the unavailable notice if its source could not be read,
// then whatever was read (possibly partial: `intro`, each of `items`,
// `after`), or `none` when the source was read and is empty.
template <typename Items, typename AppendItem>
void AppendSection(const UnavailableBySection& unavailable, const char* id,
                   const char* title, const char* source, const Items& items,
                   const char* intro, AppendItem append_item,
                   const std::function<void()>& after, const char* none,
                   std::string* out) {
  AppendSectionStart(id, title, out);
  AppendUnavailableNotes(unavailable, source, title, !items.empty(), out);
  if (!items.empty() && intro != nullptr) absl::StrAppend(out, intro);
  for (int i = 0; i < items.size(); ++i) append_item(items[i], i, out);
  if (after) after();
  if (items.empty() && !IsUnavailable(unavailable, source)) {
    absl::StrAppend(out, "<p class=\"note\">", none, "</p>\n");
  }
  absl::StrAppend(out, "</section>\n");
}

}  // namespace

std::string RenderDashboardHtml(const dashboard::v1::Dashboard& dashboard,
                                absl::string_view generated_at) {
  UnavailableBySection unavailable;
  for (const v1::Unavailable& entry : dashboard.unavailable()) {
    unavailable[entry.section()].push_back(&entry);
  }
  std::string out;
  AppendHead(&out);
  AppendUnavailableBanner(dashboard, &out);
  AppendSection(
      unavailable, "plans", "Plans", "catalog", dashboard.plans(), nullptr,
      AppendPlan,
      [&] {
        if (!dashboard.unfiled_projects().empty()) {
          AppendUnfiledProjects(dashboard.unfiled_projects(), &out);
        }
      },
      "No plans recorded.", &out);
  AppendSection(unavailable, "rankings", "Rankings", "rankings",
                dashboard.rankings(),
                "<p class=\"note\">Rank 1 is at the top of each "
                "chart: a line going up is an improvement.</p>\n",
                AppendRanking, nullptr, "No rankings recorded.", &out);
  AppendSection(unavailable, "meetings", "Meeting series", "meetings",
                dashboard.meeting_series(), nullptr, AppendMeetingSeries,
                nullptr, "No meeting series recorded.", &out);
  AppendSection(unavailable, "funds", "Funds", "funds", dashboard.funds(),
                nullptr, AppendFund, nullptr, "No funds recorded.", &out);
  absl::StrAppend(&out,
                  "<footer>Generated by busanctl dashboard at "
                  "<span class=\"nowrap\">",
                  HtmlEscape(generated_at),
                  "</span>.</footer>\n</main>\n"
                  "</body>\n</html>\n");
  return out;
}

}  // namespace busan::ctl
