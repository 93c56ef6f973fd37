#include "common/testing/etcd_cluster.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/testing/http_client.h"
#include "common/testing/test_certs.h"
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

// `name` from PATH (Debian installs /usr/bin/etcd and /usr/bin/etcdctl).
std::string FindOnPath(absl::string_view name) {
  const char* path = std::getenv("PATH");
  for (absl::string_view folder :
       absl::StrSplit(path ? path : "/usr/bin", ':')) {
    std::string candidate = absl::StrCat(folder, "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// The certificates' names in the cluster's temp dir.
constexpr char kCa[] = "ca";
constexpr char kServer[] = "server";
constexpr char kClient[] = "client";

}  // namespace

EtcdCluster::EtcdCluster(int size) : EtcdCluster(EtcdClusterOptions{size}) {}

EtcdCluster::EtcdCluster(const EtcdClusterOptions& options)
    : options_(options), etcd_path_(FindOnPath("etcd")) {
  if (etcd_path_.empty()) {
    status_ = absl::FailedPreconditionError(
        "etcd is not on PATH: scripts/setup installs Debian's etcd-server");
  } else if (options_.client_cert_auth && !options_.tls) {
    status_ =
        absl::InvalidArgumentError("etcd cluster: client_cert_auth needs tls");
  } else {
    status_ = options_.tls ? MakeCertificates() : absl::OkStatus();
    for (int attempt = 0; status_.ok() && attempt < kStartAttempts; ++attempt) {
      status_ = StartAll(options_.size);
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

absl::Status EtcdCluster::MakeCertificates() {
  TestCerts certs(dir_.path());
  if (absl::Status made = certs.MakeCa(kCa); !made.ok()) return made;
  // The clients dial 127.0.0.1; etcdctl and other tools may say localhost.
  // Also a client certificate: etcd's HTTP gateway dials its own gRPC port
  // with it, and is refused under --client-cert-auth without.
  if (absl::Status made = certs.Issue(
          kServer, kCa, "DNS:localhost,IP:127.0.0.1", "serverAuth,clientAuth");
      !made.ok()) {
    return made;
  }
  return certs.Issue(kClient, kCa, "DNS:localhost", "clientAuth");
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
    member.metrics_port = FreePort();
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

std::string EtcdCluster::ClientScheme() const {
  return options_.tls ? "https://" : "http://";
}

void EtcdCluster::Launch(Member& member, bool existing) {
  const std::string client =
      absl::StrCat(ClientScheme(), "127.0.0.1:", member.client_port);
  const std::string peer = absl::StrCat("http://127.0.0.1:", member.peer_port);
  std::vector<std::string> args = {
      "--name=" + member.name,
      "--data-dir=" + member.data_dir,
      "--listen-client-urls=" + client,
      "--advertise-client-urls=" + client,
      "--listen-peer-urls=" + peer,
      "--initial-advertise-peer-urls=" + peer,
      absl::StrCat("--listen-metrics-urls=http://127.0.0.1:",
                   member.metrics_port),
      "--initial-cluster=" + InitialCluster(),
      std::string("--initial-cluster-state=") + (existing ? "existing" : "new"),
      absl::StrCat("--initial-cluster-token=busan-test-", getpid()),
      "--logger=zap",
      "--log-level=warn",
  };
  if (options_.tls) {
    const TestCerts certs(dir_.path());
    args.push_back("--cert-file=" + certs.Pem(kServer));
    args.push_back("--key-file=" + certs.Key(kServer));
    if (options_.client_cert_auth) {
      // The CA a client's certificate must be of (etcd 3.4 asks for a
      // certificate when given the CA alone, so only here).
      args.push_back("--client-cert-auth");
      args.push_back("--trusted-ca-file=" + certs.Pem(kCa));
    }
  }
  if (options_.auth_token_ttl_seconds > 0) {
    args.push_back(
        absl::StrCat("--auth-token-ttl=", options_.auth_token_ttl_seconds));
  }
  member.process = std::make_unique<ChildProcess>(etcd_path_, args);
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
  if (options_.tls) {
    const TestCerts certs(dir_.path());
    options.ca_file = certs.Pem(kCa);
    options.cert_file = certs.Pem(kClient);
    options.key_file = certs.Key(kClient);
  }
  if (!root_password_file_.empty()) {
    options.user = "root";
    options.password_file = root_password_file_;
  }
  return options;
}

absl::Status EtcdCluster::Etcdctl(const std::vector<std::string>& args) {
  const std::string etcdctl = FindOnPath("etcdctl");
  if (etcdctl.empty()) {
    return absl::FailedPreconditionError(
        "etcdctl is not on PATH: scripts/setup installs Debian's "
        "etcd-client");
  }
  std::vector<std::string> endpoints;
  for (const Member& member : members_) {
    endpoints.push_back(
        absl::StrCat(ClientScheme(), "127.0.0.1:", member.client_port));
  }
  // ETCDCTL_API through env(1), as RunBinary passes this process's
  // environment: etcdctl 3.4 speaks the v3 API by default, older ones only
  // when told.
  std::vector<std::string> command = {
      "ETCDCTL_API=3", etcdctl, "--endpoints=" + absl::StrJoin(endpoints, ","),
      "--command-timeout=10s"};
  if (options_.tls) {
    const TestCerts certs(dir_.path());
    command.push_back("--cacert=" + certs.Pem(kCa));
    command.push_back("--cert=" + certs.Pem(kClient));
    command.push_back("--key=" + certs.Key(kClient));
  }
  if (!root_password_.empty()) {
    command.push_back("--user=root:" + root_password_);
  }
  command.insert(command.end(), args.begin(), args.end());
  RunResult result = RunBinary("/usr/bin/env", command, absl::Seconds(30));
  if (result.exit_code != 0) {
    return absl::InternalError(
        absl::StrCat("etcdctl ", absl::StrJoin(args, " "), " failed (",
                     result.exit_code, "): ", result.output));
  }
  return absl::OkStatus();
}

absl::Status EtcdCluster::EnableAuth(const std::string& password) {
  if (absl::Status added =
          Etcdctl({"user", "add", "root", "--new-user-password=" + password,
                   "--interactive=false"});
      !added.ok()) {
    return added;
  }
  // etcdctl gives root the root role etcd wants before it turns auth on.
  if (absl::Status enabled = Etcdctl({"auth", "enable"}); !enabled.ok()) {
    return enabled;
  }
  root_password_ = password;
  root_password_file_ = dir_.Write("root.password", password);
  // The cluster's own calls (Leader(), Restart()) as root from now on.
  absl::StatusOr<std::unique_ptr<etcd::EtcdClient>> client =
      etcd::EtcdClient::Connect(ClientOptions());
  if (!client.ok()) return client.status();
  client_ = std::move(*client);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> EtcdCluster::GrpcCalls(const std::string& method,
                                               const std::string& code) {
  const std::string labels =
      absl::StrCat("grpc_code=\"", code, "\",grpc_method=\"", method, "\",");
  int64_t total = 0;
  for (const Member& member : members_) {
    // HTTP/1.0: the answer comes whole, not chunked, and ends with the
    // connection.
    absl::StatusOr<HttpResponse> metrics =
        HttpExchange(absl::StrCat("127.0.0.1:", member.metrics_port),
                     "GET /metrics HTTP/1.0\r\n\r\n", absl::Seconds(5));
    if (!metrics.ok()) return metrics.status();
    if (metrics->status != 200) {
      return absl::UnavailableError(absl::StrCat(
          "etcd ", member.name, " /metrics answered ", metrics->status));
    }
    // grpc_server_handled_total{grpc_code="OK",grpc_method="Put",...} 3
    for (absl::string_view line : absl::StrSplit(metrics->body, '\n')) {
      if (!absl::StartsWith(line, "grpc_server_handled_total{") ||
          line.find(labels) == absl::string_view::npos) {
        continue;
      }
      double count = 0;
      if (!absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &count)) {
        return absl::InternalError(absl::StrCat(
            "etcd ", member.name, " /metrics: unreadable line: ", line));
      }
      total += static_cast<int64_t>(count);
    }
  }
  return total;
}

bool EtcdCluster::Serving(int index) {
  // Asked over HTTP, not gRPC: a gRPC channel that connects while etcd
  // has bound its port but not begun to serve can stay stuck long after.
  // On the metrics port, which speaks plain http even when the clients'
  // port wants TLS; etcd starts it after the clients' port.
  absl::StatusOr<HttpResponse> health = HttpExchange(
      absl::StrCat("127.0.0.1:", members_[index].metrics_port),
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
