// Derived figures of plans, strategies and initiatives (project counts,
// budget totals, unbudgeted counts, origin counts, strategy and initiative
// counts) over real gRPC calls: a scripted walk with exact numbers, and a
// randomized sequence of writes checked against a model after every step.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
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
using ::testing::HasSubstr;

// The derived figures every container reports.
struct Figures {
  int64_t project_count = 0;
  int64_t total_budget_krw = 0;
  int64_t unbudgeted_project_count = 0;
  int64_t new_count = 0;
  int64_t upgraded_count = 0;
  int64_t expanded_count = 0;
  int64_t unspecified_count = 0;
  int64_t strategy_count = 0;    // plans only
  int64_t initiative_count = 0;  // plans and strategies

  bool operator==(const Figures&) const = default;

  std::string ToString() const {
    std::ostringstream out;
    out << "{projects=" << project_count << " budget=" << total_budget_krw
        << " unbudgeted=" << unbudgeted_project_count << " new=" << new_count
        << " upgraded=" << upgraded_count << " expanded=" << expanded_count
        << " unspecified=" << unspecified_count
        << " strategies=" << strategy_count
        << " initiatives=" << initiative_count << "}";
    return out.str();
  }
};

template <typename T>
Figures FiguresOf(const T& record) {
  Figures f;
  f.project_count = record.project_count();
  f.total_budget_krw = record.total_budget_krw();
  f.unbudgeted_project_count = record.unbudgeted_project_count();
  f.new_count = record.origin_counts().new_count();
  f.upgraded_count = record.origin_counts().upgraded_count();
  f.expanded_count = record.origin_counts().expanded_count();
  f.unspecified_count = record.origin_counts().unspecified_count();
  return f;
}

// What the catalog should hold, kept by the test.
struct Model {
  struct Project {
    std::string strategy;
    std::string initiative;
    std::optional<int64_t> budget;
    v1::Project::Origin origin = v1::Project::ORIGIN_UNSPECIFIED;
  };
  std::map<std::string, std::string> strategy_plan;  // strategy -> plan
  std::set<std::string> plans;
  std::set<std::string> initiatives;
  std::map<std::string, Project> projects;

  static std::string StrategyOf(const std::string& initiative) {
    return initiative.substr(0, initiative.find("/initiatives/"));
  }

  static void Add(Figures* f, const Project& p) {
    ++f->project_count;
    if (p.budget) {
      f->total_budget_krw += *p.budget;
    } else {
      ++f->unbudgeted_project_count;
    }
    switch (p.origin) {
      case v1::Project::NEW:
        ++f->new_count;
        break;
      case v1::Project::UPGRADED:
        ++f->upgraded_count;
        break;
      case v1::Project::EXPANDED:
        ++f->expanded_count;
        break;
      default:
        ++f->unspecified_count;
    }
  }

  Figures ForPlan(const std::string& plan) const {
    Figures f;
    for (const auto& [strategy, owner] : strategy_plan) {
      if (owner == plan) ++f.strategy_count;
    }
    for (const std::string& initiative : initiatives) {
      if (strategy_plan.at(StrategyOf(initiative)) == plan) {
        ++f.initiative_count;
      }
    }
    for (const auto& [name, p] : projects) {
      if (strategy_plan.at(p.strategy) == plan) Add(&f, p);
    }
    return f;
  }
  Figures ForStrategy(const std::string& strategy) const {
    Figures f;
    for (const std::string& initiative : initiatives) {
      if (StrategyOf(initiative) == strategy) ++f.initiative_count;
    }
    for (const auto& [name, p] : projects) {
      if (p.strategy == strategy) Add(&f, p);
    }
    return f;
  }
  Figures ForInitiative(const std::string& initiative) const {
    Figures f;
    for (const auto& [name, p] : projects) {
      if (p.initiative == initiative) Add(&f, p);
    }
    return f;
  }
  std::vector<std::string> InitiativesOf(const std::string& strategy) const {
    std::vector<std::string> out;
    for (const std::string& initiative : initiatives) {
      if (StrategyOf(initiative) == strategy) out.push_back(initiative);
    }
    return out;
  }
};

class CatalogTotalsTest : public ::testing::Test {
 protected:
  void SetUp() override { stub_ = server_.NewStub(); }

  void CreatePlan(const std::string& id) {
    v1::CreatePlanRequest request;
    request.set_plan_id(id);
    request.mutable_plan()->set_display_name(id);
    v1::Plan response;
    ASSERT_OK(Call(*stub_, &Stub::CreatePlan, request, &response));
    model_.plans.insert("plans/" + id);
  }
  void CreateStrategy(const std::string& id, const std::string& plan) {
    v1::CreateStrategyRequest request;
    request.set_strategy_id(id);
    request.mutable_strategy()->set_plan(plan);
    request.mutable_strategy()->set_display_name(id);
    v1::Strategy response;
    ASSERT_OK(Call(*stub_, &Stub::CreateStrategy, request, &response));
    model_.strategy_plan["strategies/" + id] = plan;
  }
  void CreateInitiative(const std::string& strategy, const std::string& id) {
    v1::CreateInitiativeRequest request;
    request.set_parent(strategy);
    request.set_initiative_id(id);
    request.mutable_initiative()->set_display_name(id);
    v1::Initiative response;
    ASSERT_OK(Call(*stub_, &Stub::CreateInitiative, request, &response));
    model_.initiatives.insert(response.name());
  }
  grpc::Status CreateProject(const std::string& id, const Model::Project& p) {
    v1::CreateProjectRequest request;
    request.set_project_id(id);
    v1::Project* project = request.mutable_project();
    project->set_display_name(id);
    project->set_strategy(p.strategy);
    project->set_initiative(p.initiative);
    if (p.budget) project->set_budget_krw(*p.budget);
    project->set_origin(p.origin);
    v1::Project response;
    grpc::Status status =
        Call(*stub_, &Stub::CreateProject, request, &response);
    if (status.ok()) model_.projects["projects/" + id] = p;
    return status;
  }
  // Updates the fields in `paths` of `name` to `p` and, on success, the
  // model.
  grpc::Status UpdateProject(const std::string& name, const Model::Project& p,
                             const std::vector<std::string>& paths) {
    v1::UpdateProjectRequest request;
    v1::Project* project = request.mutable_project();
    project->set_name(name);
    project->set_display_name(name);
    project->set_strategy(p.strategy);
    project->set_initiative(p.initiative);
    if (p.budget) project->set_budget_krw(*p.budget);
    project->set_origin(p.origin);
    for (const std::string& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    v1::Project response;
    grpc::Status status =
        Call(*stub_, &Stub::UpdateProject, request, &response);
    if (status.ok()) {
      Model::Project& stored = model_.projects.at(name);
      const bool all = paths.empty();
      auto in = [&](const char* field) {
        return all ||
               std::find(paths.begin(), paths.end(), field) != paths.end();
      };
      if (in("strategy")) stored.strategy = p.strategy;
      if (in("initiative")) stored.initiative = p.initiative;
      if (in("budget_krw")) stored.budget = p.budget;
      if (in("origin")) stored.origin = p.origin;
      EXPECT_EQ(response.strategy(), stored.strategy);
      EXPECT_EQ(response.initiative(), stored.initiative);
      EXPECT_EQ(response.has_budget_krw(), stored.budget.has_value());
    }
    return status;
  }
  grpc::Status DeleteProject(const std::string& name) {
    v1::DeleteProjectRequest request;
    request.set_name(name);
    google::protobuf::Empty response;
    grpc::Status status =
        Call(*stub_, &Stub::DeleteProject, request, &response);
    if (status.ok()) model_.projects.erase(name);
    return status;
  }
  grpc::Status DeleteInitiative(const std::string& name, bool force) {
    v1::DeleteInitiativeRequest request;
    request.set_name(name);
    request.set_force(force);
    google::protobuf::Empty response;
    grpc::Status status =
        Call(*stub_, &Stub::DeleteInitiative, request, &response);
    if (status.ok()) {
      model_.initiatives.erase(name);
      for (auto& [project_name, p] : model_.projects) {
        if (p.initiative == name) p.initiative.clear();
      }
    }
    return status;
  }
  grpc::Status DeleteStrategy(const std::string& name, bool force) {
    v1::DeleteStrategyRequest request;
    request.set_name(name);
    request.set_force(force);
    google::protobuf::Empty response;
    grpc::Status status =
        Call(*stub_, &Stub::DeleteStrategy, request, &response);
    if (status.ok()) {
      model_.strategy_plan.erase(name);
      for (const std::string& initiative : model_.InitiativesOf(name)) {
        model_.initiatives.erase(initiative);
      }
      for (auto it = model_.projects.begin(); it != model_.projects.end();) {
        it = it->second.strategy == name ? model_.projects.erase(it) : ++it;
      }
    }
    return status;
  }

  // Compares every plan, strategy and initiative the server lists with the
  // model. Returns a description of the first differences, or "".
  std::string Differences() {
    std::string out;
    v1::ListPlansRequest plans_request;
    plans_request.set_page_size(1000);
    v1::ListPlansResponse plans;
    grpc::Status status = Call(*stub_, &Stub::ListPlans, plans_request, &plans);
    if (!status.ok()) return "ListPlans: " + status.error_message();
    std::set<std::string> plan_names;
    for (const v1::Plan& plan : plans.plans()) {
      plan_names.insert(plan.name());
      Figures got = FiguresOf(plan);
      got.strategy_count = plan.strategy_count();
      got.initiative_count = plan.initiative_count();
      const Figures want = model_.ForPlan(plan.name());
      if (!(got == want)) {
        absl::StrAppend(&out, plan.name(), " has ", got.ToString(), ", want ",
                        want.ToString(), "\n");
      }
    }
    if (plan_names != model_.plans) absl::StrAppend(&out, "plans differ\n");

    v1::ListStrategiesRequest strategies_request;
    strategies_request.set_page_size(1000);
    v1::ListStrategiesResponse strategies;
    status =
        Call(*stub_, &Stub::ListStrategies, strategies_request, &strategies);
    if (!status.ok()) return "ListStrategies: " + status.error_message();
    std::set<std::string> strategy_names;
    for (const v1::Strategy& strategy : strategies.strategies()) {
      strategy_names.insert(strategy.name());
      Figures got = FiguresOf(strategy);
      got.initiative_count = strategy.initiative_count();
      const Figures want = model_.ForStrategy(strategy.name());
      if (!(got == want)) {
        absl::StrAppend(&out, strategy.name(), " has ", got.ToString(),
                        ", want ", want.ToString(), "\n");
      }
    }
    if (strategy_names.size() != model_.strategy_plan.size()) {
      absl::StrAppend(&out, "strategies differ\n");
    }

    v1::ListInitiativesRequest initiatives_request;
    initiatives_request.set_parent("strategies/-");
    initiatives_request.set_page_size(1000);
    v1::ListInitiativesResponse initiatives;
    status =
        Call(*stub_, &Stub::ListInitiatives, initiatives_request, &initiatives);
    if (!status.ok()) return "ListInitiatives: " + status.error_message();
    std::set<std::string> initiative_names;
    for (const v1::Initiative& initiative : initiatives.initiatives()) {
      initiative_names.insert(initiative.name());
      const Figures got = FiguresOf(initiative);
      const Figures want = model_.ForInitiative(initiative.name());
      if (!(got == want)) {
        absl::StrAppend(&out, initiative.name(), " has ", got.ToString(),
                        ", want ", want.ToString(), "\n");
      }
    }
    if (initiative_names != model_.initiatives) {
      absl::StrAppend(&out, "initiatives differ\n");
    }

    v1::ListProjectsRequest projects_request;
    projects_request.set_page_size(1000);
    v1::ListProjectsResponse projects;
    status = Call(*stub_, &Stub::ListProjects, projects_request, &projects);
    if (!status.ok()) return "ListProjects: " + status.error_message();
    if (projects.total_size() != static_cast<int32_t>(model_.projects.size())) {
      absl::StrAppend(&out, "project count ", projects.total_size(), ", want ",
                      model_.projects.size(), "\n");
    }
    for (const v1::Project& project : projects.projects()) {
      auto it = model_.projects.find(project.name());
      if (it == model_.projects.end()) {
        absl::StrAppend(&out, "unexpected ", project.name(), "\n");
        continue;
      }
      if (project.strategy() != it->second.strategy ||
          project.initiative() != it->second.initiative ||
          project.has_budget_krw() != it->second.budget.has_value() ||
          (project.has_budget_krw() &&
           project.budget_krw() != *it->second.budget) ||
          project.origin() != it->second.origin) {
        absl::StrAppend(&out, project.name(),
                        " differs: ", project.ShortDebugString(), "\n");
      }
    }
    // Filtered lists (served from secondary indexes) agree with the model.
    auto check_filter = [&](const std::string& filter, auto predicate) {
      v1::ListProjectsRequest request;
      request.set_filter(filter);
      request.set_page_size(1000);
      v1::ListProjectsResponse response;
      grpc::Status listed =
          Call(*stub_, &Stub::ListProjects, request, &response);
      if (!listed.ok()) {
        absl::StrAppend(&out, filter, ": ", listed.error_message(), "\n");
        return;
      }
      std::vector<std::string> got, want;
      for (const v1::Project& project : response.projects()) {
        got.push_back(project.name());
      }
      for (const auto& [name, p] : model_.projects) {
        if (predicate(p)) want.push_back(name);
      }
      if (got != want ||
          response.total_size() != static_cast<int32_t>(want.size())) {
        absl::StrAppend(&out, filter, " lists ", got.size(), " projects, want ",
                        want.size(), "\n");
      }
    };
    for (const auto& entry : model_.strategy_plan) {
      const std::string& strategy = entry.first;
      check_filter(
          absl::StrCat("strategy = \"", strategy, "\""),
          [&](const Model::Project& p) { return p.strategy == strategy; });
    }
    for (const std::string& initiative : model_.initiatives) {
      check_filter(
          absl::StrCat("initiative = \"", initiative, "\""),
          [&](const Model::Project& p) { return p.initiative == initiative; });
    }
    for (int origin = 0; origin < 4; ++origin) {
      check_filter(absl::StrCat("origin = ",
                                v1::Project::Origin_Name(
                                    static_cast<v1::Project::Origin>(origin))),
                   [&](const Model::Project& p) { return p.origin == origin; });
    }
    return out;
  }

  CatalogServer server_;
  std::unique_ptr<Stub> stub_;
  Model model_;
};

TEST_F(CatalogTotalsTest, ScriptedChangesMoveExactlyTheRightFigures) {
  CreatePlan("p");
  CreatePlan("q");
  CreateStrategy("a", "plans/p");
  CreateStrategy("b", "plans/p");
  CreateStrategy("c", "plans/q");
  CreateInitiative("strategies/a", "x");
  ASSERT_EQ(Differences(), "");

  auto project = [](const std::string& strategy, const std::string& initiative,
                    std::optional<int64_t> budget, v1::Project::Origin origin) {
    return Model::Project{strategy, initiative, budget, origin};
  };
  ASSERT_OK(
      CreateProject("p1", project("strategies/a", "strategies/a/initiatives/x",
                                  100, v1::Project::NEW)));
  ASSERT_OK(CreateProject(
      "p2", project("strategies/a", "", std::nullopt, v1::Project::UPGRADED)));
  ASSERT_OK(CreateProject(
      "p3", project("strategies/b", "", 50, v1::Project::EXPANDED)));
  ASSERT_OK(CreateProject(
      "p4", project("strategies/b", "", 0, v1::Project::ORIGIN_UNSPECIFIED)));

  // Spelled out once, so the model itself is checked too.
  Figures a;
  a.project_count = 2;
  a.total_budget_krw = 100;
  a.unbudgeted_project_count = 1;
  a.new_count = 1;
  a.upgraded_count = 1;
  a.initiative_count = 1;
  EXPECT_EQ(model_.ForStrategy("strategies/a"), a);
  Figures p;
  p.project_count = 4;
  p.total_budget_krw = 150;
  p.unbudgeted_project_count = 1;
  p.new_count = 1;
  p.upgraded_count = 1;
  p.expanded_count = 1;
  p.unspecified_count = 1;
  p.strategy_count = 2;
  p.initiative_count = 1;
  EXPECT_EQ(model_.ForPlan("plans/p"), p);
  ASSERT_EQ(Differences(), "");

  // Budget change.
  Model::Project changed = model_.projects.at("projects/p1");
  changed.budget = 250;
  ASSERT_OK(UpdateProject("projects/p1", changed, {"budget_krw"}));
  ASSERT_EQ(Differences(), "");

  // Move to a strategy of another plan, leaving the initiative.
  changed.strategy = "strategies/c";
  changed.initiative = "";
  ASSERT_OK(UpdateProject("projects/p1", changed, {"strategy", "initiative"}));
  ASSERT_EQ(Differences(), "");

  // Set and unset an initiative.
  Model::Project p2 = model_.projects.at("projects/p2");
  p2.initiative = "strategies/a/initiatives/x";
  ASSERT_OK(UpdateProject("projects/p2", p2, {"initiative"}));
  ASSERT_EQ(Differences(), "");
  p2.budget = 7;
  ASSERT_OK(UpdateProject("projects/p2", p2, {"budget_krw"}));
  ASSERT_EQ(Differences(), "");
  p2.initiative = "";
  ASSERT_OK(UpdateProject("projects/p2", p2, {"initiative"}));
  ASSERT_EQ(Differences(), "");

  // Origin change, budget to unknown.
  Model::Project p3 = model_.projects.at("projects/p3");
  p3.origin = v1::Project::NEW;
  p3.budget = std::nullopt;
  ASSERT_OK(UpdateProject("projects/p3", p3, {"origin", "budget_krw"}));
  ASSERT_EQ(Differences(), "");

  // Delete.
  ASSERT_OK(DeleteProject("projects/p4"));
  ASSERT_EQ(Differences(), "");

  // Back into the first strategy with its initiative, everything at once.
  changed.strategy = "strategies/a";
  changed.initiative = "strategies/a/initiatives/x";
  changed.origin = v1::Project::EXPANDED;
  changed.budget = 1;
  ASSERT_OK(UpdateProject("projects/p1", changed, {}));
  ASSERT_EQ(Differences(), "");

  // Force-deleting the initiative detaches p1; force-deleting strategy b
  // drops p3.
  ASSERT_OK(DeleteInitiative("strategies/a/initiatives/x", true));
  ASSERT_EQ(Differences(), "");
  ASSERT_OK(DeleteStrategy("strategies/b", true));
  ASSERT_EQ(Differences(), "");

  v1::GetPlanRequest get;
  get.set_name("plans/p");
  v1::Plan plan;
  ASSERT_OK(Call(*stub_, &Stub::GetPlan, get, &plan));
  EXPECT_EQ(plan.strategy_count(), 1);
  EXPECT_EQ(plan.initiative_count(), 0);
  EXPECT_EQ(plan.project_count(), 2);
  EXPECT_EQ(plan.total_budget_krw(), 8);
  EXPECT_EQ(plan.unbudgeted_project_count(), 0);
  EXPECT_EQ(plan.origin_counts().expanded_count(), 1);
  EXPECT_EQ(plan.origin_counts().upgraded_count(), 1);
}

TEST_F(CatalogTotalsTest, BudgetTotalThatWouldOverflowIsRefused) {
  CreatePlan("p");
  CreateStrategy("a", "plans/p");
  CreateStrategy("b", "plans/p");
  ASSERT_OK(CreateProject(
      "big", {"strategies/a", "", INT64_MAX - 10, v1::Project::NEW}));
  ASSERT_EQ(Differences(), "");
  // Another strategy's total would not overflow, but the plan's would.
  grpc::Status status =
      CreateProject("more", {"strategies/b", "", 11, v1::Project::NEW});
  EXPECT_THAT(status, StatusIs(StatusCode::kOutOfRange, HasSubstr("total")));
  EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_NE(status.error_code(), grpc::StatusCode::UNKNOWN);
  ASSERT_EQ(Differences(), "");
  v1::GetProjectRequest get;
  get.set_name("projects/more");
  v1::Project project;
  EXPECT_EQ(Call(*stub_, &Stub::GetProject, get, &project).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Up to the limit is fine.
  ASSERT_OK(CreateProject("fits", {"strategies/b", "", 10, v1::Project::NEW}));
  ASSERT_EQ(Differences(), "");
  Model::Project more = model_.projects.at("projects/fits");
  more.budget = 11;
  EXPECT_THAT(UpdateProject("projects/fits", more, {"budget_krw"}),
              StatusIs(StatusCode::kOutOfRange, ::testing::_));
  ASSERT_EQ(Differences(), "");
}

TEST_F(CatalogTotalsTest, RandomizedWritesKeepEveryFigureExact) {
  constexpr uint32_t kSeed = 20251120;
  constexpr int kOperations = 200;
  std::mt19937 random(kSeed);
  SCOPED_TRACE(absl::StrCat("seed ", kSeed));
  auto uniform = [&](int n) {
    return static_cast<int>(
        std::uniform_int_distribution<int>(0, n - 1)(random));
  };

  CreatePlan("pa");
  CreatePlan("pb");
  CreateStrategy("s1", "plans/pa");
  CreateStrategy("s2", "plans/pa");
  CreateStrategy("s3", "plans/pb");
  CreateStrategy("s4", "plans/pb");
  CreateInitiative("strategies/s1", "i1");
  CreateInitiative("strategies/s1", "i2");
  CreateInitiative("strategies/s2", "i1");
  CreateInitiative("strategies/s3", "i1");
  ASSERT_EQ(Differences(), "");

  int next_project = 0, next_initiative = 0, next_strategy = 5;
  auto random_strategy = [&] {
    auto it = model_.strategy_plan.begin();
    std::advance(it, uniform(static_cast<int>(model_.strategy_plan.size())));
    return it->first;
  };
  auto random_initiative_of = [&](const std::string& strategy) {
    std::vector<std::string> options = model_.InitiativesOf(strategy);
    if (options.empty() || uniform(3) == 0) return std::string();
    return options[uniform(static_cast<int>(options.size()))];
  };
  auto random_budget = [&]() -> std::optional<int64_t> {
    if (uniform(4) == 0) return std::nullopt;
    if (uniform(8) == 0) return 0;
    return static_cast<int64_t>(uniform(1'000'000)) * 1'000'000LL;
  };
  auto random_origin = [&] {
    return static_cast<v1::Project::Origin>(uniform(4));
  };
  auto random_project = [&] {
    auto it = model_.projects.begin();
    std::advance(it, uniform(static_cast<int>(model_.projects.size())));
    return it->first;
  };

  for (int op = 0; op < kOperations; ++op) {
    int kind = uniform(100);
    if (model_.projects.empty()) kind = 0;
    std::string what;
    grpc::Status status;
    if (kind < 30) {
      const std::string strategy = random_strategy();
      Model::Project p{strategy, random_initiative_of(strategy),
                       random_budget(), random_origin()};
      const std::string id = absl::StrCat("r", next_project++);
      what = "create " + id;
      status = CreateProject(id, p);
    } else if (kind < 42) {
      const std::string name = random_project();
      Model::Project p = model_.projects.at(name);
      p.budget = random_budget();
      what = "budget of " + name;
      status = UpdateProject(name, p, {"budget_krw"});
    } else if (kind < 54) {
      const std::string name = random_project();
      Model::Project p = model_.projects.at(name);
      p.strategy = random_strategy();
      p.initiative = random_initiative_of(p.strategy);
      what = "move " + name + " to " + p.strategy + " " + p.initiative;
      status = UpdateProject(name, p, {"strategy", "initiative"});
    } else if (kind < 64) {
      const std::string name = random_project();
      Model::Project p = model_.projects.at(name);
      p.initiative = random_initiative_of(p.strategy);
      what = "initiative of " + name + " to '" + p.initiative + "'";
      status = UpdateProject(name, p, {"initiative"});
    } else if (kind < 72) {
      const std::string name = random_project();
      Model::Project p = model_.projects.at(name);
      p.origin = random_origin();
      what = "origin of " + name;
      status = UpdateProject(name, p, {"origin"});
    } else if (kind < 82) {
      const std::string name = random_project();
      what = "delete " + name;
      status = DeleteProject(name);
    } else if (kind < 87) {
      // An initiative of another strategy: refused, nothing changes.
      const std::string name = random_project();
      Model::Project p = model_.projects.at(name);
      std::string foreign;
      for (const std::string& initiative : model_.initiatives) {
        if (Model::StrategyOf(initiative) != p.strategy) foreign = initiative;
      }
      if (foreign.empty()) continue;
      p.initiative = foreign;
      p.budget = 123;
      what = "refused move of " + name + " to " + foreign;
      status = UpdateProject(name, p, {"initiative", "budget_krw"});
      EXPECT_THAT(status,
                  StatusIs(StatusCode::kFailedPrecondition, HasSubstr(foreign)))
          << what;
      status = grpc::Status::OK;
    } else if (kind < 91) {
      const std::string strategy = random_strategy();
      const std::string id = absl::StrCat("n", next_initiative++);
      what = "create initiative " + strategy + "/" + id;
      CreateInitiative(strategy, id);
    } else if (kind < 95) {
      if (model_.initiatives.empty()) continue;
      auto it = model_.initiatives.begin();
      std::advance(it, uniform(static_cast<int>(model_.initiatives.size())));
      const std::string name = *it;
      what = "force delete " + name;
      status = DeleteInitiative(name, true);
    } else if (kind < 99) {
      // Full replacement with an empty mask.
      const std::string name = random_project();
      const std::string strategy = random_strategy();
      Model::Project p{strategy, random_initiative_of(strategy),
                       random_budget(), random_origin()};
      what = "replace " + name;
      status = UpdateProject(name, p, {});
    } else {
      // Force-delete a strategy, then add a fresh one so there are always
      // some.
      const std::string name = random_strategy();
      what = "force delete " + name;
      status = DeleteStrategy(name, true);
      if (status.ok()) {
        CreateStrategy(absl::StrCat("s", next_strategy++),
                       uniform(2) ? "plans/pa" : "plans/pb");
      }
    }
    ASSERT_OK(status) << "operation " << op << ": " << what;
    const std::string differences = Differences();
    ASSERT_EQ(differences, "") << "after operation " << op << ": " << what;
  }
  EXPECT_GT(model_.projects.size(), 10u);
}

TEST_F(CatalogTotalsTest, ReadersNeverSeeTotalsDisagree) {
  CreatePlan("p");
  CreateStrategy("a", "plans/p");
  CreateStrategy("b", "plans/p");
  CreateInitiative("strategies/a", "i");
  constexpr int kProjects = 12;
  int64_t budget = 0;
  for (int i = 0; i < kProjects; ++i) {
    ASSERT_OK(
        CreateProject(absl::StrCat("m", i),
                      {i % 2 ? "strategies/a" : "strategies/b",
                       i % 4 == 1 ? "strategies/a/initiatives/i" : "", 100 + i,
                       static_cast<v1::Project::Origin>(i % 4)}));
    budget += 100 + i;
  }

  // Writers move projects between the two strategies (and in and out of
  // the initiative); every snapshot a reader sees must add up.
  std::atomic<bool> stop{false};
  std::atomic<int> write_failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      std::unique_ptr<Stub> stub = server_.NewStub();
      for (int round = 0; round < 60; ++round) {
        const int i = (round * 5 + w * 7) % kProjects;
        v1::UpdateProjectRequest request;
        request.mutable_project()->set_name(absl::StrCat("projects/m", i));
        const bool to_a = (round + w) % 2 == 0;
        request.mutable_project()->set_strategy(to_a ? "strategies/a"
                                                     : "strategies/b");
        if (to_a && round % 3 == 0) {
          request.mutable_project()->set_initiative(
              "strategies/a/initiatives/i");
        }
        request.mutable_update_mask()->add_paths("strategy");
        request.mutable_update_mask()->add_paths("initiative");
        v1::Project response;
        if (!Call(*stub, &Stub::UpdateProject, request, &response).ok()) {
          ++write_failures;
        }
      }
    });
  }
  std::thread stopper([&] {
    for (std::thread& writer : writers) writer.join();
    stop = true;
  });

  std::unique_ptr<Stub> reader = server_.NewStub();
  int reads = 0;
  // Fatal failures return from this lambda only, so the writers are always
  // joined.
  auto read_once = [&] {
    v1::ListStrategiesRequest request;
    v1::ListStrategiesResponse response;
    ASSERT_OK(Call(*reader, &Stub::ListStrategies, request, &response));
    ASSERT_EQ(response.strategies_size(), 2);
    const v1::Strategy& a = response.strategies(0);
    const v1::Strategy& b = response.strategies(1);
    ASSERT_EQ(a.project_count() + b.project_count(), kProjects)
        << "read " << reads;
    ASSERT_EQ(a.total_budget_krw() + b.total_budget_krw(), budget)
        << "read " << reads;
    ASSERT_EQ(a.origin_counts().new_count() + b.origin_counts().new_count(),
              kProjects / 4);

    v1::ListProjectsRequest in_a;
    in_a.set_filter("strategy = \"strategies/a\"");
    in_a.set_page_size(1000);
    v1::ListProjectsResponse projects_in_a;
    ASSERT_OK(Call(*reader, &Stub::ListProjects, in_a, &projects_in_a));
    // A separate read, so only sanity here: never more than all of them.
    ASSERT_LE(projects_in_a.projects_size(), kProjects);

    v1::GetPlanRequest get_plan;
    get_plan.set_name("plans/p");
    v1::Plan plan;
    ASSERT_OK(Call(*reader, &Stub::GetPlan, get_plan, &plan));
    ASSERT_EQ(plan.project_count(), kProjects);
    ASSERT_EQ(plan.total_budget_krw(), budget);
  };
  while (!stop || reads < 5) {
    ++reads;
    read_once();
    if (HasFatalFailure()) break;
  }
  stopper.join();
  EXPECT_EQ(write_failures.load(), 0);
  EXPECT_GT(reads, 5);
}

}  // namespace
}  // namespace busan::testing
