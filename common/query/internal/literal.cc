#include "common/query/internal/literal.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/query/internal/text.h"

namespace busan::query::internal {
namespace {

using ::google::protobuf::FieldDescriptor;

constexpr std::string_view kContext = "filter";

// An optional "-" then one or more decimal digits, nothing else.
bool IsDecimalInteger(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status TypeError(const Token& token, std::string_view subject,
                       std::string_view expected) {
  return ErrorAt(kContext, token.position,
                 absl::StrCat(AsAbsl(subject), " takes ", AsAbsl(expected),
                              ", got ", Quote(token.text)));
}

template <typename Int>
absl::Status ParseInteger(const Token& token, std::string_view subject,
                          Int* out) {
  if (!IsDecimalInteger(token.text)) {
    return TypeError(token, subject,
                     std::numeric_limits<Int>::is_signed
                         ? "an integer"
                         : "a non-negative integer");
  }
  if (!absl::SimpleAtoi(token.text, out)) {
    return TypeError(
        token, subject,
        absl::StrCat("an integer in [", std::numeric_limits<Int>::min(), ", ",
                     std::numeric_limits<Int>::max(), "]"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Value> StringValue(const Token& token, bool allow_wildcard) {
  Value value;
  std::string_view text = token.text;
  if (allow_wildcard) {
    if (text == "*" && token.leading_star) {
      value.match = StringMatch::kAny;
      return value;
    }
    const bool prefix_star = token.leading_star;
    const bool suffix_star = token.trailing_star;
    if (prefix_star) text.remove_prefix(1);
    if (suffix_star) text.remove_suffix(1);
    value.match = prefix_star && suffix_star ? StringMatch::kContains
                  : prefix_star              ? StringMatch::kSuffix
                  : suffix_star              ? StringMatch::kPrefix
                                             : StringMatch::kExact;
  }
  value.string_value = std::string(text);
  return value;
}

absl::StatusOr<Value> EnumValue(const Token& token,
                                const FieldDescriptor* field) {
  const google::protobuf::EnumDescriptor* type = field->enum_type();
  const google::protobuf::EnumValueDescriptor* found =
      type->FindValueByName(token.text);
  int number = 0;
  if (found == nullptr && IsDecimalInteger(token.text) &&
      absl::SimpleAtoi(token.text, &number)) {
    found = type->FindValueByNumber(number);
  }
  if (found == nullptr) {
    return ErrorAt(kContext, token.position,
                   absl::StrCat(Quote(token.text), " is not a value of ",
                                type->full_name()));
  }
  Value value;
  value.int_value = found->number();
  return value;
}

absl::StatusOr<Value> TimestampValue(const Token& token,
                                     std::string_view subject) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, token.text, &time, &error)) {
    return TypeError(token, subject,
                     "an RFC 3339 time such as \"2025-11-01T09:00:00Z\"");
  }
  Value value;
  value.int_value = absl::ToUnixSeconds(time);  // rounds toward the past
  value.nanos = static_cast<int32_t>(
      (time - absl::FromUnixSeconds(value.int_value)) / absl::Nanoseconds(1));
  return value;
}

}  // namespace

absl::StatusOr<Value> ConvertLiteral(const Token& token,
                                     const FieldDescriptor* field,
                                     std::string_view subject,
                                     bool allow_wildcard) {
  Value value;
  absl::Status status;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return StringValue(token, allow_wildcard);
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumValue(token, field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return TimestampValue(token, subject);
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t parsed = 0;
      status = ParseInteger(token, subject, &parsed);
      value.int_value = parsed;
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64:
      status = ParseInteger(token, subject, &value.int_value);
      break;
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t parsed = 0;
      status = ParseInteger(token, subject, &parsed);
      value.uint_value = parsed;
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64:
      status = ParseInteger(token, subject, &value.uint_value);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      if (!absl::SimpleAtod(token.text, &value.double_value)) {
        status = TypeError(token, subject, "a number");
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        value.double_value = static_cast<float>(value.double_value);
      }
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      if (token.text != "true" && token.text != "false") {
        status = TypeError(token, subject, "true or false");
      }
      value.bool_value = token.text == "true";
      break;
  }
  if (!status.ok()) return status;
  return value;
}

std::string CanonicalText(const Value& value, const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return value.string_value;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* found =
          field->enum_type()->FindValueByNumber(
              static_cast<int>(value.int_value));
      return found != nullptr ? found->name() : absl::StrCat(value.int_value);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return absl::FormatTime(absl::RFC3339_full,
                              absl::FromUnixSeconds(value.int_value) +
                                  absl::Nanoseconds(value.nanos),
                              absl::UTCTimeZone());
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(value.int_value);
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(value.uint_value);
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      char buffer[32];
      const std::to_chars_result result =
          field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT
              ? std::to_chars(buffer, buffer + sizeof(buffer),
                              static_cast<float>(value.double_value))
              : std::to_chars(buffer, buffer + sizeof(buffer),
                              value.double_value);
      return std::string(buffer, result.ptr);
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      return value.bool_value ? "true" : "false";
  }
  return std::string();
}

}  // namespace busan::query::internal
