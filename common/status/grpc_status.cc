#include "common/status/grpc_status.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_format.h"

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
// not a control character (C0, DEL or C1), or 0 when there is none.
size_t PrintableSequence(absl::string_view text) {
  const unsigned char c = static_cast<unsigned char>(text[0]);
  if (c >= 0x20 && c < 0x7F) return 1;
  size_t length = 0;
  uint32_t code = 0;
  if ((c & 0xE0) == 0xC0) {
    length = 2;
    code = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3;
    code = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[k]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinForLength[length] || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF) || (code >= 0x80 && code <= 0x9F)) {
    return 0;
  }
  return length;
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
