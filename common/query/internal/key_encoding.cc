#include "common/query/internal/key_encoding.h"

#include <bit>
#include <cmath>
#include <limits>

namespace busan::query::internal {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

void AppendOrderedUint64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void AppendOrderedInt64(int64_t value, std::string* out) {
  AppendOrderedUint64(static_cast<uint64_t>(value) ^ kSignBit, out);
}

void AppendOrderedDouble(double value, std::string* out) {
  if (value == 0) value = 0;  // -0.0 and 0.0 are equal
  if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  AppendOrderedUint64((bits & kSignBit) != 0 ? ~bits : bits ^ kSignBit, out);
}

void AppendOrderedString(std::string_view value, std::string* out) {
  for (char c : value) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xFF');
  }
  out->push_back('\0');
  out->push_back('\x01');
}

void InvertFrom(size_t from, std::string* out) {
  for (size_t i = from; i < out->size(); ++i) {
    (*out)[i] = static_cast<char>(~static_cast<unsigned char>((*out)[i]));
  }
}

void AppendFieldKey(const Message& message, const FieldPath& path,
                    std::string* out) {
  const Message* parent = FindLeafParent(message, path);
  const FieldDescriptor* field = path.leaf();
  if (parent == nullptr || !HasComparableValue(*parent, field)) {
    out->push_back('\0');
    return;
  }
  out->push_back('\x01');
  const Reflection* r = parent->GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      AppendOrderedInt64(r->GetInt32(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      AppendOrderedInt64(r->GetInt64(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      AppendOrderedUint64(r->GetUInt32(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      AppendOrderedUint64(r->GetUInt64(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      AppendOrderedInt64(r->GetEnumValue(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->push_back(r->GetBool(*parent, field) ? '\x01' : '\0');
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendOrderedDouble(r->GetDouble(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      AppendOrderedDouble(r->GetFloat(*parent, field), out);
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      AppendOrderedString(r->GetStringReference(*parent, field, &scratch), out);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {  // google.protobuf.Timestamp
      int64_t seconds = 0;
      int32_t nanos = 0;
      ReadTimestamp(r->GetMessage(*parent, field), &seconds, &nanos);
      AppendOrderedInt64(seconds, out);
      AppendOrderedInt64(nanos, out);
      break;
    }
  }
}

}  // namespace busan::query::internal
