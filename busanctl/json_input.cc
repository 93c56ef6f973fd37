#include "busanctl/json_input.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/input_fields.h"

namespace busan::ctl {
namespace {

using ::google::protobuf::FieldDescriptor;

absl::Status JsonError(const google::protobuf::util::Status& status) {
  return absl::InvalidArgumentError(
      absl::StrCat("--json: ", std::string(status.message())));
}

// The field whose JSON name (lowerCamelCase) or .proto name is `key`, as
// JsonStringToMessage accepts both.
const FieldDescriptor* FindField(const google::protobuf::Descriptor& descriptor,
                                 const std::string& key) {
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor* field = descriptor.field(i);
    if (field->json_name() == key || field->name() == key) return field;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<std::string> ReadJsonArgument(const std::string& value) {
  if (value.empty() || value[0] != '@') return value;
  const std::string path = value.substr(1);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat("--json: cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

absl::Status ParseJsonMessage(absl::string_view json,
                              google::protobuf::Message* message) {
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message);
  return status.ok() ? absl::OkStatus() : JsonError(status);
}

absl::StatusOr<google::protobuf::FieldMask> MaskFromJsonKeys(
    absl::string_view json, const google::protobuf::Descriptor& descriptor) {
  // google.protobuf.Struct's JSON mapping is "any JSON object", which gives
  // the top-level keys without a separate JSON library.
  google::protobuf::Struct object;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &object);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--json: expected a JSON object: ", std::string(status.message())));
  }
  std::vector<const FieldDescriptor*> fields;
  for (const auto& [key, unused] : object.fields()) {
    const FieldDescriptor* field = FindField(descriptor, key);
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--json: ", descriptor.name(), " has no field \"", key, "\""));
    }
    if (field->name() == "name" || field->name() == "etag" ||
        resource::IsOutputOnly(*field)) {
      continue;
    }
    fields.push_back(field);
  }
  std::sort(fields.begin(), fields.end(),
            [](const FieldDescriptor* a, const FieldDescriptor* b) {
              return a->number() < b->number();
            });
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  google::protobuf::FieldMask mask;
  for (const FieldDescriptor* field : fields) mask.add_paths(field->name());
  return mask;
}

google::protobuf::FieldMask ParseMaskFlag(absl::string_view value) {
  google::protobuf::FieldMask mask;
  for (absl::string_view path : absl::StrSplit(value, ',')) {
    path = absl::StripAsciiWhitespace(path);
    if (!path.empty()) mask.add_paths(std::string(path));
  }
  return mask;
}

}  // namespace busan::ctl
