#include "common/testing/etcd_cluster.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/testing/http_client.h"
#include "common/testing/wait_until.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

// Attempts at starting the cluster: a port picked free may be taken by
// someone else before etcd binds it.
constexpr int kStartAttempts = 3;
constexpr absl::Duration kStartTimeout = absl::Seconds(30);

// A loopback port nobody listens on now.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (fd >= 0 &&
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

// etcd from PATH (Debian installs /usr/bin/etcd).
std::string FindEtcd() {
  const char* path = std::getenv("PATH");
  for (absl::string_view folder :
       absl::StrSplit(path ? path : "/usr/bin", ':')) {
    std::string candidate = absl::StrCat(folder, "/etcd");
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace

EtcdCluster::EtcdCluster(int size) : etcd_path_(FindEtcd()) {
  if (etcd_path_.empty()) {
    status_ = absl::FailedPreconditionError(
        "etcd is not on PATH: scripts/setup installs Debian's etcd-server");
  } else {
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
      status_ = StartAll(size);
      if (status_.ok()) break;
    }
  }
  if (!status_.ok()) ADD_FAILURE() << status_;
}

EtcdCluster::~EtcdCluster() {
  client_.reset();
  for (Member& member : members_) {
    if (member.process) {
      member.process->Signal(SIGCONT);  // a paused member cannot exit
      member.process.reset();           // SIGKILL: nothing to keep
    }
  }
}

absl::Status EtcdCluster::StartAll(int size) {
  members_.clear();
  client_.reset();
  const std::string run = dir_.Sub(absl::StrCat("run-", FreePort()));
  for (int i = 0; i < size; ++i) {
    Member member;
    member.name = absl::StrCat("m", i);
    member.client_port = FreePort();
    member.peer_port = FreePort();
    member.data_dir = absl::StrCat(run, "/", member.name);
    members_.push_back(std::move(member));
  }
  for (Member& member : members_) Launch(member, /*existing=*/false);
  const bool serving = WaitUntil(
      [&] {
        for (int i = 0; i < size; ++i) {
          if (!Serving(i)) return false;
        }
        return true;
      },
      kStartTimeout);
  absl::StatusOr<std::unique_ptr<etcd::EtcdClient>> client =
      etcd::EtcdClient::Connect(ClientOptions());
  if (!client.ok()) return client.status();
  client_ = std::move(*client);
  if (serving && Leader(kStartTimeout).ok()) return absl::OkStatus();
  std::string outputs;
  for (int i = 0; i < size; ++i) {
    absl::StrAppend(&outputs, "\n--- ", members_[i].name, " ---\n", Output(i));
    members_[i].process.reset();
  }
  return absl::UnavailableError(
      absl::StrCat("etcd cluster of ", size, " did not start within ",
                   absl::FormatDuration(kStartTimeout), ":", outputs));
}

std::string EtcdCluster::InitialCluster() const {
  std::vector<std::string> peers;
  for (const Member& member : members_) {
    peers.push_back(
        absl::StrCat(member.name, "=http://127.0.0.1:", member.peer_port));
  }
  return absl::StrJoin(peers, ",");
}

void EtcdCluster::Launch(Member& member, bool existing) {
  const std::string client =
      absl::StrCat("http://127.0.0.1:", member.client_port);
  const std::string peer = absl::StrCat("http://127.0.0.1:", member.peer_port);
  member.process = std::make_unique<ChildProcess>(
      etcd_path_,
      std::vector<std::string>{
          "--name=" + member.name,
          "--data-dir=" + member.data_dir,
          "--listen-client-urls=" + client,
          "--advertise-client-urls=" + client,
          "--listen-peer-urls=" + peer,
          "--initial-advertise-peer-urls=" + peer,
          "--initial-cluster=" + InitialCluster(),
          std::string("--initial-cluster-state=") +
              (existing ? "existing" : "new"),
          absl::StrCat("--initial-cluster-token=busan-test-", getpid()),
          "--logger=zap",
          "--log-level=warn",
      });
}

std::vector<std::string> EtcdCluster::endpoints() const {
  std::vector<std::string> endpoints;
  for (const Member& member : members_) {
    endpoints.push_back(absl::StrCat("127.0.0.1:", member.client_port));
  }
  return endpoints;
}

etcd::EtcdOptions EtcdCluster::ClientOptions() const {
  etcd::EtcdOptions options;
  options.endpoints = endpoints();
  options.call_timeout = absl::Seconds(1);
  options.attempts = 30;
  return options;
}

bool EtcdCluster::Serving(int index) {
  // Asked over HTTP, not gRPC: a gRPC channel that connects while etcd
  // has bound its port but not begun to serve can stay stuck long after.
  absl::StatusOr<HttpResponse> health = HttpExchange(
      absl::StrCat("127.0.0.1:", members_[index].client_port),
      "GET /health HTTP/1.1\r\nHost: etcd\r\nConnection: close\r\n\r\n",
      absl::Milliseconds(500));
  return health.ok() && health->status == 200 &&
         health->body.find("\"health\":\"true\"") != std::string::npos;
}

absl::StatusOr<int> EtcdCluster::Leader(absl::Duration timeout) {
  int leader = -1;
  const bool agreed = WaitUntil(
      [&] {
        std::vector<uint64_t> ids(members_.size(), 0);
        uint64_t leader_id = 0;
        for (size_t i = 0; i < members_.size(); ++i) {
          absl::StatusOr<etcdserverpb::StatusResponse> status =
              client_->MemberStatus(i);
          if (!status.ok()) continue;
          ids[i] = status->header().member_id();
          if (status->leader() == 0) return false;
          if (leader_id != 0 && status->leader() != leader_id) return false;
          leader_id = status->leader();
        }
        for (size_t i = 0; i < ids.size(); ++i) {
          if (ids[i] != 0 && ids[i] == leader_id) leader = static_cast<int>(i);
        }
        return leader >= 0;
      },
      timeout, absl::Milliseconds(100));
  if (!agreed) {
    return absl::NotFoundError(absl::StrCat("no etcd member led within ",
                                            absl::FormatDuration(timeout)));
  }
  return leader;
}

void EtcdCluster::Kill(int member) {
  members_[member].process->Signal(SIGKILL);
  members_[member].process->Wait(absl::Seconds(10));
}

void EtcdCluster::Pause(int member) {
  members_[member].process->Signal(SIGSTOP);
}

void EtcdCluster::Resume(int member) {
  members_[member].process->Signal(SIGCONT);
}

absl::Status EtcdCluster::Restart(int member) {
  members_[member].process.reset();
  Launch(members_[member], /*existing=*/true);
  if (WaitUntil(
          [&] { return Serving(member) && client_->MemberStatus(member).ok(); },
          kStartTimeout)) {
    return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat(
      "etcd ", members_[member].name, " did not restart:\n", Output(member)));
}

std::string EtcdCluster::Output(int member) {
  return members_[member].process ? members_[member].process->Output() : "";
}

}  // namespace busan::testing
