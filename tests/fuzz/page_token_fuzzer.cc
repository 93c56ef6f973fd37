// Page tokens (common/paging/page_token.h). Invariants: any text presented
// as a token is accepted only if this codec issued it for this query, and
// otherwise refused with INVALID_ARGUMENT "page_token: ..."; an issued token
// decodes to exactly its cursor, and only for its own query; changing any
// byte of it makes it invalid. Also the page_size rules.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "busan/internal/v1/internal.pb.h"
#include "common/paging/page_token.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using busan::internal::v1::PageCursor;
using busan::paging::PageTokenCodec;

void CheckRefusal(const absl::Status& status, const char* what) {
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument &&
                 absl::StartsWith(status.message(), "page_token: "),
             "%s: %s", what, status.ToString().c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const PageTokenCodec* codec =
      new PageTokenCodec("0123456789abcdef0123456789abcdef");
  FuzzedDataProvider input(data, size);
  const uint64_t fingerprint = input.ConsumeIntegral<uint64_t>();

  const int32_t page_size = input.ConsumeIntegral<int32_t>();
  auto effective = busan::paging::EffectivePageSize(page_size);
  if (page_size < 0) {
    FUZZ_CHECK(!effective.ok(), "page_size %d accepted", page_size);
  } else {
    FUZZ_CHECK(effective.ok() && *effective >= 1 &&
                   *effective <= busan::paging::kMaxPageSize &&
                   (page_size == 0 || *effective == std::min(page_size, 1000)),
               "page_size %d", page_size);
  }

  // An issued token round-trips, for its own query only.
  PageCursor cursor;
  cursor.set_query_fingerprint(fingerprint);
  cursor.set_last_sort_key(input.ConsumeRandomLengthString(256));
  cursor.set_total_size(input.ConsumeIntegral<int32_t>());
  const std::string token = codec->Encode(cursor);
  auto decoded = codec->Decode(token, fingerprint);
  FUZZ_CHECK(decoded.ok() && google::protobuf::util::MessageDifferencer::Equals(
                                 *decoded, cursor),
             "issued token does not decode to its cursor");
  CheckRefusal(codec->Decode(token, fingerprint + 1).status(), "other query");

  // One byte of the token's content changed: refused.
  std::string bytes;
  FUZZ_CHECK(absl::WebSafeBase64Unescape(token, &bytes),
             "issued token is not base64url");
  const size_t at = input.ConsumeIntegralInRange<size_t>(0, bytes.size() - 1);
  bytes[at] ^= static_cast<char>(input.ConsumeIntegralInRange<int>(1, 255));
  CheckRefusal(
      codec->Decode(absl::WebSafeBase64Escape(bytes), fingerprint).status(),
      "altered token");

  // Whatever else a client sends.
  const std::string text = input.ConsumeRemainingBytesAsString();
  auto any = codec->Decode(text, fingerprint);
  if (!any.ok()) {
    CheckRefusal(any.status(), "arbitrary text");
  } else {
    FUZZ_CHECK(any->query_fingerprint() == fingerprint,
               "accepted a token of another query");
  }
  return 0;
}
