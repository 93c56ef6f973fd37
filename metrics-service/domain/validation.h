// Stateless checks of metrics records as clients send them. Every error is
// INVALID_ARGUMENT whose message starts with the field path, e.g.
// "ranking.rank: 90 is more than total_ranked 77".
#ifndef BUSAN_METRICS_SERVICE_DOMAIN_VALIDATION_H_
#define BUSAN_METRICS_SERVICE_DOMAIN_VALIDATION_H_

#include "absl/status/status.h"
#include "busan/metrics/v1/metrics.pb.h"

namespace busan::metrics {

absl::Status ValidateRankingIndex(const v1::RankingIndex& index);
absl::Status ValidateMeetingSeries(const v1::MeetingSeries& series);
absl::Status ValidateFund(const v1::Fund& fund);

absl::Status ValidateRanking(const v1::Ranking& ranking);
absl::Status ValidateMeeting(const v1::Meeting& meeting);
absl::Status ValidateFundFlow(const v1::FundFlow& flow);

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_DOMAIN_VALIDATION_H_
