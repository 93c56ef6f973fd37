#include "busanctl/resource_fields.h"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace busan::ctl {
namespace {

using ::google::protobuf::FieldDescriptor;

// Output-only fields every resource has.
constexpr absl::string_view kCommonOutputOnly[] = {"create_time", "update_time",
                                                   "etag"};

// Output-only fields particular to one type: the derived figures of the
// catalog (the proto comments mark them "Output only, derived") and the
// server-assigned names of metrics events.
struct DerivedFields {
  absl::string_view message;
  std::vector<absl::string_view> fields;
};
const std::vector<DerivedFields>& Derived() {
  static const auto* derived = new std::vector<DerivedFields>{
      {"busan.catalog.v1.Plan",
       {"strategy_count", "initiative_count", "project_count",
        "total_budget_krw", "unbudgeted_project_count", "origin_counts"}},
      {"busan.catalog.v1.Strategy",
       {"initiative_count", "project_count", "total_budget_krw",
        "unbudgeted_project_count", "origin_counts"}},
      {"busan.catalog.v1.Initiative",
       {"project_count", "total_budget_krw", "unbudgeted_project_count",
        "origin_counts"}},
      // Metrics events are named by the server ("Name (output only)").
      {"busan.metrics.v1.Ranking", {"name"}},
      {"busan.metrics.v1.Meeting", {"name"}},
      {"busan.metrics.v1.FundFlow", {"name"}},
  };
  return *derived;
}

}  // namespace

bool IsOutputOnlyField(const FieldDescriptor& field) {
  const absl::string_view name = field.name();
  for (absl::string_view common : kCommonOutputOnly) {
    if (name == common) return true;
  }
  const absl::string_view type = field.containing_type()->full_name();
  for (const DerivedFields& entry : Derived()) {
    if (entry.message != type) continue;
    return std::find(entry.fields.begin(), entry.fields.end(), name) !=
           entry.fields.end();
  }
  return false;
}

void ClearOutputOnlyFields(google::protobuf::Message* message) {
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (IsOutputOnlyField(*field)) reflection->ClearField(message, field);
  }
}

google::protobuf::FieldMask InputFieldMask(
    const google::protobuf::Descriptor& descriptor) {
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor* field = descriptor.field(i);
    if (field->name() == "name" || IsOutputOnlyField(*field)) continue;
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
  ClearOutputOnlyFields(a.get());
  ClearOutputOnlyFields(b.get());
  return !google::protobuf::util::MessageDifferencer::Equals(*a, *b);
}

std::vector<std::string> DifferingInputFields(
    const google::protobuf::Message& stored,
    const google::protobuf::Message& wanted) {
  const auto* descriptor = wanted.GetDescriptor();
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    if (!IsOutputOnlyField(*descriptor->field(i))) {
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

}  // namespace busan::ctl
