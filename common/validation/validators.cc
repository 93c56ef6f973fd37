#include "common/validation/validators.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/text/utf8.h"
#include "common/uuid/uuid.h"

namespace busan::validation {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// What ScanUtf8 found in a text.
struct TextScan {
  int64_t chars = 0;  // code points; -1 when the text is not valid UTF-8
  // The first control character refused, and its position (0-based code
  // point index); -1 when there is none.
  int64_t control_at = -1;
  uint32_t control = 0;
};

// Control characters (text::IsControl) but tab, line feed and carriage
// return, which multi-line text may hold.
bool IsRefusedControl(char32_t code, TextLines lines) {
  if (lines == TextLines::kMultiple &&
      (code == '\t' || code == '\n' || code == '\r')) {
    return false;
  }
  return text::IsControl(code);
}

// Counts the code points of `text` and finds its first refused control
// character.
TextScan ScanUtf8(absl::string_view text, TextLines lines) {
  TextScan scan;
  size_t i = 0;
  while (i < text.size()) {
    char32_t code;
    const size_t length = text::DecodeUtf8(text.substr(i), &code);
    if (length == 0) return {.chars = -1};
    if (scan.control_at < 0 && IsRefusedControl(code, lines)) {
      scan.control_at = scan.chars;
      scan.control = static_cast<uint32_t>(code);
    }
    i += length;
    ++scan.chars;
  }
  return scan;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool DaysInMonthOk(int year, int month, int day) {
  return day >= 1 && day <= DaysInMonth(year, month);
}

}  // namespace

bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  if (id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

absl::Status CheckId(absl::string_view field, absl::string_view id) {
  if (id.empty()) return Invalid(field, "must not be empty");
  if (!IsValidId(id)) {
    return Invalid(field, absl::StrCat("\"", id, "\" must match ", kIdPattern));
  }
  return absl::OkStatus();
}

absl::Status CheckRequestId(absl::string_view field, absl::string_view id) {
  if (id.empty() || uuid::IsUuid(id)) return absl::OkStatus();
  return Invalid(field,
                 "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000");
}

absl::Status CheckText(absl::string_view field, absl::string_view text,
                       size_t max_chars, bool required, TextLines lines) {
  const TextScan scan = ScanUtf8(text, lines);
  const int64_t chars = scan.chars;
  if (chars < 0) return Invalid(field, "is not valid UTF-8");
  if (scan.control_at >= 0) {
    return Invalid(field, absl::StrFormat("must not contain control characters "
                                          "(U+%04X at character %d)",
                                          scan.control, scan.control_at + 1));
  }
  if (required && absl::StripAsciiWhitespace(text).empty()) {
    return Invalid(field, "must not be empty");
  }
  if (static_cast<size_t>(chars) > max_chars) {
    return Invalid(field, absl::StrCat("must be at most ", max_chars,
                                       " characters, got ", chars));
  }
  return absl::OkStatus();
}

absl::Status CheckPartialDate(absl::string_view field, absl::string_view date) {
  if (date.empty()) return absl::OkStatus();
  auto bad = [&] {
    return Invalid(field, absl::StrCat("\"", date,
                                       "\" is not a date YYYY, YYYY-MM or "
                                       "YYYY-MM-DD"));
  };
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return bad();
  int year = 0, month = 1, day = 1;
  if (!absl::SimpleAtoi(date.substr(0, 4), &year) || year < 1900 ||
      year > 2200) {
    return bad();
  }
  if (date.size() >= 7) {
    if (date[4] != '-' || !absl::SimpleAtoi(date.substr(5, 2), &month) ||
        month < 1 || month > 12) {
      return bad();
    }
  }
  if (date.size() == 10) {
    if (date[7] != '-' || !absl::SimpleAtoi(date.substr(8, 2), &day) ||
        !DaysInMonthOk(year, month, day)) {
      return bad();
    }
  }
  for (char c : date) {
    if (c != '-' && !absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad();
    }
  }
  return absl::OkStatus();
}

DaySpan PartialDateSpan(absl::string_view date) {
  int year = 0, month = 0;
  if (date.size() == 4) {
    return {absl::StrCat(date, "-01-01"), absl::StrCat(date, "-12-31")};
  }
  if (date.size() == 7 && absl::SimpleAtoi(date.substr(0, 4), &year) &&
      absl::SimpleAtoi(date.substr(5, 2), &month) && month >= 1 &&
      month <= 12) {
    return {absl::StrCat(date, "-01"),
            absl::StrFormat("%s-%02d", date, DaysInMonth(year, month))};
  }
  return {std::string(date), std::string(date)};
}

absl::Status CheckNonNegative(absl::string_view field, int64_t value) {
  if (value < 0) {
    return Invalid(field, absl::StrCat("must not be negative, got ", value));
  }
  return absl::OkStatus();
}

// An absolute http(s) URL with a host and no whitespace: a source a reader
// can follow. Percent-encoding is the only way to carry spaces or Hangul.
absl::Status CheckHttpUrl(absl::string_view field, absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "https://") &&
      !absl::ConsumePrefix(&rest, "http://")) {
    return Invalid(field, "must be an http:// or https:// URL");
  }
  const absl::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return Invalid(field, "must name a host after the scheme");
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return Invalid(field,
                     "must not contain spaces or control characters "
                     "(percent-encode them)");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSources(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<type::v1::Source>& sources) {
  if (sources.size() > 20) return Invalid(field, "at most 20 sources");
  for (int i = 0; i < sources.size(); ++i) {
    const type::v1::Source& source = sources[i];
    const std::string at = absl::StrCat(field, "[", i, "]");
    if (absl::Status s = CheckText(absl::StrCat(at, ".title"), source.title(),
                                   500, /*required=*/true);
        !s.ok()) {
      return s;
    }
    if (!source.url().empty()) {
      if (absl::Status s =
              CheckText(absl::StrCat(at, ".url"), source.url(), 2048, false);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = CheckHttpUrl(absl::StrCat(at, ".url"), source.url());
          !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = CheckPartialDate(absl::StrCat(at, ".published"),
                                          source.published());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckedAdd(absl::string_view field, int64_t a, int64_t b,
                        int64_t* sum) {
  int64_t result = 0;
  if (__builtin_add_overflow(a, b, &result)) {
    return absl::OutOfRangeError(
        absl::StrCat(field, ": total would overflow a 64-bit integer"));
  }
  *sum = result;
  return absl::OkStatus();
}

}  // namespace busan::validation
