#include "common/query/internal/matcher.h"

#include <compare>
#include <string>
#include <string_view>

namespace busan::query::internal {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

bool Holds(std::partial_ordering order, Comparator comparator) {
  switch (comparator) {
    case Comparator::kEq:
      return order == 0;
    case Comparator::kNe:
      return order != 0;
    case Comparator::kLt:
      return order < 0;
    case Comparator::kLe:
      return order <= 0;
    case Comparator::kGt:
      return order > 0;
    case Comparator::kGe:
      return order >= 0;
  }
  return false;
}

bool StringMatches(std::string_view text, const Value& value) {
  switch (value.match) {
    case StringMatch::kExact:
      return text == value.string_value;
    case StringMatch::kPrefix:
      return text.starts_with(value.string_value);
    case StringMatch::kSuffix:
      return text.ends_with(value.string_value);
    case StringMatch::kContains:
      return text.find(value.string_value) != std::string_view::npos;
    case StringMatch::kAny:
      return true;
  }
  return false;
}

// Reads `field` of `parent` (element `index` when the field is repeated) and
// tests it against `value` with `comparator`. Strings honour wildcards for
// = and !=.
bool Test(const Message& parent, const FieldDescriptor* field, int index,
          Comparator comparator, const Value& value) {
  const Reflection* r = parent.GetReflection();
  const bool repeated = field->is_repeated();
  std::partial_ordering order = std::partial_ordering::equivalent;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;  // only filled for non-generated messages
      const std::string& text =
          repeated
              ? r->GetRepeatedStringReference(parent, field, index, &scratch)
              : r->GetStringReference(parent, field, &scratch);
      if (comparator == Comparator::kEq) return StringMatches(text, value);
      if (comparator == Comparator::kNe) return !StringMatches(text, value);
      order = text.compare(value.string_value) <=> 0;
      break;
    }
    case FieldDescriptor::CPPTYPE_INT32:
      order = (repeated ? r->GetRepeatedInt32(parent, field, index)
                        : r->GetInt32(parent, field)) <=> value.int_value;
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      order = (repeated ? r->GetRepeatedInt64(parent, field, index)
                        : r->GetInt64(parent, field)) <=> value.int_value;
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      order = (repeated ? r->GetRepeatedUInt32(parent, field, index)
                        : r->GetUInt32(parent, field)) <=> value.uint_value;
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      order = (repeated ? r->GetRepeatedUInt64(parent, field, index)
                        : r->GetUInt64(parent, field)) <=> value.uint_value;
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      order = (repeated ? r->GetRepeatedDouble(parent, field, index)
                        : r->GetDouble(parent, field)) <=> value.double_value;
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      order = static_cast<double>(
                  repeated ? r->GetRepeatedFloat(parent, field, index)
                           : r->GetFloat(parent, field)) <=> value.double_value;
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      order = (repeated ? r->GetRepeatedBool(parent, field, index)
                        : r->GetBool(parent, field)) <=> value.bool_value;
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      order = int64_t{repeated
                          ? r->GetRepeatedEnumValue(parent, field, index)
                          : r->GetEnumValue(parent, field)} <=> value.int_value;
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE: {  // google.protobuf.Timestamp
      int64_t seconds = 0;
      int32_t nanos = 0;
      ReadTimestamp(r->GetMessage(parent, field), &seconds, &nanos);
      order = seconds != value.int_value ? seconds <=> value.int_value
                                         : nanos <=> value.nanos;
      break;
    }
  }
  return Holds(order, comparator);
}

bool HasElement(const Message& parent, const FieldDescriptor* field,
                const Value& value) {
  const Reflection* r = parent.GetReflection();
  const int size = r->FieldSize(parent, field);
  for (int i = 0; i < size; ++i) {
    if (field->is_map()) {
      const Message& entry = r->GetRepeatedMessage(parent, field, i);
      const FieldDescriptor* key = field->message_type()->map_key();
      if (Test(entry, key, -1, Comparator::kEq, value)) return true;
    } else if (Test(parent, field, i, Comparator::kEq, value)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool Evaluate(const Node& node, const Message& message) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      for (const Node& child : node.children) {
        if (!Evaluate(child, message)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (const Node& child : node.children) {
        if (Evaluate(child, message)) return true;
      }
      return false;
    case Node::Kind::kNot:
      return !Evaluate(node.children.front(), message);
    default:
      break;
  }
  const Message* parent = FindLeafParent(message, node.path);
  if (parent == nullptr) return false;
  const FieldDescriptor* leaf = node.path.leaf();
  const Reflection* r = parent->GetReflection();
  switch (node.kind) {
    case Node::Kind::kPresent:
      return leaf->is_repeated() ? r->FieldSize(*parent, leaf) > 0
                                 : r->HasField(*parent, leaf);
    case Node::Kind::kElement:
      return HasElement(*parent, leaf, node.value);
    default:
      return HasComparableValue(*parent, leaf) &&
             Test(*parent, leaf, -1, node.comparator, node.value);
  }
}

}  // namespace busan::query::internal
