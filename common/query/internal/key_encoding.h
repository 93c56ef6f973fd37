// Order-preserving byte encodings: for two values a and b of one type,
// memcmp order of their encodings is the order of the values. Every encoding
// is self-delimiting (none is a prefix of another), so encodings can be
// concatenated into composite keys that compare field by field.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_KEY_ENCODING_H_
#define BUSAN_COMMON_QUERY_INTERNAL_KEY_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/query/internal/field_path.h"
#include "google/protobuf/message.h"

namespace busan::query::internal {

// 8 bytes big-endian with the sign bit flipped.
void AppendOrderedInt64(int64_t value, std::string* out);
// 8 bytes big-endian.
void AppendOrderedUint64(uint64_t value, std::string* out);
// 8 bytes: IEEE 754 bits, sign bit flipped for positives, all bits flipped
// for negatives. -0.0 encodes as 0.0; NaN sorts after +infinity.
void AppendOrderedDouble(double value, std::string* out);
// The bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01,
// so "ab" < "ab\0" < "abc".
void AppendOrderedString(std::string_view value, std::string* out);
// Flips every bit of (*out)[from..], turning ascending order into
// descending order for the encodings appended there.
void InvertFrom(size_t from, std::string* out);

// Appends the key of the field at `path` in `message`: a presence byte
// (0x00 when the value is absent, i.e. an unset optional or message field or
// a field below an unset message, followed by nothing; else 0x01) then the
// value: integers and enums (by number) as int64/uint64, bools as one byte
// 0x00/0x01, floating point as double, strings and bytes as strings,
// google.protobuf.Timestamp as (seconds int64, nanos int64). The leaf must
// be singular and scalar or a Timestamp.
void AppendFieldKey(const google::protobuf::Message& message,
                    const FieldPath& path, std::string* out);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_KEY_ENCODING_H_
