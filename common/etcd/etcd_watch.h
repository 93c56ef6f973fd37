// EtcdWatch follows one key range of etcd from a revision, in order, for as
// long as it runs: when its member fails, it resumes on the next member from
// the revision after the last one delivered, so no event is lost or
// delivered twice. etcd delivers a revision's events together, so a
// transaction's changes arrive in one call.
#ifndef BUSAN_COMMON_ETCD_ETCD_WATCH_H_
#define BUSAN_COMMON_ETCD_ETCD_WATCH_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "etcd/etcdserverpb/rpc.pb.h"

namespace grpc {
class ClientContext;
}  // namespace grpc

namespace busan::etcd {

class EtcdClient;

class EtcdWatch {
 public:
  // Called on the watch's own thread with each answer that holds events
  // (revision order; one revision's events never split across answers).
  using OnEvents = absl::AnyInvocable<void(const etcdserverpb::WatchResponse&)>;
  // Called once, on that thread, when the watch ends: OUT_OF_RANGE naming
  // both revisions when the next one it needs was compacted away, CANCELLED
  // after Stop.
  using OnEnd = absl::AnyInvocable<void(absl::Status)>;

  // Watches [key, range_end) (PrefixEnd(key) for a prefix) from
  // `start_revision`, or from now when it is 0. `client` must outlive it.
  EtcdWatch(EtcdClient* client, std::string key, std::string range_end,
            int64_t start_revision, OnEvents on_events, OnEnd on_end);
  // Stops, as Stop().
  ~EtcdWatch();
  EtcdWatch(const EtcdWatch&) = delete;
  EtcdWatch& operator=(const EtcdWatch&) = delete;

  // Ends the watch and waits for its thread; no callback runs after it.
  void Stop();

  // The revision the watch will deliver next (every earlier one is
  // delivered); 0 until it first reached etcd when watching from now.
  int64_t next_revision() const { return next_revision_.load(); }

 private:
  void Run();
  // One stream on one member, until it fails or the watch stops. Returns
  // the reason to end the watch, or OK to resume on the next member.
  absl::Status Follow(size_t member);

  EtcdClient* client_;
  const std::string key_;
  const std::string range_end_;
  OnEvents on_events_;
  OnEnd on_end_;
  std::atomic<int64_t> next_revision_;
  // Set when etcd refused the token: the next stream fetches a new one
  // (the watch thread's own).
  bool refresh_token_ = false;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mutex_) = nullptr;
  std::thread thread_;
};

}  // namespace busan::etcd

#endif  // BUSAN_COMMON_ETCD_ETCD_WATCH_H_
