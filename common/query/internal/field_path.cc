#include "common/query/internal/field_path.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/query/internal/text.h"

namespace busan::query::internal {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;

bool IsIdentifier(std::string_view text) {
  if (text.empty()) return false;
  if (!absl::ascii_isalpha(text[0]) && text[0] != '_') return false;
  for (char c : text) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::string FieldPath::ToString() const {
  return absl::StrJoin(fields, ".",
                       [](std::string* out, const FieldDescriptor* field) {
                         out->append(field->name());
                       });
}

absl::StatusOr<FieldPath> ResolveFieldPath(std::string_view text,
                                           const Descriptor* descriptor,
                                           std::string_view context,
                                           int position) {
  FieldPath path;
  size_t start = 0;
  while (true) {
    const size_t dot = text.find('.', start);
    const std::string_view segment = text.substr(
        start,
        dot == std::string_view::npos ? std::string_view::npos : dot - start);
    const int segment_position = position + static_cast<int>(start);
    if (!IsIdentifier(segment)) {
      return ErrorAt(context, segment_position,
                     absl::StrCat(Quote(text), " is not a field path"));
    }
    if (!path.fields.empty()) {
      const FieldDescriptor* previous = path.leaf();
      if (previous->is_repeated()) {
        return ErrorAt(context, segment_position,
                       absl::StrCat("field ", Quote(path.ToString()),
                                    " is repeated, so a path cannot continue "
                                    "into it"));
      }
      if (previous->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        return ErrorAt(context, segment_position,
                       absl::StrCat("field ", Quote(path.ToString()),
                                    " is not a message, so it has no field ",
                                    Quote(segment)));
      }
      descriptor = previous->message_type();
    }
    const FieldDescriptor* field =
        descriptor->FindFieldByName(std::string(segment));
    if (field == nullptr) {
      if (path.fields.empty()) {
        return ErrorAt(context, segment_position,
                       absl::StrCat("unknown field ", Quote(segment)));
      }
      return ErrorAt(context, segment_position,
                     absl::StrCat("unknown field ", Quote(segment), " in ",
                                  descriptor->full_name()));
    }
    path.fields.push_back(field);
    if (dot == std::string_view::npos) return path;
    start = dot + 1;
  }
}

const Message* FindLeafParent(const Message& message, const FieldPath& path) {
  const Message* current = &message;
  for (size_t i = 0; i + 1 < path.fields.size(); ++i) {
    const google::protobuf::Reflection* reflection = current->GetReflection();
    if (!reflection->HasField(*current, path.fields[i])) return nullptr;
    current = &reflection->GetMessage(*current, path.fields[i]);
  }
  return current;
}

bool HasComparableValue(const Message& parent, const FieldDescriptor* field) {
  return !field->has_presence() ||
         parent.GetReflection()->HasField(parent, field);
}

bool IsTimestamp(const Descriptor* descriptor) {
  return descriptor != nullptr &&
         descriptor->full_name() == "google.protobuf.Timestamp";
}

void ReadTimestamp(const Message& timestamp, int64_t* seconds, int32_t* nanos) {
  const Descriptor* descriptor = timestamp.GetDescriptor();
  const google::protobuf::Reflection* reflection = timestamp.GetReflection();
  // Timestamp declares `seconds` then `nanos`; index access avoids a lookup.
  *seconds = reflection->GetInt64(timestamp, descriptor->field(0));
  *nanos = reflection->GetInt32(timestamp, descriptor->field(1));
}

}  // namespace busan::query::internal
