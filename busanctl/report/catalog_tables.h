// Table layouts for lists of catalog resources (`--output=table`).
#ifndef BUSAN_BUSANCTL_REPORT_CATALOG_TABLES_H_
#define BUSAN_BUSANCTL_REPORT_CATALOG_TABLES_H_

#include <google/protobuf/repeated_ptr_field.h>

#include "busan/catalog/v1/catalog.pb.h"
#include "busanctl/report/output.h"

namespace busan::ctl {

template <typename T>
using Items = google::protobuf::RepeatedPtrField<T>;

// NAME, DISPLAY NAME, PUBLISHED, DECLARED PROJECTS, DECLARED BUDGET (KRW),
// STRATEGIES, PROJECTS, BUDGET (KRW).
Table ItemsTable(const Items<catalog::v1::Plan>& plans);
// NAME, DISPLAY NAME, PLAN, DECLARED PROJECTS, DECLARED BUDGET (KRW),
// PROJECTS, BUDGET (KRW): what the city declared next to what is stored.
Table ItemsTable(const Items<catalog::v1::Strategy>& strategies);
// NAME, DISPLAY NAME, DECLARED PROJECTS, DECLARED BUDGET (KRW), PROJECTS,
// BUDGET (KRW).
Table ItemsTable(const Items<catalog::v1::Initiative>& initiatives);
// NAME, DISPLAY NAME, STRATEGY, ORIGIN, STAGE, BUDGET (KRW), YEARS.
Table ItemsTable(const Items<catalog::v1::Project>& projects);

// The derived budget column: the total, or "-" when the resource has
// projects and none of them has a published budget (the sum would be 0 yet
// the budget is unknown).
std::string DerivedBudget(int64_t total_budget_krw, int64_t project_count,
                          int64_t unbudgeted_project_count);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REPORT_CATALOG_TABLES_H_
