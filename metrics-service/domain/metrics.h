// Metrics is the domain layer of metrics-service: every operation of the
// MetricsService contract in resource messages and absl::Status, with no
// gRPC types.
//
// Three parent kinds (ranking indices, meeting series, funds) have the
// standard methods; events are recorded under them. Totals are counters
// (store/counters.h) changed in the same atomic write as each event. Reads
// run on the last synced state. Every write method is asynchronous
// (resource::WriteCall): input is checked on the caller's thread, the rest
// is one transaction (MetricsTxn) the store runs on its commit thread and
// completes once synced. The overloads taking a WriteContext wait for it
// (resource::Await), for tests and tools.
#ifndef BUSAN_METRICS_SERVICE_DOMAIN_METRICS_H_
#define BUSAN_METRICS_SERVICE_DOMAIN_METRICS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/metrics/v1/metrics.pb.h"
#include "common/listing/collection.h"
#include "common/resource/write_call.h"
#include "common/status/status_macros.h"
#include "common/store/store_options.h"
#include "google/protobuf/empty.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "metrics-service/domain/parent_kinds.h"
#include "metrics-service/store/metrics_store.h"

namespace busan::metrics {

using google::protobuf::Empty;
using listing::ListQuery;
using resource::WriteCall;
using resource::WriteContext;

// The metrics service has no options beyond its store's.
using MetricsOptions = store::StoreOptions;

class Metrics {
 public:
  // FAILED_PRECONDITION when the directory is locked or unusable.
  static absl::StatusOr<std::unique_ptr<Metrics>> Open(
      const MetricsOptions& options);
  // Completes queued writes first.
  ~Metrics();
  // The store's commit thread, for its gauges and for stopping it.
  const store::SerializedWriter& writer() const { return store_->writer(); }
  store::SerializedWriter& writer() { return store_->writer(); }

  // Standard methods of the parents (RankingIndex, MeetingSeries, Fund).
  // Create: ALREADY_EXISTS when the id is taken. Delete: FAILED_PRECONDITION
  // while events are recorded under it, unless force (which removes them
  // and their counters in the same write).
  template <typename T>
  void Create(absl::string_view id, T record, WriteCall<T> call);
  template <typename T>
  absl::Status Get(absl::string_view name, T* record) const;
  // One page into `response`, whose repeated field `records` holds T.
  template <typename T, typename Response>
  absl::Status List(const ListQuery& query, Response* response,
                    google::protobuf::RepeatedPtrField<T>* records) const {
    return store_->List(ParentsCollection(T::descriptor()), query, response,
                        records);
  }
  template <typename T>
  void Update(const T& patch, const google::protobuf::FieldMask& mask,
              WriteCall<T> call);
  template <typename T>
  void Delete(absl::string_view name, absl::string_view etag, bool force,
              WriteCall<Empty> call);

  // Rankings.
  void RecordRanking(v1::Ranking ranking, WriteCall<v1::Ranking> call);
  absl::Status ListRankings(const ListQuery& query,
                            v1::ListRankingsResponse* response) const;
  absl::Status GetRankingTrend(absl::string_view index, absl::string_view city,
                               v1::RankingTrend* trend) const;

  // Meetings.
  void RecordMeeting(v1::Meeting meeting, WriteCall<v1::Meeting> call);
  absl::Status ListMeetings(const ListQuery& query,
                            v1::ListMeetingsResponse* response) const;
  absl::Status GetMeetingStats(const v1::GetMeetingStatsRequest& request,
                               v1::MeetingStats* stats) const;

  // Funds.
  void RecordFundFlow(v1::FundFlow flow, WriteCall<v1::FundFlow> call);
  absl::Status ListFundFlows(const ListQuery& query,
                             v1::ListFundFlowsResponse* response) const;
  absl::Status GetFundTotals(absl::string_view fund,
                             v1::FundTotals* totals) const;
  absl::Status SummarizeFunds(v1::SummarizeFundsRequest::GroupBy group_by,
                              v1::SummarizeFundsResponse* response) const;

  // The write methods above, waited for.
  template <typename T>
  absl::StatusOr<T> Create(absl::string_view id, T record,
                           const WriteContext& context) {
    return resource::Await<T>(context, [&](WriteCall<T> call) {
      Create(id, std::move(record), std::move(call));
    });
  }
  template <typename T>
  absl::StatusOr<T> Update(const T& patch,
                           const google::protobuf::FieldMask& mask,
                           const WriteContext& context) {
    return resource::Await<T>(context, [&](WriteCall<T> call) {
      Update(patch, mask, std::move(call));
    });
  }
  template <typename T>
  absl::Status Delete(absl::string_view name, absl::string_view etag,
                      bool force, const WriteContext& context) {
    return resource::Await<Empty>(context,
                                  [&](WriteCall<Empty> call) {
                                    Delete<T>(name, etag, force,
                                              std::move(call));
                                  })
        .status();
  }
  absl::StatusOr<v1::Ranking> RecordRanking(v1::Ranking ranking,
                                            const WriteContext& context);
  absl::StatusOr<v1::Meeting> RecordMeeting(v1::Meeting meeting,
                                            const WriteContext& context);
  absl::StatusOr<v1::FundFlow> RecordFundFlow(v1::FundFlow flow,
                                              const WriteContext& context);

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
  // One page of the events under query.parent (a Parent, which must
  // exist) into `response`, whose repeated field `events` holds them;
  // `narrow_for` as listing::Collection's.
  template <typename Parent, typename Event, typename Response>
  absl::Status ListEvents(const ListQuery& query, Response* response,
                          google::protobuf::RepeatedPtrField<Event>* events,
                          listing::NarrowFor narrow_for = nullptr) const {
    RETURN_IF_ERROR(
        ParseParentName(KindOf<Parent>(), "parent", query.parent).status());
    ASSIGN_OR_RETURN(RecordRef parent_ref, RecordRefOf(query.parent));
    Parent parent;
    RETURN_IF_ERROR(store_->Read(parent_ref, &parent));
    return store_->List(EventsCollection(parent_ref, narrow_for), query,
                        response, events);
  }
  // Removes every event under the parent `parent` (with id `id`) and undoes
  // its totals (force delete).
  absl::Status RemoveEvents(const RecordRef& parent, absl::string_view id,
                            MetricsTxn& txn);

  std::unique_ptr<MetricsStore> store_;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_DOMAIN_METRICS_H_
