// The text form of `busanctl dashboard` (`--output=table`): the combined view
// of both services for a person at a terminal. The JSON form is
// ToJson(dashboard) (output.h); its proto field names are the interface for
// scripts, so this file only decides how things look.
#ifndef BUSAN_BUSANCTL_REPORT_DASHBOARD_TABLE_H_
#define BUSAN_BUSANCTL_REPORT_DASHBOARD_TABLE_H_

#include <string>

#include "busan/dashboard/v1/dashboard.pb.h"

namespace busan::ctl {

// Renders `dashboard` in at most `width` terminal columns per line (display
// width: a Hangul syllable takes two), or without a limit when `width <= 0`.
// Numbers and resource names are never cut; display names are truncated
// with "…" and notes wrap.
//
// Layout, top to bottom:
//   - When `unavailable` is non-empty, one "! <service> unavailable: <error>
//     — <sections> are missing" note per service and error, before anything
//     else. Each affected section then says "(unavailable: …)" where its
//     content would be, or "(incomplete: …)" above whatever did arrive.
//   - Plans. Per plan a heading (display name, name, published date) and a
//     grid with a PROJECTS and an AMOUNT (KRW) column: the plan's "declared"
//     row (with the declared NEW/UPGRADED/EXPANDED split as a note) and
//     "recorded" row (the stored projects, their summed budget and "N without
//     a budget"), then per strategy a title line ("1. Display name
//     (short-id)") and the same two rows, then its fund flows: one row per
//     nonzero kind (committed, raised, allocated, executed, in that order)
//     labelled with the number of flows, so no kind is hidden behind another;
//     "0" with "none name this strategy" when no flow names it; "-" when
//     the funds could not be read (fund_flows absent). The recorded amount
//     is "-" when every recorded project lacks a budget (DerivedBudget).
//   - Rankings. Per index a heading (display name, name, city), a table
//     EDITION / PUBLISHED / RANK ("8 of 77" when the number ranked is known)
//     / CHANGE ("▲21", "▼3", "-" for the first edition), then best rank,
//     change first→latest and the latest category ranks (wrapped).
//   - Meetings. Per series a heading (display name, name, start) and a
//     key: value block: meetings, participants, policies adopted (one
//     indented row per category) and budget secured, each sum with how many
//     meetings reported it: "1,160 (49 of 50 meetings reported)".
//   - Funds. FUND / TARGET (KRW) / RAISED (KRW) / PROGRESS (raised as a
//     percent of the target, "-" without a target) / FLOWS, then FUND /
//     COMMITTED / ALLOCATED / EXECUTED (KRW). One table with all columns
//     when that fits the width; a key: value block per fund when not even
//     the two tables fit.
//
// Amounts carry thousands separators; an absent (unpublished) figure shows
// "-", never 0.
std::string RenderDashboardTable(const dashboard::v1::Dashboard& dashboard,
                                 int width);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REPORT_DASHBOARD_TABLE_H_
