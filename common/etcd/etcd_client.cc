#include "common/etcd/etcd_client.h"

#include <grpcpp/grpcpp.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/etcd/internal/etcd_stubs.h"
#include "common/files/read_file.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::etcd {
namespace {

// How long a snapshot may stream: a whole store, over a slow link.
constexpr absl::Duration kSnapshotTimeout = absl::Minutes(30);
// etcd appends the SHA-256 of the snapshot's bytes to the stream.
constexpr size_t kSha256Bytes = 32;

// A member that cannot answer now, where another one may.
bool Unreachable(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

// etcd's answer to an expired or revoked auth token: fetch a new one.
bool TokenRefused(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAUTHENTICATED &&
         status.error_message().find("invalid auth token") != std::string::npos;
}

absl::Status Describe(const grpc::Status& status, absl::string_view endpoint,
                      absl::string_view method) {
  return absl::Status(FromGrpcStatus(status).code(),
                      absl::StrCat("etcd ", endpoint, " ", method, ": ",
                                   status.error_message()));
}

absl::Duration Backoff(int attempt) {
  return std::min(absl::Milliseconds(25) * (1 << std::min(attempt, 5)),
                  absl::Milliseconds(500));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const EtcdOptions& options) {
  if (options.ca_file.empty()) {
    if (!options.cert_file.empty() || !options.key_file.empty()) {
      return absl::InvalidArgumentError(
          "etcd: a client certificate needs the CA file of etcd's members");
    }
    return grpc::InsecureChannelCredentials();
  }
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError(
        "etcd: a client certificate needs both its certificate and key file");
  }
  grpc::SslCredentialsOptions ssl;
  ASSIGN_OR_RETURN(ssl.pem_root_certs, files::ReadFile(options.ca_file));
  if (!options.cert_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_cert_chain, files::ReadFile(options.cert_file));
    ASSIGN_OR_RETURN(ssl.pem_private_key, files::ReadFile(options.key_file));
  }
  return grpc::SslCredentials(ssl);
}

// One attempt of the unary `rpc` of a member's `stub` with `request`, as
// Invoke runs it.
template <typename Stub, typename Request, typename Response>
auto Attempt(std::unique_ptr<Stub> EtcdStubs::Member::*stub,
             grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&,
                                       Response*),
             const Request& request) {
  return
      [stub, rpc, &request](EtcdStubs::Member& member,
                            grpc::ClientContext* context, Response* response) {
        return ((*(member.*stub)).*rpc)(context, request, response);
      };
}

}  // namespace

EtcdStubs::EtcdStubs(const std::vector<std::string>& endpoints,
                     std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  // Finds a member that stopped answering without a call waiting on it;
  // etcd refuses pings more often than every 5 s.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // A member that was down is used again soon after it is back (gRPC's
  // default backoff grows to two minutes). The "minimum backoff" is the
  // time a connection attempt may take, handshake included.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 1'000);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2'000);
  // A snapshot chunk or a large range answer may pass gRPC's 4 MiB.
  args.SetMaxReceiveMessageSize(-1);
  for (const std::string& endpoint : endpoints) {
    Member member;
    member.channel = grpc::CreateCustomChannel(endpoint, credentials, args);
    member.kv = etcdserverpb::KV::NewStub(member.channel);
    member.watch = etcdserverpb::Watch::NewStub(member.channel);
    member.lease = etcdserverpb::Lease::NewStub(member.channel);
    member.maintenance = etcdserverpb::Maintenance::NewStub(member.channel);
    member.auth = etcdserverpb::Auth::NewStub(member.channel);
    members_.push_back(std::move(member));
  }
}

absl::StatusOr<std::unique_ptr<EtcdClient>> EtcdClient::Connect(
    const EtcdOptions& options) {
  if (options.endpoints.empty()) {
    return absl::InvalidArgumentError("etcd: no endpoints given");
  }
  if (options.user.empty() != options.password_file.empty()) {
    return absl::InvalidArgumentError(
        "etcd: auth needs both the user and the password file");
  }
  std::string password;
  if (!options.password_file.empty()) {
    ASSIGN_OR_RETURN(password, files::ReadFile(options.password_file));
    // A file written by `echo` ends with a newline that is not the
    // password's.
    while (!password.empty() &&
           (password.back() == '\n' || password.back() == '\r')) {
      password.pop_back();
    }
  }
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> credentials,
                   Credentials(options));
  auto client =
      std::unique_ptr<EtcdClient>(new EtcdClient(options, std::move(password)));
  client->stubs_ =
      std::make_unique<EtcdStubs>(options.endpoints, std::move(credentials));
  return client;
}

EtcdClient::EtcdClient(const EtcdOptions& options, std::string password)
    : endpoints_(options.endpoints),
      call_timeout_(options.call_timeout),
      attempts_(std::max(options.attempts, 1)),
      user_(options.user),
      password_(std::move(password)) {}

EtcdClient::~EtcdClient() = default;

void EtcdClient::Advance(size_t failed) {
  size_t expected = failed;
  current_.compare_exchange_strong(expected, (failed + 1) % endpoints_.size());
}

void EtcdClient::ForgetToken() {
  absl::MutexLock lock(&token_mutex_);
  token_.clear();
}

absl::StatusOr<std::string> EtcdClient::Token(size_t member, bool refresh) {
  if (user_.empty()) return std::string();
  absl::MutexLock lock(&token_mutex_);
  if (!token_.empty() && !refresh) return token_;
  etcdserverpb::AuthenticateRequest request;
  request.set_name(user_);
  request.set_password(password_);
  etcdserverpb::AuthenticateResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + call_timeout_));
  grpc::Status status =
      stubs_->member(member).auth->Authenticate(&context, request, &response);
  if (!status.ok()) {
    absl::Status refused = Describe(status, endpoints_[member], "Authenticate");
    // etcd answers a wrong user or password INVALID_ARGUMENT; what is wrong
    // is this client's credentials, not the request it was asked to send.
    if (absl::IsInvalidArgument(refused)) {
      return absl::UnauthenticatedError(refused.message());
    }
    return refused;
  }
  token_ = response.token();
  return token_;
}

template <typename Response, typename Call>
absl::StatusOr<Response> EtcdClient::Invoke(absl::string_view method,
                                            bool retried, Call call) {
  const int attempts = retried ? attempts_ : 1;
  bool token_refreshed = false;
  absl::Status last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const size_t member = current_.load();
    grpc::Status status;
    Response response;
    absl::StatusOr<std::string> token = Token(member, false);
    if (token.ok()) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + call_timeout_));
      if (!token->empty()) context.AddMetadata("token", *token);
      status = call(stubs_->member(member), &context, &response);
      if (status.ok()) return response;
      // Refused before it was applied, so even a write may go again.
      // The next attempt fetches a new token; when that fails because the
      // member is unreachable, it moves on as any call does.
      if (TokenRefused(status) && !token_refreshed) {
        token_refreshed = true;
        ForgetToken();
        --attempt;
        continue;
      }
      last = Describe(status, endpoints_[member], method);
    } else {
      last = token.status();
      if (!absl::IsUnavailable(last) && !absl::IsDeadlineExceeded(last)) {
        return last;
      }
      status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "");
    }
    if (!Unreachable(status)) return last;
    Advance(member);
    if (attempt + 1 < attempts) absl::SleepFor(Backoff(attempt));
  }
  return last;
}

absl::StatusOr<etcdserverpb::RangeResponse> EtcdClient::Range(
    const etcdserverpb::RangeRequest& request) {
  return Invoke<etcdserverpb::RangeResponse>(
      "Range", true,
      Attempt(&EtcdStubs::Member::kv, &etcdserverpb::KV::Stub::Range, request));
}

absl::StatusOr<etcdserverpb::TxnResponse> EtcdClient::Txn(
    const etcdserverpb::TxnRequest& request, Retry retry) {
  return Invoke<etcdserverpb::TxnResponse>(
      "Txn", retry == Retry::kGuarded,
      Attempt(&EtcdStubs::Member::kv, &etcdserverpb::KV::Stub::Txn, request));
}

absl::StatusOr<etcdserverpb::PutResponse> EtcdClient::Put(
    const etcdserverpb::PutRequest& request) {
  return Invoke<etcdserverpb::PutResponse>(
      "Put", false,
      Attempt(&EtcdStubs::Member::kv, &etcdserverpb::KV::Stub::Put, request));
}

absl::StatusOr<etcdserverpb::DeleteRangeResponse> EtcdClient::DeleteRange(
    const etcdserverpb::DeleteRangeRequest& request) {
  return Invoke<etcdserverpb::DeleteRangeResponse>(
      "DeleteRange", false,
      Attempt(&EtcdStubs::Member::kv, &etcdserverpb::KV::Stub::DeleteRange,
              request));
}

absl::StatusOr<etcdserverpb::CompactionResponse> EtcdClient::Compact(
    int64_t revision) {
  etcdserverpb::CompactionRequest request;
  request.set_revision(revision);
  // Compacting to a revision twice is harmless: the second is refused as
  // already compacted.
  return Invoke<etcdserverpb::CompactionResponse>(
      "Compact", true,
      Attempt(&EtcdStubs::Member::kv, &etcdserverpb::KV::Stub::Compact,
              request));
}

absl::StatusOr<etcdserverpb::LeaseGrantResponse> EtcdClient::LeaseGrant(
    absl::Duration ttl) {
  etcdserverpb::LeaseGrantRequest request;
  request.set_ttl(std::max<int64_t>(absl::ToInt64Seconds(ttl), 1));
  // A lease granted twice is an unused lease that expires.
  return Invoke<etcdserverpb::LeaseGrantResponse>(
      "LeaseGrant", true,
      Attempt(&EtcdStubs::Member::lease, &etcdserverpb::Lease::Stub::LeaseGrant,
              request));
}

absl::Status EtcdClient::LeaseRevoke(int64_t lease) {
  etcdserverpb::LeaseRevokeRequest request;
  request.set_id(lease);
  return Invoke<etcdserverpb::LeaseRevokeResponse>(
             "LeaseRevoke", false,
             Attempt(&EtcdStubs::Member::lease,
                     &etcdserverpb::Lease::Stub::LeaseRevoke, request))
      .status();
}

absl::StatusOr<etcdserverpb::StatusResponse> EtcdClient::MemberStatus(
    size_t index) {
  if (index >= endpoints_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("etcd: no member ", index));
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + call_timeout_));
  ASSIGN_OR_RETURN(std::string token, Token(index, false));
  if (!token.empty()) context.AddMetadata("token", token);
  etcdserverpb::StatusResponse response;
  grpc::Status status = stubs_->member(index).maintenance->Status(
      &context, etcdserverpb::StatusRequest(), &response);
  if (!status.ok()) return Describe(status, endpoints_[index], "Status");
  return response;
}

namespace {

// Writes the snapshot stream to `out`, holding back its last 32 bytes (the
// trailer) and hashing the rest.
class SnapshotSink {
 public:
  explicit SnapshotSink(std::ofstream* out)
      : out_(out), digest_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(digest_, EVP_sha256(), nullptr);
  }
  ~SnapshotSink() { EVP_MD_CTX_free(digest_); }

  void Add(absl::string_view blob) {
    out_->write(blob.data(), static_cast<std::streamsize>(blob.size()));
    pending_.append(blob.data(), blob.size());
    if (pending_.size() > kSha256Bytes) {
      const size_t ready = pending_.size() - kSha256Bytes;
      EVP_DigestUpdate(digest_, pending_.data(), ready);
      pending_.erase(0, ready);
    }
  }
  bool Verified() {
    if (pending_.size() != kSha256Bytes) return false;
    unsigned char sum[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(digest_, sum, &length);
    return length == kSha256Bytes &&
           std::equal(sum, sum + length, pending_.begin(), pending_.end(),
                      [](unsigned char a, char b) {
                        return a == static_cast<unsigned char>(b);
                      });
  }

 private:
  std::ofstream* out_;
  EVP_MD_CTX* digest_;
  std::string pending_;
};

}  // namespace

absl::Status EtcdClient::SaveSnapshot(const std::string& path) {
  const std::string partial = path + ".partial";
  const size_t member = current_.load();
  // A token fetched afresh: snapshots are rare, so the one held may have
  // gone unused past etcd's TTL, and etcd refuses it mid-stream as UNKNOWN,
  // which Invoke's retry with a new token does not catch.
  ASSIGN_OR_RETURN(std::string token, Token(member, /*refresh=*/true));
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) {
    return absl::FailedPreconditionError(
        absl::StrCat("etcd snapshot: cannot write \"", partial, "\""));
  }
  SnapshotSink sink(&out);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kSnapshotTimeout));
  if (!token.empty()) context.AddMetadata("token", token);
  auto reader = stubs_->member(member).maintenance->Snapshot(
      &context, etcdserverpb::SnapshotRequest());
  etcdserverpb::SnapshotResponse chunk;
  while (reader->Read(&chunk)) sink.Add(chunk.blob());
  grpc::Status status = reader->Finish();
  out.close();
  absl::Status result;
  if (!status.ok()) {
    if (Unreachable(status)) Advance(member);
    result = Describe(status, endpoints_[member], "Snapshot");
  } else if (!out) {
    result = absl::DataLossError(
        absl::StrCat("etcd snapshot: writing \"", partial, "\" failed"));
  } else if (!sink.Verified()) {
    result = absl::DataLossError(
        absl::StrCat("etcd snapshot from ", endpoints_[member],
                     ": its SHA-256 trailer does not match its contents"));
  } else if (std::rename(partial.c_str(), path.c_str()) != 0) {
    result = absl::FailedPreconditionError(
        absl::StrCat("etcd snapshot: cannot rename to \"", path, "\""));
  }
  if (!result.ok()) std::remove(partial.c_str());
  return result;
}

std::string PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    if (static_cast<unsigned char>(end.back()) != 0xff) {
      end.back() =
          static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  // Every byte was 0xff (or there were none): etcd reads "\0" as "to the
  // end of the key space".
  return std::string(1, '\0');
}

}  // namespace busan::etcd
