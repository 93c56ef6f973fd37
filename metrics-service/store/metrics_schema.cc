#include "metrics-service/store/metrics_schema.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

std::string RankingKey(absl::string_view index_id, absl::string_view city,
                       int32_t edition) {
  return absl::StrFormat("%s/%s/%010d", index_id, city, edition);
}

std::string RankingsOfCityPrefix(absl::string_view index_id,
                                 absl::string_view city) {
  return absl::StrCat(index_id, "/", city, "/");
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
