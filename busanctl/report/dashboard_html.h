// The self-contained HTML report of `busanctl dashboard --html=FILE`: one
// page that opens from a file on a phone or a desktop without a network
// connection (inline CSS and SVG only; no scripts, fonts or other assets).
#ifndef BUSAN_BUSANCTL_REPORT_DASHBOARD_HTML_H_
#define BUSAN_BUSANCTL_REPORT_DASHBOARD_HTML_H_

#include <string>

#include "absl/strings/string_view.h"
#include "busan/dashboard/v1/dashboard.pb.h"

namespace busan::ctl {

// The report as an HTML5 document. `generated_at` is shown in the footer as
// given (the caller's clock, so the same dashboard renders identically).
//
// Every string from the dashboard is HTML-escaped. Elements that stay
// stable for readers' bookmarks and for tests:
//   div#unavailable-banner   only when dashboard.unavailable() is non-empty
//   section#plans, #rankings, #meetings, #funds, each with an <h2>; a
//     section listed in `unavailable` holds a p.section-unavailable
//   svg.budget-bars          one per plan that has strategies, with one
//                            rect.bar.declared per strategy that declared a
//                            budget and one rect.bar.recorded per strategy
//   svg#rank-trend-<i>       (class rank-trend) for rankings(i) that has
//                            points, with one circle.point per point
//   svg.fund-progress        one per fund with a target: rect.track and one
//                            rect.progress
std::string RenderDashboardHtml(const dashboard::v1::Dashboard& dashboard,
                                absl::string_view generated_at);

// `text` with &, <, >, " and ' replaced by character references, safe in
// element content and in quoted attribute values.
std::string HtmlEscape(absl::string_view text);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REPORT_DASHBOARD_HTML_H_
