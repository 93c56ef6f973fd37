// EtcdClient talks to an etcd v3 cluster: the replicated engine's only way
// to its data. It speaks etcd's own gRPC API (proto/third_party/etcd) and
// hides gRPC: callers see etcd's messages and absl::Status.
//
// Members. The client holds one channel per endpoint and sends each call to
// the member it last reached. When that member is unreachable (UNAVAILABLE:
// down, no leader, leader changed; DEADLINE_EXCEEDED: stopped or
// partitioned) it moves on to the next one. Any member serves any call: a
// follower forwards writes to the leader.
//
// Retries. A read (Range, Status) is retried on the next members, with a
// short backoff, until one answers or `attempts` have failed. A write is
// retried only when the caller says it is safe (Retry::kGuarded): a write
// whose answer was lost may have been applied, so only a transaction whose
// compares its own success falsifies can be sent again. Every other
// failure is returned at once, with the member named.
//
// Errors keep etcd's codes: OUT_OF_RANGE for a compacted revision,
// INVALID_ARGUMENT for a request past etcd's limits (size, operations per
// transaction), UNAUTHENTICATED for a wrong user or password,
// INVALID_ARGUMENT for none, FAILED_PRECONDITION when etcd's auth is off
// but a user is given, PERMISSION_DENIED for a user without the right.
// etcd's message follows "etcd <endpoint> <method>: ".
#ifndef BUSAN_COMMON_ETCD_ETCD_CLIENT_H_
#define BUSAN_COMMON_ETCD_ETCD_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "etcd/etcdserverpb/rpc.pb.h"

namespace busan::etcd {

struct EtcdOptions {
  // "host:port" of each member.
  std::vector<std::string> endpoints;
  // TLS to etcd when set: the CA that signed the members' certificates,
  // and a client certificate and key when etcd checks them.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // etcd's own users: the user and a file holding its password. Empty: no
  // auth.
  std::string user;
  std::string password_file;
  // Each attempt's deadline; a stopped member costs this much once.
  absl::Duration call_timeout = absl::Seconds(2);
  // Attempts of a retried call, over all members.
  int attempts = 8;
};

enum class Retry {
  kOnce,     // a write that must not be sent twice
  kGuarded,  // a transaction that cannot apply twice (see the top)
};

class EtcdStubs;

class EtcdClient {
 public:
  // INVALID_ARGUMENT when no endpoint is given or a TLS or password file
  // cannot be read. Connects lazily: an unreachable cluster shows in calls.
  static absl::StatusOr<std::unique_ptr<EtcdClient>> Connect(
      const EtcdOptions& options);
  ~EtcdClient();
  EtcdClient(const EtcdClient&) = delete;
  EtcdClient& operator=(const EtcdClient&) = delete;

  absl::StatusOr<etcdserverpb::RangeResponse> Range(
      const etcdserverpb::RangeRequest& request);
  absl::StatusOr<etcdserverpb::TxnResponse> Txn(
      const etcdserverpb::TxnRequest& request, Retry retry = Retry::kOnce);
  absl::StatusOr<etcdserverpb::PutResponse> Put(
      const etcdserverpb::PutRequest& request);
  absl::StatusOr<etcdserverpb::DeleteRangeResponse> DeleteRange(
      const etcdserverpb::DeleteRangeRequest& request);
  absl::StatusOr<etcdserverpb::CompactionResponse> Compact(int64_t revision);

  // A lease of `ttl` (whole seconds, at least one): keys put with it go
  // when it expires or is revoked.
  absl::StatusOr<etcdserverpb::LeaseGrantResponse> LeaseGrant(
      absl::Duration ttl);
  absl::Status LeaseRevoke(int64_t lease);

  // The status of member `index` (of endpoints()), asked of that member
  // alone, once: its id, its leader's, its revision and alarms.
  absl::StatusOr<etcdserverpb::StatusResponse> MemberStatus(size_t index);

  // Streams a snapshot of the member's whole store to `path` (replaced
  // only once complete) and checks etcd's SHA-256 trailer. DATA_LOSS when
  // the stream ends early or the checksum does not match.
  absl::Status SaveSnapshot(const std::string& path);

  const std::vector<std::string>& endpoints() const { return endpoints_; }
  // The member calls go to now.
  size_t current() const { return current_.load(); }

 private:
  friend class EtcdWatch;
  EtcdClient(const EtcdOptions& options, std::string password);

  // One unary call on the current member, retried as described at the top
  // (`retried` false: sent once). `call` runs one attempt on a member.
  template <typename Response, typename Call>
  absl::StatusOr<Response> Invoke(absl::string_view method, bool retried,
                                  Call call);
  // Moves calls off `failed` (unless another call already did).
  void Advance(size_t failed);
  // The token etcd's auth issued (empty without auth), fetched on first
  // use and again after etcd refused it.
  absl::StatusOr<std::string> Token(size_t member, bool refresh);
  // Drops the token etcd refused, so the next call fetches a new one.
  void ForgetToken();

  std::vector<std::string> endpoints_;
  std::unique_ptr<EtcdStubs> stubs_;
  absl::Duration call_timeout_;
  int attempts_;
  std::string user_;
  std::string password_;
  std::atomic<size_t> current_{0};
  absl::Mutex token_mutex_;
  std::string token_ ABSL_GUARDED_BY(token_mutex_);
};

// The first key after every key that starts with `prefix`: the range_end
// of a prefix range ("\0" for an empty prefix: every key).
std::string PrefixEnd(absl::string_view prefix);

}  // namespace busan::etcd

#endif  // BUSAN_COMMON_ETCD_ETCD_CLIENT_H_
