// A real etcd cluster on loopback for the tests of the replicated engine:
// Debian's etcd-server (scripts/setup installs it), each member a child
// process with a data directory and ports of its own, stopped by the
// destructor. Members can be killed, paused (SIGSTOP: alive but silent, as
// a partitioned or overloaded member is) and restarted on their data.
#ifndef BUSAN_COMMON_TESTING_ETCD_CLUSTER_H_
#define BUSAN_COMMON_TESTING_ETCD_CLUSTER_H_

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

class EtcdCluster {
 public:
  // Starts `size` members and waits until one leads the others. A cluster
  // that did not start fails the test with etcd's output (see status()).
  explicit EtcdCluster(int size = 3);
  ~EtcdCluster();
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  // OK once started; else why not, with the members' output.
  const absl::Status& status() const { return status_; }
  int size() const { return static_cast<int>(members_.size()); }
  // "127.0.0.1:PORT" of each member's clients' port.
  std::vector<std::string> endpoints() const;
  // A client of every member, with short timeouts fit for tests.
  etcd::EtcdOptions ClientOptions() const;

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
    std::string data_dir;
    std::unique_ptr<ChildProcess> process;
  };

  absl::Status StartAll(int size);
  void Launch(Member& member, bool existing);
  std::string InitialCluster() const;
  // Whether member `index` serves clients and has a leader (etcd's
  // /health).
  bool Serving(int index);

  TempDir dir_;
  std::string etcd_path_;
  std::vector<Member> members_;
  std::unique_ptr<etcd::EtcdClient> client_;
  absl::Status status_;
};

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_ETCD_CLUSTER_H_
