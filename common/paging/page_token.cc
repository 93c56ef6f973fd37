#include "absl/strings/string_view.h"
#include "common/paging/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstring>

#include "absl/strings/escaping.h"

namespace busan::paging {
namespace {
// 16 bytes of the HMAC are plenty to make forgery infeasible and keep
// tokens short.
constexpr size_t kTagBytes = 16;
}  // namespace

absl::StatusOr<int> EffectivePageSize(int32_t requested) {
  if (requested < 0) {
    return absl::InvalidArgumentError("page_size: must not be negative");
  }
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

uint64_t QueryFingerprint(std::initializer_list<absl::string_view> parts) {
  // Length-prefix each part so ("ab","c") and ("a","bc") differ.
  std::string joined;
  for (absl::string_view part : parts) {
    const uint64_t size = part.size();
    joined.append(reinterpret_cast<const char*>(&size), sizeof size);
    joined.append(part.data(), part.size());
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(),
         digest);
  uint64_t fingerprint;
  std::memcpy(&fingerprint, digest, sizeof fingerprint);
  return fingerprint;
}

std::string PageTokenCodec::Tag(absl::string_view payload) const {
  unsigned char tag[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
       tag, &size);
  return std::string(reinterpret_cast<const char*>(tag), kTagBytes);
}

std::string PageTokenCodec::Encode(
    const internal::v1::PageCursor& cursor) const {
  std::string payload = cursor.SerializeAsString();
  payload += Tag(payload);
  return absl::WebSafeBase64Escape(payload);
}

absl::StatusOr<internal::v1::PageCursor> PageTokenCodec::Decode(
    absl::string_view token, uint64_t fingerprint) const {
  std::string bytes;
  if (!absl::WebSafeBase64Unescape(token, &bytes) || bytes.size() < kTagBytes) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  absl::string_view payload(bytes.data(), bytes.size() - kTagBytes);
  const std::string expected = Tag(payload);
  if (CRYPTO_memcmp(expected.data(), bytes.data() + payload.size(),
                    kTagBytes) != 0) {
    return absl::InvalidArgumentError(
        "page_token: not issued by this service or altered");
  }
  internal::v1::PageCursor cursor;
  if (!cursor.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  if (cursor.query_fingerprint() != fingerprint) {
    return absl::InvalidArgumentError(
        "page_token: was issued for a different parent, filter or order_by");
  }
  return cursor;
}

}  // namespace busan::paging
