// Opaque, tamper-evident page tokens for every List method.
//
// A token is base64url(PageCursor bytes || HMAC-SHA256 tag). The signing key
// lives in the service's database, so tokens stay valid across restarts but
// cannot be forged or edited by clients, and a token is bound to the query
// (collection, filter, order_by) it was issued for.
#ifndef BUSAN_COMMON_PAGING_PAGE_TOKEN_H_
#define BUSAN_COMMON_PAGING_PAGE_TOKEN_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "busan/internal/v1/internal.pb.h"

namespace busan::paging {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Applies the List conventions: 0 means the default (50), larger than 1000 is
// clamped to 1000, negative is INVALID_ARGUMENT naming `page_size`.
absl::StatusOr<int> EffectivePageSize(int32_t requested);

// A stable 64-bit fingerprint of the parts that define a query.
uint64_t QueryFingerprint(std::initializer_list<absl::string_view> parts);

class PageTokenCodec {
 public:
  // `key` is the secret HMAC key (at least 16 bytes).
  explicit PageTokenCodec(std::string key) : key_(std::move(key)) {}

  std::string Encode(const internal::v1::PageCursor& cursor) const;

  // INVALID_ARGUMENT ("page_token: ...") when the token is malformed, was
  // altered, or belongs to a different query than `fingerprint`.
  absl::StatusOr<internal::v1::PageCursor> Decode(absl::string_view token,
                                                  uint64_t fingerprint) const;

 private:
  std::string Tag(absl::string_view payload) const;
  std::string key_;
};

}  // namespace busan::paging

#endif  // BUSAN_COMMON_PAGING_PAGE_TOKEN_H_
