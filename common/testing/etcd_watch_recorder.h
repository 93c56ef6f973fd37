// Records what an EtcdWatch delivers, for the etcd client's tests.
#ifndef BUSAN_COMMON_TESTING_ETCD_WATCH_RECORDER_H_
#define BUSAN_COMMON_TESTING_ETCD_WATCH_RECORDER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/etcd/etcd_client.h"
#include "common/etcd/etcd_watch.h"

namespace busan::testing {

// Every event a watch delivered, and how it ended. Read `events` and `end`
// directly only once the watch is stopped.
struct WatchRecorder {
  absl::Mutex mutex;
  std::vector<mvccpb::Event> events;
  std::optional<absl::Status> end;

  // A watch of the keys under `prefix` from revision `from`, recorded here.
  std::unique_ptr<etcd::EtcdWatch> Watch(etcd::EtcdClient* client,
                                         const std::string& prefix,
                                         int64_t from) {
    return std::make_unique<etcd::EtcdWatch>(
        client, prefix, etcd::PrefixEnd(prefix), from,
        [this](const etcdserverpb::WatchResponse& response) {
          absl::MutexLock lock(&mutex);
          events.insert(events.end(), response.events().begin(),
                        response.events().end());
        },
        [this](absl::Status status) {
          absl::MutexLock lock(&mutex);
          end = std::move(status);
        });
  }
  size_t count() {
    absl::MutexLock lock(&mutex);
    return events.size();
  }
  bool ended() {
    absl::MutexLock lock(&mutex);
    return end.has_value();
  }
};

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_ETCD_WATCH_RECORDER_H_
