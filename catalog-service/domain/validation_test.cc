// Unit tests of the stateless catalog checks: ValidatePlan/Strategy/
// Initiative/Project as one table of invalid and valid records,
// ApplyUpdateMask and ClearOutputOnly.
#include "catalog-service/domain/validation.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/resource/resource_fields.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::google::protobuf::FieldMask;
using ::google::protobuf::Message;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

enum class Kind { kPlan, kStrategy, kInitiative, kProject };

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kPlan:
      return "plan";
    case Kind::kStrategy:
      return "strategy";
    case Kind::kInitiative:
      return "initiative";
    case Kind::kProject:
      return "project";
  }
  return "?";
}

std::string Repeat(const std::string& unit, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += unit;
  return out;
}

void AddSource(google::protobuf::RepeatedPtrField<type::v1::Source>* sources,
               const std::string& title) {
  type::v1::Source* source = sources->Add();
  source->set_title(title);
  source->set_url("https://www.busan.go.kr/news/2025-growth-strategy");
  source->set_published("2025-11-10");
}

// Valid records of each kind, with every optional figure set so that every
// field is exercised by the table below.
v1::Plan BasePlan() {
  v1::Plan plan;
  plan.set_name("plans/economic-growth-innovation-2025");
  plan.set_display_name("Economic Growth Innovation Strategy 2025");
  plan.set_display_name_ko("경제성장 혁신전략 2025");
  plan.set_description("부산의 성장 전략. The city's growth programme.");
  plan.set_published("2025-11");
  plan.set_declared_strategy_count(5);
  plan.set_declared_initiative_count(15);
  plan.set_declared_project_count(100);
  plan.set_declared_budget_krw(10'000'000'000'000);
  plan.mutable_declared_origin_counts()->set_new_count(40);
  plan.mutable_declared_origin_counts()->set_upgraded_count(30);
  plan.mutable_declared_origin_counts()->set_expanded_count(30);
  AddSource(plan.mutable_sources(), "Busan growth strategy announcement");
  return plan;
}

v1::Strategy BaseStrategy() {
  v1::Strategy strategy;
  strategy.set_name("strategies/marine-future-tech");
  strategy.set_display_name("Marine future technology");
  strategy.set_display_name_ko("해양 미래기술");
  strategy.set_description("Ports, shipping and marine AX.");
  strategy.set_plan("plans/economic-growth-innovation-2025");
  strategy.set_ordinal(1);
  strategy.set_declared_project_count(20);
  strategy.set_declared_budget_krw(2'000'000'000'000);
  AddSource(strategy.mutable_sources(), "Strategy one");
  return strategy;
}

v1::Initiative BaseInitiative() {
  v1::Initiative initiative;
  initiative.set_name("strategies/marine-future-tech/initiatives/smart-port");
  initiative.set_display_name("Smart port");
  initiative.set_display_name_ko("스마트 항만");
  initiative.set_description("Automation of the port.");
  initiative.set_ordinal(2);
  initiative.set_declared_project_count(4);
  initiative.set_declared_budget_krw(500'000'000'000);
  AddSource(initiative.mutable_sources(), "Initiative two");
  return initiative;
}

v1::Project BaseProject() {
  v1::Project project;
  project.set_name("projects/marine-port-ax-center");
  project.set_display_name("Marine port AX center");
  project.set_display_name_ko("해양항만 AX 센터");
  project.set_description("An AI transformation hub for the port.");
  project.set_strategy("strategies/marine-future-tech");
  project.set_initiative(
      "strategies/marine-future-tech/initiatives/smart-port");
  project.set_origin(v1::Project::NEW);
  project.set_stage(v1::Project::PLANNED);
  project.set_budget_krw(120'000'000'000);
  project.set_start_year(2026);
  project.set_end_year(2030);
  project.add_tags("ai");
  project.add_tags("항만");
  project.set_location("Busan New Port, Gangseo-gu");
  project.set_lead_agency("Busan Metropolitan City");
  project.set_national_alignment(true);
  AddSource(project.mutable_sources(), "Project list");
  return project;
}

std::unique_ptr<Message> Base(Kind kind) {
  switch (kind) {
    case Kind::kPlan:
      return std::make_unique<v1::Plan>(BasePlan());
    case Kind::kStrategy:
      return std::make_unique<v1::Strategy>(BaseStrategy());
    case Kind::kInitiative:
      return std::make_unique<v1::Initiative>(BaseInitiative());
    case Kind::kProject:
      return std::make_unique<v1::Project>(BaseProject());
  }
  return nullptr;
}

absl::Status Validate(Kind kind, const Message& record) {
  switch (kind) {
    case Kind::kPlan:
      return ValidatePlan(static_cast<const v1::Plan&>(record));
    case Kind::kStrategy:
      return ValidateStrategy(static_cast<const v1::Strategy&>(record));
    case Kind::kInitiative:
      return ValidateInitiative(static_cast<const v1::Initiative&>(record));
    case Kind::kProject:
      return ValidateProject(static_cast<const v1::Project&>(record));
  }
  return absl::InternalError("unknown kind");
}

using Mutation = std::function<void(Message&)>;

// A mutation written against the concrete type.
template <typename T>
Mutation On(std::function<void(T&)> mutate) {
  return [mutate](Message& record) { mutate(static_cast<T&>(record)); };
}

Mutation SetString(const std::string& field, const std::string& value) {
  return [field, value](Message& record) {
    const google::protobuf::FieldDescriptor* descriptor =
        record.GetDescriptor()->FindFieldByName(field);
    ASSERT_NE(descriptor, nullptr) << field;
    record.GetReflection()->SetString(&record, descriptor, value);
  };
}

// The sources of any catalog record.
google::protobuf::RepeatedPtrField<type::v1::Source>* SourcesOf(
    Message& record) {
  if (auto* plan = dynamic_cast<v1::Plan*>(&record)) {
    return plan->mutable_sources();
  }
  if (auto* strategy = dynamic_cast<v1::Strategy*>(&record)) {
    return strategy->mutable_sources();
  }
  if (auto* initiative = dynamic_cast<v1::Initiative*>(&record)) {
    return initiative->mutable_sources();
  }
  return static_cast<v1::Project&>(record).mutable_sources();
}

Mutation EditSources(
    std::function<void(google::protobuf::RepeatedPtrField<type::v1::Source>*)>
        edit) {
  return [edit](Message& record) { edit(SourcesOf(record)); };
}

// ---------------------------------------------------------------------------
// Invalid records: every case is INVALID_ARGUMENT naming `path` first.

struct InvalidCase {
  std::string label;
  Kind kind;
  Mutation mutate;
  std::string path;
};

std::ostream& operator<<(std::ostream& os, const InvalidCase& c) {
  return os << c.label;
}

// Cases shared by every free-text field: invalid UTF-8 in three shapes, one
// character too many (ASCII and Korean), and, when required, empty/blank.
void AddTextCases(std::vector<InvalidCase>* cases, Kind kind,
                  const std::string& field, size_t max_chars, bool required,
                  const std::string& label) {
  const std::string path = absl::StrCat(KindName(kind), ".", field);
  const std::string prefix = absl::StrCat(KindName(kind), "_", label, "_");
  if (required) {
    cases->push_back({prefix + "Empty", kind, SetString(field, ""), path});
    cases->push_back({prefix + "Blank", kind, SetString(field, " \t "), path});
  }
  cases->push_back({prefix + "TooLongAscii", kind,
                    SetString(field, std::string(max_chars + 1, 'x')), path});
  cases->push_back({prefix + "TooLongKorean", kind,
                    SetString(field, Repeat("부", max_chars + 1)), path});
  cases->push_back(
      {prefix + "Utf8ByteFf", kind, SetString(field, "Busan \xff"), path});
  cases->push_back({prefix + "Utf8Truncated", kind,
                    SetString(field, "Busan \xea\xb0"), path});
  cases->push_back({prefix + "Utf8TruncatedMidText", kind,
                    SetString(field, "\xea\xb0 Busan"), path});
  cases->push_back(
      {prefix + "Utf8Overlong", kind, SetString(field, "\xc0\xaf"), path});
  cases->push_back({prefix + "Utf8OverlongThreeByte", kind,
                    SetString(field, "\xe0\x80\xaf"), path});
  cases->push_back(
      {prefix + "Utf8Surrogate", kind, SetString(field, "\xed\xa0\x80"), path});
}

void AddSourceCases(std::vector<InvalidCase>* cases, Kind kind) {
  const std::string path = absl::StrCat(KindName(kind), ".sources");
  const std::string prefix = absl::StrCat(KindName(kind), "_Sources_");
  cases->push_back({prefix + "MissingTitle", kind,
                    EditSources([](auto* s) { s->Mutable(0)->clear_title(); }),
                    path + "[0].title"});
  cases->push_back({prefix + "BlankTitle", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_title("  ");
                    }),
                    path + "[0].title"});
  cases->push_back({prefix + "TitleTooLong", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_title(std::string(501, 't'));
                    }),
                    path + "[0].title"});
  cases->push_back({prefix + "TitleInvalidUtf8", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_title("t\xff");
                    }),
                    path + "[0].title"});
  cases->push_back({prefix + "FtpUrl", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_url("ftp://ftp.busan.go.kr/plan.pdf");
                    }),
                    path + "[0].url"});
  cases->push_back({prefix + "RelativeUrl", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_url("www.busan.go.kr");
                    }),
                    path + "[0].url"});
  cases->push_back({prefix + "BadDateMonth", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_published("2025-13-01");
                    }),
                    path + "[0].published"});
  cases->push_back({prefix + "BadDateDay", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_published("2025-02-29");
                    }),
                    path + "[0].published"});
  cases->push_back({prefix + "BadDateFormat", kind, EditSources([](auto* s) {
                      s->Mutable(0)->set_published("10/11/2025");
                    }),
                    path + "[0].published"});
  cases->push_back({prefix + "SecondSourceBad", kind, EditSources([](auto* s) {
                      s->Add()->set_url("https://example.org");
                    }),
                    path + "[1].title"});
  cases->push_back({prefix + "TooMany", kind, EditSources([](auto* s) {
                      while (s->size() < 21) AddSource(s, "more");
                    }),
                    path});
}

void AddNamedResourceCases(std::vector<InvalidCase>* cases, Kind kind) {
  AddTextCases(cases, kind, "display_name", 300, true, "DisplayName");
  AddTextCases(cases, kind, "display_name_ko", 300, false, "DisplayNameKo");
  AddTextCases(cases, kind, "description", 10000, false, "Description");
  AddSourceCases(cases, kind);
}

std::vector<InvalidCase> InvalidCases() {
  std::vector<InvalidCase> cases;
  for (Kind kind :
       {Kind::kPlan, Kind::kStrategy, Kind::kInitiative, Kind::kProject}) {
    AddNamedResourceCases(&cases, kind);
  }

  // Plan.
  const Kind plan = Kind::kPlan;
  for (const char* bad : {"25", "2025-13", "2025-02-30", "2025/11",
                          "2025-11-10T09:00", "1899", "2201", "abcd"}) {
    cases.push_back({absl::StrCat("plan_Published_", cases.size()), plan,
                     SetString("published", bad), "plan.published"});
  }
  cases.push_back(
      {"plan_DeclaredStrategyCountNegative", plan,
       On<v1::Plan>([](auto& p) { p.set_declared_strategy_count(-1); }),
       "plan.declared_strategy_count"});
  cases.push_back(
      {"plan_DeclaredInitiativeCountNegative", plan,
       On<v1::Plan>([](auto& p) { p.set_declared_initiative_count(-1); }),
       "plan.declared_initiative_count"});
  cases.push_back(
      {"plan_DeclaredProjectCountNegative", plan,
       On<v1::Plan>([](auto& p) { p.set_declared_project_count(-1); }),
       "plan.declared_project_count"});
  cases.push_back(
      {"plan_DeclaredBudgetNegative", plan, On<v1::Plan>([](auto& p) {
         p.set_declared_budget_krw(std::numeric_limits<int64_t>::min());
       }),
       "plan.declared_budget_krw"});
  cases.push_back({"plan_DeclaredNewCountNegative", plan,
                   On<v1::Plan>([](auto& p) {
                     p.mutable_declared_origin_counts()->set_new_count(-1);
                   }),
                   "plan.declared_origin_counts.new_count"});
  cases.push_back({"plan_DeclaredUpgradedCountNegative", plan,
                   On<v1::Plan>([](auto& p) {
                     p.mutable_declared_origin_counts()->set_upgraded_count(-2);
                   }),
                   "plan.declared_origin_counts.upgraded_count"});
  cases.push_back({"plan_DeclaredExpandedCountNegative", plan,
                   On<v1::Plan>([](auto& p) {
                     p.mutable_declared_origin_counts()->set_expanded_count(-3);
                   }),
                   "plan.declared_origin_counts.expanded_count"});
  cases.push_back(
      {"plan_DeclaredUnspecifiedCountNegative", plan, On<v1::Plan>([](auto& p) {
         p.mutable_declared_origin_counts()->set_unspecified_count(-4);
       }),
       "plan.declared_origin_counts.unspecified_count"});

  // Strategy and initiative share ordinal and declared figures.
  cases.push_back({"strategy_OrdinalNegative", Kind::kStrategy,
                   On<v1::Strategy>([](auto& s) { s.set_ordinal(-1); }),
                   "strategy.ordinal"});
  cases.push_back(
      {"strategy_DeclaredProjectCountNegative", Kind::kStrategy,
       On<v1::Strategy>([](auto& s) { s.set_declared_project_count(-1); }),
       "strategy.declared_project_count"});
  cases.push_back(
      {"strategy_DeclaredBudgetNegative", Kind::kStrategy,
       On<v1::Strategy>([](auto& s) { s.set_declared_budget_krw(-1); }),
       "strategy.declared_budget_krw"});
  cases.push_back({"initiative_OrdinalNegative", Kind::kInitiative,
                   On<v1::Initiative>([](auto& s) { s.set_ordinal(-7); }),
                   "initiative.ordinal"});
  cases.push_back(
      {"initiative_DeclaredProjectCountNegative", Kind::kInitiative,
       On<v1::Initiative>([](auto& s) { s.set_declared_project_count(-1); }),
       "initiative.declared_project_count"});
  cases.push_back(
      {"initiative_DeclaredBudgetNegative", Kind::kInitiative,
       On<v1::Initiative>([](auto& s) { s.set_declared_budget_krw(-1); }),
       "initiative.declared_budget_krw"});

  // Project.
  const Kind project = Kind::kProject;
  using P = v1::Project;
  cases.push_back({"project_OriginUnknown", project, On<P>([](auto& p) {
                     p.set_origin(static_cast<P::Origin>(9));
                   }),
                   "project.origin"});
  cases.push_back({"project_OriginNegative", project, On<P>([](auto& p) {
                     p.set_origin(static_cast<P::Origin>(-1));
                   }),
                   "project.origin"});
  cases.push_back({"project_StageUnknown", project, On<P>([](auto& p) {
                     p.set_stage(static_cast<P::Stage>(9));
                   }),
                   "project.stage"});
  cases.push_back({"project_StageJustPastLast", project, On<P>([](auto& p) {
                     p.set_stage(static_cast<P::Stage>(5));
                   }),
                   "project.stage"});
  cases.push_back({"project_BudgetNegative", project,
                   On<P>([](auto& p) { p.set_budget_krw(-1); }),
                   "project.budget_krw"});
  cases.push_back({"project_BudgetMin", project, On<P>([](auto& p) {
                     p.set_budget_krw(std::numeric_limits<int64_t>::min());
                   }),
                   "project.budget_krw"});
  cases.push_back({"project_StartYearTooEarly", project,
                   On<P>([](auto& p) { p.set_start_year(1899); }),
                   "project.start_year"});
  cases.push_back({"project_StartYearTooLate", project, On<P>([](auto& p) {
                     p.clear_end_year();
                     p.set_start_year(2201);
                   }),
                   "project.start_year"});
  cases.push_back({"project_StartYearZero", project,
                   On<P>([](auto& p) { p.set_start_year(0); }),
                   "project.start_year"});
  cases.push_back({"project_StartYearNegative", project,
                   On<P>([](auto& p) { p.set_start_year(-2025); }),
                   "project.start_year"});
  cases.push_back({"project_EndYearTooEarly", project, On<P>([](auto& p) {
                     p.clear_start_year();
                     p.set_end_year(1899);
                   }),
                   "project.end_year"});
  cases.push_back({"project_EndYearTooLate", project,
                   On<P>([](auto& p) { p.set_end_year(2201); }),
                   "project.end_year"});
  cases.push_back({"project_EndYearBeforeStartYear", project,
                   On<P>([](auto& p) {
                     p.set_start_year(2030);
                     p.set_end_year(2029);
                   }),
                   "project.end_year"});
  cases.push_back({"project_TagEmpty", project,
                   On<P>([](auto& p) { p.add_tags(""); }), "project.tags[2]"});
  cases.push_back({"project_TagBlank", project,
                   On<P>([](auto& p) { p.add_tags("   "); }),
                   "project.tags[2]"});
  cases.push_back({"project_TagTooLongAscii", project,
                   On<P>([](auto& p) { p.set_tags(0, std::string(65, 't')); }),
                   "project.tags[0]"});
  cases.push_back({"project_TagTooLongKorean", project,
                   On<P>([](auto& p) { p.set_tags(1, Repeat("항", 65)); }),
                   "project.tags[1]"});
  cases.push_back({"project_TagInvalidUtf8", project,
                   On<P>([](auto& p) { p.set_tags(1, "\xff"); }),
                   "project.tags[1]"});
  cases.push_back({"project_TagTruncatedUtf8", project,
                   On<P>([](auto& p) { p.set_tags(0, "port\xe1\x84"); }),
                   "project.tags[0]"});
  cases.push_back({"project_TagOverlongUtf8", project,
                   On<P>([](auto& p) { p.set_tags(0, "\xc1\xbf"); }),
                   "project.tags[0]"});
  cases.push_back({"project_TagDuplicate", project, On<P>([](auto& p) {
                     p.add_tags("port");
                     p.add_tags("ai");
                   }),
                   "project.tags[3]"});
  cases.push_back({"project_TooManyTags", project, On<P>([](auto& p) {
                     p.clear_tags();
                     for (int i = 0; i < 33; ++i)
                       p.add_tags(absl::StrCat("t", i));
                   }),
                   "project.tags"});
  AddTextCases(&cases, project, "location", 300, false, "Location");
  AddTextCases(&cases, project, "lead_agency", 300, false, "LeadAgency");
  return cases;
}

class InvalidRecordTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidRecordTest, IsInvalidArgumentNamingTheField) {
  const InvalidCase& c = GetParam();
  std::unique_ptr<Message> record = Base(c.kind);
  c.mutate(*record);
  EXPECT_THAT(Validate(c.kind, *record),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith(absl::StrCat(c.path, ": "))));
}

INSTANTIATE_TEST_SUITE_P(Table, InvalidRecordTest,
                         ::testing::ValuesIn(InvalidCases()),
                         [](const ::testing::TestParamInfo<InvalidCase>& info) {
                           return info.param.label;
                         });

// ---------------------------------------------------------------------------
// Valid records, including the edges of every range.

struct ValidCase {
  std::string label;
  Kind kind;
  Mutation mutate;
};

std::ostream& operator<<(std::ostream& os, const ValidCase& c) {
  return os << c.label;
}

std::vector<ValidCase> ValidCases() {
  std::vector<ValidCase> cases;
  const auto noop = [](Message&) {};
  for (Kind kind :
       {Kind::kPlan, Kind::kStrategy, Kind::kInitiative, Kind::kProject}) {
    const std::string p = absl::StrCat(KindName(kind), "_");
    cases.push_back({p + "Base", kind, noop});
    cases.push_back({p + "DisplayName300Korean", kind,
                     SetString("display_name", Repeat("부", 300))});
    cases.push_back({p + "DisplayName300Ascii", kind,
                     SetString("display_name", std::string(300, 'B'))});
    cases.push_back({p + "DisplayNameKo300", kind,
                     SetString("display_name_ko", Repeat("산", 300))});
    cases.push_back(
        {p + "DisplayNameKoEmpty", kind, SetString("display_name_ko", "")});
    cases.push_back({p + "DisplayNameFourByteUtf8", kind,
                     SetString("display_name", "Port \xf0\x9f\x9a\xa2")});
    cases.push_back({p + "Description10000", kind,
                     SetString("description", Repeat("해", 10000))});
    cases.push_back(
        {p + "DescriptionEmpty", kind, SetString("description", "")});
    cases.push_back(
        {p + "NoSources", kind, EditSources([](auto* s) { s->Clear(); })});
    cases.push_back({p + "TwentySources", kind, EditSources([](auto* s) {
                       while (s->size() < 20) AddSource(s, "more");
                     })});
    cases.push_back({p + "SourceTitleOnly", kind, EditSources([](auto* s) {
                       s->Mutable(0)->clear_url();
                       s->Mutable(0)->clear_published();
                     })});
    cases.push_back(
        {p + "SourceHttpUrlYearOnly", kind, EditSources([](auto* s) {
           s->Mutable(0)->set_url("http://www.busan.go.kr");
           s->Mutable(0)->set_published("2025");
         })});
    cases.push_back({p + "SourceLeapDay", kind, EditSources([](auto* s) {
                       s->Mutable(0)->set_published("2024-02-29");
                     })});
  }
  cases.push_back(
      {"plan_PublishedEmpty", Kind::kPlan, SetString("published", "")});
  cases.push_back(
      {"plan_PublishedYear", Kind::kPlan, SetString("published", "2025")});
  cases.push_back(
      {"plan_PublishedDay", Kind::kPlan, SetString("published", "2025-11-10")});
  cases.push_back({"plan_DeclaredZeros", Kind::kPlan, On<v1::Plan>([](auto& p) {
                     p.set_declared_strategy_count(0);
                     p.set_declared_initiative_count(0);
                     p.set_declared_project_count(0);
                     p.set_declared_budget_krw(0);
                     p.mutable_declared_origin_counts()->Clear();
                   })});
  cases.push_back(
      {"plan_DeclaredAbsent", Kind::kPlan, On<v1::Plan>([](auto& p) {
         p.clear_declared_strategy_count();
         p.clear_declared_initiative_count();
         p.clear_declared_project_count();
         p.clear_declared_budget_krw();
         p.clear_declared_origin_counts();
       })});
  cases.push_back({"strategy_OrdinalZero", Kind::kStrategy,
                   On<v1::Strategy>([](auto& s) { s.set_ordinal(0); })});
  cases.push_back({"strategy_DeclaredZeroAndMax", Kind::kStrategy,
                   On<v1::Strategy>([](auto& s) {
                     s.set_declared_project_count(0);
                     s.set_declared_budget_krw(
                         std::numeric_limits<int64_t>::max());
                   })});
  cases.push_back({"initiative_DeclaredAbsent", Kind::kInitiative,
                   On<v1::Initiative>([](auto& s) {
                     s.clear_declared_project_count();
                     s.clear_declared_budget_krw();
                     s.set_ordinal(0);
                   })});

  using P = v1::Project;
  const Kind project = Kind::kProject;
  cases.push_back({"project_Years1900And2200", project, On<P>([](auto& p) {
                     p.set_start_year(1900);
                     p.set_end_year(2200);
                   })});
  cases.push_back({"project_StartEqualsEnd", project, On<P>([](auto& p) {
                     p.set_start_year(2025);
                     p.set_end_year(2025);
                   })});
  cases.push_back({"project_OnlyStartYear2200", project, On<P>([](auto& p) {
                     p.clear_end_year();
                     p.set_start_year(2200);
                   })});
  cases.push_back({"project_OnlyEndYear1900", project, On<P>([](auto& p) {
                     p.clear_start_year();
                     p.set_end_year(1900);
                   })});
  cases.push_back({"project_NoYears", project, On<P>([](auto& p) {
                     p.clear_start_year();
                     p.clear_end_year();
                   })});
  cases.push_back({"project_BudgetZero", project,
                   On<P>([](auto& p) { p.set_budget_krw(0); })});
  cases.push_back({"project_BudgetMax", project, On<P>([](auto& p) {
                     p.set_budget_krw(std::numeric_limits<int64_t>::max());
                   })});
  cases.push_back({"project_BudgetAbsent", project,
                   On<P>([](auto& p) { p.clear_budget_krw(); })});
  cases.push_back(
      {"project_OriginAndStageUnspecified", project, On<P>([](auto& p) {
         p.set_origin(P::ORIGIN_UNSPECIFIED);
         p.set_stage(P::STAGE_UNSPECIFIED);
       })});
  cases.push_back({"project_LastEnumValues", project, On<P>([](auto& p) {
                     p.set_origin(P::EXPANDED);
                     p.set_stage(P::SUSPENDED);
                   })});
  cases.push_back({"project_ThirtyTwoTags", project, On<P>([](auto& p) {
                     p.clear_tags();
                     for (int i = 0; i < 32; ++i)
                       p.add_tags(absl::StrCat("t", i));
                   })});
  cases.push_back({"project_Tag64Ascii", project, On<P>([](auto& p) {
                     p.set_tags(0, std::string(64, 't'));
                   })});
  cases.push_back({"project_Tag64Korean", project,
                   On<P>([](auto& p) { p.set_tags(0, Repeat("항", 64)); })});
  cases.push_back({"project_TagsCaseDiffer", project, On<P>([](auto& p) {
                     p.clear_tags();
                     p.add_tags("AI");
                     p.add_tags("ai");
                   })});
  cases.push_back(
      {"project_NoTags", project, On<P>([](auto& p) { p.clear_tags(); })});
  cases.push_back({"project_Location300", project,
                   SetString("location", Repeat("동", 300))});
  cases.push_back({"project_LeadAgency300", project,
                   SetString("lead_agency", std::string(300, 'a'))});
  cases.push_back(
      {"project_EmptyLocationAndAgency", project, On<P>([](auto& p) {
         p.clear_location();
         p.clear_lead_agency();
         p.clear_national_alignment();
       })});
  cases.push_back({"project_NoInitiative", project,
                   On<P>([](auto& p) { p.clear_initiative(); })});
  return cases;
}

class ValidRecordTest : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ValidRecordTest, IsAccepted) {
  const ValidCase& c = GetParam();
  std::unique_ptr<Message> record = Base(c.kind);
  c.mutate(*record);
  EXPECT_THAT(Validate(c.kind, *record), IsOk());
}

INSTANTIATE_TEST_SUITE_P(Table, ValidRecordTest,
                         ::testing::ValuesIn(ValidCases()),
                         [](const ::testing::TestParamInfo<ValidCase>& info) {
                           return info.param.label;
                         });

TEST(ValidateProjectTest, MessagesSayWhatIsWrong) {
  v1::Project project = BaseProject();
  project.set_budget_krw(-5);
  EXPECT_THAT(ValidateProject(project),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "project.budget_krw: must not be negative, got -5"));
  project = BaseProject();
  project.set_start_year(2031);
  EXPECT_THAT(ValidateProject(project),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("2030 is before start_year 2031")));
  project = BaseProject();
  project.set_tags(1, "ai");
  EXPECT_THAT(
      ValidateProject(project),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate tag")));
}

// ---------------------------------------------------------------------------
// ApplyUpdateMask.

FieldMask Mask(std::initializer_list<const char*> paths) {
  FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

// A stored project, as the server would hold it.
v1::Project StoredProject() {
  v1::Project project = BaseProject();
  project.mutable_create_time()->set_seconds(1'700'000'000);
  project.mutable_update_time()->set_seconds(1'700'000'100);
  project.set_etag("41");
  return project;
}

// A client's patch that differs from StoredProject in every mutable field.
v1::Project Patch() {
  v1::Project patch;
  patch.set_name("projects/other-name");
  patch.set_display_name("Renamed");
  patch.set_display_name_ko("새 이름");
  patch.set_description("new");
  patch.set_strategy("strategies/other");
  patch.set_initiative("strategies/other/initiatives/x");
  patch.set_origin(v1::Project::EXPANDED);
  patch.set_stage(v1::Project::COMPLETED);
  patch.set_budget_krw(7);
  patch.set_start_year(2001);
  patch.set_end_year(2002);
  patch.add_tags("new-tag");
  patch.set_location("Haeundae");
  patch.set_lead_agency("BTP");
  patch.set_national_alignment(false);
  patch.add_sources()->set_title("patched");
  patch.mutable_create_time()->set_seconds(5);
  patch.set_etag("stale");
  return patch;
}

TEST(ApplyUpdateMaskTest, CopiesOnlyListedPaths) {
  v1::Project updated = StoredProject();
  ASSERT_OK(
      ApplyUpdateMask(Patch(), Mask({"display_name", "budget_krw"}), &updated));
  v1::Project expected = StoredProject();
  expected.set_display_name("Renamed");
  expected.set_budget_krw(7);
  EXPECT_TRUE(MessageDifferencer::Equals(updated, expected))
      << updated.DebugString();
}

void ExpectAllMutableCopied(const v1::Project& updated) {
  const v1::Project patch = Patch();
  v1::Project expected = patch;
  // Immutable and output-only fields keep their stored values.
  const v1::Project stored = StoredProject();
  expected.set_name(stored.name());
  *expected.mutable_create_time() = stored.create_time();
  *expected.mutable_update_time() = stored.update_time();
  expected.set_etag(stored.etag());
  EXPECT_TRUE(MessageDifferencer::Equals(updated, expected))
      << updated.DebugString();
}

TEST(ApplyUpdateMaskTest, EmptyMaskMeansEveryMutableField) {
  v1::Project updated = StoredProject();
  ASSERT_OK(ApplyUpdateMask(Patch(), FieldMask(), &updated));
  ExpectAllMutableCopied(updated);
}

TEST(ApplyUpdateMaskTest, StarMeansEveryMutableField) {
  v1::Project updated = StoredProject();
  ASSERT_OK(ApplyUpdateMask(Patch(), Mask({"*"}), &updated));
  ExpectAllMutableCopied(updated);
}

TEST(ApplyUpdateMaskTest, EmptyMaskClearsMutableFieldsUnsetInPatch) {
  v1::Strategy stored = BaseStrategy();
  stored.set_project_count(3);
  stored.set_total_budget_krw(300);
  stored.set_etag("9");
  v1::Strategy patch;
  patch.set_display_name("Only this");
  v1::Strategy updated = stored;
  ASSERT_OK(ApplyUpdateMask(patch, FieldMask(), &updated));
  EXPECT_EQ(updated.display_name(), "Only this");
  EXPECT_EQ(updated.display_name_ko(), "");
  EXPECT_EQ(updated.description(), "");
  EXPECT_EQ(updated.ordinal(), 0);
  EXPECT_FALSE(updated.has_declared_project_count());
  EXPECT_FALSE(updated.has_declared_budget_krw());
  EXPECT_EQ(updated.sources_size(), 0);
  // Not mutable: kept.
  EXPECT_EQ(updated.name(), stored.name());
  EXPECT_EQ(updated.plan(), stored.plan());
  EXPECT_EQ(updated.project_count(), 3);
  EXPECT_EQ(updated.total_budget_krw(), 300);
  EXPECT_EQ(updated.etag(), "9");
}

TEST(ApplyUpdateMaskTest, UnknownPathIsInvalidArgument) {
  for (const char* path : {"budget", "display-name", "tags.0", "",
                           "declared_origin_counts.bogus", "Display_Name"}) {
    v1::Project updated = StoredProject();
    EXPECT_THAT(ApplyUpdateMask(Patch(), Mask({path}), &updated),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("update_mask: ")))
        << path;
  }
}

TEST(ApplyUpdateMaskTest, ImmutableOrOutputOnlyPathIsInvalidArgument) {
  for (const char* path : {"name", "create_time", "update_time", "etag"}) {
    v1::Project updated = StoredProject();
    EXPECT_THAT(ApplyUpdateMask(Patch(), Mask({path}), &updated),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("update_mask: ")))
        << path;
  }
  for (const char* path :
       {"name", "plan", "create_time", "project_count", "origin_counts",
        "total_budget_krw", "initiative_count", "etag"}) {
    v1::Strategy updated = BaseStrategy();
    EXPECT_THAT(ApplyUpdateMask(BaseStrategy(), Mask({path}), &updated),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("update_mask: ")))
        << path;
  }
  for (const char* path :
       {"name", "strategy_count", "unbudgeted_project_count", "create_time"}) {
    v1::Plan updated = BasePlan();
    EXPECT_THAT(ApplyUpdateMask(BasePlan(), Mask({path}), &updated),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("update_mask: ")))
        << path;
  }
  for (const char* path : {"name", "plan", "project_count"}) {
    v1::Initiative updated = BaseInitiative();
    EXPECT_THAT(ApplyUpdateMask(BaseInitiative(), Mask({path}), &updated),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("update_mask: ")))
        << path;
  }
}

TEST(ApplyUpdateMaskTest, BadPathAmongGoodOnesIsStillRefused) {
  v1::Project updated = StoredProject();
  EXPECT_THAT(
      ApplyUpdateMask(Patch(), Mask({"display_name", "name"}), &updated),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("update_mask: "), HasSubstr("name"))));
}

TEST(ApplyUpdateMaskTest, ClearsOptionalInMaskButUnsetInPatch) {
  v1::Project patch;  // nothing set
  v1::Project updated = StoredProject();
  ASSERT_OK(
      ApplyUpdateMask(patch,
                      Mask({"budget_krw", "start_year", "end_year",
                            "national_alignment", "initiative", "location"}),
                      &updated));
  EXPECT_FALSE(updated.has_budget_krw());
  EXPECT_FALSE(updated.has_start_year());
  EXPECT_FALSE(updated.has_end_year());
  EXPECT_FALSE(updated.has_national_alignment());
  EXPECT_EQ(updated.initiative(), "");
  EXPECT_EQ(updated.location(), "");
  // Fields outside the mask are untouched.
  EXPECT_EQ(updated.display_name(), StoredProject().display_name());
  EXPECT_EQ(updated.tags_size(), 2);

  v1::Plan plan = BasePlan();
  ASSERT_OK(ApplyUpdateMask(
      v1::Plan(), Mask({"declared_origin_counts", "declared_budget_krw"}),
      &plan));
  EXPECT_FALSE(plan.has_declared_origin_counts());
  EXPECT_FALSE(plan.has_declared_budget_krw());
  EXPECT_TRUE(plan.has_declared_project_count());
}

TEST(ApplyUpdateMaskTest, OptionalOutsideMaskIsKeptAndZeroIsAValue) {
  v1::Project patch;
  patch.set_budget_krw(0);
  patch.set_national_alignment(false);
  v1::Project updated = StoredProject();
  ASSERT_OK(ApplyUpdateMask(patch, Mask({"budget_krw", "national_alignment"}),
                            &updated));
  ASSERT_TRUE(updated.has_budget_krw());
  EXPECT_EQ(updated.budget_krw(), 0);
  ASSERT_TRUE(updated.has_national_alignment());
  EXPECT_FALSE(updated.national_alignment());
  EXPECT_TRUE(updated.has_start_year());
  EXPECT_TRUE(updated.has_end_year());
}

TEST(ApplyUpdateMaskTest, RepeatedFieldsAreReplacedNotAppended) {
  v1::Project patch;
  patch.add_tags("port");
  patch.add_tags("logistics");
  patch.add_sources()->set_title("replacement");
  v1::Project updated = StoredProject();
  ASSERT_OK(ApplyUpdateMask(patch, Mask({"tags", "sources"}), &updated));
  EXPECT_THAT(updated.tags(), ElementsAre("port", "logistics"));
  ASSERT_EQ(updated.sources_size(), 1);
  EXPECT_EQ(updated.sources(0).title(), "replacement");
  EXPECT_EQ(updated.sources(0).url(), "");

  // An empty repeated field in the patch clears the stored one.
  ASSERT_OK(ApplyUpdateMask(v1::Project(), Mask({"tags"}), &updated));
  EXPECT_EQ(updated.tags_size(), 0);
}

TEST(ApplyUpdateMaskTest, SamePathTwiceIsHarmless) {
  v1::Project updated = StoredProject();
  ASSERT_OK(ApplyUpdateMask(Patch(), Mask({"tags", "tags"}), &updated));
  EXPECT_THAT(updated.tags(), ElementsAre("new-tag"));
}

TEST(ApplyUpdateMaskTest, EnumAndMessageFields) {
  v1::Plan patch;
  patch.mutable_declared_origin_counts()->set_new_count(1);
  v1::Plan plan = BasePlan();
  ASSERT_OK(ApplyUpdateMask(patch, Mask({"declared_origin_counts"}), &plan));
  EXPECT_EQ(plan.declared_origin_counts().new_count(), 1);
  // The whole message is replaced, not merged.
  EXPECT_EQ(plan.declared_origin_counts().upgraded_count(), 0);

  v1::Project project_patch;
  project_patch.set_origin(v1::Project::UPGRADED);
  v1::Project project = StoredProject();
  ASSERT_OK(
      ApplyUpdateMask(project_patch, Mask({"origin", "stage"}), &project));
  EXPECT_EQ(project.origin(), v1::Project::UPGRADED);
  EXPECT_EQ(project.stage(), v1::Project::STAGE_UNSPECIFIED);
}

// ---------------------------------------------------------------------------
// ClearOutputOnly.

TEST(ClearOutputOnlyTest, PlanKeepsInputsAndDropsServerFields) {
  v1::Plan plan = BasePlan();
  const v1::Plan inputs = plan;
  plan.set_strategy_count(1);
  plan.set_initiative_count(2);
  plan.set_project_count(3);
  plan.set_total_budget_krw(4);
  plan.set_unbudgeted_project_count(5);
  plan.mutable_origin_counts()->set_new_count(6);
  plan.mutable_create_time()->set_seconds(7);
  plan.mutable_update_time()->set_seconds(8);
  plan.set_etag("9");
  resource::ClearOutputOnlyFields(&plan);
  EXPECT_TRUE(MessageDifferencer::Equals(plan, inputs)) << plan.DebugString();
  EXPECT_FALSE(plan.has_origin_counts());
  EXPECT_FALSE(plan.has_create_time());
  EXPECT_FALSE(plan.has_update_time());
}

TEST(ClearOutputOnlyTest, StrategyAndInitiativeKeepInputs) {
  v1::Strategy strategy = BaseStrategy();
  const v1::Strategy strategy_inputs = strategy;
  strategy.set_initiative_count(1);
  strategy.set_project_count(2);
  strategy.set_total_budget_krw(3);
  strategy.set_unbudgeted_project_count(4);
  strategy.mutable_origin_counts()->set_expanded_count(5);
  strategy.mutable_create_time()->set_seconds(6);
  strategy.mutable_update_time()->set_nanos(7);
  strategy.set_etag("8");
  resource::ClearOutputOnlyFields(&strategy);
  EXPECT_TRUE(MessageDifferencer::Equals(strategy, strategy_inputs))
      << strategy.DebugString();

  v1::Initiative initiative = BaseInitiative();
  const v1::Initiative initiative_inputs = initiative;
  initiative.set_project_count(2);
  initiative.set_total_budget_krw(3);
  initiative.set_unbudgeted_project_count(4);
  initiative.mutable_origin_counts()->set_unspecified_count(5);
  initiative.mutable_create_time()->set_seconds(6);
  initiative.set_etag("8");
  resource::ClearOutputOnlyFields(&initiative);
  EXPECT_TRUE(MessageDifferencer::Equals(initiative, initiative_inputs))
      << initiative.DebugString();
}

TEST(ClearOutputOnlyTest, ProjectKeepsEveryInput) {
  v1::Project project = BaseProject();
  const v1::Project inputs = project;
  project.mutable_create_time()->set_seconds(6);
  project.mutable_update_time()->set_seconds(7);
  project.set_etag("8");
  resource::ClearOutputOnlyFields(&project);
  EXPECT_TRUE(MessageDifferencer::Equals(project, inputs))
      << project.DebugString();
  EXPECT_TRUE(project.has_budget_krw());
  EXPECT_TRUE(project.has_national_alignment());
}

}  // namespace
}  // namespace busan::catalog
