#include "busanctl/seed.h"

#include "absl/strings/str_cat.h"
#include "busanctl/seed_records.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;

}  // namespace

std::string SeedSummary::ToString() const {
  return absl::StrCat("seed: created ", created, ", updated ", updated,
                      ", unchanged ", unchanged);
}

bool HasCatalogRecords(const seed::v1::Seed& seed) {
  return seed.plans_size() + seed.strategies_size() + seed.initiatives_size() +
             seed.projects_size() >
         0;
}

bool HasMetricsRecords(const seed::v1::Seed& seed) {
  return seed.ranking_indices_size() + seed.rankings_size() +
             seed.meeting_series_size() + seed.meetings_size() +
             seed.funds_size() + seed.fund_flows_size() >
         0;
}

absl::Status LoadCatalogSeed(const seed::v1::Seed& seed, CatalogStub& stub,
                             const CallOptions& call, SeedSummary* summary) {
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Plan>>(seed.plans(), stub,
                                                           call, summary));
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Strategy>>(
      seed.strategies(), stub, call, summary));
  RETURN_IF_ERROR(SyncResources<CatalogResource<v1::Initiative>>(
      seed.initiatives(), stub, call, summary));
  return SyncResources<CatalogResource<v1::Project>>(seed.projects(), stub,
                                                     call, summary);
}

}  // namespace busan::ctl
