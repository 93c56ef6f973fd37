// The gRPC stubs of each etcd member, shared by the client and its
// watches. Internal to common/etcd: nothing outside it sees gRPC types.
#ifndef BUSAN_COMMON_ETCD_INTERNAL_ETCD_STUBS_H_
#define BUSAN_COMMON_ETCD_INTERNAL_ETCD_STUBS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "etcd/etcdserverpb/rpc.grpc.pb.h"

namespace busan::etcd {

class EtcdStubs {
 public:
  struct Member {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<etcdserverpb::KV::Stub> kv;
    std::unique_ptr<etcdserverpb::Watch::Stub> watch;
    std::unique_ptr<etcdserverpb::Lease::Stub> lease;
    std::unique_ptr<etcdserverpb::Maintenance::Stub> maintenance;
    std::unique_ptr<etcdserverpb::Auth::Stub> auth;
  };

  EtcdStubs(const std::vector<std::string>& endpoints,
            std::shared_ptr<grpc::ChannelCredentials> credentials);

  Member& member(size_t index) { return members_[index]; }

 private:
  std::vector<Member> members_;
};

}  // namespace busan::etcd

#endif  // BUSAN_COMMON_ETCD_INTERNAL_ETCD_STUBS_H_
