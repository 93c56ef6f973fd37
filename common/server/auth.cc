#include "common/server/auth.h"

#include <openssl/evp.h>

#include <iterator>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/files/read_file.h"

namespace busan::server {
namespace {

constexpr absl::string_view kMissingToken =
    "missing bearer token: send the metadata \"authorization: Bearer TOKEN\"";
constexpr absl::string_view kUnknownToken = "unknown bearer token";

std::string Sha256(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(),
                 nullptr) != 1) {
    // Only possible when OpenSSL itself is broken; callers refuse an empty
    // digest so that it can never match.
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// The token of an "authorization: Bearer TOKEN" value (RFC 6750: "Bearer"
// 1*SP token, the scheme matched case-insensitively); empty when it is not
// one.
absl::string_view BearerToken(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::StartsWithIgnoreCase(authorization, kScheme)) {
    return absl::string_view();
  }
  return absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
}

// Why `token` is not acceptable, or empty when it is. Never includes the
// token: error messages end up in logs.
std::string TokenProblem(absl::string_view token) {
  if (token.size() > Authorizer::kMaxTokenLength) {
    return absl::StrCat("token is longer than ", Authorizer::kMaxTokenLength,
                        " characters");
  }
  for (size_t i = 0; i < token.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    if (c < 0x21 || c > 0x7e) {
      return absl::StrCat("token character ", i + 1, " is not printable ASCII");
    }
  }
  return std::string();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Authorizer>> Authorizer::FromFile(
    const std::string& path) {
  absl::StatusOr<std::string> contents = files::ReadFile(path);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<std::unique_ptr<Authorizer>> parsed = Parse(*contents);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", path, "\" ", parsed.status().message()));
  }
  return parsed;
}

absl::StatusOr<std::unique_ptr<Authorizer>> Authorizer::Parse(
    absl::string_view contents) {
  auto roles = std::make_shared<Roles>();
  // Digest -> line it first appeared on, to report repeats.
  absl::flat_hash_map<std::string, int> first_line;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    // Strips a CRLF file's '\r' as well as stray blanks at either end.
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    auto malformed = [line_number](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": ", why));
    };
    if (fields.size() > 2) {
      return malformed(absl::StrCat("expected TOKEN [read|write|admin], found ",
                                    fields.size(), " fields"));
    }
    if (std::string problem = TokenProblem(fields[0]); !problem.empty()) {
      return malformed(problem);
    }
    Access access = Access::kWrite;
    if (fields.size() == 2) {
      if (fields[1] == "read") {
        access = Access::kRead;
      } else if (fields[1] == "admin") {
        access = Access::kAdmin;
      } else if (fields[1] != "write") {
        // Not echoed: a token with an accidental space would leak its tail.
        return malformed(
            "the second field must be the role read, write or admin");
      }
    }
    std::string digest = Sha256(fields[0]);
    if (digest.empty()) return absl::InternalError("SHA-256 is unavailable");
    if (auto [it, inserted] = first_line.try_emplace(digest, line_number);
        !inserted) {
      return malformed(
          absl::StrCat("token repeats the one on line ", it->second));
    }
    roles->emplace(std::move(digest), access);
  }
  if (roles->empty()) {
    return absl::InvalidArgumentError(
        "has no tokens (every line is blank or a comment)");
  }
  std::unique_ptr<Authorizer> authorizer(new Authorizer());
  authorizer->roles_.store(std::move(roles));
  return authorizer;
}

absl::Status Authorizer::ReloadFrom(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Authorizer>> fresh = FromFile(path);
  if (!fresh.ok()) return fresh.status();
  roles_.store((*fresh)->roles_.load());
  return absl::OkStatus();
}

size_t Authorizer::count_with_role(Access role) const {
  size_t count = 0;
  for (const auto& [digest, access] : *roles_.load()) {
    if (access == role) ++count;
  }
  return count;
}

std::string CallerPrincipal(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find("authorization");
  if (found != metadata.end()) {
    absl::string_view token = BearerToken(
        absl::string_view(found->second.data(), found->second.size()));
    const std::string digest = token.empty() ? "" : Sha256(token);
    if (!digest.empty()) {
      return absl::StrCat("token:",
                          absl::BytesToHexString(digest.substr(0, 6)));
    }
  }
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    std::vector<grpc::string_ref> identity = auth->GetPeerIdentity();
    if (!identity.empty()) {
      return absl::StrCat(
          "cert:", absl::string_view(identity[0].data(), identity[0].size()));
    }
  }
  return "anonymous";
}

absl::Status Authorizer::CheckHeader(absl::string_view authorization,
                                     Access access) const {
  absl::string_view token = BearerToken(authorization);
  if (token.empty()) return absl::UnauthenticatedError(kMissingToken);
  const std::string digest = Sha256(token);
  if (digest.empty()) return absl::UnauthenticatedError(kUnknownToken);
  const std::shared_ptr<const Roles> roles = roles_.load();
  auto found = roles->find(digest);
  if (found == roles->end()) return absl::UnauthenticatedError(kUnknownToken);
  if (found->second < access) {
    return absl::PermissionDeniedError(
        access == Access::kAdmin
            ? "the bearer token lacks the role admin; this method operates "
              "the service"
            : "the bearer token is read-only; this method writes");
  }
  return absl::OkStatus();
}

absl::Status Authorizer::Check(const grpc::ServerContextBase& context,
                               Access access) const {
  const auto& metadata = context.client_metadata();
  auto [begin, end] = metadata.equal_range("authorization");
  if (begin == end) return absl::UnauthenticatedError(kMissingToken);
  if (std::next(begin) != end) {
    // Two credentials would make it ambiguous which one is in effect.
    return absl::UnauthenticatedError(
        "more than one authorization metadata entry");
  }
  return CheckHeader(
      absl::string_view(begin->second.data(), begin->second.size()), access);
}

absl::Status CheckAccess(const Authorizer* authorizer,
                         const grpc::ServerContextBase& context,
                         Access access) {
  if (authorizer == nullptr) return absl::OkStatus();
  return authorizer->Check(context, access);
}

}  // namespace busan::server
