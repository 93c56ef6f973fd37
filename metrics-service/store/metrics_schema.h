// Every column family and key layout of metrics-service, in one place.
//
//   family     key                                   value
//   default    "meta/write_sequence"                 decimal (etags)
//              "meta/flow_sequence"                  decimal (flow ids)
//              "meta/page_token_key"                 32 random bytes
//   indices    {index}                               RankingIndex
//   rankings   {index}/{city}/{edition:010}          Ranking
//   series     {series}                              MeetingSeries
//   meetings   {series}/{first_number:010}           Meeting
//   funds      {fund}                                Fund
//   flows      {fund}/{flow:016}                     FundFlow
//   counters   see CounterKey below                  int64 (merge: add)
//   requests   {request_id}                          RequestRecord
//
// Zero-padded numbers make key order numeric order, so a city's rankings
// scan in edition order and a series' meetings in number order.
//
// The domain names resources; RecordRefOf maps a name to where it lives:
//   indices/{index}                                  indices   {index}
//   indices/{index}/editions/{edition}/cities/{city} rankings  (above)
//   meeting-series/{series}                          series    {series}
//   meeting-series/{series}/meetings/{first_number}  meetings  (above)
//   funds/{fund}                                     funds     {fund}
//   funds/{fund}/flows/{flow}                        flows     (above)
#ifndef BUSAN_METRICS_SERVICE_STORE_METRICS_SCHEMA_H_
#define BUSAN_METRICS_SERVICE_STORE_METRICS_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/listing/collection.h"
#include "common/store/resource_txn.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace busan::store {
struct ColumnFamilySpec;
}  // namespace busan::store

namespace busan::metrics {

enum Family : int {
  kMeta = 0,
  kIndices,
  kRankings,
  kSeries,
  kMeetings,
  kFunds,
  kFlows,
  kCounters,
  kRequests,
  kFamilyCount,
};

std::vector<store::ColumnFamilySpec> MetricsColumnFamilies();

inline constexpr char kWriteSequenceKey[] = "meta/write_sequence";
inline constexpr char kFlowSequenceKey[] = "meta/flow_sequence";
inline constexpr char kPageTokenKeyKey[] = "meta/page_token_key";

// Where the resource `name` lives (the table above). INVALID_ARGUMENT for
// a name of none of those forms.
absl::StatusOr<store::RecordRef> RecordRefOf(absl::string_view name);
// The family and key prefix of the events under the parent `parent`
// (a RecordRef of indices, series or funds).
struct EventRange {
  Family family;
  std::string prefix;
  const google::protobuf::Message* type;
};
EventRange EventsOf(const store::RecordRef& parent);

// What a list of the parents of type `type` (RankingIndex, MeetingSeries
// or Fund) walks: their whole family.
listing::Collection ParentsCollection(const google::protobuf::Descriptor* type);
// What a list of the events under `parent` (as EventsOf) walks: their
// range, which `narrow_for` may narrow (rankings to one city,
// RankingsOfCityInIndex).
listing::Collection EventsCollection(const store::RecordRef& parent,
                                     listing::NarrowFor narrow_for = nullptr);

std::string RankingKey(absl::string_view index_id, absl::string_view city,
                       int32_t edition);
// Every edition of one city in one index, in edition order.
std::string RankingsOfCityPrefix(absl::string_view index_id,
                                 absl::string_view city);
// The same, after the index's own prefix ("{index}/", EventsOf).
std::string RankingsOfCityInIndex(absl::string_view city);
std::string MeetingKey(absl::string_view series_id, int32_t first_number);
std::string FlowKey(absl::string_view fund_id, uint64_t flow);

// Counter keys: "{group}|{key}|{field}". Groups:
//   f  fund totals        key = fund id       field = flow type number | n
//   s  by strategy        key = strategy name field = flow type number | n
//   p  by project         key = project name  field = flow type number | n
//   y  by year            key = "YYYY" or ""  field = flow type number | n
//   m  meeting series     key = series id     field = count | participants |
//                             with_participants | policies | with_policies |
//                             budget | with_budget | cat:{category}
// Names and ids never contain '|', so keys parse unambiguously.
std::string CounterKey(absl::string_view group, absl::string_view key,
                       absl::string_view field);
std::string CounterPrefix(absl::string_view group, absl::string_view key);
// Every counter of a group: "{group}|".
std::string CounterGroupPrefix(absl::string_view group);

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_STORE_METRICS_SCHEMA_H_
