// Bad input, generated from the services' descriptors: for every method of
// both services a valid request (the table below; a method without one
// fails the test), and from it one case per hostile value of each field it
// can carry (NUL and escape characters, 10 KB, "../", unknown enum values,
// INT_MIN), plus hostile filters, page tokens, page sizes and metadata.
// Each case gets its documented code with the field named, nothing is
// stored, the next valid call works, and a second pass over the whole
// table leaves the heap where the first one left it.
#include <malloc.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "busan/type/v1/field_behavior.pb.h"
#include "common/testing/raw_call.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/metrics_server.h"

namespace busan::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;
using google::protobuf::Reflection;
using google::protobuf::ServiceDescriptor;

constexpr char kCatalog[] = "busan.catalog.v1.CatalogService";
constexpr char kMetrics[] = "busan.metrics.v1.MetricsService";

// Resources every base request below relies on, created first. "victim"
// resources are what the Delete bases delete.
const std::vector<std::pair<std::string, std::string>>& Seeds() {
  static const auto* seeds = new std::vector<
      std::pair<std::string, std::string>>{
      {"CreatePlan", R"(plan_id: "p" plan { display_name: "Plan" })"},
      {"CreatePlan", R"(plan_id: "p2" plan { display_name: "Plan 2" })"},
      {"CreatePlan", R"(plan_id: "victim" plan { display_name: "V" })"},
      {"CreateStrategy",
       R"(strategy_id: "s" strategy { display_name: "S" plan: "plans/p" })"},
      {"CreateStrategy",
       R"(strategy_id: "victim" strategy { display_name: "V" plan: "plans/p" })"},
      {"CreateInitiative",
       R"(parent: "strategies/s" initiative_id: "i" initiative { display_name: "I" })"},
      {"CreateInitiative",
       R"(parent: "strategies/s" initiative_id: "victim" initiative { display_name: "V" })"},
      {"CreateProject",
       R"(project_id: "x" project { display_name: "X" strategy: "strategies/s" budget_krw: 100 })"},
      {"CreateProject",
       R"(project_id: "victim" project { display_name: "V" strategy: "strategies/s" })"},
      {"CreateRankingIndex",
       R"(index_id: "sci" index { display_name: "SCI" categories: "Finance" })"},
      {"CreateRankingIndex",
       R"(index_id: "victim" index { display_name: "V" })"},
      {"RecordRanking",
       R"(ranking { index: "indices/sci" edition: 1 city: "busan" rank: 3 })"},
      {"CreateMeetingSeries", R"(series_id: "m" series { display_name: "M" })"},
      {"CreateMeetingSeries",
       R"(series_id: "victim" series { display_name: "V" })"},
      {"RecordMeeting",
       R"(meeting { series: "meeting-series/m" first_number: 1 last_number: 1 date: "2024-01-05" })"},
      {"CreateFund",
       R"(fund_id: "f" fund { display_name: "F" target_krw: 1000 })"},
      {"CreateFund", R"(fund_id: "victim" fund { display_name: "V" })"},
      {"RecordFundFlow",
       R"(flow { fund: "funds/f" type: RAISED amount_krw: 10 })"},
  };
  return *seeds;
}

// One valid request per method, every field a case can be made of set.
const std::map<std::string, std::string>& Bases() {
  static const auto* bases = new std::map<std::string, std::string>{
      {"CreatePlan",
       R"(plan_id: "new-plan" request_id: "123e4567-e89b-12d3-a456-426614174000"
          plan { display_name: "New" display_name_ko: "새" description: "d"
                 published: "2024-05" declared_strategy_count: 1
                 declared_initiative_count: 1 declared_project_count: 1
                 declared_budget_krw: 1
                 declared_origin_counts { new_count: 1 upgraded_count: 1 expanded_count: 1 }
                 sources { title: "T" url: "https://example.org/a" published: "2024" } })"},
      {"GetPlan", R"(name: "plans/p")"},
      {"ListPlans",
       R"(page_size: 10 filter: "display_name = \"Plan\"" order_by: "display_name")"},
      {"UpdatePlan",
       R"(plan { name: "plans/p" display_name: "Plan" } update_mask { paths: "display_name" }
          request_id: "123e4567-e89b-12d3-a456-426614174001")"},
      {"DeletePlan",
       R"(name: "plans/victim" request_id: "123e4567-e89b-12d3-a456-426614174002")"},
      {"CreateStrategy",
       R"(strategy_id: "new-strategy" strategy { display_name: "New" plan: "plans/p"
          ordinal: 2 declared_project_count: 1 declared_budget_krw: 1 })"},
      {"GetStrategy", R"(name: "strategies/s")"},
      {"ListStrategies",
       R"(page_size: 10 filter: "plan = \"plans/p\"" order_by: "display_name")"},
      {"UpdateStrategy",
       R"(strategy { name: "strategies/s" display_name: "S" } update_mask { paths: "display_name" })"},
      {"DeleteStrategy", R"(name: "strategies/victim")"},
      {"CreateInitiative",
       R"(parent: "strategies/s" initiative_id: "new-initiative"
          initiative { display_name: "New" ordinal: 1 declared_project_count: 1
                       declared_budget_krw: 1 })"},
      {"GetInitiative", R"(name: "strategies/s/initiatives/i")"},
      {"ListInitiatives",
       R"(parent: "strategies/s" page_size: 10 order_by: "display_name")"},
      {"UpdateInitiative",
       R"(initiative { name: "strategies/s/initiatives/i" display_name: "I" }
          update_mask { paths: "display_name" })"},
      {"DeleteInitiative", R"(name: "strategies/s/initiatives/victim")"},
      {"CreateProject",
       R"(project_id: "new-project"
          project { display_name: "New" strategy: "strategies/s"
                    initiative: "strategies/s/initiatives/i" origin: NEW stage: PLANNED
                    budget_krw: 5 start_year: 2024 end_year: 2026 tags: "port"
                    location: "Busan" lead_agency: "City" })"},
      {"GetProject", R"(name: "projects/x")"},
      {"ListProjects",
       R"(page_size: 10 filter: "budget_krw > 1" order_by: "budget_krw desc")"},
      {"UpdateProject",
       R"(project { name: "projects/x" budget_krw: 200 } update_mask { paths: "budget_krw" })"},
      {"DeleteProject", R"(name: "projects/victim")"},
      {"BatchGetProjects", R"(names: "projects/x")"},
      {"RecordProjectStatus",
       R"(name: "projects/x" status { date: "2025-03" stage: IN_PROGRESS
          progress_basis_points: 2500 note: "On schedule"
          sources { title: "T" url: "https://example.org/a" published: "2025" } })"},
      {"WatchCatalog", R"(start_after_sequence: 1)"},
      {"ListPlanRevisions", R"(name: "plans/p" page_size: 5)"},
      {"ListStrategyRevisions",
       R"(name: "strategies/s" read_time { seconds: 4102444800 })"},
      {"ListInitiativeRevisions", R"(name: "strategies/s/initiatives/i")"},
      {"ListProjectRevisions", R"(name: "projects/x" page_size: 2)"},
      {"CreateRankingIndex",
       R"(index_id: "new-index" index { display_name: "New" publisher: "Z/Yen"
          categories: "Finance" })"},
      {"GetRankingIndex", R"(name: "indices/sci")"},
      {"ListRankingIndices", R"(page_size: 10 order_by: "display_name")"},
      {"UpdateRankingIndex",
       R"(index { name: "indices/sci" display_name: "SCI" } update_mask { paths: "display_name" })"},
      {"DeleteRankingIndex", R"(name: "indices/victim")"},
      {"RecordRanking",
       R"(ranking { index: "indices/sci" edition: 2 published: "2024-09" city: "busan"
          rank: 4 total_ranked: 10 region: "Asia" region_rank: 2
          category_ranks { key: "Finance" value: 3 } })"},
      {"ListRankings",
       R"(parent: "indices/sci" page_size: 10 filter: "edition >= 1")"},
      {"GetRankingTrend", R"(index: "indices/sci" city: "busan")"},
      {"CreateMeetingSeries",
       R"(series_id: "new-series" series { display_name: "New" started: "2022-10"
          policy_categories: "Jobs" })"},
      {"GetMeetingSeries", R"(name: "meeting-series/m")"},
      {"ListMeetingSeries", R"(page_size: 10 order_by: "display_name")"},
      {"UpdateMeetingSeries",
       R"(series { name: "meeting-series/m" display_name: "M" } update_mask { paths: "display_name" })"},
      {"DeleteMeetingSeries", R"(name: "meeting-series/victim")"},
      {"RecordMeeting",
       R"(meeting { series: "meeting-series/m" first_number: 2 last_number: 3
          date: "2024-02-01" period_start: "2024-01" period_end: "2024-02"
          participants: 10 policies_adopted: 2 policies_by_category { key: "Jobs" value: 2 }
          budget_secured_krw: 7 topics: "Jobs" description: "d" })"},
      {"ListMeetings", R"(parent: "meeting-series/m" page_size: 10)"},
      {"GetMeetingStats",
       R"(series: "meeting-series/m" start_date: "2024-01-01" end_date: "2024-12-31")"},
      {"CreateFund",
       R"(fund_id: "new-fund" fund { display_name: "New" manager: "City" target_krw: 9
          start_year: 2024 end_year: 2030
          milestones { description: "First close" amount_krw: 3 date: "2025" } })"},
      {"GetFund", R"(name: "funds/f")"},
      {"ListFunds", R"(page_size: 10 order_by: "display_name")"},
      {"UpdateFund",
       R"(fund { name: "funds/f" display_name: "F" } update_mask { paths: "display_name" })"},
      {"DeleteFund", R"(name: "funds/victim")"},
      {"RecordFundFlow",
       R"(flow { fund: "funds/f" type: COMMITTED amount_krw: 11 date: "2024-03"
          strategy: "strategies/s" project: "projects/x" note: "n" })"},
      {"ListFundFlows", R"(parent: "funds/f" page_size: 10)"},
      {"GetFundTotals", R"(fund: "funds/f")"},
      {"SummarizeFunds", R"(group_by: FUND)"},
  };
  return *bases;
}

std::vector<const MethodDescriptor*> AllMethods() {
  std::vector<const MethodDescriptor*> methods;
  for (const char* name : {kCatalog, kMetrics}) {
    const ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(service->method(i));
    }
  }
  return methods;
}

// One step from a message to a field of it; index -1 for a singular field.
struct Step {
  const FieldDescriptor* field;
  int index;
};
using FieldPath = std::vector<Step>;

// "project.sources[0].title"; the fields of a map entry are named by the
// map field ("ranking.category_ranks"), as the services name them.
std::string PathName(const FieldPath& path) {
  std::string name;
  for (const Step& step : path) {
    if (step.field->containing_type()->options().map_entry()) break;
    if (!name.empty()) name += ".";
    name += step.field->name();
    if (step.index >= 0 && !step.field->is_map()) {
      absl::StrAppend(&name, "[", step.index, "]");
    }
  }
  return name;
}

// The message the last step's field is in, walking from `root`; fields on
// the way are created.
Message* Owner(Message* root, const FieldPath& path) {
  Message* message = root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Reflection* reflection = message->GetReflection();
    message = path[i].index < 0
                  ? reflection->MutableMessage(message, path[i].field)
                  : reflection->MutableRepeatedMessage(message, path[i].field,
                                                       path[i].index);
  }
  return message;
}

bool IsOutputOnly(const FieldDescriptor* field) {
  return field->options().GetExtension(type::v1::output_only);
}

// Every scalar a client can set in `message` (as the base holds it:
// repeated fields by their present elements), excluding output-only fields
// (ignored on input, AIP-203) and the insides of well-known types.
void CollectScalars(const Message& message, FieldPath prefix,
                    std::vector<FieldPath>* out) {
  const Descriptor* type = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (IsOutputOnly(field)) continue;
    const int count =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int k = 0; k < count; ++k) {
      FieldPath path = prefix;
      path.push_back({field, field->is_repeated() ? k : -1});
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        out->push_back(path);
        continue;
      }
      if (absl::StartsWith(field->message_type()->full_name(),
                           "google.protobuf.")) {
        continue;
      }
      const Message& child =
          field->is_repeated()
              ? reflection->GetRepeatedMessage(message, field, k)
              : reflection->GetMessage(message, field);
      CollectScalars(child, path, out);
    }
  }
}

struct Case {
  std::string method;  // "/package.Service/Method"
  std::string label;
  std::string request;  // serialized
  grpc::StatusCode want;
  // Must appear in the error message (the field named).
  std::string field;
  // Or this, when the case put a field into an update mask that the
  // method does not update: the refusal names the mask entry instead.
  std::string mask_entry;
  std::vector<std::pair<std::string, std::string>> metadata;
};

// An update applies only the fields its mask names (AIP-134): a hostile
// value in any other field is ignored, rightly. So the field a case changes
// joins the mask.
void AddToMask(Message* request, const FieldPath& path) {
  const FieldDescriptor* mask_field =
      request->GetDescriptor()->FindFieldByName("update_mask");
  if (mask_field == nullptr || path.size() < 2) return;
  auto* mask = static_cast<google::protobuf::FieldMask*>(
      request->GetReflection()->MutableMessage(request, mask_field));
  const std::string& top = path[1].field->name();
  if (top == "name" || top == "etag") return;
  for (const std::string& existing : mask->paths()) {
    if (existing == top) return;
  }
  mask->add_paths(top);
}

// What a refusal of the mask entry AddToMask adds for `path` says, or ""
// when it adds none.
std::string MaskEntry(const Message& request, const FieldPath& path) {
  if (request.GetDescriptor()->FindFieldByName("update_mask") == nullptr ||
      path.size() < 2) {
    return "";
  }
  return absl::StrCat("update_mask: field \"", path[1].field->name(), "\"");
}

// Sets the scalar at `path` in a copy of `base`; the serialized result.
std::string WithValue(const Message& base, const FieldPath& path,
                      const std::function<void(Message*, const Step&)>& set) {
  std::unique_ptr<Message> copy(base.New());
  copy->CopyFrom(base);
  set(Owner(copy.get(), path), path.back());
  AddToMask(copy.get(), path);
  return copy->SerializeAsString();
}

// A create ignores the name inside the resource it is given (AIP-133: the
// service names it from the parent and the id), so no case is made of it.
bool IgnoredOnCreate(const MethodDescriptor* method, const FieldPath& path) {
  return absl::StartsWith(method->name(), "Create") && path.size() == 2 &&
         path[1].field->name() == "name";
}

void SetString(Message* owner, const Step& step, const std::string& value) {
  const Reflection* reflection = owner->GetReflection();
  if (step.index < 0) {
    reflection->SetString(owner, step.field, value);
  } else {
    reflection->SetRepeatedString(owner, step.field, step.index, value);
  }
}

std::string StringAt(const Message& base, const FieldPath& path) {
  std::unique_ptr<Message> copy(base.New());
  copy->CopyFrom(base);
  const Message* owner = Owner(copy.get(), path);
  const Step& step = path.back();
  return step.index < 0 ? owner->GetReflection()->GetString(*owner, step.field)
                        : owner->GetReflection()->GetRepeatedString(
                              *owner, step.field, step.index);
}

// Fields holding ids or resource names ("strategies/s", "meeting-series/m"),
// where "../" must be refused.
bool HoldsName(const FieldDescriptor* field, const std::string& value) {
  if (absl::EndsWith(field->name(), "_id") || field->name() == "name" ||
      field->name() == "names" || field->name() == "parent") {
    return true;
  }
  const size_t slash = value.find('/');
  return slash != std::string::npos && slash > 0 &&
         value.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == slash;
}

std::vector<Case> CasesFor(const MethodDescriptor* method,
                           const Message& base) {
  const std::string path =
      absl::StrCat("/", method->service()->full_name(), "/", method->name());
  std::vector<Case> cases;
  std::string mask_entry;
  auto add = [&](std::string label, std::string request, std::string field,
                 grpc::StatusCode want = grpc::StatusCode::INVALID_ARGUMENT) {
    cases.push_back({path,
                     std::move(label),
                     std::move(request),
                     want,
                     std::move(field),
                     mask_entry,
                     {}});
  };
  std::vector<FieldPath> scalars;
  CollectScalars(base, {}, &scalars);
  for (const FieldPath& field_path : scalars) {
    if (IgnoredOnCreate(method, field_path)) continue;
    const FieldDescriptor* field = field_path.back().field;
    const std::string name = PathName(field_path);
    mask_entry = MaskEntry(base, field_path);
    // Any etag but the stored one is stale (AIP-154): ABORTED, named.
    const grpc::StatusCode want = field->name() == "etag"
                                      ? grpc::StatusCode::ABORTED
                                      : grpc::StatusCode::INVALID_ARGUMENT;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string value = StringAt(base, field_path);
        const std::string hostile[] = {
            value.empty() ? std::string("a\0b", 3)
                          : value + std::string("\0", 1),
            "\x1b[2J" + value,
            std::string(10 * 1024, 'a'),
        };
        const char* labels[] = {"NUL", "escape sequence", "10 KB"};
        for (int i = 0; i < 3; ++i) {
          add(absl::StrCat(name, " with ", labels[i]),
              WithValue(base, field_path,
                        [&](Message* owner, const Step& step) {
                          SetString(owner, step, hostile[i]);
                        }),
              name, want);
        }
        if (HoldsName(field, value)) {
          add(name + " with ../",
              WithValue(base, field_path,
                        [&](Message* owner, const Step& step) {
                          SetString(owner, step, "../" + value);
                        }),
              name);
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM:
        add(name + " unknown enum value",
            WithValue(base, field_path,
                      [](Message* owner, const Step& step) {
                        owner->GetReflection()->SetEnumValue(owner, step.field,
                                                             9999);
                      }),
            name);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        add(name + " INT32_MIN",
            WithValue(base, field_path,
                      [](Message* owner, const Step& step) {
                        owner->GetReflection()->SetInt32(
                            owner, step.field,
                            std::numeric_limits<int32_t>::min());
                      }),
            name);
        if (field->name() == "page_size") {
          add("page_size -1",
              WithValue(base, field_path,
                        [](Message* owner, const Step& step) {
                          owner->GetReflection()->SetInt32(owner, step.field,
                                                           -1);
                        }),
              name);
          // Documented: larger sizes are clamped to 1000.
          add("page_size 10^9",
              WithValue(base, field_path,
                        [](Message* owner, const Step& step) {
                          owner->GetReflection()->SetInt32(owner, step.field,
                                                           1'000'000'000);
                        }),
              "", grpc::StatusCode::OK);
        }
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        add(name + " INT64_MIN",
            WithValue(base, field_path,
                      [](Message* owner, const Step& step) {
                        owner->GetReflection()->SetInt64(
                            owner, step.field,
                            std::numeric_limits<int64_t>::min());
                      }),
            name);
        break;
      default:
        break;
    }
    if (field->name() == "filter") {
      const std::string nested = std::string(1000, '(') +
                                 "display_name = \"x\"" +
                                 std::string(1000, ')');
      for (const auto& [label, filter] :
           std::vector<std::pair<std::string, std::string>>{
               {"unterminated quote", "display_name = \"x"},
               {"lone quote", "\""},
               {"64 KB literal",
                "display_name = \"" + std::string(64 * 1024, 'a') + "\""},
               {"1000 nested parentheses", nested},
               {"unknown field", "no_such_field = 1"},
           }) {
        add("filter " + label,
            WithValue(base, field_path,
                      [&, f = filter](Message* owner, const Step& step) {
                        SetString(owner, step, f);
                      }),
            "filter");
      }
    }
  }
  return cases;
}

class BadInputTest : public ::testing::Test {
 protected:
  BadInputTest()
      : catalog_channel_(grpc::CreateChannel(
            catalog_.address(), grpc::InsecureChannelCredentials())),
        metrics_channel_(grpc::CreateChannel(
            metrics_.address(), grpc::InsecureChannelCredentials())) {}

  const MethodDescriptor* Method(const std::string& name) {
    for (const MethodDescriptor* method : AllMethods()) {
      if (method->name() == name) return method;
    }
    ADD_FAILURE() << "no method " << name;
    return nullptr;
  }

  std::unique_ptr<Message> Parse(const MethodDescriptor* method,
                                 const std::string& text) {
    std::unique_ptr<Message> message(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->input_type())
            ->New());
    EXPECT_TRUE(
        google::protobuf::TextFormat::ParseFromString(text, message.get()))
        << method->name() << ": " << text;
    return message;
  }

  RawReply Call(
      const MethodDescriptor* method, const std::string& request,
      const std::vector<std::pair<std::string, std::string>>& metadata = {}) {
    const bool catalog = method->service()->full_name() == kCatalog;
    return RawCall(
        catalog ? catalog_channel_ : metrics_channel_,
        absl::StrCat("/", method->service()->full_name(), "/", method->name()),
        request, metadata);
  }

  // Metadata over the limit may make the server close the connection, so
  // a case with metadata gets a connection of its own (a local subchannel
  // pool: channels to one address otherwise share their connection).
  RawReply Call(
      const std::string& method_path, const std::string& request,
      const std::vector<std::pair<std::string, std::string>>& metadata) {
    const bool catalog =
        absl::StartsWith(method_path, absl::StrCat("/", kCatalog));
    if (!metadata.empty()) {
      grpc::ChannelArguments own_connection;
      own_connection.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      return RawCall(grpc::CreateCustomChannel(
                         catalog ? catalog_.address() : metrics_.address(),
                         grpc::InsecureChannelCredentials(), own_connection),
                     method_path, request, metadata);
    }
    return RawCall(catalog ? catalog_channel_ : metrics_channel_, method_path,
                   request);
  }

  void Seed() {
    for (const auto& [name, text] : Seeds()) {
      const MethodDescriptor* method = Method(name);
      ASSERT_NE(method, nullptr);
      RawReply reply = Call(method, Parse(method, text)->SerializeAsString());
      ASSERT_TRUE(reply.status.ok())
          << name << ": " << reply.status.error_message();
    }
  }

  // Everything the read methods return: equal before and after the
  // table, or something was stored.
  // The read methods whose answers differ between two fingerprints.
  static std::string Changed(const std::map<std::string, std::string>& before,
                             const std::map<std::string, std::string>& after) {
    std::string changed;
    for (const auto& [name, body] : before) {
      auto it = after.find(name);
      if (it == after.end() || it->second != body) {
        absl::StrAppend(&changed, changed.empty() ? "" : ", ", name);
      }
    }
    return changed;
  }

  std::map<std::string, std::string> Fingerprint() {
    std::map<std::string, std::string> all;
    for (const MethodDescriptor* method : AllMethods()) {
      const std::string& name = method->name();
      if (!absl::StartsWith(name, "Get") && !absl::StartsWith(name, "List") &&
          !absl::StartsWith(name, "Summarize") &&
          !absl::StartsWith(name, "BatchGet")) {
        continue;
      }
      std::string text = Bases().at(name);
      RawReply reply = Call(method, Parse(method, text)->SerializeAsString());
      EXPECT_TRUE(reply.status.ok())
          << name << ": " << reply.status.error_message();
      all[name] = reply.body;
    }
    return all;
  }

  // Every case of the table: generated ones and the explicit ones.
  std::vector<Case> Table() {
    std::vector<Case> table;
    for (const MethodDescriptor* method : AllMethods()) {
      auto base = Bases().find(method->name());
      if (base == Bases().end()) {
        ADD_FAILURE() << method->full_name()
                      << " has no base request in this table";
        continue;
      }
      std::vector<Case> cases = CasesFor(method, *Parse(method, base->second));
      table.insert(table.end(), cases.begin(), cases.end());
    }
    // Page tokens: malformed, tampered with, and from another collection.
    const MethodDescriptor* list_plans = Method("ListPlans");
    const MethodDescriptor* list_projects = Method("ListProjects");
    RawReply first = Call(
        list_plans, Parse(list_plans, "page_size: 1")->SerializeAsString());
    catalog::v1::ListPlansResponse page;
    EXPECT_TRUE(first.status.ok() && page.ParseFromString(first.body) &&
                !page.next_page_token().empty());
    std::string tampered = page.next_page_token();
    tampered[tampered.size() / 2] ^= 0x01;
    auto token_case = [&](const MethodDescriptor* method, std::string label,
                          std::string token) {
      catalog::v1::ListPlansRequest request;  // page_token is field 2 in both
      request.set_page_size(1);
      request.set_page_token(std::move(token));
      table.push_back({absl::StrCat("/", method->service()->full_name(), "/",
                                    method->name()),
                       method->name() + " page_token " + label,
                       request.SerializeAsString(),
                       grpc::StatusCode::INVALID_ARGUMENT,
                       "page_token",
                       "",
                       {}});
    };
    token_case(list_plans, "malformed", "!!!not-a-token");
    token_case(list_plans, "tampered", tampered);
    token_case(list_projects, "from ListPlans", page.next_page_token());
    // Metadata past gRPC's limit is refused before any handler runs.
    table.push_back({"/busan.catalog.v1.CatalogService/CreatePlan",
                     "64 KB of metadata",
                     Parse(Method("CreatePlan"), Bases().at("CreatePlan"))
                         ->SerializeAsString(),
                     grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "",
                     "",
                     {{"x-filler", std::string(64 * 1024, 'a')}}});
    return table;
  }

  // Runs every case; returns how many were run.
  int RunTable(const std::vector<Case>& table) {
    const MethodDescriptor* get_plan = Method("GetPlan");
    const std::string probe =
        Parse(get_plan, Bases().at("GetPlan"))->SerializeAsString();
    int run = 0;
    for (const Case& c : table) {
      RawReply reply = Call(c.method, c.request, c.metadata);
      ++run;
      const std::string& message = reply.status.error_message();
      const bool named =
          c.field.empty() || absl::StrContains(message, c.field) ||
          (!c.mask_entry.empty() && absl::StrContains(message, c.mask_entry));
      if (reply.status.error_code() != c.want || !named) {
        ADD_FAILURE() << c.method << " " << c.label << ": got code "
                      << reply.status.error_code() << ", want " << c.want
                      << (named ? "" : " naming " + c.field) << ": "
                      << absl::CHexEscape(message.substr(0, 200));
      }
      RawReply next = Call(get_plan, probe);
      EXPECT_TRUE(next.status.ok())
          << "after " << c.label << ": " << next.status.error_message();
    }
    return run;
  }

  CatalogServer catalog_;
  MetricsServer metrics_;
  std::shared_ptr<grpc::Channel> catalog_channel_;
  std::shared_ptr<grpc::Channel> metrics_channel_;
};

TEST_F(BadInputTest, EveryMethodHasABaseRequestAndEveryBaseIsValid) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  for (const MethodDescriptor* method : AllMethods()) {
    EXPECT_TRUE(Bases().count(method->name()) > 0)
        << method->full_name() << " has no base request in this table";
  }
  EXPECT_EQ(Bases().size(), AllMethods().size());
  // Reads first, then writes: each base is a request the service accepts.
  for (bool writes : {false, true}) {
    for (const MethodDescriptor* method : AllMethods()) {
      if (method->server_streaming()) continue;  // a watch stays open
      const bool read = absl::StartsWith(method->name(), "Get") ||
                        absl::StartsWith(method->name(), "List") ||
                        absl::StartsWith(method->name(), "BatchGet") ||
                        absl::StartsWith(method->name(), "Summarize");
      if (read == writes) continue;
      RawReply reply =
          Call(method,
               Parse(method, Bases().at(method->name()))->SerializeAsString());
      EXPECT_TRUE(reply.status.ok())
          << method->name() << ": " << reply.status.error_message();
    }
  }
}

TEST_F(BadInputTest, EveryCaseIsRefusedChangesNothingAndLeaksNothing) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::vector<Case> table = Table();
  const std::map<std::string, std::string> before = Fingerprint();
  const int first = RunTable(table);
  EXPECT_EQ(Changed(before, Fingerprint()), "")
      << "refused calls changed what these read methods return";
  const size_t heap_after_first = mallinfo2().uordblks;
  RunTable(table);
  const size_t heap_after_second = mallinfo2().uordblks;
  EXPECT_EQ(Changed(before, Fingerprint()), "");
  // The first pass warms caches; a second identical pass must not grow the
  // heap by more than noise. (Under AddressSanitizer mallinfo2 reports 0;
  // LeakSanitizer checks at exit there instead.)
  EXPECT_LT(static_cast<int64_t>(heap_after_second) -
                static_cast<int64_t>(heap_after_first),
            int64_t{4} << 20)
      << "the heap grew from " << heap_after_first << " to "
      << heap_after_second << " bytes over the second pass";
  EXPECT_GE(first, 40);
  printf(
      "%d bad-input cases over %zu methods; heap %zu -> %zu bytes over a "
      "second pass\n",
      first, AllMethods().size(), heap_after_first, heap_after_second);
}

}  // namespace
}  // namespace busan::testing
