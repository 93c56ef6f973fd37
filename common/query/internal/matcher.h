// Evaluates a compiled filter against a message through reflection.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_MATCHER_H_
#define BUSAN_COMMON_QUERY_INTERNAL_MATCHER_H_

#include "common/query/internal/node.h"
#include "google/protobuf/message.h"

namespace busan::query::internal {

// True when `message` (of the type `node` was compiled for) satisfies
// `node`. A comparison on an absent field (an unset optional or Timestamp,
// or any field under an unset message) is false, whatever the comparator.
// Does not allocate for generated message types.
bool Evaluate(const Node& node, const google::protobuf::Message& message);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_MATCHER_H_
