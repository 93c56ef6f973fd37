// CatalogService List methods over real gRPC calls: page sizes, page walks
// (also while other writes happen), order_by, AIP-160 filters checked
// against a model of the stored projects, and page-token hygiene.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/unary_call.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using Stub = v1::CatalogService::Stub;
using ::absl::StatusCode;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::StartsWith;

v1::ListProjectsRequest ProjectsQuery(const std::string& filter,
                                      const std::string& order_by = "",
                                      int page_size = 0) {
  v1::ListProjectsRequest request;
  request.set_filter(filter);
  request.set_order_by(order_by);
  request.set_page_size(page_size);
  return request;
}

// Walks every page of ListProjects; fails the test on any error or on a
// total_size that changes between pages.
std::vector<std::string> WalkProjects(
    Stub& stub, v1::ListProjectsRequest request, int32_t* total_size = nullptr,
    const std::function<void(int page)>& between_pages = nullptr) {
  std::vector<std::string> names;
  int32_t first_total = -1;
  for (int page = 0; page < 1000; ++page) {
    v1::ListProjectsResponse response;
    grpc::Status status = Call(stub, &Stub::ListProjects, request, &response);
    EXPECT_OK(status) << "page " << page;
    if (!status.ok()) break;
    if (request.page_size() > 0) {
      EXPECT_LE(response.projects_size(), request.page_size());
    }
    if (first_total < 0) first_total = response.total_size();
    EXPECT_EQ(response.total_size(), first_total) << "page " << page;
    for (const v1::Project& project : response.projects()) {
      names.push_back(project.name());
    }
    if (response.next_page_token().empty()) break;
    EXPECT_GT(response.projects_size(), 0) << "an empty page with a token";
    request.set_page_token(response.next_page_token());
    if (between_pages) between_pages(page);
  }
  if (total_size != nullptr) *total_size = first_total;
  return names;
}

template <typename T>
std::vector<std::string> NamesOf(
    const google::protobuf::RepeatedPtrField<T>& items) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(item.name());
  return names;
}

// ---------------------------------------------------------------------------
// A shared catalog: two plans, three strategies, four initiatives and 60
// projects whose fields vary with their number.

constexpr int kProjects = 60;

class CatalogListTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new CatalogServer();
    stub_ = server_->NewStub().release();
    projects_ = new std::map<std::string, v1::Project>();
    auto plan = [](const std::string& id, const std::string& display) {
      v1::CreatePlanRequest request;
      request.set_plan_id(id);
      request.mutable_plan()->set_display_name(display);
      v1::Plan response;
      ASSERT_OK(Call(*stub_, &Stub::CreatePlan, request, &response));
    };
    auto strategy = [](const std::string& id, const std::string& plan,
                       const std::string& display) {
      v1::CreateStrategyRequest request;
      request.set_strategy_id(id);
      request.mutable_strategy()->set_plan(plan);
      request.mutable_strategy()->set_display_name(display);
      v1::Strategy response;
      ASSERT_OK(Call(*stub_, &Stub::CreateStrategy, request, &response));
    };
    auto initiative = [](const std::string& parent, const std::string& id,
                         const std::string& display) {
      v1::CreateInitiativeRequest request;
      request.set_parent(parent);
      request.set_initiative_id(id);
      request.mutable_initiative()->set_display_name(display);
      v1::Initiative response;
      ASSERT_OK(Call(*stub_, &Stub::CreateInitiative, request, &response));
    };
    plan("p2", "Culture Plan");
    plan("p1", "Growth Plan");
    strategy("gamma", "plans/p2", "Culture Tourism");
    strategy("alpha", "plans/p1", "Marine Future");
    strategy("beta", "plans/p1", "Digital Finance");
    initiative("strategies/alpha", "aj", "Smart Shipyards");
    initiative("strategies/alpha", "ai", "Smart Ports");
    initiative("strategies/beta", "bi", "Digital Bank");
    initiative("strategies/gamma", "gi", "Festivals");

    for (int k = 0; k < kProjects; ++k) {
      v1::CreateProjectRequest request;
      request.set_project_id(IdOf(k));
      *request.mutable_project() = ProjectOf(k);
      v1::Project response;
      ASSERT_OK(Call(*stub_, &Stub::CreateProject, request, &response));
      (*projects_)[response.name()] = response;
    }
  }
  static void TearDownTestSuite() {
    delete projects_;
    delete stub_;
    delete server_;
  }

  // Ids are not created in name order.
  static std::string IdOf(int k) {
    return absl::StrFormat("x%03d", (k * 37) % 1000);
  }

  static v1::Project ProjectOf(int k) {
    static const char* kStrategies[] = {"strategies/alpha", "strategies/beta",
                                        "strategies/gamma"};
    v1::Project project;
    project.set_strategy(kStrategies[k % 3]);
    if (k % 4 == 0) {
      project.set_initiative(k % 3 == 0   ? "strategies/alpha/initiatives/ai"
                             : k % 3 == 1 ? "strategies/beta/initiatives/bi"
                                          : "strategies/gamma/initiatives/gi");
    } else if (k % 4 == 1 && k % 3 == 0) {
      project.set_initiative("strategies/alpha/initiatives/aj");
    }
    switch (k % 4) {
      case 0:
        project.set_display_name(absl::StrCat("Port Hub ", k));
        break;
      case 1:
        project.set_display_name(absl::StrCat("Smart City ", k));
        break;
      case 2:
        project.set_display_name(absl::StrCat("Fin ", k, " Hub"));
        break;
      default:
        project.set_display_name(absl::StrCat("Culture ", k));
    }
    project.set_origin(static_cast<v1::Project::Origin>((k / 2) % 4));
    project.set_stage(static_cast<v1::Project::Stage>(k % 5));
    // Budgets are distinct, so ordering by budget needs no tie-break.
    if (k % 7 != 0) project.set_budget_krw(1'000'000LL * ((k * 7919) % 10007));
    project.set_start_year(2020 + k % 8);
    if (k % 6 != 0) project.set_end_year(2020 + k % 8 + k % 5);
    if (k % 3 == 0) project.add_tags("port");
    if (k % 5 == 0) project.add_tags("smart");
    if (k % 2 == 0) project.add_tags("ai");
    if (k % 5 != 4) project.set_national_alignment(k % 2 == 0);
    project.set_lead_agency(k % 2 ? "Busan Metropolitan City"
                                  : "Busan Port Authority");
    project.set_location(k % 3 == 0 ? "해운대구" : "강서구");
    return project;
  }

  static std::vector<std::string> Expected(
      const std::function<bool(const v1::Project&)>& predicate) {
    std::vector<std::string> names;
    for (const auto& [name, project] : *projects_) {
      if (predicate(project)) names.push_back(name);
    }
    return names;  // std::map: name order
  }

  static CatalogServer* server_;
  static Stub* stub_;
  static std::map<std::string, v1::Project>* projects_;
};

CatalogServer* CatalogListTest::server_ = nullptr;
Stub* CatalogListTest::stub_ = nullptr;
std::map<std::string, v1::Project>* CatalogListTest::projects_ = nullptr;

TEST_F(CatalogListTest, DefaultPageSizeIsFifty) {
  v1::ListProjectsResponse first;
  ASSERT_OK(Call(*stub_, &Stub::ListProjects, ProjectsQuery(""), &first));
  EXPECT_EQ(first.projects_size(), 50);
  EXPECT_EQ(first.total_size(), kProjects);
  EXPECT_FALSE(first.next_page_token().empty());
  v1::ListProjectsRequest request = ProjectsQuery("");
  request.set_page_token(first.next_page_token());
  v1::ListProjectsResponse second;
  ASSERT_OK(Call(*stub_, &Stub::ListProjects, request, &second));
  EXPECT_EQ(second.projects_size(), kProjects - 50);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ(second.total_size(), kProjects);

  std::vector<std::string> names = NamesOf(first.projects());
  for (const std::string& name : NamesOf(second.projects())) {
    names.push_back(name);
  }
  EXPECT_EQ(names, Expected([](const v1::Project&) { return true; }));
  // Listed projects are whole records.
  for (const v1::Project& project : first.projects()) {
    EXPECT_EQ(project.SerializeAsString(),
              projects_->at(project.name()).SerializeAsString());
  }
}

TEST_F(CatalogListTest, NegativePageSizeIsInvalid) {
  v1::ListProjectsResponse response;
  EXPECT_THAT(
      Call(*stub_, &Stub::ListProjects, ProjectsQuery("", "", -1), &response),
      StatusIs(StatusCode::kInvalidArgument, StartsWith("page_size")));
  v1::ListPlansRequest plans;
  plans.set_page_size(-5);
  v1::ListPlansResponse plans_response;
  EXPECT_THAT(Call(*stub_, &Stub::ListPlans, plans, &plans_response),
              StatusIs(StatusCode::kInvalidArgument, StartsWith("page_size")));
}

TEST_F(CatalogListTest, LargePageSizeReturnsEverythingAtOnce) {
  v1::ListProjectsResponse response;
  ASSERT_OK(Call(*stub_, &Stub::ListProjects, ProjectsQuery("", "", 5000),
                 &response));
  EXPECT_EQ(response.projects_size(), kProjects);
  EXPECT_TRUE(response.next_page_token().empty());
  EXPECT_EQ(response.total_size(), kProjects);
}

TEST_F(CatalogListTest, WalkingAllPagesReturnsEachProjectOnceInNameOrder) {
  for (int page_size : {1, 7, 59, 60, 61}) {
    SCOPED_TRACE(page_size);
    int32_t total = 0;
    std::vector<std::string> names =
        WalkProjects(*stub_, ProjectsQuery("", "", page_size), &total);
    EXPECT_EQ(names, Expected([](const v1::Project&) { return true; }));
    EXPECT_EQ(total, kProjects);
  }
  // The page size may change between pages.
  v1::ListProjectsResponse first;
  ASSERT_OK(
      Call(*stub_, &Stub::ListProjects, ProjectsQuery("", "", 5), &first));
  v1::ListProjectsRequest rest = ProjectsQuery("", "", 100);
  rest.set_page_token(first.next_page_token());
  v1::ListProjectsResponse second;
  ASSERT_OK(Call(*stub_, &Stub::ListProjects, rest, &second));
  EXPECT_EQ(first.projects_size() + second.projects_size(), kProjects);
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(CatalogListTest, OrderByBudgetDescending) {
  std::vector<std::pair<int64_t, std::string>> budgeted;
  for (const auto& [name, project] : *projects_) {
    if (project.has_budget_krw()) {
      budgeted.emplace_back(project.budget_krw(), name);
    }
  }
  std::sort(budgeted.begin(), budgeted.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> expected;
  for (const auto& [budget, name] : budgeted) expected.push_back(name);
  ASSERT_GT(expected.size(), 40u);

  EXPECT_EQ(
      WalkProjects(*stub_, ProjectsQuery("budget_krw >= 0", "budget_krw desc")),
      expected);
  EXPECT_EQ(WalkProjects(
                *stub_, ProjectsQuery("budget_krw >= 0", "budget_krw desc", 7)),
            expected);
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(
      WalkProjects(*stub_, ProjectsQuery("budget_krw >= 0", "budget_krw", 9)),
      expected);
  EXPECT_EQ(WalkProjects(*stub_, ProjectsQuery("budget_krw >= 0",
                                               "budget_krw asc", 100)),
            expected);
}

TEST_F(CatalogListTest, OrderByYearThenDisplayNameDescending) {
  std::vector<const v1::Project*> sorted;
  for (const auto& [name, project] : *projects_) sorted.push_back(&project);
  std::sort(sorted.begin(), sorted.end(),
            [](const v1::Project* a, const v1::Project* b) {
              if (a->start_year() != b->start_year()) {
                return a->start_year() < b->start_year();
              }
              return a->display_name() > b->display_name();
            });
  std::vector<std::string> expected;
  for (const v1::Project* project : sorted) expected.push_back(project->name());

  EXPECT_EQ(
      WalkProjects(*stub_,
                   ProjectsQuery("", "start_year, display_name desc", 1000)),
      expected);
  EXPECT_EQ(WalkProjects(*stub_,
                         ProjectsQuery("", "start_year,display_name desc", 7)),
            expected);

  // name desc is the reverse of the default order.
  std::vector<std::string> reversed =
      Expected([](const v1::Project&) { return true; });
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(WalkProjects(*stub_, ProjectsQuery("", "name desc", 11)), reversed);

  // Ordering and filtering together.
  std::vector<std::string> alpha;
  for (const std::string& name : expected) {
    if (projects_->at(name).strategy() == "strategies/alpha") {
      alpha.push_back(name);
    }
  }
  EXPECT_EQ(
      WalkProjects(*stub_, ProjectsQuery("strategy = \"strategies/alpha\"",
                                         "start_year, display_name desc", 3)),
      alpha);
}

// Filters, each checked against the model (list in name order, total_size,
// and a walk with small pages).
struct FilterCase {
  std::string label;
  std::string filter;
  std::function<bool(const v1::Project&)> matches;
};

class CatalogFilterTest : public CatalogListTest,
                          public ::testing::WithParamInterface<FilterCase> {};

TEST_P(CatalogFilterTest, MatchesTheModel) {
  const FilterCase& param = GetParam();
  const std::vector<std::string> expected = Expected(param.matches);
  v1::ListProjectsResponse response;
  ASSERT_OK(Call(*stub_, &Stub::ListProjects,
                 ProjectsQuery(param.filter, "", 1000), &response));
  EXPECT_EQ(NamesOf(response.projects()), expected) << param.filter;
  EXPECT_EQ(response.total_size(), static_cast<int32_t>(expected.size()));
  int32_t total = 0;
  EXPECT_EQ(WalkProjects(*stub_, ProjectsQuery(param.filter, "", 4), &total),
            expected);
  EXPECT_EQ(total, static_cast<int32_t>(expected.size()));
}

bool Has(const v1::Project& p, const std::string& tag) {
  return std::find(p.tags().begin(), p.tags().end(), tag) != p.tags().end();
}

std::vector<FilterCase> FilterCases() {
  using P = const v1::Project&;
  const int64_t n = 5'000'000'000LL;
  return {
      {"StrategyEquals", "strategy = \"strategies/alpha\"",
       [](P p) { return p.strategy() == "strategies/alpha"; }},
      {"StrategyNotEquals", "strategy != \"strategies/alpha\"",
       [](P p) { return p.strategy() != "strategies/alpha"; }},
      {"StrategyOfNothing", "strategy = \"strategies/none\"",
       [](P) { return false; }},
      {"InitiativeEquals", "initiative = \"strategies/alpha/initiatives/ai\"",
       [](P p) { return p.initiative() == "strategies/alpha/initiatives/ai"; }},
      {"InitiativeEmpty", "initiative = \"\"",
       [](P p) { return p.initiative().empty(); }},
      {"OriginNew", "origin = NEW",
       [](P p) { return p.origin() == v1::Project::NEW; }},
      {"OriginUnspecified", "origin = ORIGIN_UNSPECIFIED",
       [](P p) { return p.origin() == v1::Project::ORIGIN_UNSPECIFIED; }},
      {"OriginNotExpanded", "origin != EXPANDED",
       [](P p) { return p.origin() != v1::Project::EXPANDED; }},
      {"StageInProgress", "stage = IN_PROGRESS",
       [](P p) { return p.stage() == v1::Project::IN_PROGRESS; }},
      {"StageAtLeastCompleted", "stage >= COMPLETED",
       [](P p) { return p.stage() >= v1::Project::COMPLETED; }},
      {"OriginAndStage", "origin = NEW AND stage = IN_PROGRESS",
       [](P p) {
         return p.origin() == v1::Project::NEW &&
                p.stage() == v1::Project::IN_PROGRESS;
       }},
      {"BudgetAtLeast", absl::StrCat("budget_krw >= ", n),
       [n](P p) { return p.has_budget_krw() && p.budget_krw() >= n; }},
      {"BudgetBelow", absl::StrCat("budget_krw < ", n),
       [n](P p) { return p.has_budget_krw() && p.budget_krw() < n; }},
      {"BudgetNotBelow", absl::StrCat("NOT budget_krw < ", n),
       [n](P p) { return !(p.has_budget_krw() && p.budget_krw() < n); }},
      {"TagsHasPort", "tags: \"port\"", [](P p) { return Has(p, "port"); }},
      {"TagsHasBareWord", "tags:smart", [](P p) { return Has(p, "smart"); }},
      {"AlignedTrue", "national_alignment = true",
       [](P p) {
         return p.has_national_alignment() && p.national_alignment();
       }},
      {"AlignedFalse", "national_alignment = false",
       [](P p) {
         return p.has_national_alignment() && !p.national_alignment();
       }},
      {"DisplayNamePrefix", "display_name = \"Port*\"",
       [](P p) { return p.display_name().rfind("Port", 0) == 0; }},
      {"DisplayNameSuffix", "display_name = \"*Hub\"",
       [](P p) {
         const std::string& d = p.display_name();
         return d.size() >= 3 && d.compare(d.size() - 3, 3, "Hub") == 0;
       }},
      {"DisplayNameExact", "display_name = \"Culture 7\"",
       [](P p) { return p.display_name() == "Culture 7"; }},
      {"LeadAgency", "lead_agency = \"Busan Port Authority\"",
       [](P p) { return p.lead_agency() == "Busan Port Authority"; }},
      {"KoreanLocation", "location = \"해운대구\"",
       [](P p) { return p.location() == "해운대구"; }},
      {"YearRange", "start_year >= 2024 AND end_year <= 2026",
       [](P p) {
         return p.start_year() >= 2024 && p.has_end_year() &&
                p.end_year() <= 2026;
       }},
      {"StrategyAndBudget",
       absl::StrCat("strategy = \"strategies/alpha\" AND budget_krw >= ", n),
       [n](P p) {
         return p.strategy() == "strategies/alpha" && p.has_budget_krw() &&
                p.budget_krw() >= n;
       }},
      {"StrategyOrStrategy",
       "strategy = \"strategies/alpha\" OR strategy = \"strategies/gamma\"",
       [](P p) {
         return p.strategy() == "strategies/alpha" ||
                p.strategy() == "strategies/gamma";
       }},
      {"NotStrategy", "NOT strategy = \"strategies/alpha\"",
       [](P p) { return p.strategy() != "strategies/alpha"; }},
      {"MinusStrategy", "-strategy = \"strategies/beta\"",
       [](P p) { return p.strategy() != "strategies/beta"; }},
      {"StrategyAndNotOrigin",
       "strategy = \"strategies/beta\" AND NOT origin = NEW",
       [](P p) {
         return p.strategy() == "strategies/beta" &&
                p.origin() != v1::Project::NEW;
       }},
      {"OriginGroupAndTag",
       "(origin = NEW OR origin = EXPANDED) AND tags:\"ai\"",
       [](P p) {
         return (p.origin() == v1::Project::NEW ||
                 p.origin() == v1::Project::EXPANDED) &&
                Has(p, "ai");
       }},
      {"OrBindsTighterThanAnd",
       "stage = PLANNED AND strategy = \"strategies/beta\" OR tags: \"smart\"",
       [](P p) {
         return p.stage() == v1::Project::PLANNED &&
                (p.strategy() == "strategies/beta" || Has(p, "smart"));
       }},
      {"IndexedStageWithOr",
       "stage = SUSPENDED AND (strategy = \"strategies/gamma\" OR "
       "national_alignment = true)",
       [](P p) {
         return p.stage() == v1::Project::SUSPENDED &&
                (p.strategy() == "strategies/gamma" ||
                 (p.has_national_alignment() && p.national_alignment()));
       }},
      {"InitiativeAndOrigin",
       "initiative = \"strategies/beta/initiatives/bi\" AND origin != NEW",
       [](P p) {
         return p.initiative() == "strategies/beta/initiatives/bi" &&
                p.origin() != v1::Project::NEW;
       }},
      {"InitiativeOfOtherStrategy",
       "initiative = \"strategies/alpha/initiatives/ai\" AND strategy = "
       "\"strategies/beta\"",
       [](P) { return false; }},
      {"StrategyAndOriginBothIndexed",
       "origin = UPGRADED AND strategy = \"strategies/gamma\" AND stage != "
       "PLANNED",
       [](P p) {
         return p.origin() == v1::Project::UPGRADED &&
                p.strategy() == "strategies/gamma" &&
                p.stage() != v1::Project::PLANNED;
       }},
      {"NotOfIndexedField",
       "NOT (origin = NEW AND strategy = \"strategies/alpha\")",
       [](P p) {
         return !(p.origin() == v1::Project::NEW &&
                  p.strategy() == "strategies/alpha");
       }},
      {"JuxtapositionIsAnd", "tags:\"port\" tags:\"ai\"",
       [](P p) { return Has(p, "port") && Has(p, "ai"); }},
      {"BudgetPresent", "budget_krw:*", [](P p) { return p.has_budget_krw(); }},
      {"EndYearPresent", "end_year:*", [](P p) { return p.has_end_year(); }},
      {"BudgetAboveNegative", "budget_krw > -1",
       [](P p) { return p.has_budget_krw(); }},
      {"StartYearEquals", "start_year = 2024",
       [](P p) { return p.start_year() == 2024; }},
      {"DisplayNameContains", "display_name = \"*ub 1*\"",
       [](P p) { return p.display_name().find("ub 1") != std::string::npos; }},
      {"LeadAgencyNotEquals", "lead_agency != \"Busan Port Authority\"",
       [](P p) { return p.lead_agency() != "Busan Port Authority"; }},
      {"TagPrefix", "tags:\"po*\"", [](P p) { return Has(p, "port"); }},
      {"DoubleNegation", "NOT NOT origin = NEW",
       [](P p) { return p.origin() == v1::Project::NEW; }},
      {"RedundantParentheses", "((origin = NEW)) AND ((stage = PLANNED))",
       [](P p) {
         return p.origin() == v1::Project::NEW &&
                p.stage() == v1::Project::PLANNED;
       }},
      {"KoreanAndNotTag", "location = \"강서구\" AND NOT tags:\"port\"",
       [](P p) { return p.location() == "강서구" && !Has(p, "port"); }},
      {"SingleQuotes", "strategy = 'strategies/beta' AND tags:'ai'",
       [](P p) { return p.strategy() == "strategies/beta" && Has(p, "ai"); }},
  };
}

INSTANTIATE_TEST_SUITE_P(Filters, CatalogFilterTest,
                         ::testing::ValuesIn(FilterCases()),
                         [](const ::testing::TestParamInfo<FilterCase>& info) {
                           return info.param.label;
                         });

TEST_F(CatalogListTest, BadFiltersAreInvalidArgument) {
  std::string deep = "origin = NEW";
  for (int i = 0; i < 40; ++i) deep = "(" + deep + ")";
  const std::vector<std::string> filters = {
      "budget > 5",
      "budget_krw >",
      "budget_krw >= abc",
      "origin = SPACE",
      "(origin = NEW",
      "origin = NEW)",
      "origin == NEW",
      "AND origin = NEW",
      "origin = NEW AND",
      "tags > \"a\"",
      "\"port\"",
      "strategy = \"unterminated",
      "start_year = 1.5",
      "national_alignment = maybe",
      "budget_krw > 99999999999999999999",
      "start_year > 3000000000",
      "stage = 17",
      "display_name = \"" + std::string(4100, 'a') + "\"",
      deep,
  };
  for (const std::string& filter : filters) {
    SCOPED_TRACE(filter.substr(0, 60));
    v1::ListProjectsResponse response;
    EXPECT_THAT(
        Call(*stub_, &Stub::ListProjects, ProjectsQuery(filter), &response),
        StatusIs(StatusCode::kInvalidArgument, StartsWith("filter:")));
    EXPECT_EQ(response.projects_size(), 0);
  }
  // Unknown fields and syntax errors name the position.
  for (const char* filter :
       {"budget > 5", "origin = NEW AND", "stage = PLANNED AND nope = 1"}) {
    SCOPED_TRACE(filter);
    v1::ListProjectsResponse response;
    EXPECT_THAT(
        Call(*stub_, &Stub::ListProjects, ProjectsQuery(filter), &response),
        StatusIs(StatusCode::kInvalidArgument,
                 AllOf(StartsWith("filter:"), HasSubstr("position"))));
  }
  // 32 levels of nesting are allowed, 33 are not.
  std::string nested = "origin = NEW";
  for (int i = 0; i < 32; ++i) nested = "(" + nested + ")";
  v1::ListProjectsResponse nested_response;
  EXPECT_OK(Call(*stub_, &Stub::ListProjects, ProjectsQuery(nested),
                 &nested_response));
  EXPECT_EQ(NamesOf(nested_response.projects()),
            Expected([](const v1::Project& p) {
              return p.origin() == v1::Project::NEW;
            }));
  EXPECT_THAT(Call(*stub_, &Stub::ListProjects,
                   ProjectsQuery("(" + nested + ")"), &nested_response),
              StatusIs(StatusCode::kInvalidArgument, StartsWith("filter:")));
  // 4,096 bytes is still allowed.
  std::string longest = "display_name = \"";
  longest += std::string(4096 - longest.size() - 1, 'a') + "\"";
  ASSERT_EQ(longest.size(), 4096u);
  v1::ListProjectsResponse response;
  EXPECT_OK(
      Call(*stub_, &Stub::ListProjects, ProjectsQuery(longest), &response));
  EXPECT_EQ(response.projects_size(), 0);

  // Other collections check their own fields.
  v1::ListStrategiesRequest strategies;
  strategies.set_filter("budget_krw > 5");
  v1::ListStrategiesResponse strategies_response;
  EXPECT_THAT(
      Call(*stub_, &Stub::ListStrategies, strategies, &strategies_response),
      StatusIs(StatusCode::kInvalidArgument, StartsWith("filter:")));
  v1::ListInitiativesRequest initiatives;
  initiatives.set_parent("strategies/-");
  initiatives.set_filter("strategy = \"strategies/alpha\"");
  v1::ListInitiativesResponse initiatives_response;
  EXPECT_THAT(
      Call(*stub_, &Stub::ListInitiatives, initiatives, &initiatives_response),
      StatusIs(StatusCode::kInvalidArgument, StartsWith("filter:")));
}

TEST_F(CatalogListTest, BadOrderByIsInvalidArgument) {
  for (const char* order_by :
       {"no_such_field", "budget_krw sideways", "tags", "budget_krw,,name",
        "budget_krw desc desc", "sources", "budget_krw, budget_krw",
        "display_name desc,"}) {
    SCOPED_TRACE(order_by);
    v1::ListProjectsResponse response;
    EXPECT_THAT(
        Call(*stub_, &Stub::ListProjects, ProjectsQuery("", order_by),
             &response),
        StatusIs(StatusCode::kInvalidArgument, StartsWith("order_by:")));
  }
  v1::ListPlansRequest plans;
  plans.set_order_by("ordinal");
  v1::ListPlansResponse plans_response;
  EXPECT_THAT(Call(*stub_, &Stub::ListPlans, plans, &plans_response),
              StatusIs(StatusCode::kInvalidArgument, StartsWith("order_by:")));
}

TEST_F(CatalogListTest, TamperedOrForeignPageTokensAreInvalid) {
  v1::ListProjectsRequest request = ProjectsQuery("origin != NEW", "", 7);
  v1::ListProjectsResponse first;
  ASSERT_OK(Call(*stub_, &Stub::ListProjects, request, &first));
  const std::string token = first.next_page_token();
  ASSERT_GT(token.size(), 8u);

  auto list_with = [&](const v1::ListProjectsRequest& base,
                       const std::string& page_token) {
    v1::ListProjectsRequest copy = base;
    copy.set_page_token(page_token);
    v1::ListProjectsResponse response;
    grpc::Status status = Call(*stub_, &Stub::ListProjects, copy, &response);
    if (!status.ok()) {
      EXPECT_EQ(response.projects_size(), 0);
    }
    return status;
  };
  // The token as issued works.
  ASSERT_OK(list_with(request, token));

  for (size_t position : {size_t{0}, token.size() / 2, token.size() - 3}) {
    std::string tampered = token;
    tampered[position] = tampered[position] == 'A' ? 'B' : 'A';
    SCOPED_TRACE(position);
    EXPECT_THAT(
        list_with(request, tampered),
        StatusIs(StatusCode::kInvalidArgument, HasSubstr("page_token")));
  }
  for (const std::string& junk :
       {std::string("not a token"), std::string("AAAA"), token + "AAAA",
        token.substr(0, token.size() - 4), std::string("%%%")}) {
    SCOPED_TRACE(junk);
    EXPECT_THAT(list_with(request, junk), StatusIs(StatusCode::kInvalidArgument,
                                                   HasSubstr("page_token")));
  }

  // A token belongs to the query it was issued for.
  EXPECT_THAT(list_with(ProjectsQuery("origin = NEW", "", 7), token),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(list_with(ProjectsQuery("", "", 7), token),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(
      list_with(ProjectsQuery("origin != NEW", "display_name", 7), token),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("page_token")));
  v1::ListStrategiesRequest strategies;
  strategies.set_page_token(token);
  v1::ListStrategiesResponse strategies_response;
  EXPECT_THAT(
      Call(*stub_, &Stub::ListStrategies, strategies, &strategies_response),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("page_token")));

  // Initiative tokens are bound to their parent.
  v1::ListInitiativesRequest initiatives;
  initiatives.set_parent("strategies/-");
  initiatives.set_page_size(1);
  v1::ListInitiativesResponse initiatives_first;
  ASSERT_OK(
      Call(*stub_, &Stub::ListInitiatives, initiatives, &initiatives_first));
  ASSERT_FALSE(initiatives_first.next_page_token().empty());
  initiatives.set_parent("strategies/alpha");
  initiatives.set_page_token(initiatives_first.next_page_token());
  v1::ListInitiativesResponse initiatives_second;
  EXPECT_THAT(
      Call(*stub_, &Stub::ListInitiatives, initiatives, &initiatives_second),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(CatalogListTest, ListInitiativesPerStrategyAndAcrossStrategies) {
  v1::ListInitiativesRequest request;
  request.set_parent("strategies/-");
  v1::ListInitiativesResponse all;
  ASSERT_OK(Call(*stub_, &Stub::ListInitiatives, request, &all));
  EXPECT_THAT(NamesOf(all.initiatives()),
              ElementsAre("strategies/alpha/initiatives/ai",
                          "strategies/alpha/initiatives/aj",
                          "strategies/beta/initiatives/bi",
                          "strategies/gamma/initiatives/gi"));
  EXPECT_EQ(all.total_size(), 4);
  // Derived figures as Get reports them, and as the model says.
  for (const v1::Initiative& initiative : all.initiatives()) {
    v1::GetInitiativeRequest get;
    get.set_name(initiative.name());
    v1::Initiative got;
    ASSERT_OK(Call(*stub_, &Stub::GetInitiative, get, &got));
    EXPECT_EQ(got.SerializeAsString(), initiative.SerializeAsString());
    int64_t count = 0, budget = 0;
    for (const auto& [name, project] : *projects_) {
      if (project.initiative() != initiative.name()) continue;
      ++count;
      budget += project.budget_krw();
    }
    EXPECT_EQ(initiative.project_count(), count) << initiative.name();
    EXPECT_EQ(initiative.total_budget_krw(), budget) << initiative.name();
  }

  // One strategy's, one page at a time.
  request.set_parent("strategies/alpha");
  request.set_page_size(1);
  std::vector<std::string> names;
  for (int page = 0; page < 10; ++page) {
    v1::ListInitiativesResponse response;
    ASSERT_OK(Call(*stub_, &Stub::ListInitiatives, request, &response));
    EXPECT_EQ(response.total_size(), 2);
    for (const std::string& name : NamesOf(response.initiatives())) {
      names.push_back(name);
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ElementsAre("strategies/alpha/initiatives/ai",
                                 "strategies/alpha/initiatives/aj"));

  request.Clear();
  request.set_parent("strategies/-");
  request.set_filter("display_name = \"Smart*\"");
  request.set_order_by("display_name desc");
  v1::ListInitiativesResponse smart;
  ASSERT_OK(Call(*stub_, &Stub::ListInitiatives, request, &smart));
  EXPECT_THAT(NamesOf(smart.initiatives()),
              ElementsAre("strategies/alpha/initiatives/aj",
                          "strategies/alpha/initiatives/ai"));

  request.Clear();
  request.set_parent("strategies/gamma");
  v1::ListInitiativesResponse gamma;
  ASSERT_OK(Call(*stub_, &Stub::ListInitiatives, request, &gamma));
  EXPECT_THAT(NamesOf(gamma.initiatives()),
              ElementsAre("strategies/gamma/initiatives/gi"));
}

TEST_F(CatalogListTest, ListInitiativesChecksItsParent) {
  v1::ListInitiativesRequest request;
  v1::ListInitiativesResponse response;
  request.set_parent("strategies/nope");
  EXPECT_THAT(Call(*stub_, &Stub::ListInitiatives, request, &response),
              StatusIs(StatusCode::kNotFound, HasSubstr("strategies/nope")));
  for (const char* parent :
       {"", "strategies", "strategies/", "plans/p1", "strategies/Alpha",
        "strategies/alpha/initiatives/ai"}) {
    SCOPED_TRACE(parent);
    request.set_parent(parent);
    EXPECT_THAT(Call(*stub_, &Stub::ListInitiatives, request, &response),
                StatusIs(StatusCode::kInvalidArgument, StartsWith("parent")));
  }
}

TEST_F(CatalogListTest, ListStrategiesAndPlans) {
  v1::ListStrategiesRequest request;
  v1::ListStrategiesResponse all;
  ASSERT_OK(Call(*stub_, &Stub::ListStrategies, request, &all));
  EXPECT_THAT(
      NamesOf(all.strategies()),
      ElementsAre("strategies/alpha", "strategies/beta", "strategies/gamma"));
  EXPECT_EQ(all.total_size(), 3);
  for (const v1::Strategy& strategy : all.strategies()) {
    int64_t count = 0, budget = 0, unbudgeted = 0, fresh = 0;
    for (const auto& [name, project] : *projects_) {
      if (project.strategy() != strategy.name()) continue;
      ++count;
      budget += project.budget_krw();
      unbudgeted += project.has_budget_krw() ? 0 : 1;
      fresh += project.origin() == v1::Project::NEW ? 1 : 0;
    }
    EXPECT_EQ(strategy.project_count(), count) << strategy.name();
    EXPECT_EQ(strategy.total_budget_krw(), budget) << strategy.name();
    EXPECT_EQ(strategy.unbudgeted_project_count(), unbudgeted);
    EXPECT_EQ(strategy.origin_counts().new_count(), fresh);
  }

  request.set_filter("plan = \"plans/p1\"");
  v1::ListStrategiesResponse p1;
  ASSERT_OK(Call(*stub_, &Stub::ListStrategies, request, &p1));
  EXPECT_THAT(NamesOf(p1.strategies()),
              ElementsAre("strategies/alpha", "strategies/beta"));
  EXPECT_EQ(p1.total_size(), 2);

  request.set_filter("plan = \"plans/p1\"");
  request.set_page_size(1);
  v1::ListStrategiesResponse page1;
  ASSERT_OK(Call(*stub_, &Stub::ListStrategies, request, &page1));
  EXPECT_THAT(NamesOf(page1.strategies()), ElementsAre("strategies/alpha"));
  request.set_page_token(page1.next_page_token());
  v1::ListStrategiesResponse page2;
  ASSERT_OK(Call(*stub_, &Stub::ListStrategies, request, &page2));
  EXPECT_THAT(NamesOf(page2.strategies()), ElementsAre("strategies/beta"));
  EXPECT_TRUE(page2.next_page_token().empty());

  request.Clear();
  request.set_filter("plan != \"plans/p1\" OR display_name = \"Marine*\"");
  request.set_order_by("display_name desc");
  v1::ListStrategiesResponse mixed;
  ASSERT_OK(Call(*stub_, &Stub::ListStrategies, request, &mixed));
  EXPECT_THAT(NamesOf(mixed.strategies()),
              ElementsAre("strategies/alpha", "strategies/gamma"));

  v1::ListPlansRequest plans;
  v1::ListPlansResponse all_plans;
  ASSERT_OK(Call(*stub_, &Stub::ListPlans, plans, &all_plans));
  EXPECT_THAT(NamesOf(all_plans.plans()), ElementsAre("plans/p1", "plans/p2"));
  EXPECT_EQ(all_plans.total_size(), 2);
  EXPECT_EQ(all_plans.plans(0).strategy_count(), 2);
  EXPECT_EQ(all_plans.plans(0).initiative_count(), 3);
  EXPECT_EQ(all_plans.plans(1).strategy_count(), 1);
  EXPECT_EQ(
      all_plans.plans(0).project_count() + all_plans.plans(1).project_count(),
      kProjects);
  plans.set_order_by("display_name");
  v1::ListPlansResponse by_display;
  ASSERT_OK(Call(*stub_, &Stub::ListPlans, plans, &by_display));
  EXPECT_THAT(NamesOf(by_display.plans()), ElementsAre("plans/p2", "plans/p1"));
  plans.set_order_by("");
  plans.set_filter("display_name = \"Growth*\"");
  v1::ListPlansResponse growth;
  ASSERT_OK(Call(*stub_, &Stub::ListPlans, plans, &growth));
  EXPECT_THAT(NamesOf(growth.plans()), ElementsAre("plans/p1"));
  EXPECT_EQ(growth.total_size(), 1);
}

// ---------------------------------------------------------------------------
// Walks while other writes happen between pages, on a server of their own.

class ListWhileWritingTest
    : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {
 protected:
  void SetUp() override {
    stub_ = server_.NewStub();
    v1::CreatePlanRequest plan;
    plan.set_plan_id("p");
    plan.mutable_plan()->set_display_name("P");
    v1::Plan plan_response;
    ASSERT_OK(Call(*stub_, &Stub::CreatePlan, plan, &plan_response));
    for (const char* id : {"s", "t"}) {
      v1::CreateStrategyRequest strategy;
      strategy.set_strategy_id(id);
      strategy.mutable_strategy()->set_plan("plans/p");
      strategy.mutable_strategy()->set_display_name(id);
      v1::Strategy strategy_response;
      ASSERT_OK(
          Call(*stub_, &Stub::CreateStrategy, strategy, &strategy_response));
    }
  }

  grpc::Status Create(const std::string& id, const std::string& display_name,
                      const std::string& strategy = "strategies/s") {
    v1::CreateProjectRequest request;
    request.set_project_id(id);
    request.mutable_project()->set_strategy(strategy);
    request.mutable_project()->set_display_name(display_name);
    v1::Project response;
    return Call(*stub_, &Stub::CreateProject, request, &response);
  }
  grpc::Status Delete(const std::string& id) {
    v1::DeleteProjectRequest request;
    request.set_name("projects/" + id);
    google::protobuf::Empty response;
    return Call(*stub_, &Stub::DeleteProject, request, &response);
  }

  CatalogServer server_;
  std::unique_ptr<Stub> stub_;
};

TEST_P(ListWhileWritingTest, EveryStableItemIsReturnedExactlyOnce) {
  const auto& [filter, order_by] = GetParam();
  // 60 projects that stay for the whole walk; display names sort in the
  // reverse of name order so that a display_name order walks differently.
  std::set<std::string> stable;
  for (int i = 0; i < 60; ++i) {
    const std::string id = absl::StrFormat("m-%02d", i);
    ASSERT_OK(Create(id, absl::StrFormat("D %02d", 99 - i)));
    stable.insert("projects/" + id);
  }
  // Projects of another strategy, which the strategy filter excludes.
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(Create(absl::StrFormat("m-%02d-t", i * 10), "T", "strategies/t"));
  }

  // Between pages: add projects before and after the cursor (in name and in
  // display-name order) and delete ones added earlier.
  std::vector<std::string> transient;
  int created = 0;
  auto between = [&](int page) {
    for (int k = 0; k < 3; ++k) {
      const int slot = (page * 7 + k * 23) % 60;
      const std::string id = absl::StrFormat("m-%02d-new-%d", slot, created++);
      ASSERT_OK(Create(id, absl::StrFormat("D %02d x", 99 - slot)));
      transient.push_back(id);
    }
    if (transient.size() > 3) {
      ASSERT_OK(Delete(transient.front()));
      transient.erase(transient.begin());
    }
  };

  v1::ListProjectsRequest request = ProjectsQuery(filter, order_by, 7);
  std::vector<std::string> names =
      WalkProjects(*stub_, request, nullptr, between);
  EXPECT_GT(created, 20);

  std::map<std::string, int> seen;
  for (const std::string& name : names) ++seen[name];
  for (const auto& [name, times] : seen) {
    EXPECT_EQ(times, 1) << name << " returned " << times << " times";
  }
  for (const std::string& name : stable) {
    EXPECT_EQ(seen.count(name), 1u) << name << " missing from the walk";
  }
  for (const auto& [name, times] : seen) {
    EXPECT_EQ(name.find("-t"), std::string::npos)
        << name << " is not in the filtered strategy";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Orders, ListWhileWritingTest,
    ::testing::Values(
        std::make_tuple(std::string("strategy = \"strategies/s\""),
                        std::string("")),
        std::make_tuple(std::string("display_name = \"D*\""), std::string("")),
        std::make_tuple(std::string("strategy = \"strategies/s\""),
                        std::string("display_name")),
        std::make_tuple(std::string("strategy = \"strategies/s\""),
                        std::string("display_name desc"))));

}  // namespace
}  // namespace busan::testing
