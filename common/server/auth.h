// Bearer-token authorization for both services (--auth_tokens_file).
//
// Tokens file format, one token per line:
//
//   # deploy pipeline (role write by default) and dashboards (read-only)
//   s3cr3t-deploy-token
//   dashboard-token  read
//   ci-token         write
//   backup-job-token admin
//
// A line is a token, optionally followed by whitespace and a role: `read`
// (read methods only), `write` (read and write methods; the default) or
// `admin` (every method, including busan.admin.v1.AdminService's). Blank lines
// and lines whose first non-blank character is `#` are ignored, so a token
// cannot start with `#`; otherwise a token is 1 to 512 printable ASCII
// characters without spaces. A file that cannot be read, has a malformed
// line (reported by line number, never with its contents), repeats a token
// or holds no token at all is refused, and the server does not start.
//
// The file is re-read on SIGHUP and when it changes (ServiceMain), so tokens
// rotate without a restart; a new file that is refused leaves the tokens
// in force unchanged.
//
// Callers send the metadata `authorization: Bearer TOKEN` (the scheme is
// case-insensitive). Writes are the Create*, Update*, Delete* and Record*
// methods of the two APIs; every AdminService method is admin; everything
// else is a read. Health checks and reflection are not
// guarded, so probes and tooling work without a token.
#ifndef BUSAN_COMMON_SERVER_AUTH_H_
#define BUSAN_COMMON_SERVER_AUTH_H_

#include <grpcpp/server_context.h>

#include <atomic>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace busan::server {

// What a method needs, and what a token's role allows: kWrite methods
// change state, kRead ones do not, kAdmin ones operate the service itself
// (backups). Ordered: a role allows its own methods and those before it.
enum class Access { kRead, kWrite, kAdmin };

class Authorizer {
 public:
  // The longest token accepted, in characters.
  static constexpr size_t kMaxTokenLength = 512;

  // Loads the tokens file at `path`. INVALID_ARGUMENT naming the file, and
  // for a malformed line its number and the reason, never the token itself.
  static absl::StatusOr<std::unique_ptr<Authorizer>> FromFile(
      const std::string& path);
  // Parses the contents of a tokens file; errors start with "line N: ".
  static absl::StatusOr<std::unique_ptr<Authorizer>> Parse(
      absl::string_view contents);

  Authorizer(const Authorizer&) = delete;
  Authorizer& operator=(const Authorizer&) = delete;

  // OK when the call's bearer token is known and its role allows `access`.
  // UNAUTHENTICATED when the authorization metadata is missing, is not a
  // bearer token, or names an unknown token; PERMISSION_DENIED when the
  // token's role does not allow `access` (a read-only token calling a write
  // method, a token without role admin calling an admin one).
  absl::Status Check(const grpc::ServerContextBase& context,
                     Access access) const;
  // The same check on the value of the `authorization` metadata.
  absl::Status CheckHeader(absl::string_view authorization,
                           Access access) const;

  // Replaces the tokens with those of the file at `path`, atomically for
  // calls being checked meanwhile. On error (as FromFile's) nothing changes.
  absl::Status ReloadFrom(const std::string& path);

  // How many tokens are in force, and how many of them have role `role`.
  size_t token_count() const { return roles_.load()->size(); }
  size_t count_with_role(Access role) const;

 private:
  using Roles = absl::flat_hash_map<std::string, Access>;
  Authorizer() = default;

  // SHA-256 digest of each token -> its role. Only digests are kept, so a
  // core dump or a heap read does not reveal tokens, and a lookup hashes
  // the presented token first: the time it takes does not depend on how
  // many leading characters of a real token a guess got right.
  // Swapped whole by ReloadFrom; never null.
  std::atomic<std::shared_ptr<const Roles>> roles_;
};

// Who made the call, for logs, never revealing a secret: "token:" and the
// first 12 hex digits of the bearer token's SHA-256 (enough to tell tokens
// apart, useless for guessing one), else "cert:" and the TLS client
// certificate's identity (mTLS), else "anonymous". Whether the token is
// valid is Check()'s business, not this function's.
std::string CallerPrincipal(const grpc::ServerContextBase& context);

// Check() through a possibly null authorizer: null (no --auth_tokens_file)
// allows every call.
absl::Status CheckAccess(const Authorizer* authorizer,
                         const grpc::ServerContextBase& context, Access access);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_AUTH_H_
