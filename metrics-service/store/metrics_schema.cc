#include "metrics-service/store/metrics_schema.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "busan/metrics/v1/metrics.pb.h"
#include "common/store/counters.h"
#include "common/store/database.h"
#include "rocksdb/merge_operator.h"

namespace busan::metrics {

std::vector<store::ColumnFamilySpec> MetricsColumnFamilies() {
  // Order must match enum Family.
  return {{"default", nullptr},  {"indices", nullptr},
          {"rankings", nullptr}, {"series", nullptr},
          {"meetings", nullptr}, {"funds", nullptr},
          {"flows", nullptr},    {"counters", store::NewInt64AddOperator()},
          {"requests", nullptr}};
}

namespace {

// The three parent collections, their families and their events'.
struct ParentLayout {
  absl::string_view collection;
  Family family;
  const google::protobuf::Message* type;
  Family event_family;
  const google::protobuf::Message* event_type;
};

absl::Span<const ParentLayout> Layouts() {
  static const ParentLayout kLayouts[] = {
      {"indices", kIndices, &v1::RankingIndex::default_instance(), kRankings,
       &v1::Ranking::default_instance()},
      {"meeting-series", kSeries, &v1::MeetingSeries::default_instance(),
       kMeetings, &v1::Meeting::default_instance()},
      {"funds", kFunds, &v1::Fund::default_instance(), kFlows,
       &v1::FundFlow::default_instance()},
  };
  return kLayouts;
}

const ParentLayout* LayoutOf(absl::string_view collection) {
  for (const ParentLayout& layout : Layouts()) {
    if (layout.collection == collection) return &layout;
  }
  return nullptr;
}

absl::Status NotAName(absl::string_view name) {
  return absl::InvalidArgumentError(
      absl::StrCat("\"", name, "\" names no metrics resource"));
}

}  // namespace

absl::StatusOr<store::RecordRef> RecordRefOf(absl::string_view name) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  const ParentLayout* layout = LayoutOf(parts[0]);
  if (layout == nullptr || parts.size() < 2 || parts[1].empty()) {
    return NotAName(name);
  }
  store::RecordRef ref;
  ref.name = std::string(name);
  if (parts.size() == 2) {
    ref.family = layout->family;
    ref.key = std::string(parts[1]);
    ref.type = layout->type;
    return ref;
  }
  int32_t number = 0;
  ref.family = layout->event_family;
  ref.type = layout->event_type;
  if (layout->family == kIndices && parts.size() == 6 &&
      parts[2] == "editions" && parts[4] == "cities" &&
      absl::SimpleAtoi(parts[3], &number)) {
    ref.key = RankingKey(parts[1], parts[5], number);
  } else if (layout->family == kSeries && parts.size() == 4 &&
             parts[2] == "meetings" && absl::SimpleAtoi(parts[3], &number)) {
    ref.key = MeetingKey(parts[1], number);
  } else if (uint64_t flow = 0; layout->family == kFunds && parts.size() == 4 &&
                                parts[2] == "flows" &&
                                absl::SimpleAtoi(parts[3], &flow)) {
    ref.key = FlowKey(parts[1], flow);
  } else {
    return NotAName(name);
  }
  return ref;
}

EventRange EventsOf(const store::RecordRef& parent) {
  const ParentLayout* layout = &Layouts().back();
  for (const ParentLayout& candidate : Layouts()) {
    if (candidate.family == parent.family) layout = &candidate;
  }
  return {layout->event_family, absl::StrCat(parent.key, "/"),
          layout->event_type};
}

listing::Collection ParentsCollection(
    const google::protobuf::Descriptor* type) {
  const ParentLayout* layout = &Layouts().back();
  for (const ParentLayout& candidate : Layouts()) {
    if (candidate.type->GetDescriptor() == type) layout = &candidate;
  }
  return {.family = layout->family, .type = layout->type->GetDescriptor()};
}

listing::Collection EventsCollection(const store::RecordRef& parent,
                                     listing::NarrowFor narrow_for) {
  EventRange range = EventsOf(parent);
  return {.family = range.family,
          .key_prefix = std::move(range.prefix),
          .type = range.type->GetDescriptor(),
          .narrow_for = narrow_for};
}

std::string RankingKey(absl::string_view index_id, absl::string_view city,
                       int32_t edition) {
  return absl::StrFormat("%s/%s/%010d", index_id, city, edition);
}

std::string RankingsOfCityPrefix(absl::string_view index_id,
                                 absl::string_view city) {
  return absl::StrCat(index_id, "/", RankingsOfCityInIndex(city));
}

std::string RankingsOfCityInIndex(absl::string_view city) {
  return absl::StrCat(city, "/");
}

std::string MeetingKey(absl::string_view series_id, int32_t first_number) {
  return absl::StrFormat("%s/%010d", series_id, first_number);
}

std::string FlowKey(absl::string_view fund_id, uint64_t flow) {
  return absl::StrFormat("%s/%016d", fund_id, flow);
}

std::string CounterKey(absl::string_view group, absl::string_view key,
                       absl::string_view field) {
  return absl::StrCat(group, "|", key, "|", field);
}

std::string CounterPrefix(absl::string_view group, absl::string_view key) {
  return absl::StrCat(group, "|", key, "|");
}

std::string CounterGroupPrefix(absl::string_view group) {
  return absl::StrCat(group, "|");
}

}  // namespace busan::metrics
