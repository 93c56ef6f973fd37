// Derived figures: every project counts toward its strategy, its initiative
// (if any) and its strategy's plan; a project filed under no strategy counts
// toward nothing. They change in the same WriteTxn as the project, so no
// reader ever sees them disagree with the stored projects.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_TOTALS_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_TOTALS_H_

#include "absl/status/status.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/resource_names.h"
#include "catalog-service/store/write_txn.h"

namespace busan::catalog {

// Adds (sign = +1) or removes (sign = -1) `project`'s contribution to its
// strategy, initiative and plan. FAILED_PRECONDITION when a parent is
// missing; OUT_OF_RANGE when a budget total would overflow int64.
absl::Status ApplyProjectTotals(WriteTxn& txn, const v1::Project& project,
                                int sign);

// Adjusts a plan's strategy_count / initiative_count by `delta`.
absl::Status AdjustPlanCounts(WriteTxn& txn, const std::string& plan_name,
                              int64_t strategy_delta, int64_t initiative_delta);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_TOTALS_H_
