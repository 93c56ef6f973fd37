#include "client/input_fields.h"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace busan::client {

using ::google::protobuf::FieldDescriptor;

google::protobuf::FieldMask InputFieldMask(
    const google::protobuf::Descriptor& descriptor) {
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor* field = descriptor.field(i);
    if (field->name() == "name" || resource::IsOutputOnly(*field)) continue;
    fields.push_back(field);
  }
  std::sort(fields.begin(), fields.end(),
            [](const FieldDescriptor* a, const FieldDescriptor* b) {
              return a->number() < b->number();
            });
  google::protobuf::FieldMask mask;
  for (const FieldDescriptor* field : fields) mask.add_paths(field->name());
  return mask;
}

bool InputFieldsDiffer(const google::protobuf::Message& stored,
                       const google::protobuf::Message& wanted) {
  std::unique_ptr<google::protobuf::Message> a(stored.New());
  std::unique_ptr<google::protobuf::Message> b(wanted.New());
  a->CopyFrom(stored);
  b->CopyFrom(wanted);
  resource::ClearOutputOnlyFields(a.get());
  resource::ClearOutputOnlyFields(b.get());
  return !google::protobuf::util::MessageDifferencer::Equals(*a, *b);
}

std::vector<std::string> DifferingInputFields(
    const google::protobuf::Message& stored,
    const google::protobuf::Message& wanted) {
  const auto* descriptor = wanted.GetDescriptor();
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    if (!resource::IsOutputOnly(*descriptor->field(i))) {
      fields.push_back(descriptor->field(i));
    }
  }
  std::sort(fields.begin(), fields.end(),
            [](const FieldDescriptor* a, const FieldDescriptor* b) {
              return a->number() < b->number();
            });
  // Compares copies that keep only one field at a time.
  const auto only = [](const google::protobuf::Message& message,
                       const FieldDescriptor* keep) {
    std::unique_ptr<google::protobuf::Message> copy(message.New());
    copy->CopyFrom(message);
    copy->DiscardUnknownFields();
    const auto* reflection = copy->GetReflection();
    for (int i = 0; i < copy->GetDescriptor()->field_count(); ++i) {
      const FieldDescriptor* field = copy->GetDescriptor()->field(i);
      if (field != keep) reflection->ClearField(copy.get(), field);
    }
    return copy;
  };
  std::vector<std::string> differing;
  for (const FieldDescriptor* field : fields) {
    if (!google::protobuf::util::MessageDifferencer::Equals(
            *only(stored, field), *only(wanted, field))) {
      differing.push_back(field->name());
    }
  }
  return differing;
}

}  // namespace busan::client
