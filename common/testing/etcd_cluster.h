// A real etcd cluster on loopback for the tests of the replicated engine:
// Debian's etcd-server (scripts/setup installs it), each member a child
// process with a data directory and ports of its own, stopped by the
// destructor. Members can be killed, paused (SIGSTOP: alive but silent, as
// a partitioned or overloaded member is) and restarted on their data.
// Optionally clients reach them over TLS, and etcd's own auth is on.
#ifndef BUSAN_COMMON_TESTING_ETCD_CLUSTER_H_
#define BUSAN_COMMON_TESTING_ETCD_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/etcd/etcd_client.h"
#include "common/testing/child_process.h"
#include "common/testing/temp_dir.h"

namespace busan::testing {

struct EtcdClusterOptions {
  int size = 3;
  // Members serve clients on https, with a certificate of a CA of the
  // cluster's own (made in its temp dir; ClientOptions() carry it). Peers
  // stay on http: the tests are of the client.
  bool tls = false;
  // With tls: members refuse clients without a certificate of that CA.
  bool client_cert_auth = false;
  // etcd's --auth-token-ttl, in whole seconds: how long a token of its auth
  // lives unused. Zero: etcd's default (five minutes).
  int auth_token_ttl_seconds = 0;
};

class EtcdCluster {
 public:
  // Starts `size` members and waits until one leads the others. A cluster
  // that did not start fails the test with etcd's output (see status()).
  explicit EtcdCluster(int size = 3);
  explicit EtcdCluster(const EtcdClusterOptions& options);
  ~EtcdCluster();
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  // OK once started; else why not, with the members' output.
  const absl::Status& status() const { return status_; }
  int size() const { return static_cast<int>(members_.size()); }
  // "127.0.0.1:PORT" of each member's clients' port.
  std::vector<std::string> endpoints() const;
  // A client of every member, with short timeouts fit for tests: with TLS
  // the cluster's CA and a client certificate, after EnableAuth() the root
  // user and its password file.
  etcd::EtcdOptions ClientOptions() const;

  // Adds etcd's root user with `password` and turns etcd's auth on, with
  // Debian's etcdctl (scripts/setup installs etcd-client). Every member
  // then wants a user on every call but Status.
  absl::Status EnableAuth(const std::string& password);

  // How many calls of etcd's gRPC `method` ("Put", "Authenticate") the
  // members answered with `code` (gRPC's name: "OK", "Unauthenticated"),
  // summed from their Prometheus metrics; all of them must be running.
  absl::StatusOr<int64_t> GrpcCalls(const std::string& method,
                                    const std::string& code);

  // The member the others follow, asked of every running member until
  // they agree; NOT_FOUND when none leads within `timeout`.
  absl::StatusOr<int> Leader(absl::Duration timeout = absl::Seconds(20));

  // SIGKILL, then reaped.
  void Kill(int member);
  // SIGSTOP / SIGCONT.
  void Pause(int member);
  void Resume(int member);
  // Starts a killed member again on its data and ports, and waits until it
  // answers.
  absl::Status Restart(int member);

  std::string Output(int member);

 private:
  struct Member {
    std::string name;
    int client_port = 0;
    int peer_port = 0;
    // Plain http, whatever the clients' port speaks: /health and /metrics.
    int metrics_port = 0;
    std::string data_dir;
    std::unique_ptr<ChildProcess> process;
  };

  absl::Status MakeCertificates();
  absl::Status StartAll(int size);
  void Launch(Member& member, bool existing);
  std::string InitialCluster() const;
  // "http://" or "https://".
  std::string ClientScheme() const;
  // Whether member `index` serves clients and has a leader (etcd's
  // /health).
  bool Serving(int index);
  // Runs etcdctl against every member, as root once auth is on.
  absl::Status Etcdctl(const std::vector<std::string>& args);

  EtcdClusterOptions options_;
  TempDir dir_;
  std::string etcd_path_;
  // Set by EnableAuth().
  std::string root_password_;
  std::string root_password_file_;
  std::vector<Member> members_;
  std::unique_ptr<etcd::EtcdClient> client_;
  absl::Status status_;
};

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_ETCD_CLUSTER_H_
