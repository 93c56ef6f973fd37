// etcd requests the etcd client's tests send again and again.
#ifndef BUSAN_COMMON_TESTING_ETCD_REQUESTS_H_
#define BUSAN_COMMON_TESTING_ETCD_REQUESTS_H_

#include <string>

#include "etcd/etcdserverpb/rpc.pb.h"

namespace busan::testing {

inline etcdserverpb::PutRequest PutOf(const std::string& key,
                                      const std::string& value) {
  etcdserverpb::PutRequest put;
  put.set_key(key);
  put.set_value(value);
  return put;
}

inline etcdserverpb::RangeRequest RangeOf(const std::string& key) {
  etcdserverpb::RangeRequest range;
  range.set_key(key);
  return range;
}

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_ETCD_REQUESTS_H_
