// Field checks shared by every resource of both services. Each returns OK or
// INVALID_ARGUMENT whose message starts with the field path it was given,
// e.g. "project.display_name: must not be empty".
#ifndef BUSAN_COMMON_VALIDATION_VALIDATORS_H_
#define BUSAN_COMMON_VALIDATION_VALIDATORS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "busan/type/v1/source.pb.h"
#include "google/protobuf/repeated_field.h"

namespace busan::validation {

// Resource ids: a lowercase letter, then up to 62 lowercase letters,
// digits or hyphens. The pattern is quoted in error messages.
inline constexpr char kIdPattern[] = "^[a-z][a-z0-9-]{0,62}$";
bool IsValidId(absl::string_view id);
absl::Status CheckId(absl::string_view field, absl::string_view id);

// request_id: empty (no idempotency) or a canonical UUID
// (8-4-4-4-12 hex digits, either case).
absl::Status CheckRequestId(absl::string_view field, absl::string_view id);

// Whether a text field may hold line breaks: descriptions and notes may
// (tab, line feed, carriage return); names, labels and the like may not.
enum class TextLines { kSingle, kMultiple };

// Valid UTF-8, at most `max_chars` code points and no control characters
// (C0, DEL, C1; see TextLines). A NUL or an escape sequence in a stored
// name would reach every screen and log that shows it. `required` also
// refuses empty or all-whitespace text.
absl::Status CheckText(absl::string_view field, absl::string_view text,
                       size_t max_chars, bool required,
                       TextLines lines = TextLines::kSingle);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a real calendar date; empty allowed.
absl::Status CheckPartialDate(absl::string_view field, absl::string_view date);

// The first and last calendar day ("YYYY-MM-DD") a valid partial date
// covers: "2024" -> 2024-01-01..2024-12-31, "2024-02" -> ..2024-02-29. Full
// dates (and anything else) span just themselves.
struct DaySpan {
  std::string first;
  std::string last;
};
DaySpan PartialDateSpan(absl::string_view date);

// 0 <= value (money and counts).
absl::Status CheckNonNegative(absl::string_view field, int64_t value);

// An absolute http:// or https:// URL with a host and no whitespace.
absl::Status CheckHttpUrl(absl::string_view field, absl::string_view url);

// Each source has a title (<= 500 chars), an optional http(s) url
// (<= 2048 chars) and an optional partial date; at most 20 sources.
absl::Status CheckSources(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<type::v1::Source>& sources);

// Adds two non-negative-or-not int64 values; OUT_OF_RANGE naming `field`
// instead of wrapping on overflow, leaving `*sum` unchanged.
absl::Status CheckedAdd(absl::string_view field, int64_t a, int64_t b,
                        int64_t* sum);

}  // namespace busan::validation

#endif  // BUSAN_COMMON_VALIDATION_VALIDATORS_H_
