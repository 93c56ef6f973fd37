#include "common/resource/resource_fields.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busan/type/v1/field_behavior.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace busan::resource {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool IsOutputOnly(const FieldDescriptor& field) {
  return field.options().GetExtension(type::v1::output_only);
}

void ClearOutputOnlyFields(Message* record) {
  const Descriptor* type = record->GetDescriptor();
  const google::protobuf::Reflection* reflection = record->GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    if (IsOutputOnly(*type->field(i))) {
      reflection->ClearField(record, type->field(i));
    }
  }
}

void StampWrite(Message* record, absl::Time now, const std::string& etag,
                bool created) {
  const Descriptor* type = record->GetDescriptor();
  const google::protobuf::Reflection* reflection = record->GetReflection();
  const google::protobuf::Timestamp stamp =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
          absl::ToUnixNanos(now));
  if (const FieldDescriptor* field = type->FindFieldByName("create_time");
      field != nullptr && created) {
    reflection->MutableMessage(record, field)->CopyFrom(stamp);
  }
  if (const FieldDescriptor* field = type->FindFieldByName("update_time")) {
    reflection->MutableMessage(record, field)->CopyFrom(stamp);
  }
  if (const FieldDescriptor* field = type->FindFieldByName("etag")) {
    reflection->SetString(record, field, etag);
  }
}

absl::Status CheckEtag(absl::string_view field, absl::string_view given,
                       absl::string_view stored, absl::string_view name) {
  if (given.empty() || given == stored) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(field, ": \"", given, "\" is stale; ",
                                         name, " is now at etag \"", stored,
                                         "\"; read it again and retry"));
}

void ClearFields(Message* record, const std::vector<std::string>& names) {
  const Descriptor* type = record->GetDescriptor();
  for (const std::string& name : names) {
    if (const FieldDescriptor* field = type->FindFieldByName(name)) {
      record->GetReflection()->ClearField(record, field);
    }
  }
}

absl::Status ApplyUpdateMask(const Message& from,
                             const google::protobuf::FieldMask& mask,
                             const std::vector<std::string>& allowed,
                             Message* to) {
  const Descriptor* type = from.GetDescriptor();
  std::vector<std::string> paths(mask.paths().begin(), mask.paths().end());
  if (paths.empty() || (paths.size() == 1 && paths[0] == "*")) paths = allowed;
  const google::protobuf::Reflection* reflection = from.GetReflection();
  for (const std::string& path : paths) {
    if (std::find(allowed.begin(), allowed.end(), path) == allowed.end()) {
      const bool known = type->FindFieldByName(path) != nullptr;
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: ", known ? "field \"" : "unknown field \"", path,
          known ? "\" cannot be updated; updatable fields: "
                : "\"; updatable fields: ",
          absl::StrJoin(allowed, ", ")));
    }
    const FieldDescriptor* field = type->FindFieldByName(path);
    reflection->ClearField(to, field);
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(from, field); ++i) {
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          reflection->AddMessage(to, field)->CopyFrom(
              reflection->GetRepeatedMessage(from, field, i));
        } else {
          reflection->AddString(to, field,
                                reflection->GetRepeatedString(from, field, i));
        }
      }
      continue;
    }
    if (field->has_presence() && !reflection->HasField(from, field)) continue;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        reflection->MutableMessage(to, field)->CopyFrom(
            reflection->GetMessage(from, field));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(to, field, reflection->GetString(from, field));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        reflection->SetInt64(to, field, reflection->GetInt64(from, field));
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        reflection->SetInt32(to, field, reflection->GetInt32(from, field));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        reflection->SetBool(to, field, reflection->GetBool(from, field));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        reflection->SetEnumValue(to, field,
                                 reflection->GetEnumValue(from, field));
        break;
      default:
        return absl::InternalError(absl::StrCat("unhandled field ", path));
    }
  }
  return absl::OkStatus();
}

}  // namespace busan::resource
