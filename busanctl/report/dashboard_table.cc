// RenderDashboardTable: the notes on services that could not be read, then
// the Plans, Rankings, Meetings and Funds sections, each with its heading
// and, where its source could not be read, a marker saying the section is
// missing or incomplete. The entries themselves are laid out in
// dashboard_table_plans.cc and dashboard_table_metrics.cc.
#include "busanctl/report/dashboard_table.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/dashboard_table_internal.h"
#include "busanctl/report/output.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::dashboard::v1;
using dashboard_table::AppendWrapped;
using dashboard_table::kIndent;
using dashboard_table::RenderFunds;
using dashboard_table::RenderMeetingSeries;
using dashboard_table::RenderPlan;
using dashboard_table::RenderRanking;
using dashboard_table::RenderUnfiledProjects;

// Stands in for "no limit" so the layout code needs no special case.
constexpr int kUnlimited = 1 << 20;

// "a", "a and b", "a, b and c".
std::string JoinWithAnd(const std::vector<std::string>& items) {
  if (items.size() <= 1) return items.empty() ? "" : items.front();
  std::vector<std::string> head(items.begin(), items.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " and ", items.back());
}

// What a reader calls the section: the catalog is read for its plans.
std::string SectionNoun(const std::string& section) {
  if (section == "catalog") return "plans";
  const std::string cleaned = SanitizeText(section);
  return cleaned.empty() ? "some sections" : cleaned;
}

std::string ServiceName(const v1::Unavailable& entry) {
  const std::string service = SanitizeText(entry.service());
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
    const std::string error = SanitizeText(entry.error());
    auto it =
        std::find_if(outages.begin(), outages.end(), [&](const Outage& o) {
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
    AppendWrapped(
        &out,
        absl::StrCat(o.service, " unavailable", o.error.empty() ? "" : ": ",
                     o.error, " — ", JoinWithAnd(o.sections), " are missing"),
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

  AppendSection(
      dashboard, "Plans", "catalog", dashboard.plans(), "no plans", width,
      [&](std::vector<std::string>* out) {
        for (const auto& plan : dashboard.plans()) {
          out->push_back(RenderPlan(plan, width));
        }
      },
      &blocks);
  // Only when there are some: most catalogs file every project.
  if (!dashboard.unfiled_projects().empty()) {
    AppendSection(
        dashboard, "Projects filed under no strategy", "catalog",
        dashboard.unfiled_projects(), "", width,
        [&](std::vector<std::string>* out) {
          out->push_back(
              RenderUnfiledProjects(dashboard.unfiled_projects(), width));
        },
        &blocks);
  }
  AppendSection(
      dashboard, "Rankings", "rankings", dashboard.rankings(),
      "no ranking indices", width,
      [&](std::vector<std::string>* out) {
        for (const auto& ranking : dashboard.rankings()) {
          out->push_back(RenderRanking(ranking, width));
        }
      },
      &blocks);
  AppendSection(
      dashboard, "Meetings", "meetings", dashboard.meeting_series(),
      "no meeting series", width,
      [&](std::vector<std::string>* out) {
        for (const auto& series : dashboard.meeting_series()) {
          out->push_back(RenderMeetingSeries(series, width));
        }
      },
      &blocks);
  AppendSection(
      dashboard, "Funds", "funds", dashboard.funds(), "no funds", width,
      [&](std::vector<std::string>* out) {
        if (!dashboard.funds().empty()) {
          out->push_back(RenderFunds(dashboard.funds(), width));
        }
      },
      &blocks);
  return absl::StrJoin(blocks, "\n");
}

}  // namespace busan::ctl
