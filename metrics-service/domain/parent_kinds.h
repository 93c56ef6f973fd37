// The three parent resources of the metrics service and what differs
// between them; the standard methods are written once over this table.
#ifndef BUSAN_METRICS_SERVICE_DOMAIN_PARENT_KINDS_H_
#define BUSAN_METRICS_SERVICE_DOMAIN_PARENT_KINDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/metrics/v1/metrics.pb.h"
#include "google/protobuf/message.h"

namespace busan::metrics {

struct ParentKind {
  const char* collection;  // "indices"
  const char* id_field;    // "index_id"
  const char* field;       // the record's request field, "index"
  const char* events;      // "rankings", for messages
  std::vector<std::string> mutable_fields;
  absl::Status (*validate)(const google::protobuf::Message& record);
};

template <typename T>
const ParentKind& KindOf();
template <>
const ParentKind& KindOf<v1::RankingIndex>();
template <>
const ParentKind& KindOf<v1::MeetingSeries>();
template <>
const ParentKind& KindOf<v1::Fund>();

// The id in "{collection}/{id}". INVALID_ARGUMENT "<field>: ..." otherwise.
absl::StatusOr<std::string> ParseParentName(const ParentKind& kind,
                                            absl::string_view field,
                                            absl::string_view name);

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_DOMAIN_PARENT_KINDS_H_
