// The pieces the text form of `busanctl dashboard` (dashboard_table.h) is
// built from, shared by its source files: dashboard_table.cc puts the
// outage notes and the sections together; dashboard_table_plans.cc lays out
// the plans with their strategies; dashboard_table_metrics.cc the rankings,
// meeting series and funds; dashboard_table_layout.cc holds the text layout
// they all use (wrapping, padding, headings, key: value blocks). Widths are
// terminal columns (DisplayWidth: a Hangul syllable takes two). Only those
// files include this header.
#ifndef BUSAN_BUSANCTL_REPORT_DASHBOARD_TABLE_INTERNAL_H_
#define BUSAN_BUSANCTL_REPORT_DASHBOARD_TABLE_INTERNAL_H_

#include <google/protobuf/repeated_ptr_field.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "busan/dashboard/v1/dashboard.pb.h"

namespace busan::ctl::dashboard_table {

namespace v1 = ::busan::dashboard::v1;
using Rows = std::vector<std::pair<std::string, std::string>>;

// Notes and values are never wrapped narrower than this, so that a cramped
// terminal gets a few long lines rather than a column of single words.
inline constexpr int kMinWrapWidth = 16;
// Tables and blocks under a heading are indented by this much.
inline constexpr absl::string_view kIndent = "  ";

// --- Layout (dashboard_table_layout.cc) ------------------------------------

// "strategies/x" -> "x": the kind of resource is clear from the section.
std::string ShortId(const std::string& name, absl::string_view prefix);

// `n` spaces; none when `n` is negative.
std::string Spaces(int n);
// `text` padded with spaces to `width` columns, on the left or the right.
std::string PadLeft(const std::string& text, int width);
std::string PadRight(const std::string& text, int width);
void StripTrailingSpaces(std::string* line);

// Appends `text` wrapped to `width`, the first line after `first_prefix` and
// the others after `rest_prefix` (which should be as wide, for a hanging
// indent).
void AppendWrapped(std::string* out, absl::string_view text,
                   absl::string_view first_prefix,
                   absl::string_view rest_prefix, int width);

// Appends `rendered` (lines ending in '\n') with `prefix` before each line.
void AppendIndented(std::string* out, absl::string_view rendered,
                    absl::string_view prefix);

// The columns of the widest line of `text`.
int WidestLine(absl::string_view text);

// "Display name (details)" on one line when it fits, else the display name
// (truncated if need be) with the details wrapped below it: headings keep
// whole names rather than cutting them. Without a display name, just the
// details.
std::string Heading(absl::string_view display_name, absl::string_view details,
                    int width);

// A strategy's title line: `lead` ("  1. "), the display name and its id in
// parentheses. The display name is truncated to keep the id, which is what
// users type in the next command; when even that does not fit, the id moves
// to a line of its own.
std::string TitleLine(absl::string_view lead, absl::string_view display_name,
                      absl::string_view id, int width);

// A "key: value" block indented by `indent`, values starting one column past
// the widest "key:" (keys may start with spaces to nest under the one
// above) and wrapping under themselves. Empty values show "-".
std::string KeyValueBlock(const Rows& rows, absl::string_view indent,
                          int width);

// --- Sections (dashboard_table_plans.cc, dashboard_table_metrics.cc) -------
// Each returns whole lines, ending in '\n', of at most `width` columns.

// A plan's heading, then its declared and recorded figures and those of
// each strategy, with the strategy's fund flows, in one grid.
std::string RenderPlan(const v1::PlanSummary& plan, int width);

// The projects filed under no strategy: per project a title line, its
// years, stage and progress, and its dated status reports.
std::string RenderUnfiledProjects(
    const google::protobuf::RepeatedPtrField<v1::ProjectTimeline>& projects,
    int width);

// An index's heading, its table of editions, then the best rank, the change
// from the first to the latest edition and the latest category ranks.
std::string RenderRanking(const v1::RankingSummary& ranking, int width);

// A series' heading and a key: value block of its sums.
std::string RenderMeetingSeries(const v1::MeetingSeriesSummary& series,
                                int width);

// Every fund in one table, or two, or a block per fund (see
// dashboard_table_metrics.cc).
std::string RenderFunds(
    const google::protobuf::RepeatedPtrField<v1::FundSummary>& funds,
    int width);

}  // namespace busan::ctl::dashboard_table

#endif  // BUSAN_BUSANCTL_REPORT_DASHBOARD_TABLE_INTERNAL_H_
