// Terminal display width of UTF-8 text, for aligning table columns.
//
// East Asian wide and fullwidth characters (Hangul, CJK ideographs, kana,
// fullwidth forms, most emoji) take two terminal columns; combining marks and
// zero-width characters take none; everything else takes one. This follows
// Unicode's East Asian Width property (UAX #11) for the ranges that matter
// here, like wcwidth(), but without depending on the process locale.
#ifndef BUSAN_BUSANCTL_REPORT_TEXT_WIDTH_H_
#define BUSAN_BUSANCTL_REPORT_TEXT_WIDTH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace busan::ctl {

// Columns that code point `c` occupies: 0, 1 or 2. Control characters count
// 0 (tables replace them before measuring; see SanitizeCell).
int CodePointWidth(char32_t c);

// Columns that `text` occupies. Bytes that are not valid UTF-8 count one
// column each (a terminal shows them as a replacement character).
int DisplayWidth(absl::string_view text);

// `text` unchanged when it fits in `max_width` columns; otherwise its longest
// prefix of whole characters that fits in `max_width - 1` columns followed by
// "…" (one column). Never splits a multi-byte character, so the result is
// valid UTF-8 whenever `text` is. Empty when `max_width <= 0`.
std::string TruncateToWidth(absl::string_view text, int max_width);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REPORT_TEXT_WIDTH_H_
