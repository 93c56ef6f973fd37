#include "busanctl/seed/seed.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "busanctl/seed/seed_records.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;

// Records each of the seed's status reports that its project does not hold
// yet (no stored report has the same input fields). Each project is read
// once; a report recorded on it replaces that copy with the reply.
absl::Status SyncProjectStatuses(const seed::v1::Seed& seed, CatalogStub& stub,
                                 const CallOptions& call,
                                 SeedSummary* summary) {
  using Api = CatalogResource<v1::Project>;
  std::map<std::string, v1::Project> projects;
  for (const seed::v1::ProjectStatus& report : seed.project_statuses()) {
    const std::string what = absl::StrCat(report.project(), " (status of ",
                                          report.status().date(), ")");
    auto [it, unread] = projects.try_emplace(report.project());
    v1::Project& stored = it->second;
    if (unread) {
      RETURN_IF_ERROR(
          AboutRecord(what, Api::Get(stub, NewUnaryContext(call).get(),
                                     report.project(), &stored)));
    }
    const auto& held = stored.status_updates();
    if (std::any_of(held.begin(), held.end(),
                    [&](const v1::StatusUpdate& update) {
                      return !InputFieldsDiffer(update, report.status());
                    })) {
      ++summary->unchanged;
      continue;
    }
    v1::RecordProjectStatusRequest request;
    request.set_name(report.project());
    *request.mutable_status() = report.status();
    request.set_request_id(uuid::NewRandom());
    RETURN_IF_ERROR(
        AboutRecord(what, stub.RecordProjectStatus(NewUnaryContext(call).get(),
                                                   request, &stored)));
    NoteChange(summary, "recorded", what);
  }
  return absl::OkStatus();
}

}  // namespace

std::string SeedSummary::ToString() const {
  std::string line = absl::StrCat("seed: created ", created, ", updated ",
                                  updated, ", unchanged ", unchanged);
  if (kept > 0) absl::StrAppend(&line, ", kept ", kept);
  return line;
}

bool HasCatalogRecords(const seed::v1::Seed& seed) {
  return seed.plans_size() + seed.strategies_size() + seed.initiatives_size() +
             seed.projects_size() + seed.project_statuses_size() >
         0;
}

bool HasMetricsRecords(const seed::v1::Seed& seed) {
  return seed.ranking_indices_size() + seed.rankings_size() +
             seed.meeting_series_size() + seed.meetings_size() +
             seed.funds_size() + seed.fund_flows_size() >
         0;
}

absl::Status LoadCatalogSeed(const seed::v1::Seed& seed, CatalogStub& stub,
                             const CallOptions& call, SeedSummary* summary,
                             SeedMode mode) {
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Plan>>(
      seed.plans(), stub, call, mode, summary));
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Strategy>>(
      seed.strategies(), stub, call, mode, summary));
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Initiative>>(
      seed.initiatives(), stub, call, mode, summary));
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Project>>(
      seed.projects(), stub, call, mode, summary));
  return SyncProjectStatuses(seed, stub, call, summary);
}

}  // namespace busan::ctl
