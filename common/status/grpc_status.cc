#include "common/status/grpc_status.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_format.h"
#include "common/text/utf8.h"

namespace busan {
namespace {

// absl::StatusCode and grpc::StatusCode share the canonical numbering
// (0..16), so the mapping is a cast; the static_asserts keep it honest.
static_assert(static_cast<int>(absl::StatusCode::kNotFound) ==
              static_cast<int>(grpc::StatusCode::NOT_FOUND));
static_assert(static_cast<int>(absl::StatusCode::kUnauthenticated) ==
              static_cast<int>(grpc::StatusCode::UNAUTHENTICATED));
static_assert(static_cast<int>(absl::StatusCode::kDataLoss) ==
              static_cast<int>(grpc::StatusCode::DATA_LOSS));

// Length of the well-formed UTF-8 sequence at the start of `text` that is
// not a control character, or 0 when there is none.
size_t PrintableSequence(absl::string_view text) {
  char32_t code;
  const size_t length = text::DecodeUtf8(text, &code);
  return length > 0 && !text::IsControl(code) ? length : 0;
}

}  // namespace

std::string BoundedStatusMessage(absl::string_view message) {
  std::string out;
  out.reserve(std::min(message.size(), kMaxStatusMessageBytes + 32));
  size_t i = 0;
  while (i < message.size()) {
    const size_t length = PrintableSequence(message.substr(i));
    const size_t needed = length > 0 ? length : 4;
    if (out.size() + needed > kMaxStatusMessageBytes) {
      absl::StrAppendFormat(&out, "... (%d more bytes)", message.size() - i);
      break;
    }
    if (length > 0) {
      out.append(message.data() + i, length);
      i += length;
    } else {
      absl::StrAppendFormat(&out, "\\x%02x",
                            static_cast<unsigned char>(message[i]));
      ++i;
    }
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      BoundedStatusMessage(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace busan
