#include "client/revision_diff.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"

namespace busan::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::TextFormat;

bool IsBookkeeping(const FieldDescriptor& field) {
  static const std::set<std::string> kNames = {"name", "etag", "create_time",
                                               "update_time"};
  return kNames.count(field.name()) > 0;
}

// One value in text format, on one line.
std::string ValueText(const Message& message, const FieldDescriptor& field,
                      int index) {
  TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  std::string text;
  printer.PrintFieldValueToString(message, &field, index, &text);
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    // "{ a: 1 }" reads better than the bare "a: 1 " single-line mode gives.
    while (!text.empty() && text.back() == ' ') text.pop_back();
    text = absl::StrCat("{", text, "}");
  }
  return text;
}

bool IsSet(const Message& message, const FieldDescriptor& field) {
  const Reflection* reflection = message.GetReflection();
  if (field.is_repeated()) return reflection->FieldSize(message, &field) > 0;
  return reflection->HasField(message, &field);
}

std::string FieldText(const Message& message, const FieldDescriptor& field) {
  // A field without presence has its default (STAGE_UNSPECIFIED, "", 0)
  // rather than being absent.
  if (!field.is_repeated() && !field.has_presence()) {
    return ValueText(message, field, -1);
  }
  if (!IsSet(message, field)) return "(absent)";
  if (!field.is_repeated()) return ValueText(message, field, -1);
  std::vector<std::string> values;
  const int size = message.GetReflection()->FieldSize(message, &field);
  for (int i = 0; i < size; ++i) values.push_back(ValueText(message, field, i));
  return absl::StrCat("[", absl::StrJoin(values, ", "), "]");
}

}  // namespace

std::vector<FieldChange> DiffFields(const Message* before,
                                    const Message& after) {
  std::vector<FieldChange> changes;
  const google::protobuf::Descriptor* type = after.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor& field = *type->field(i);
    if (IsBookkeeping(field)) continue;
    if (before == nullptr) {
      if (IsSet(after, field)) {
        changes.push_back({field.name(), "(absent)", FieldText(after, field)});
      }
      continue;
    }
    std::string old_text = FieldText(*before, field);
    std::string new_text = FieldText(after, field);
    if (old_text != new_text) {
      changes.push_back(
          {field.name(), std::move(old_text), std::move(new_text)});
    }
  }
  return changes;
}

}  // namespace busan::client
