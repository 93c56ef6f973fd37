// Unit tests of catalog resource names: strict parsing per kind, the
// storage location of each name, index keys and LastSegment.
#include "catalog-service/domain/resource_names.h"

#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

const std::string kId63(63, 'a');
const std::string kId64(64, 'a');

TEST(ParseNameTest, Plan) {
  ASSERT_OK_AND_ASSIGN(
      ResourceRef ref,
      ParseName("name", "plans/economic-growth-innovation-2025",
                ResourceKind::kPlan));
  EXPECT_EQ(ref.kind, ResourceKind::kPlan);
  EXPECT_EQ(ref.family, kPlans);
  EXPECT_EQ(ref.id, "economic-growth-innovation-2025");
  EXPECT_EQ(ref.key, "economic-growth-innovation-2025");
  EXPECT_EQ(ref.strategy_id, "");
  EXPECT_EQ(ref.name, "plans/economic-growth-innovation-2025");
}

TEST(ParseNameTest, Strategy) {
  ASSERT_OK_AND_ASSIGN(ResourceRef ref,
                       ParseName("name", "strategies/marine-future-tech",
                                 ResourceKind::kStrategy));
  EXPECT_EQ(ref.kind, ResourceKind::kStrategy);
  EXPECT_EQ(ref.family, kStrategies);
  EXPECT_EQ(ref.id, "marine-future-tech");
  EXPECT_EQ(ref.key, "marine-future-tech");
  EXPECT_EQ(ref.name, "strategies/marine-future-tech");
}

TEST(ParseNameTest, Initiative) {
  ASSERT_OK_AND_ASSIGN(
      ResourceRef ref,
      ParseName("name", "strategies/marine-future-tech/initiatives/smart-port",
                ResourceKind::kInitiative));
  EXPECT_EQ(ref.kind, ResourceKind::kInitiative);
  EXPECT_EQ(ref.family, kInitiatives);
  EXPECT_EQ(ref.strategy_id, "marine-future-tech");
  EXPECT_EQ(ref.id, "smart-port");
  EXPECT_EQ(ref.key, "marine-future-tech/smart-port");
  EXPECT_EQ(ref.name, "strategies/marine-future-tech/initiatives/smart-port");
}

TEST(ParseNameTest, Project) {
  ASSERT_OK_AND_ASSIGN(ResourceRef ref,
                       ParseName("name", "projects/marine-port-ax-center",
                                 ResourceKind::kProject));
  EXPECT_EQ(ref.kind, ResourceKind::kProject);
  EXPECT_EQ(ref.family, kProjects);
  EXPECT_EQ(ref.id, "marine-port-ax-center");
  EXPECT_EQ(ref.key, "marine-port-ax-center");
}

TEST(ParseNameTest, IdEdges) {
  for (const std::string& id :
       {std::string("a"), std::string("a-1"), std::string("a--"), kId63}) {
    EXPECT_TRUE(
        ParseName("name", absl::StrCat("projects/", id), ResourceKind::kProject)
            .ok())
        << id;
    EXPECT_TRUE(ParseName("name",
                          absl::StrCat("strategies/", id, "/initiatives/", id),
                          ResourceKind::kInitiative)
                    .ok())
        << id;
  }
}

// (kind, name) pairs that must be refused.
using RejectCase = std::tuple<ResourceKind, std::string>;

class ParseNameRejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(ParseNameRejectTest, IsInvalidArgumentNamingTheField) {
  const auto& [kind, name] = GetParam();
  EXPECT_THAT(ParseName("project.strategy", name, kind),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("project.strategy: "),
                             HasSubstr("is not a resource name of the form"))))
      << name;
}

INSTANTIATE_TEST_SUITE_P(
    Plans, ParseNameRejectTest,
    ::testing::Combine(::testing::Values(ResourceKind::kPlan),
                       ::testing::Values("plan/p", "Plans/p", "strategies/p",
                                         "projects/p", "plans", "plans/",
                                         "/plans/p", "plans/p/", "plans//p",
                                         "plans/p/x", "plans/p/strategies/s",
                                         "plans/P", "plans/1p", "plans/-p",
                                         "plans/p_q", "plans/p q", "plans/부산",
                                         "plans/-", "plans/*", "plans/" + kId64,
                                         "p")));

INSTANTIATE_TEST_SUITE_P(
    Strategies, ParseNameRejectTest,
    ::testing::Combine(::testing::Values(ResourceKind::kStrategy),
                       ::testing::Values("strategy/s", "plans/s", "projects/s",
                                         "strategies", "strategies/",
                                         "strategies/s/",
                                         "strategies/s/initiatives/i",
                                         "strategies/S", "strategies/9s",
                                         "strategies/-", "strategies/s.t",
                                         " strategies/s", "strategies/s ",
                                         "strategies/" + kId64)));

INSTANTIATE_TEST_SUITE_P(
    Initiatives, ParseNameRejectTest,
    ::testing::Combine(
        ::testing::Values(ResourceKind::kInitiative),
        ::testing::Values(
            "strategies/s", "strategies/s/initiatives",
            "strategies/s/initiatives/", "strategies/s/initiative/i",
            "strategies/s/projects/i", "plans/s/initiatives/i", "initiatives/i",
            "strategies//initiatives/i", "strategies/-/initiatives/i",
            "strategies/s/initiatives/-", "strategies/s/initiatives/I",
            "strategies/s/initiatives/i/x", "strategies/s/initiatives/i/",
            "strategies/S/initiatives/i",
            "strategies/s/initiatives/" + kId64)));

INSTANTIATE_TEST_SUITE_P(
    Projects, ParseNameRejectTest,
    ::testing::Combine(
        ::testing::Values(ResourceKind::kProject),
        ::testing::Values("project/x", "strategies/x", "projects", "projects/",
                          "projects/x/", "projects/x/y", "projects/X",
                          "projects/0x", "projects/x_y", "projects/x\xff",
                          "marine-port-ax-center", "projects/" + kId64)));

TEST(ParseNameTest, EmptyIsRequired) {
  for (ResourceKind kind :
       {ResourceKind::kPlan, ResourceKind::kStrategy, ResourceKind::kInitiative,
        ResourceKind::kProject}) {
    EXPECT_THAT(ParseName("strategy.plan", "", kind),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         "strategy.plan: is required"));
  }
}

TEST(ParseNameTest, MessageQuotesTheNameAndThePattern) {
  EXPECT_THAT(ParseName("names[3]", "projects/Bad", ResourceKind::kProject),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("names[3]: \"projects/Bad\""),
                             HasSubstr("projects/{id}"))));
  EXPECT_THAT(
      ParseName("parent", "strategies/s/x/i", ResourceKind::kInitiative),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(StartsWith("parent: "),
                     HasSubstr("strategies/{strategy}/initiatives/"
                               "{initiative}"))));
}

TEST(NameBuildersTest, RoundTripThroughParseName) {
  EXPECT_EQ(PlanName("p"), "plans/p");
  EXPECT_EQ(StrategyName("s"), "strategies/s");
  EXPECT_EQ(InitiativeName("s", "i"), "strategies/s/initiatives/i");
  EXPECT_EQ(ProjectName("x"), "projects/x");
  EXPECT_TRUE(ParseName("n", PlanName("p"), ResourceKind::kPlan).ok());
  EXPECT_TRUE(ParseName("n", StrategyName("s"), ResourceKind::kStrategy).ok());
  EXPECT_TRUE(
      ParseName("n", InitiativeName("s", "i"), ResourceKind::kInitiative).ok());
  EXPECT_TRUE(ParseName("n", ProjectName("x"), ResourceKind::kProject).ok());
}

TEST(RefOfTest, FindsKindFamilyAndKey) {
  v1::Initiative initiative;
  initiative.set_name("strategies/s/initiatives/i");
  ResourceRef ref = RefOf(initiative);
  EXPECT_EQ(ref.kind, ResourceKind::kInitiative);
  EXPECT_EQ(ref.family, kInitiatives);
  EXPECT_EQ(ref.key, "s/i");

  v1::Plan plan;
  plan.set_name("plans/p");
  EXPECT_EQ(RefOf(plan).family, kPlans);
  v1::Strategy strategy;
  strategy.set_name("strategies/s");
  EXPECT_EQ(RefOf(strategy).family, kStrategies);
  v1::Project project;
  project.set_name("projects/x");
  EXPECT_EQ(RefOf(project).kind, ResourceKind::kProject);
  EXPECT_EQ(RefOf(project).key, "x");
}

TEST(IndexKeysTest, StrategyIsIndexedByPlan) {
  v1::Strategy strategy;
  strategy.set_name("strategies/marine-future-tech");
  strategy.set_plan("plans/economic-growth-innovation-2025");
  EXPECT_THAT(IndexKeys(strategy),
              UnorderedElementsAre(
                  "sp/economic-growth-innovation-2025/marine-future-tech"));
  EXPECT_EQ(IndexKeys(strategy)[0],
            StrategiesByPlanPrefix("economic-growth-innovation-2025") +
                "marine-future-tech");
}

TEST(IndexKeysTest, ProjectWithoutInitiative) {
  v1::Project project;
  project.set_name("projects/x");
  project.set_strategy("strategies/s");
  project.set_origin(v1::Project::UPGRADED);
  project.set_stage(v1::Project::IN_PROGRESS);
  EXPECT_THAT(IndexKeys(project),
              UnorderedElementsAre("ps/s/x", "po/2/x", "pg/2/x"));
}

TEST(IndexKeysTest, ProjectWithInitiative) {
  v1::Project project;
  project.set_name("projects/x");
  project.set_strategy("strategies/s");
  project.set_initiative("strategies/s/initiatives/i");
  EXPECT_THAT(IndexKeys(project),
              UnorderedElementsAre("ps/s/x", "po/0/x", "pg/0/x", "pi/s/i/x"));
}

TEST(IndexKeysTest, PlansAndInitiativesHaveNone) {
  v1::Plan plan;
  plan.set_name("plans/p");
  EXPECT_THAT(IndexKeys(plan), IsEmpty());
  v1::Initiative initiative;
  initiative.set_name("strategies/s/initiatives/i");
  EXPECT_THAT(IndexKeys(initiative), IsEmpty());
}

TEST(IndexKeysTest, PrefixesSelectExactlyOneParent) {
  EXPECT_EQ(StrategiesByPlanPrefix("p"), "sp/p/");
  EXPECT_EQ(ProjectsByStrategyPrefix("s"), "ps/s/");
  EXPECT_EQ(ProjectsByInitiativePrefix("s", "i"), "pi/s/i/");
  EXPECT_EQ(ProjectsByOriginPrefix(v1::Project::NEW), "po/1/");
  EXPECT_EQ(ProjectsByStagePrefix(v1::Project::SUSPENDED), "pg/4/");
  // "s" must not select the projects of "s-2".
  v1::Project other;
  other.set_name("projects/x");
  other.set_strategy("strategies/s-2");
  for (const std::string& key : IndexKeys(other)) {
    EXPECT_FALSE(absl::string_view(key).substr(0, 5) ==
                 ProjectsByStrategyPrefix("s"))
        << key;
  }
}

TEST(LastSegmentTest, Segments) {
  EXPECT_EQ(LastSegment("strategies/a"), "a");
  EXPECT_EQ(LastSegment("strategies/s/initiatives/i"), "i");
  EXPECT_EQ(LastSegment("plain"), "plain");
  EXPECT_EQ(LastSegment(""), "");
  EXPECT_EQ(LastSegment("trailing/"), "");
  EXPECT_EQ(LastSegment("/lead"), "lead");
}

}  // namespace
}  // namespace busan::catalog
