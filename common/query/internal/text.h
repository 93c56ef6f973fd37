// Text helpers shared by the filter and order_by parsers: error messages and
// the bridge from std::string_view to Debian's absl::string_view (a distinct
// type there).
//
// Every error message starts with its context ("filter" or "order_by") and
// names the offending byte position in the client's text. Positions are 1-based
// byte offsets: the first byte of the text is position 1, and the end of the
// text is position size() + 1.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_TEXT_H_
#define BUSAN_COMMON_QUERY_INTERNAL_TEXT_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace busan::query::internal {

// `text` as an absl::string_view, for Abseil's string functions.
inline absl::string_view AsAbsl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// True when `text` is empty or only ASCII white space.
bool IsBlank(std::string_view text);

// INVALID_ARGUMENT "<context>: <what> at position <position>".
absl::Status ErrorAt(std::string_view context, int position,
                     std::string_view what);

// INVALID_ARGUMENT "<context>: syntax error at position <position>: <what>".
absl::Status SyntaxErrorAt(std::string_view context, int position,
                           std::string_view what);

// `text` in double quotes with C escapes for error messages; UTF-8 stays
// readable. Text longer than 64 bytes is cut at a character boundary and
// ends in "...".
std::string Quote(std::string_view text);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_TEXT_H_
