// How metrics resources and reports look with `--output=table`: tables for
// lists, and the reports of `rankings trend`, `meetings stats` and
// `funds totals`.
#ifndef BUSAN_BUSANCTL_REPORT_METRICS_TABLES_H_
#define BUSAN_BUSANCTL_REPORT_METRICS_TABLES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "busan/metrics/v1/metrics.pb.h"
#include "busanctl/report/catalog_tables.h"
#include "busanctl/report/output.h"

namespace busan::ctl {

// NAME, DISPLAY NAME, PUBLISHER, CATEGORIES (how many).
Table ItemsTable(const Items<metrics::v1::RankingIndex>& indices);
// NAME, DISPLAY NAME, STARTED, CATEGORIES and MEASURES (how many).
Table ItemsTable(const Items<metrics::v1::MeetingSeries>& series);
// NAME, DISPLAY NAME, MANAGER, TARGET (KRW), YEARS.
Table ItemsTable(const Items<metrics::v1::Fund>& funds);
// (Of one index.) EDITION, PUBLISHED, CITY, RANK ("8 of 100"), REGION, REGION
// RANK.
Table ItemsTable(const Items<metrics::v1::Ranking>& rankings);
// (Of one series.) NUMBERS ("50", or "1-49" for a tally), DATE (or the tally's
// period), PARTICIPANTS, POLICIES, BUDGET SECURED (KRW), TOPICS.
Table ItemsTable(const Items<metrics::v1::Meeting>& meetings);
// NAME, TYPE, AMOUNT (KRW), DATE, STRATEGY, PROJECT, NOTE.
Table ItemsTable(const Items<metrics::v1::FundFlow>& flows);

// One row per group: the key under the group's name (FUND, STRATEGY,
// PROJECT or YEAR; "(none)" for flows that name no strategy or project,
// "(no date)" for undated ones), then COMMITTED, RAISED, ALLOCATED and
// EXECUTED (KRW) and FLOWS.
Table SummaryTable(const metrics::v1::SummarizeFundsResponse& summary,
                   metrics::v1::SummarizeFundsRequest::GroupBy group_by);

// "8 of 100" when the number of ranked cities is known, else "8".
std::string FormatRank(int32_t rank, std::optional<int32_t> total_ranked);

// A change in rank, positive when the city climbed: "▲3", "▼2", "–" for no
// change, "-" when absent (the first point of a trend).
std::string FormatRankChange(std::optional<int32_t> change);

// A sum over a series' meetings with how many of them reported the figure:
// "1,160 (49 of 50 meetings reported)"; the sum is "-" when none did, since
// a sum over nothing is unknown, not 0. Just the sum when there are no
// meetings.
std::string FormatReportedSum(int64_t sum, int64_t reported, int64_t meetings);

// The trend table (EDITION, PUBLISHED, RANK, CHANGE, REGION RANK), then the
// best rank with its edition and the change from the first to the latest
// point. A trend without points renders as one line saying so. `width` is
// the terminal width the table should fit in (0: no limit).
std::string RenderRankingTrend(const metrics::v1::RankingTrend& trend,
                               int width);

// A key: value block: series, the date range when one was asked for,
// meetings, participants, policies adopted (then one indented line per
// category), budget secured. Each sum says how many of the meetings
// published it: "1,160 (49 of 50 meetings reported)"; "-" when none did.
std::string RenderMeetingStats(const metrics::v1::MeetingStats& stats,
                               const std::string& start_date,
                               const std::string& end_date);

// A key: value block: fund, the four totals (right-aligned with the target),
// flow count, target and progress ("25.17% of target raised", or "-" without
// a target).
std::string RenderFundTotals(const metrics::v1::FundTotals& totals);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REPORT_METRICS_TABLES_H_
