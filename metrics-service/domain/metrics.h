// Metrics is the domain layer of metrics-service: every operation of the
// MetricsService contract in resource messages and absl::Status, with no
// gRPC types.
//
// Three parent kinds (ranking indices, meeting series, funds) have the
// standard methods; events are recorded under them. Totals are counters
// (store/counters.h) changed in the same atomic write as each event. Writes
// are serialized transactions committed by MetricsStore; reads run on the
// last synced state.
#ifndef BUSAN_METRICS_SERVICE_DOMAIN_METRICS_H_
#define BUSAN_METRICS_SERVICE_DOMAIN_METRICS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/metrics/v1/metrics.pb.h"
#include "common/listing/collection.h"
#include "common/store/store_options.h"
#include "google/protobuf/field_mask.pb.h"
#include "metrics-service/domain/parent_kinds.h"
#include "metrics-service/store/metrics_store.h"

namespace busan::metrics {

using listing::ListQuery;
using store::WriteContext;

// The metrics service has no options beyond its store's.
using MetricsOptions = store::StoreOptions;

class Metrics {
 public:
  // FAILED_PRECONDITION when the directory is locked or unusable.
  static absl::StatusOr<std::unique_ptr<Metrics>> Open(
      const MetricsOptions& options);
  // Completes queued writes first.
  ~Metrics();
  // Where servers submit writes (see SerializedWriter::Submit).
  store::SerializedWriter& writer() { return store_->writer(); }

  // Standard methods of the parents (RankingIndex, MeetingSeries, Fund).
  // Create: ALREADY_EXISTS when the id is taken. Delete: FAILED_PRECONDITION
  // while events are recorded under it, unless force (which removes them
  // and their counters in the same write).
  template <typename T>
  absl::StatusOr<T> Create(absl::string_view id, T record,
                           const WriteContext& context);
  template <typename T>
  absl::Status Get(absl::string_view name, T* record) const;
  template <typename T>
  absl::Status List(const ListQuery& query,
                    google::protobuf::RepeatedPtrField<T>* records,
                    std::string* next_page_token, int32_t* total_size) const;
  template <typename T>
  absl::StatusOr<T> Update(const T& patch,
                           const google::protobuf::FieldMask& mask,
                           const WriteContext& context);
  template <typename T>
  absl::Status Delete(absl::string_view name, absl::string_view etag,
                      bool force, const WriteContext& context);

  // Rankings.
  absl::StatusOr<v1::Ranking> RecordRanking(v1::Ranking ranking,
                                            const WriteContext& context);
  absl::Status ListRankings(const ListQuery& query,
                            v1::ListRankingsResponse* response) const;
  absl::Status GetRankingTrend(absl::string_view index, absl::string_view city,
                               v1::RankingTrend* trend) const;

  // Meetings.
  absl::StatusOr<v1::Meeting> RecordMeeting(v1::Meeting meeting,
                                            const WriteContext& context);
  absl::Status ListMeetings(const ListQuery& query,
                            v1::ListMeetingsResponse* response) const;
  absl::Status GetMeetingStats(const v1::GetMeetingStatsRequest& request,
                               v1::MeetingStats* stats) const;

  // Funds.
  absl::StatusOr<v1::FundFlow> RecordFundFlow(v1::FundFlow flow,
                                              const WriteContext& context);
  absl::Status ListFundFlows(const ListQuery& query,
                             v1::ListFundFlowsResponse* response) const;
  absl::Status GetFundTotals(absl::string_view fund,
                             v1::FundTotals* totals) const;
  absl::Status SummarizeFunds(v1::SummarizeFundsRequest::GroupBy group_by,
                              v1::SummarizeFundsResponse* response) const;

  absl::Status Flush() { return store_->Flush(); }
  // The storage, for operational gauges (see store/storage_metrics.h).
  const store::Database& database() const { return store_->database(); }

 private:
  Metrics() = default;

  // The stored record `name` names (a name already checked for form).
  // NOT_FOUND "<name> not found".
  absl::Status Read(absl::string_view name,
                    google::protobuf::Message* record) const;
  // In a write: the parent `name` (of T's kind) as `txn` sees it, its id
  // into `*id`; `field` names the request field. FAILED_PRECONDITION when
  // it does not exist.
  template <typename T>
  absl::StatusOr<T*> LoadParent(MetricsTxn& txn, absl::string_view field,
                                absl::string_view name, std::string* id) const;
  // Removes every event under the parent `parent` (with id `id`) and undoes
  // its totals (force delete).
  absl::Status RemoveEvents(const RecordRef& parent, absl::string_view id,
                            MetricsTxn& txn);

  std::unique_ptr<MetricsStore> store_;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_DOMAIN_METRICS_H_
