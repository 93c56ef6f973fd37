#include "common/query/internal/text.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace busan::query::internal {
namespace {

constexpr size_t kMaxQuotedBytes = 64;

}  // namespace

absl::Status ErrorAt(std::string_view context, int position,
                     std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(
      AsAbsl(context), ": ", AsAbsl(what), " at position ", position));
}

absl::Status SyntaxErrorAt(std::string_view context, int position,
                           std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(AsAbsl(context),
                                                 ": syntax error at position ",
                                                 position, ": ", AsAbsl(what)));
}

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string Quote(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes) {
    return absl::StrCat("\"", absl::Utf8SafeCEscape(AsAbsl(text)), "\"");
  }
  size_t cut = kMaxQuotedBytes;
  // Step back over UTF-8 continuation bytes so a character is never split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat("\"", absl::Utf8SafeCEscape(AsAbsl(text.substr(0, cut))),
                      "...\"");
}

}  // namespace busan::query::internal
