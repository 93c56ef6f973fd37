// Unit tests of catalog resource names: strict parsing per kind and the
// storage location of each name.
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
using ::testing::StartsWith;

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

TEST(ParseNameTest, FindsFamilyAndKeyOfEachKind) {
  ASSERT_OK_AND_ASSIGN(
      ResourceRef initiative,
      ParseName("n", "strategies/s/initiatives/i", ResourceKind::kInitiative));
  EXPECT_EQ(initiative.family, kInitiatives);
  EXPECT_EQ(initiative.key, "s/i");
  ASSERT_OK_AND_ASSIGN(ResourceRef plan,
                       ParseName("n", "plans/p", ResourceKind::kPlan));
  EXPECT_EQ(plan.family, kPlans);
  EXPECT_EQ(plan.key, "p");
  ASSERT_OK_AND_ASSIGN(ResourceRef strategy,
                       ParseName("n", "strategies/s", ResourceKind::kStrategy));
  EXPECT_EQ(strategy.family, kStrategies);
  ASSERT_OK_AND_ASSIGN(ResourceRef project,
                       ParseName("n", "projects/x", ResourceKind::kProject));
  EXPECT_EQ(project.family, kProjects);
  EXPECT_EQ(project.key, "x");
}

}  // namespace
}  // namespace busan::catalog
