// UTF-8 decoding, one sequence at a time: what text validation, error
// messages and terminal layout each walk text with.
#ifndef BUSAN_COMMON_TEXT_UTF8_H_
#define BUSAN_COMMON_TEXT_UTF8_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace busan::text {

// Decodes the sequence at the start of `text` (not empty) into *code and
// returns its length in bytes (1..4); returns 0 when no well-formed
// sequence starts there: a stray continuation byte, a truncated or broken
// sequence, an overlong form, a surrogate or a value past U+10FFFF.
size_t DecodeUtf8(absl::string_view text, char32_t* code);

// C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F).
inline bool IsControl(char32_t code) {
  return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

}  // namespace busan::text

#endif  // BUSAN_COMMON_TEXT_UTF8_H_
