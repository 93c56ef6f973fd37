#include "common/uuid/uuid.h"

#include <array>
#include <cstdint>
#include <random>

namespace busan::uuid {
namespace {

using Bytes = std::array<uint8_t, 16>;

// Sets the version nibble and the variant bits (10xx) of a UUID.
void SetVersionAndVariant(Bytes* bytes, int version) {
  (*bytes)[6] = static_cast<uint8_t>(((*bytes)[6] & 0x0F) | (version << 4));
  (*bytes)[8] = static_cast<uint8_t>(((*bytes)[8] & 0x3F) | 0x80);
}

std::string Format(const Bytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

bool IsHyphenAt(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

bool Matches(absl::string_view text, bool lowercase_only) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsHyphenAt(i)) {
      if (c != '-') return false;
      continue;
    }
    const bool digit = c >= '0' && c <= '9';
    const bool lower = c >= 'a' && c <= 'f';
    const bool upper = c >= 'A' && c <= 'F';
    if (!(digit || lower || (upper && !lowercase_only))) return false;
  }
  return true;
}

}  // namespace

std::string NewRandom() {
  // One device per thread: opening it per call costs a file descriptor.
  thread_local std::random_device device;
  Bytes bytes;
  for (size_t i = 0; i < bytes.size(); i += 4) {
    const uint32_t word = device();
    for (size_t j = 0; j < 4; ++j) {
      bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
    }
  }
  SetVersionAndVariant(&bytes, 4);
  return Format(bytes);
}

bool IsUuid(absl::string_view text) { return Matches(text, false); }

bool IsCanonical(absl::string_view text) { return Matches(text, true); }

}  // namespace busan::uuid
