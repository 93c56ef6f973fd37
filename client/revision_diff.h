// What changed between two revisions of a resource, field by field, as
// text for people: `busanctl projects history` prints it.
#ifndef BUSAN_CLIENT_REVISION_DIFF_H_
#define BUSAN_CLIENT_REVISION_DIFF_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace busan::client {

struct FieldChange {
  std::string field;   // top-level field name, e.g. "budget_krw"
  std::string before;  // "(absent)" when a field with presence is unset
  std::string after;
};

// The top-level fields whose values differ from `before` to `after` (both
// of one type), in field-number order. A null `before` lists every field
// `after` sets. The write's bookkeeping (name, etag, create_time,
// update_time) is left out: it changes with every write and says nothing
// about the resource.
std::vector<FieldChange> DiffFields(const google::protobuf::Message* before,
                                    const google::protobuf::Message& after);

}  // namespace busan::client

#endif  // BUSAN_CLIENT_REVISION_DIFF_H_
