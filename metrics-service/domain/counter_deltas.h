// Which totals an event moves, and by how much. Recording adds an event's
// deltas (sign +1); a forced delete of its parent subtracts them (sign -1),
// so the two can never drift apart.
#ifndef BUSAN_METRICS_SERVICE_DOMAIN_COUNTER_DELTAS_H_
#define BUSAN_METRICS_SERVICE_DOMAIN_COUNTER_DELTAS_H_

#include "absl/strings/string_view.h"
#include "busan/metrics/v1/metrics.pb.h"
#include "metrics-service/store/metrics_store.h"

namespace busan::metrics {

// Fund totals by type and count, and the same by strategy, project and year.
void AddFlowDeltas(const v1::FundFlow& flow, absl::string_view fund_id,
                   int sign, TotalChanges* totals);

// Meeting count (numbers covered), participants, policies (also per
// category), budget, and how many meetings reported each figure.
void AddMeetingDeltas(const v1::Meeting& meeting, absl::string_view series_id,
                      int sign, TotalChanges* totals);

// The counter field name of a flow type ("1".."4") and of the flow count.
std::string FlowTypeField(v1::FundFlow::Type type);
inline constexpr char kCountField[] = "n";

// The year group of a date ("2025-11-10" -> "2025"; "" when unknown).
absl::string_view YearOf(absl::string_view date);

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_DOMAIN_COUNTER_DELTAS_H_
