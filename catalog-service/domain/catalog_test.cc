// Unit tests of Catalog, called directly (no gRPC) over a real RocksDB in a
// temporary directory: derived totals, cascades, etags, request ids,
// overflow, concurrency and the change log.
#include "catalog-service/domain/catalog.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <latch>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/store/request_log.h"
#include "common/testing/raw_store.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::google::protobuf::FieldMask;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;
using v1::ChangeEvent;
using v1::Project;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr char kUuid[] = "123e4567-e89b-12d3-a456-426614174000";
constexpr char kOtherUuid[] = "9F1C2B3A-0000-4000-8000-00000000ABCD";

// Derived figures of a plan, strategy or initiative.
struct Totals {
  int64_t project_count = 0;
  int64_t total_budget_krw = 0;
  int64_t unbudgeted_project_count = 0;
  int64_t new_count = 0;
  int64_t upgraded_count = 0;
  int64_t expanded_count = 0;
  int64_t unspecified_count = 0;

  template <typename T>
  static Totals Of(const T& record) {
    return {record.project_count(),
            record.total_budget_krw(),
            record.unbudgeted_project_count(),
            record.origin_counts().new_count(),
            record.origin_counts().upgraded_count(),
            record.origin_counts().expanded_count(),
            record.origin_counts().unspecified_count()};
  }
  void Add(const Project& project) {
    ++project_count;
    if (project.has_budget_krw()) {
      total_budget_krw += project.budget_krw();
    } else {
      ++unbudgeted_project_count;
    }
    switch (project.origin()) {
      case Project::NEW:
        ++new_count;
        break;
      case Project::UPGRADED:
        ++upgraded_count;
        break;
      case Project::EXPANDED:
        ++expanded_count;
        break;
      default:
        ++unspecified_count;
    }
  }
  bool operator==(const Totals&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Totals& t) {
  return os << "{count " << t.project_count << ", budget " << t.total_budget_krw
            << ", unbudgeted " << t.unbudgeted_project_count << ", new "
            << t.new_count << ", upgraded " << t.upgraded_count << ", expanded "
            << t.expanded_count << ", unspecified " << t.unspecified_count
            << "}";
}

FieldMask Mask(std::initializer_list<const char*> paths) {
  FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

// The context the api layer builds for a request.
template <typename Request>
WriteContext ContextOf(const Request& request) {
  WriteContext context;
  context.request_id = request.request_id();
  context.method = Request::descriptor()->full_name();
  if (!context.request_id.empty()) {
    context.digest = store::RequestDigest(request);
  }
  return context;
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenCatalog(); }

  void OpenCatalog(uint64_t change_retention = 100000) {
    absl::StatusOr<std::unique_ptr<Catalog>> catalog =
        Catalog::Open({{.data_dir = dir_.Sub("db")}, change_retention});
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
  }

  // ---- Writes with the usual shapes.

  absl::StatusOr<v1::Plan> NewPlan(const std::string& id) {
    v1::Plan plan;
    plan.set_display_name(absl::StrCat("Plan ", id));
    return catalog_->CreatePlan(id, plan, {});
  }
  absl::StatusOr<v1::Strategy> NewStrategy(const std::string& id,
                                           const std::string& plan_id) {
    v1::Strategy strategy;
    strategy.set_display_name(absl::StrCat("Strategy ", id));
    strategy.set_plan(PlanName(plan_id));
    return catalog_->CreateStrategy(id, strategy, {});
  }
  absl::StatusOr<v1::Initiative> NewInitiative(const std::string& strategy_id,
                                               const std::string& id) {
    v1::Initiative initiative;
    initiative.set_display_name(absl::StrCat("Initiative ", id));
    return catalog_->CreateInitiative(StrategyName(strategy_id), id, initiative,
                                      {});
  }
  static Project ProjectArg(const std::string& strategy_id,
                            std::optional<int64_t> budget,
                            Project::Origin origin = Project::NEW,
                            const std::string& initiative_id = "") {
    Project project;
    project.set_display_name("Project");
    project.set_strategy(StrategyName(strategy_id));
    if (!initiative_id.empty()) {
      project.set_initiative(InitiativeName(strategy_id, initiative_id));
    }
    project.set_origin(origin);
    project.set_stage(Project::PLANNED);
    if (budget) project.set_budget_krw(*budget);
    return project;
  }
  absl::StatusOr<Project> NewProject(const std::string& id,
                                     const std::string& strategy_id,
                                     std::optional<int64_t> budget,
                                     Project::Origin origin = Project::NEW,
                                     const std::string& initiative_id = "") {
    return catalog_->CreateProject(
        id, ProjectArg(strategy_id, budget, origin, initiative_id), {});
  }

  // ---- Reads.

  v1::Plan Plan(const std::string& id) {
    v1::Plan plan;
    EXPECT_OK(catalog_->GetPlan(PlanName(id), &plan));
    return plan;
  }
  v1::Strategy Strategy(const std::string& id) {
    v1::Strategy strategy;
    EXPECT_OK(catalog_->GetStrategy(StrategyName(id), &strategy));
    return strategy;
  }
  v1::Initiative Initiative(const std::string& strategy_id,
                            const std::string& id) {
    v1::Initiative initiative;
    EXPECT_OK(
        catalog_->GetInitiative(InitiativeName(strategy_id, id), &initiative));
    return initiative;
  }
  Project GetProject(const std::string& id) {
    Project project;
    EXPECT_OK(catalog_->GetProject(ProjectName(id), &project));
    return project;
  }

  // Every page of a List call, merged.
  template <typename Response>
  Response ListAll(
      std::function<absl::Status(const ListQuery&, Response*)> list,
      ListQuery query) {
    Response all;
    query.page_size = 1000;
    for (int page = 0; page < 1000; ++page) {
      Response response;
      const absl::Status status = list(query, &response);
      EXPECT_OK(status) << query.filter;
      if (!status.ok()) break;
      const std::string token = response.next_page_token();
      all.MergeFrom(response);
      if (token.empty()) break;
      query.page_token = token;
    }
    all.clear_next_page_token();
    return all;
  }
  std::vector<Project> Projects(const std::string& filter = "") {
    ListQuery query;
    query.filter = filter;
    auto all = ListAll<v1::ListProjectsResponse>(
        [&](const ListQuery& q, v1::ListProjectsResponse* r) {
          return catalog_->ListProjects(q, r);
        },
        query);
    // total_size (a kept count for exact filters) agrees with the walk.
    EXPECT_EQ(all.total_size(), all.projects_size()) << filter;
    return {all.projects().begin(), all.projects().end()};
  }
  std::vector<v1::Strategy> Strategies(const std::string& filter = "") {
    ListQuery query;
    query.filter = filter;
    auto all = ListAll<v1::ListStrategiesResponse>(
        [&](const ListQuery& q, v1::ListStrategiesResponse* r) {
          return catalog_->ListStrategies(q, r);
        },
        query);
    EXPECT_EQ(all.total_size(), all.strategies_size()) << filter;
    return {all.strategies().begin(), all.strategies().end()};
  }
  std::vector<v1::Initiative> Initiatives(
      const std::string& parent = "strategies/-") {
    ListQuery query;
    query.parent = parent;
    auto all = ListAll<v1::ListInitiativesResponse>(
        [&](const ListQuery& q, v1::ListInitiativesResponse* r) {
          return catalog_->ListInitiatives(q, r);
        },
        query);
    EXPECT_EQ(all.total_size(), all.initiatives_size()) << parent;
    return {all.initiatives().begin(), all.initiatives().end()};
  }
  std::vector<v1::Plan> Plans() {
    auto all = ListAll<v1::ListPlansResponse>(
        [&](const ListQuery& q, v1::ListPlansResponse* r) {
          return catalog_->ListPlans(q, r);
        },
        ListQuery());
    EXPECT_EQ(all.total_size(), all.plans_size());
    return {all.plans().begin(), all.plans().end()};
  }

  template <typename T>
  static std::set<std::string> NamesOf(const std::vector<T>& records) {
    std::set<std::string> names;
    for (const T& record : records) names.insert(record.name());
    return names;
  }

  // Every retained change event.
  std::vector<ChangeEvent> Changes(uint64_t after = 0) {
    std::vector<ChangeEvent> events;
    EXPECT_OK(catalog_->ReadChanges(after, 1'000'000, &events));
    return events;
  }
  uint64_t LastSequence() {
    std::vector<ChangeEvent> events = Changes();
    return events.empty() ? 0 : events.back().sequence();
  }

  // Recomputes every derived figure from the stored projects, strategies
  // and initiatives and compares it with what the catalog reports; also
  // checks that each secondary index finds exactly the matching records.
  void ExpectConsistent() {
    const std::vector<v1::Plan> plans = Plans();
    const std::vector<v1::Strategy> strategies = Strategies();
    const std::vector<v1::Initiative> initiatives = Initiatives();
    const std::vector<Project> projects = Projects();

    std::map<std::string, Totals> by_strategy, by_initiative, by_plan;
    std::map<std::string, std::string> plan_of;
    std::map<std::string, int64_t> strategies_of_plan, initiatives_of_plan,
        initiatives_of_strategy;
    std::map<std::string, std::set<std::string>> projects_of_strategy,
        projects_of_initiative, strategies_by_plan;
    for (const v1::Strategy& s : strategies) {
      plan_of[s.name()] = s.plan();
      ++strategies_of_plan[s.plan()];
      strategies_by_plan[s.plan()].insert(s.name());
    }
    for (const v1::Initiative& i : initiatives) {
      const std::string strategy =
          i.name().substr(0, i.name().find("/initiatives/"));
      ++initiatives_of_strategy[strategy];
      ++initiatives_of_plan[plan_of[strategy]];
    }
    for (const Project& p : projects) {
      by_strategy[p.strategy()].Add(p);
      by_plan[plan_of[p.strategy()]].Add(p);
      projects_of_strategy[p.strategy()].insert(p.name());
      if (!p.initiative().empty()) {
        by_initiative[p.initiative()].Add(p);
        projects_of_initiative[p.initiative()].insert(p.name());
      }
    }
    for (const v1::Plan& plan : plans) {
      EXPECT_EQ(Totals::Of(plan), by_plan[plan.name()]) << plan.name();
      EXPECT_EQ(plan.strategy_count(), strategies_of_plan[plan.name()])
          << plan.name();
      EXPECT_EQ(plan.initiative_count(), initiatives_of_plan[plan.name()])
          << plan.name();
      EXPECT_EQ(
          NamesOf(Strategies(absl::StrCat("plan = \"", plan.name(), "\""))),
          strategies_by_plan[plan.name()])
          << plan.name();
    }
    for (const v1::Strategy& s : strategies) {
      EXPECT_EQ(Totals::Of(s), by_strategy[s.name()]) << s.name();
      EXPECT_EQ(s.initiative_count(), initiatives_of_strategy[s.name()])
          << s.name();
      EXPECT_EQ(
          NamesOf(Projects(absl::StrCat("strategy = \"", s.name(), "\""))),
          projects_of_strategy[s.name()])
          << s.name();
    }
    for (const v1::Strategy& s : strategies) {
      EXPECT_EQ(Initiatives(s.name()).size(),
                static_cast<size_t>(initiatives_of_strategy[s.name()]))
          << s.name();
    }
    for (const v1::Initiative& i : initiatives) {
      EXPECT_EQ(Totals::Of(i), by_initiative[i.name()]) << i.name();
      EXPECT_EQ(
          NamesOf(Projects(absl::StrCat("initiative = \"", i.name(), "\""))),
          projects_of_initiative[i.name()])
          << i.name();
    }
    for (const char* origin :
         {"ORIGIN_UNSPECIFIED", "NEW", "UPGRADED", "EXPANDED"}) {
      std::set<std::string> expected;
      for (const Project& p : projects) {
        if (Project::Origin_Name(p.origin()) == origin)
          expected.insert(p.name());
      }
      EXPECT_EQ(NamesOf(Projects(absl::StrCat("origin = ", origin))), expected)
          << origin;
    }
    for (const char* stage : {"PLANNED", "IN_PROGRESS", "COMPLETED"}) {
      size_t expected = 0;
      for (const Project& p : projects) {
        expected += Project::Stage_Name(p.stage()) == stage;
      }
      EXPECT_EQ(Projects(absl::StrCat("stage = ", stage)).size(), expected)
          << stage;
    }
  }

  // The keys of the index family, read from disk with the catalog closed.
  std::set<std::string> IndexKeysOnDisk() {
    catalog_.reset();
    std::set<std::string> keys;
    {
      store::StoreOptions options;
      options.data_dir = dir_.Sub("db");
      absl::StatusOr<std::unique_ptr<CatalogStore>> store =
          CatalogStore::Open(options, 100000, 0, [](const auto&) {});
      EXPECT_TRUE(store.ok()) << store.status();
      if (store.ok()) {
        EXPECT_OK((*store)->Scan(kIndex, "",
                                 [&](absl::string_view key, absl::string_view) {
                                   keys.emplace(key);
                                   return true;
                                 }));
      }
    }
    OpenCatalog();
    return keys;
  }

  busan::testing::TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
};

// ---------------------------------------------------------------------------
// Derived totals.

TEST_F(CatalogTest, DerivedTotalsFollowCreateUpdateMoveAndDelete) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewPlan("q"));
  ASSERT_OK_AND_ASSIGN(const v1::Strategy s1_created, NewStrategy("s1", "p"));
  ASSERT_OK(NewStrategy("s2", "p"));
  ASSERT_OK(NewStrategy("t1", "q"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewInitiative("s1", "i2"));
  EXPECT_EQ(Plan("p").strategy_count(), 2);
  EXPECT_EQ(Plan("p").initiative_count(), 2);
  EXPECT_EQ(Plan("q").strategy_count(), 1);
  EXPECT_EQ(Plan("q").initiative_count(), 0);
  EXPECT_EQ(Strategy("s1").initiative_count(), 2);
  ExpectConsistent();

  ASSERT_OK(NewProject("a", "s1", 100, Project::NEW));
  ASSERT_OK(NewProject("b", "s1", 50, Project::UPGRADED, "i1"));
  ASSERT_OK(NewProject("c", "s1", std::nullopt, Project::ORIGIN_UNSPECIFIED));
  ASSERT_OK(NewProject("d", "s2", 7, Project::EXPANDED));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{3, 150, 1, 1, 1, 0, 1}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i1")), (Totals{1, 50, 0, 0, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i2")), Totals{});
  EXPECT_EQ(Totals::Of(Strategy("s2")), (Totals{1, 7, 0, 0, 0, 1, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{4, 157, 1, 1, 1, 1, 1}));
  EXPECT_EQ(Totals::Of(Plan("q")), Totals{});
  ExpectConsistent();

  // Budget changes.
  Project patch;
  patch.set_name(ProjectName("b"));
  patch.set_budget_krw(80);
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"budget_krw"}), {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{3, 180, 1, 1, 1, 0, 1}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i1")), (Totals{1, 80, 0, 0, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{4, 187, 1, 1, 1, 1, 1}));

  // A budget and origin become known.
  patch.Clear();
  patch.set_name(ProjectName("c"));
  patch.set_budget_krw(5);
  patch.set_origin(Project::NEW);
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"budget_krw", "origin"}), {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{3, 185, 0, 2, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{4, 192, 0, 2, 1, 1, 0}));

  // A budget is withdrawn (in the mask, unset in the patch).
  patch.Clear();
  patch.set_name(ProjectName("a"));
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"budget_krw"}), {}));
  EXPECT_FALSE(GetProject("a").has_budget_krw());
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{3, 85, 1, 2, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{4, 92, 1, 2, 1, 1, 0}));
  ExpectConsistent();

  // Move between initiatives of the same strategy.
  patch.Clear();
  patch.set_name(ProjectName("b"));
  patch.set_initiative(InitiativeName("s1", "i2"));
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"initiative"}), {}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i1")), Totals{});
  EXPECT_EQ(Totals::Of(Initiative("s1", "i2")), (Totals{1, 80, 0, 0, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{3, 85, 1, 2, 1, 0, 0}));
  ExpectConsistent();

  // Moving the strategy alone while keeping an initiative of the old one is
  // refused and changes nothing.
  patch.Clear();
  patch.set_name(ProjectName("b"));
  patch.set_strategy(StrategyName("s2"));
  const Project b_before = GetProject("b");
  EXPECT_THAT(catalog_->UpdateProject(patch, Mask({"strategy"}), {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("project.initiative: ")));
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("b"), b_before));

  // Move to another strategy of the same plan, leaving the initiative.
  ASSERT_OK(
      catalog_->UpdateProject(patch, Mask({"strategy", "initiative"}), {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{2, 5, 1, 2, 0, 0, 0}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i2")), Totals{});
  EXPECT_EQ(Totals::Of(Strategy("s2")), (Totals{2, 87, 0, 0, 1, 1, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{4, 92, 1, 2, 1, 1, 0}));
  ExpectConsistent();

  // Move to a strategy of another plan.
  patch.Clear();
  patch.set_name(ProjectName("d"));
  patch.set_strategy(StrategyName("t1"));
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"strategy"}), {}));
  EXPECT_EQ(Totals::Of(Strategy("s2")), (Totals{1, 80, 0, 0, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Strategy("t1")), (Totals{1, 7, 0, 0, 0, 1, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{3, 85, 1, 2, 1, 0, 0}));
  EXPECT_EQ(Totals::Of(Plan("q")), (Totals{1, 7, 0, 0, 0, 1, 0}));
  ExpectConsistent();

  // Full replacement (empty mask).
  Project full = ProjectArg("s1", 9, Project::EXPANDED);
  full.set_name(ProjectName("c"));
  ASSERT_OK(catalog_->UpdateProject(full, FieldMask(), {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{2, 9, 1, 1, 0, 1, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{3, 89, 1, 1, 1, 1, 0}));
  ExpectConsistent();

  // Deletes.
  ASSERT_OK(catalog_->DeleteProject(ProjectName("a"), "", {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{1, 9, 0, 0, 0, 1, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{2, 89, 0, 0, 1, 1, 0}));
  for (const char* id : {"b", "c", "d"}) {
    ASSERT_OK(catalog_->DeleteProject(ProjectName(id), "", {}));
  }
  for (const char* id : {"s1", "s2", "t1"}) {
    EXPECT_EQ(Totals::Of(Strategy(id)), Totals{}) << id;
  }
  EXPECT_EQ(Totals::Of(Plan("p")), Totals{});
  EXPECT_EQ(Totals::Of(Plan("q")), Totals{});
  EXPECT_EQ(Plan("p").strategy_count(), 2);
  EXPECT_EQ(Plan("p").initiative_count(), 2);
  ExpectConsistent();

  // Derived changes never touched the strategy's own etag or times.
  const v1::Strategy s1 = Strategy("s1");
  EXPECT_EQ(s1.etag(), s1_created.etag());
  EXPECT_TRUE(
      MessageDifferencer::Equals(s1.update_time(), s1_created.update_time()));
}

// A document may publish a project without filing it under any strategy:
// it is stored with no strategy, counts toward nobody's totals, and joins
// them once it is filed under a strategy.
TEST_F(CatalogTest, ProjectFiledUnderNoStrategyCountsTowardNone) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewProject("a", "s1", 100));
  Project unfiled = ProjectArg("s1", 40, Project::EXPANDED);
  unfiled.clear_strategy();
  ASSERT_OK_AND_ASSIGN(const Project created,
                       catalog_->CreateProject("u", unfiled, {}));
  EXPECT_EQ(created.strategy(), "");
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{1, 100, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{1, 100, 0, 1, 0, 0, 0}));
  EXPECT_EQ(NamesOf(Projects("strategy = \"\"")),
            std::set<std::string>{ProjectName("u")});
  ExpectConsistent();

  // Filed under a strategy and an initiative: it counts toward all three.
  Project patch;
  patch.set_name(ProjectName("u"));
  patch.set_strategy(StrategyName("s1"));
  patch.set_initiative(InitiativeName("s1", "i1"));
  ASSERT_OK(
      catalog_->UpdateProject(patch, Mask({"strategy", "initiative"}), {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{2, 140, 0, 1, 0, 1, 0}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i1")), (Totals{1, 40, 0, 0, 0, 1, 0}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{2, 140, 0, 1, 0, 1, 0}));
  ExpectConsistent();

  // Clearing the strategy alone would strand the initiative: refused,
  // nothing changes.
  patch.Clear();
  patch.set_name(ProjectName("u"));
  const Project filed = GetProject("u");
  EXPECT_THAT(catalog_->UpdateProject(patch, Mask({"strategy"}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.initiative: needs ")));
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("u"), filed));

  // Unfiled again: its contribution leaves every total.
  ASSERT_OK(
      catalog_->UpdateProject(patch, Mask({"strategy", "initiative"}), {}));
  EXPECT_EQ(Totals::Of(Strategy("s1")), (Totals{1, 100, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Totals::Of(Initiative("s1", "i1")), Totals{});
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{1, 100, 0, 1, 0, 0, 0}));
  ExpectConsistent();

  // Deleting its old strategy with force leaves it alone.
  ASSERT_OK(catalog_->DeleteStrategy(StrategyName("s1"), "", true, {}));
  EXPECT_EQ(NamesOf(Projects()), std::set<std::string>{ProjectName("u")});
  ASSERT_OK(catalog_->DeleteProject(ProjectName("u"), "", {}));
  ExpectConsistent();
}

// A store written before listing counts were kept has none: opening it
// counts its records once, and every total_size is exact from then on.
TEST_F(CatalogTest, ListingCountsOfAnOlderStoreAreBuiltOnOpen) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewStrategy("s2", "p"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewProject("a", "s1", 100, Project::NEW, "i1"));
  ASSERT_OK(NewProject("b", "s1", std::nullopt, Project::EXPANDED));
  ASSERT_OK(NewProject("c", "s2", 7, Project::EXPANDED));
  catalog_.reset();
  // Remove the counts, marker included, as in a store of before.
  ASSERT_OK_AND_ASSIGN(const int removed,
                       busan::testing::ClearFamily(
                           dir_.Sub("db"), CatalogColumnFamilies(), kCounts));
  EXPECT_GT(removed, 10);
  OpenCatalog();
  ExpectConsistent();
  ASSERT_OK(NewProject("d", "s2", 1, Project::NEW));
  ExpectConsistent();
}

TEST_F(CatalogTest, PlanAndStrategyCountsFollowStrategiesAndInitiatives) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewStrategy("s2", "p"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewInitiative("s1", "i2"));
  ASSERT_OK(NewInitiative("s2", "i1"));
  EXPECT_EQ(Plan("p").strategy_count(), 2);
  EXPECT_EQ(Plan("p").initiative_count(), 3);
  EXPECT_EQ(Strategy("s1").initiative_count(), 2);
  EXPECT_EQ(Strategy("s2").initiative_count(), 1);

  ASSERT_OK(
      catalog_->DeleteInitiative(InitiativeName("s1", "i2"), "", false, {}));
  EXPECT_EQ(Plan("p").initiative_count(), 2);
  EXPECT_EQ(Strategy("s1").initiative_count(), 1);

  EXPECT_THAT(catalog_->DeleteStrategy(StrategyName("s2"), "", false, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, _));
  ASSERT_OK(catalog_->DeleteStrategy(StrategyName("s2"), "", true, {}));
  EXPECT_EQ(Plan("p").strategy_count(), 1);
  EXPECT_EQ(Plan("p").initiative_count(), 1);
  v1::Initiative gone;
  EXPECT_THAT(catalog_->GetInitiative(InitiativeName("s2", "i1"), &gone),
              StatusIs(absl::StatusCode::kNotFound, _));
  ExpectConsistent();
}

// ---------------------------------------------------------------------------
// Cascades.

TEST_F(CatalogTest, DeletePlanWithForceRemovesEverythingBelowIt) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewStrategy("s2", "p"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewProject("x1", "s1", 10, Project::NEW, "i1"));
  ASSERT_OK(NewProject("x2", "s1", std::nullopt, Project::UPGRADED));
  ASSERT_OK(NewProject("x3", "s2", 30, Project::EXPANDED));
  // An unrelated plan whose ids share prefixes with the doomed ones.
  ASSERT_OK(NewPlan("p-2"));
  ASSERT_OK(NewStrategy("s1-2", "p-2"));
  ASSERT_OK(NewInitiative("s1-2", "i1"));
  ASSERT_OK(NewProject("x1-2", "s1-2", 5, Project::NEW, "i1"));
  const std::set<std::string> keys_of_other_plan = {
      "sp/p-2/s1-2", "ps/s1-2/x1-2", "pi/s1-2/i1/x1-2", "po/1/x1-2",
      "pg/1/x1-2"};
  // Make the plan's first etag stale.
  const std::string stale_etag = Plan("p").etag();
  v1::Plan plan_patch;
  plan_patch.set_name(PlanName("p"));
  plan_patch.set_description("to be deleted");
  ASSERT_OK(catalog_->UpdatePlan(plan_patch, Mask({"description"}), {}));
  const uint64_t before = LastSequence();
  const v1::Plan plan = Plan("p");
  ASSERT_NE(plan.etag(), stale_etag);

  EXPECT_THAT(catalog_->DeletePlan(PlanName("p"), "", false, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("2 strategies")));
  EXPECT_THAT(catalog_->DeletePlan(PlanName("p"), stale_etag, true, {}),
              StatusIs(absl::StatusCode::kAborted, _));
  EXPECT_EQ(LastSequence(), before);
  EXPECT_TRUE(MessageDifferencer::Equals(Plan("p"), plan));

  ASSERT_OK(catalog_->DeletePlan(PlanName("p"), plan.etag(), true, {}));

  v1::Plan no_plan;
  EXPECT_THAT(catalog_->GetPlan(PlanName("p"), &no_plan),
              StatusIs(absl::StatusCode::kNotFound, _));
  for (const char* id : {"s1", "s2"}) {
    v1::Strategy none;
    EXPECT_THAT(catalog_->GetStrategy(StrategyName(id), &none),
                StatusIs(absl::StatusCode::kNotFound, _))
        << id;
  }
  v1::Initiative no_initiative;
  EXPECT_THAT(
      catalog_->GetInitiative(InitiativeName("s1", "i1"), &no_initiative),
      StatusIs(absl::StatusCode::kNotFound, _));
  for (const char* id : {"x1", "x2", "x3"}) {
    Project none;
    EXPECT_THAT(catalog_->GetProject(ProjectName(id), &none),
                StatusIs(absl::StatusCode::kNotFound, _))
        << id;
  }
  EXPECT_THAT(NamesOf(Plans()), ElementsAre("plans/p-2"));
  EXPECT_THAT(NamesOf(Strategies()), ElementsAre("strategies/s1-2"));
  EXPECT_THAT(NamesOf(Initiatives()),
              ElementsAre("strategies/s1-2/initiatives/i1"));
  EXPECT_THAT(NamesOf(Projects()), ElementsAre("projects/x1-2"));
  EXPECT_EQ(Totals::Of(Plan("p-2")), (Totals{1, 5, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Plan("p-2").strategy_count(), 1);
  EXPECT_EQ(Plan("p-2").initiative_count(), 1);
  ExpectConsistent();

  // One DELETED event per removed record, the plan last, numbered on.
  const std::vector<ChangeEvent> events = Changes(before);
  ASSERT_EQ(events.size(), 7u);
  std::set<std::string> deleted;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(before + 1 + i));
    EXPECT_EQ(events[i].kind(), ChangeEvent::DELETED);
    EXPECT_NE(events[i].resource_case(), ChangeEvent::RESOURCE_NOT_SET);
    deleted.insert(events[i].name());
  }
  EXPECT_THAT(deleted, UnorderedElementsAre(
                           "projects/x1", "projects/x2", "projects/x3",
                           "strategies/s1/initiatives/i1", "strategies/s1",
                           "strategies/s2", "plans/p"));
  EXPECT_EQ(events.back().name(), "plans/p");
  EXPECT_EQ(events.back().plan().display_name(), plan.display_name());

  // No index key of a removed record is left behind.
  EXPECT_EQ(IndexKeysOnDisk(), keys_of_other_plan);

  // The ids can be used again from a clean slate.
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewProject("x1", "s1", 1));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{1, 1, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Plan("p").strategy_count(), 1);
  EXPECT_EQ(Plan("p").initiative_count(), 0);
  EXPECT_EQ(Strategy("s1").initiative_count(), 0);
  ExpectConsistent();
}

TEST_F(CatalogTest, DeleteStrategyNeedsForceAndThenCascades) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewStrategy("s2", "p"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewProject("x1", "s1", 10, Project::NEW, "i1"));
  ASSERT_OK(NewProject("x2", "s1", 20, Project::UPGRADED));
  ASSERT_OK(NewProject("y1", "s2", 40, Project::NEW));
  const uint64_t before = LastSequence();

  EXPECT_THAT(catalog_->DeleteStrategy(StrategyName("s1"), "", false, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("2 projects and 1 initiatives")));
  EXPECT_EQ(LastSequence(), before);
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{3, 70, 0, 2, 1, 0, 0}));

  ASSERT_OK(catalog_->DeleteStrategy(StrategyName("s1"), "", true, {}));
  EXPECT_EQ(Totals::Of(Plan("p")), (Totals{1, 40, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Plan("p").strategy_count(), 1);
  EXPECT_EQ(Plan("p").initiative_count(), 0);
  EXPECT_THAT(NamesOf(Projects()), ElementsAre("projects/y1"));
  EXPECT_THAT(Initiatives(), IsEmpty());
  EXPECT_EQ(Changes(before).size(), 4u);  // x1, x2, i1, s1
  ExpectConsistent();

  // A strategy without children goes without force.
  ASSERT_OK(catalog_->DeleteProject(ProjectName("y1"), "", {}));
  ASSERT_OK(catalog_->DeleteStrategy(StrategyName("s2"), "", false, {}));
  EXPECT_EQ(Plan("p").strategy_count(), 0);
  EXPECT_EQ(Totals::Of(Plan("p")), Totals{});
  EXPECT_EQ(IndexKeysOnDisk(), std::set<std::string>{});
}

TEST_F(CatalogTest, DeleteInitiativeWithForceDetachesItsProjects) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewInitiative("s1", "i1"));
  ASSERT_OK(NewInitiative("s1", "i2"));
  ASSERT_OK_AND_ASSIGN(const Project x1,
                       NewProject("x1", "s1", 10, Project::NEW, "i1"));
  ASSERT_OK_AND_ASSIGN(const Project x2, NewProject("x2", "s1", std::nullopt,
                                                    Project::UPGRADED, "i1"));
  ASSERT_OK(NewProject("x3", "s1", 5, Project::EXPANDED, "i2"));
  ASSERT_OK(NewProject("x4", "s1", 1, Project::NEW));
  const Totals strategy_totals = Totals::Of(Strategy("s1"));
  const Totals plan_totals = Totals::Of(Plan("p"));
  EXPECT_EQ(strategy_totals, (Totals{4, 16, 1, 2, 1, 1, 0}));
  const uint64_t before = LastSequence();

  EXPECT_THAT(
      catalog_->DeleteInitiative(InitiativeName("s1", "i1"), "", false, {}),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("2 projects")));
  EXPECT_EQ(LastSequence(), before);

  ASSERT_OK(
      catalog_->DeleteInitiative(InitiativeName("s1", "i1"), "", true, {}));
  for (const Project& old : {x1, x2}) {
    const Project now = GetProject(std::string(LastSegment(old.name())));
    EXPECT_EQ(now.initiative(), "") << old.name();
    EXPECT_NE(now.etag(), old.etag()) << old.name();
    EXPECT_EQ(now.has_budget_krw(), old.has_budget_krw());
  }
  EXPECT_EQ(GetProject("x3").initiative(), InitiativeName("s1", "i2"));
  // The projects stay under the strategy and plan: their totals are
  // unchanged, only the initiative count moves.
  EXPECT_EQ(Totals::Of(Strategy("s1")), strategy_totals);
  EXPECT_EQ(Totals::Of(Plan("p")), plan_totals);
  EXPECT_EQ(Strategy("s1").initiative_count(), 1);
  EXPECT_EQ(Plan("p").initiative_count(), 1);
  EXPECT_EQ(Totals::Of(Initiative("s1", "i2")), (Totals{1, 5, 0, 0, 0, 1, 0}));
  EXPECT_THAT(Projects("initiative = \"strategies/s1/initiatives/i1\""),
              IsEmpty());
  ExpectConsistent();

  // Two UPDATED events for the detached projects, then the DELETED one.
  const std::vector<ChangeEvent> events = Changes(before);
  ASSERT_EQ(events.size(), 3u);
  std::set<std::string> updated;
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(events[i].kind(), ChangeEvent::UPDATED);
    EXPECT_EQ(events[i].project().initiative(), "");
    updated.insert(events[i].name());
  }
  EXPECT_THAT(updated, UnorderedElementsAre("projects/x1", "projects/x2"));
  EXPECT_EQ(events[2].kind(), ChangeEvent::DELETED);
  EXPECT_EQ(events[2].name(), "strategies/s1/initiatives/i1");

  for (const std::string& key : IndexKeysOnDisk()) {
    EXPECT_THAT(key, ::testing::Not(StartsWith("pi/s1/i1/")));
  }
}

// ---------------------------------------------------------------------------
// Etags.

TEST_F(CatalogTest, EtagChangesOnEveryWriteOfTheResource) {
  ASSERT_OK_AND_ASSIGN(const v1::Plan created, NewPlan("p"));
  EXPECT_FALSE(created.etag().empty());
  EXPECT_TRUE(created.has_create_time());
  v1::Plan patch;
  patch.set_name(PlanName("p"));
  patch.set_display_name("Renamed");
  patch.set_etag(created.etag());
  ASSERT_OK_AND_ASSIGN(const v1::Plan updated,
                       catalog_->UpdatePlan(patch, Mask({"display_name"}), {}));
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_TRUE(
      MessageDifferencer::Equals(updated.create_time(), created.create_time()));
  EXPECT_TRUE(MessageDifferencer::Equals(Plan("p"), updated));

  // A strategy below moves the plan's derived figures, not its etag.
  ASSERT_OK(NewStrategy("s", "p"));
  EXPECT_EQ(Plan("p").etag(), updated.etag());
  EXPECT_EQ(Plan("p").strategy_count(), 1);

  // Deleting and re-creating does not bring an old etag back.
  ASSERT_OK(NewProject("x", "s", 1));
  const std::string first_etag = GetProject("x").etag();
  ASSERT_OK(catalog_->DeleteProject(ProjectName("x"), first_etag, {}));
  ASSERT_OK(NewProject("x", "s", 1));
  EXPECT_NE(GetProject("x").etag(), first_etag);
}

TEST_F(CatalogTest, StaleEtagIsAbortedAndChangesNothing) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  ASSERT_OK(NewInitiative("s", "i"));
  ASSERT_OK_AND_ASSIGN(const Project original,
                       NewProject("x", "s", 100, Project::NEW, "i"));
  Project patch;
  patch.set_name(original.name());
  patch.set_display_name("First");
  patch.set_etag(original.etag());
  ASSERT_OK_AND_ASSIGN(
      const Project current,
      catalog_->UpdateProject(patch, Mask({"display_name"}), {}));
  const uint64_t before = LastSequence();
  const v1::Strategy strategy = Strategy("s");
  const v1::Plan plan = Plan("p");
  const v1::Initiative initiative = Initiative("s", "i");

  // original.etag() is now stale.
  patch.set_display_name("Second");
  patch.set_budget_krw(5);
  EXPECT_THAT(
      catalog_->UpdateProject(patch, Mask({"display_name", "budget_krw"}), {}),
      StatusIs(absl::StatusCode::kAborted, StartsWith("project.etag: ")));
  EXPECT_THAT(catalog_->DeleteProject(original.name(), original.etag(), {}),
              StatusIs(absl::StatusCode::kAborted, StartsWith("etag: ")));

  v1::Strategy strategy_patch;
  strategy_patch.set_name(StrategyName("s"));
  strategy_patch.set_display_name("x");
  strategy_patch.set_etag("stale");
  EXPECT_THAT(
      catalog_->UpdateStrategy(strategy_patch, Mask({"display_name"}), {}),
      StatusIs(absl::StatusCode::kAborted, StartsWith("strategy.etag: ")));
  EXPECT_THAT(catalog_->DeleteStrategy(StrategyName("s"), "stale", true, {}),
              StatusIs(absl::StatusCode::kAborted, _));

  v1::Initiative initiative_patch;
  initiative_patch.set_name(InitiativeName("s", "i"));
  initiative_patch.set_display_name("x");
  initiative_patch.set_etag("stale");
  EXPECT_THAT(
      catalog_->UpdateInitiative(initiative_patch, Mask({"display_name"}), {}),
      StatusIs(absl::StatusCode::kAborted, StartsWith("initiative.etag: ")));
  EXPECT_THAT(
      catalog_->DeleteInitiative(InitiativeName("s", "i"), "stale", true, {}),
      StatusIs(absl::StatusCode::kAborted, _));

  v1::Plan plan_patch;
  plan_patch.set_name(PlanName("p"));
  plan_patch.set_display_name("x");
  plan_patch.set_etag("stale");
  EXPECT_THAT(catalog_->UpdatePlan(plan_patch, Mask({"display_name"}), {}),
              StatusIs(absl::StatusCode::kAborted, StartsWith("plan.etag: ")));
  EXPECT_THAT(catalog_->DeletePlan(PlanName("p"), "stale", true, {}),
              StatusIs(absl::StatusCode::kAborted, _));

  EXPECT_EQ(LastSequence(), before);
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("x"), current));
  EXPECT_TRUE(MessageDifferencer::Equals(Strategy("s"), strategy));
  EXPECT_TRUE(MessageDifferencer::Equals(Plan("p"), plan));
  EXPECT_TRUE(MessageDifferencer::Equals(Initiative("s", "i"), initiative));

  // The current etag works.
  patch.set_etag(current.etag());
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"display_name"}), {}));
  EXPECT_EQ(GetProject("x").display_name(), "Second");
}

// ---------------------------------------------------------------------------
// Request ids.

TEST_F(CatalogTest, RequestIdReplayReturnsTheOriginalAndWritesNothing) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  v1::CreateProjectRequest create;
  create.set_project_id("x");
  *create.mutable_project() = ProjectArg("s", 100);
  create.set_request_id(kUuid);
  ASSERT_OK_AND_ASSIGN(
      const Project first,
      catalog_->CreateProject(create.project_id(), create.project(),
                              ContextOf(create)));
  const uint64_t after_create = LastSequence();
  const v1::Strategy strategy = Strategy("s");

  ASSERT_OK_AND_ASSIGN(
      const Project again,
      catalog_->CreateProject(create.project_id(), create.project(),
                              ContextOf(create)));
  EXPECT_TRUE(MessageDifferencer::Equals(again, first)) << again.DebugString();
  EXPECT_EQ(LastSequence(), after_create);
  EXPECT_TRUE(MessageDifferencer::Equals(Strategy("s"), strategy));

  // Still the original result after the project changed meanwhile.
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name(ProjectName("x"));
  update.mutable_project()->set_budget_krw(7);
  *update.mutable_update_mask() = Mask({"budget_krw"});
  update.set_request_id(kOtherUuid);
  ASSERT_OK_AND_ASSIGN(
      const Project updated,
      catalog_->UpdateProject(update.project(), update.update_mask(),
                              ContextOf(update)));
  const uint64_t after_update = LastSequence();
  ASSERT_OK_AND_ASSIGN(
      const Project replayed,
      catalog_->CreateProject(create.project_id(), create.project(),
                              ContextOf(create)));
  EXPECT_TRUE(MessageDifferencer::Equals(replayed, first));
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("x"), updated));
  ASSERT_OK_AND_ASSIGN(
      const Project updated_again,
      catalog_->UpdateProject(update.project(), update.update_mask(),
                              ContextOf(update)));
  EXPECT_TRUE(MessageDifferencer::Equals(updated_again, updated));
  EXPECT_EQ(LastSequence(), after_update);
  EXPECT_EQ(Strategy("s").total_budget_krw(), 7);

  // The same id with another payload, or for another method, is refused.
  v1::CreateProjectRequest different = create;
  different.mutable_project()->set_budget_krw(101);
  EXPECT_THAT(
      catalog_->CreateProject(different.project_id(), different.project(),
                              ContextOf(different)),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id: ")));
  different = create;
  different.set_project_id("y");
  EXPECT_THAT(
      catalog_->CreateProject(different.project_id(), different.project(),
                              ContextOf(different)),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id: ")));
  v1::DeleteProjectRequest reuse;
  reuse.set_name(ProjectName("x"));
  reuse.set_request_id(kUuid);
  EXPECT_THAT(
      catalog_->DeleteProject(reuse.name(), reuse.etag(), ContextOf(reuse)),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("request_id: ")));
  Project none;
  EXPECT_THAT(catalog_->GetProject(ProjectName("y"), &none),
              StatusIs(absl::StatusCode::kNotFound, _));
  EXPECT_EQ(LastSequence(), after_update);

  // A delete replays too, even though the project is gone by then.
  v1::DeleteProjectRequest remove;
  remove.set_name(ProjectName("x"));
  remove.set_request_id("00000000-0000-4000-8000-000000000001");
  ASSERT_OK(
      catalog_->DeleteProject(remove.name(), remove.etag(), ContextOf(remove)));
  const uint64_t after_delete = LastSequence();
  EXPECT_EQ(after_delete, after_update + 1);
  EXPECT_OK(
      catalog_->DeleteProject(remove.name(), remove.etag(), ContextOf(remove)));
  // And the create replays without bringing the project back.
  EXPECT_OK(catalog_->CreateProject(create.project_id(), create.project(),
                                    ContextOf(create)));
  EXPECT_THAT(catalog_->GetProject(ProjectName("x"), &none),
              StatusIs(absl::StatusCode::kNotFound, _));
  EXPECT_EQ(LastSequence(), after_delete);
  EXPECT_EQ(Totals::Of(Strategy("s")), Totals{});
}

TEST_F(CatalogTest, RequestIdSurvivesReopen) {
  ASSERT_OK(NewPlan("p"));
  v1::CreateStrategyRequest create;
  create.set_strategy_id("s");
  create.mutable_strategy()->set_display_name("S");
  create.mutable_strategy()->set_plan(PlanName("p"));
  create.set_request_id(kUuid);
  ASSERT_OK_AND_ASSIGN(
      const v1::Strategy first,
      catalog_->CreateStrategy(create.strategy_id(), create.strategy(),
                               ContextOf(create)));
  catalog_.reset();
  OpenCatalog();
  const uint64_t before = LastSequence();
  ASSERT_OK_AND_ASSIGN(
      const v1::Strategy again,
      catalog_->CreateStrategy(create.strategy_id(), create.strategy(),
                               ContextOf(create)));
  EXPECT_TRUE(MessageDifferencer::Equals(again, first));
  EXPECT_EQ(LastSequence(), before);
  EXPECT_EQ(Plan("p").strategy_count(), 1);
}

TEST_F(CatalogTest, MalformedRequestIdIsInvalidArgumentAndWritesNothing) {
  ASSERT_OK(NewPlan("p"));
  const uint64_t before = LastSequence();
  for (const char* bad : {"x", "123e4567e89b12d3a456426614174000",
                          "123e4567-e89b-12d3-a456-42661417400g",
                          "{123e4567-e89b-12d3-a456-426614174000}",
                          "123e4567-e89b-12d3-a456-4266141740000",
                          "123e4567-e89b-12d3-a456_426614174000", " "}) {
    v1::CreatePlanRequest create;
    create.set_plan_id("q");
    create.mutable_plan()->set_display_name("Q");
    create.set_request_id(bad);
    EXPECT_THAT(catalog_->CreatePlan(create.plan_id(), create.plan(),
                                     ContextOf(create)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("request_id: ")))
        << bad;
    v1::UpdatePlanRequest update;
    update.mutable_plan()->set_name(PlanName("p"));
    update.mutable_plan()->set_display_name("changed");
    *update.mutable_update_mask() = Mask({"display_name"});
    update.set_request_id(bad);
    EXPECT_THAT(catalog_->UpdatePlan(update.plan(), update.update_mask(),
                                     ContextOf(update)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("request_id: ")))
        << bad;
    v1::DeletePlanRequest remove;
    remove.set_name(PlanName("p"));
    remove.set_request_id(bad);
    EXPECT_THAT(
        catalog_->DeletePlan(remove.name(), "", false, ContextOf(remove)),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 StartsWith("request_id: ")))
        << bad;
  }
  v1::Plan none;
  EXPECT_THAT(catalog_->GetPlan(PlanName("q"), &none),
              StatusIs(absl::StatusCode::kNotFound, _));
  EXPECT_EQ(Plan("p").display_name(), "Plan p");
  EXPECT_EQ(LastSequence(), before);
}

// ---------------------------------------------------------------------------
// Overflow.

TEST_F(CatalogTest, BudgetTotalOverflowIsOutOfRangeAndChangesNothing) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s1", "p"));
  ASSERT_OK(NewStrategy("s2", "p"));
  ASSERT_OK(NewProject("a", "s1", kMax - 1));
  const uint64_t before = LastSequence();
  const v1::Strategy s1 = Strategy("s1");
  const v1::Plan plan = Plan("p");

  EXPECT_THAT(
      NewProject("b", "s1", kMax - 2),
      StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("total_budget_krw")));
  Project none;
  EXPECT_THAT(catalog_->GetProject(ProjectName("b"), &none),
              StatusIs(absl::StatusCode::kNotFound, _));
  EXPECT_TRUE(MessageDifferencer::Equals(Strategy("s1"), s1));
  EXPECT_TRUE(MessageDifferencer::Equals(Plan("p"), plan));
  EXPECT_EQ(LastSequence(), before);
  EXPECT_THAT(NamesOf(Projects()), ElementsAre("projects/a"));

  // Up to exactly INT64_MAX is fine.
  ASSERT_OK(NewProject("b", "s1", 1));
  EXPECT_EQ(Strategy("s1").total_budget_krw(), kMax);
  EXPECT_EQ(Plan("p").total_budget_krw(), kMax);

  // Overflow through an update.
  const Project b = GetProject("b");
  Project patch;
  patch.set_name(b.name());
  patch.set_budget_krw(2);
  const uint64_t before_update = LastSequence();
  EXPECT_THAT(catalog_->UpdateProject(patch, Mask({"budget_krw"}), {}),
              StatusIs(absl::StatusCode::kOutOfRange, _));
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("b"), b));
  EXPECT_EQ(Strategy("s1").total_budget_krw(), kMax);
  EXPECT_EQ(LastSequence(), before_update);

  // The plan total overflows even though the other strategy's would not.
  EXPECT_THAT(NewProject("c", "s2", 1),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("plans/p")));
  EXPECT_EQ(Totals::Of(Strategy("s2")), Totals{});
  // Moving a budget between strategies of a full plan is fine.
  patch.set_strategy(StrategyName("s2"));
  patch.set_budget_krw(1);
  ASSERT_OK(catalog_->UpdateProject(patch, Mask({"strategy"}), {}));
  EXPECT_EQ(Strategy("s2").total_budget_krw(), 1);
  EXPECT_EQ(Plan("p").total_budget_krw(), kMax);
  // A project without a budget is always welcome.
  ASSERT_OK(NewProject("d", "s1", std::nullopt));
  EXPECT_EQ(Strategy("s1").unbudgeted_project_count(), 1);
  ExpectConsistent();
}

// ---------------------------------------------------------------------------
// Concurrency.

TEST_F(CatalogTest, ConcurrentCreatesKeepTotalsExact) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::latch start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        const int64_t budget = 1'000'000'000'000LL * (t + 1) + i;
        if (!NewProject(absl::StrCat("t", t, "-", i), "s", budget).ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  int64_t expected_budget = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      expected_budget += 1'000'000'000'000LL * (t + 1) + i;
    }
  }
  const v1::Strategy strategy = Strategy("s");
  EXPECT_EQ(strategy.project_count(), kThreads * kPerThread);
  EXPECT_EQ(strategy.total_budget_krw(), expected_budget);
  EXPECT_EQ(strategy.origin_counts().new_count(), kThreads * kPerThread);
  EXPECT_EQ(Plan("p").project_count(), kThreads * kPerThread);
  EXPECT_EQ(Plan("p").total_budget_krw(), expected_budget);
  EXPECT_EQ(Projects().size(), static_cast<size_t>(kThreads * kPerThread));

  // The change log is gap-free: one event per create, numbered on by one.
  const std::vector<ChangeEvent> events = Changes();
  ASSERT_EQ(events.size(), static_cast<size_t>(2 + kThreads * kPerThread));
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1));
  }
}

TEST_F(CatalogTest, ConcurrentUpdatesWithTheSameEtagLetExactlyOneWin) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  ASSERT_OK_AND_ASSIGN(const Project original, NewProject("x", "s", 1));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::vector<absl::Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Project patch;
      patch.set_name(original.name());
      patch.set_etag(original.etag());
      patch.set_display_name(absl::StrCat("writer ", t));
      patch.set_budget_krw(10 + t);
      start.arrive_and_wait();
      results[t] =
          catalog_
              ->UpdateProject(patch, Mask({"display_name", "budget_krw"}), {})
              .status();
    });
  }
  for (std::thread& thread : threads) thread.join();
  int ok = 0, aborted = 0, winner = -1;
  for (int t = 0; t < kThreads; ++t) {
    if (results[t].ok()) {
      ++ok;
      winner = t;
    } else if (absl::IsAborted(results[t])) {
      ++aborted;
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(aborted, kThreads - 1);
  ASSERT_GE(winner, 0);
  EXPECT_EQ(GetProject("x").display_name(), absl::StrCat("writer ", winner));
  EXPECT_EQ(Strategy("s").total_budget_krw(), 10 + winner);
  EXPECT_EQ(Changes().size(), 4u);
}

// ---------------------------------------------------------------------------
// Change log.

TEST_F(CatalogTest, ChangeLogRecordsEveryWriteInOrder) {
  ASSERT_OK_AND_ASSIGN(const v1::Plan plan, NewPlan("p"));
  ASSERT_OK_AND_ASSIGN(const v1::Strategy strategy, NewStrategy("s", "p"));
  ASSERT_OK_AND_ASSIGN(const Project created, NewProject("x", "s", 3));
  Project patch;
  patch.set_name(created.name());
  patch.set_stage(Project::IN_PROGRESS);
  ASSERT_OK_AND_ASSIGN(const Project updated,
                       catalog_->UpdateProject(patch, Mask({"stage"}), {}));
  const Project last_state = GetProject("x");
  ASSERT_OK(catalog_->DeleteProject(created.name(), updated.etag(), {}));

  const std::vector<ChangeEvent> events = Changes();
  ASSERT_EQ(events.size(), 5u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1));
    EXPECT_TRUE(events[i].has_commit_time());
    if (i > 0) {
      EXPECT_GE(events[i].commit_time().seconds(),
                events[i - 1].commit_time().seconds());
    }
  }
  EXPECT_EQ(events[0].kind(), ChangeEvent::CREATED);
  EXPECT_EQ(events[0].name(), "plans/p");
  EXPECT_TRUE(MessageDifferencer::Equals(events[0].plan(), plan));
  EXPECT_EQ(events[1].kind(), ChangeEvent::CREATED);
  EXPECT_EQ(events[1].name(), "strategies/s");
  EXPECT_TRUE(MessageDifferencer::Equals(events[1].strategy(), strategy));
  EXPECT_EQ(events[2].kind(), ChangeEvent::CREATED);
  EXPECT_EQ(events[2].name(), "projects/x");
  EXPECT_TRUE(MessageDifferencer::Equals(events[2].project(), created));
  EXPECT_EQ(events[3].kind(), ChangeEvent::UPDATED);
  EXPECT_TRUE(MessageDifferencer::Equals(events[3].project(), updated));
  EXPECT_EQ(events[4].kind(), ChangeEvent::DELETED);
  EXPECT_EQ(events[4].name(), "projects/x");
  EXPECT_TRUE(MessageDifferencer::Equals(events[4].project(), last_state))
      << events[4].DebugString();

  // Windows of the log.
  std::vector<ChangeEvent> window;
  ASSERT_OK(catalog_->ReadChanges(2, 2, &window));
  ASSERT_EQ(window.size(), 2u);
  EXPECT_EQ(window[0].sequence(), 3);
  EXPECT_EQ(window[1].sequence(), 4);
  window.clear();
  ASSERT_OK(catalog_->ReadChanges(5, 10, &window));
  EXPECT_TRUE(window.empty());
  ASSERT_OK(catalog_->ReadChanges(1000, 10, &window));
  EXPECT_TRUE(window.empty());

  // Failed writes leave no trace.
  EXPECT_THAT(NewProject("y", "missing", 1),
              StatusIs(absl::StatusCode::kFailedPrecondition, _));
  EXPECT_EQ(LastSequence(), 5u);
}

TEST_F(CatalogTest, ReadChangesWithZeroLimitOnRetainedHistoryIsNotOutOfRange) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewPlan("q"));
  // Nothing was trimmed: "events after 0 are no longer retained" is false,
  // so asking for none of them must not claim they are gone.
  std::vector<ChangeEvent> events;
  EXPECT_THAT(catalog_->ReadChanges(0, 0, &events), IsOk());
  EXPECT_TRUE(events.empty());
}

TEST_F(CatalogTest, CommittedEventsReachTheWatchHub) {
  uint64_t last_published = 99;
  int wakes = 0;
  auto subscription =
      catalog_->watch_hub().Subscribe([&wakes] { ++wakes; }, &last_published);
  EXPECT_EQ(last_published, 0u);
  ASSERT_OK(NewPlan("p"));
  EXPECT_THAT(NewStrategy("s", "missing"),
              StatusIs(absl::StatusCode::kFailedPrecondition, _));
  ASSERT_OK(NewStrategy("s", "p"));
  std::deque<EventPtr> out;
  ASSERT_OK(subscription->Drain(&out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]->sequence(), 1);
  EXPECT_EQ(out[1]->sequence(), 2);
  EXPECT_EQ(out[1]->strategy().name(), "strategies/s");
  EXPECT_EQ(wakes, 2);
  catalog_->watch_hub().Unsubscribe(subscription);
}

TEST_F(CatalogTest, ReopeningKeepsDataAndContinuesTheSequence) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  ASSERT_OK_AND_ASSIGN(const Project x, NewProject("x", "s", 42));
  const std::vector<ChangeEvent> before = Changes();
  ASSERT_EQ(before.size(), 3u);
  ASSERT_OK(catalog_->Flush());
  catalog_.reset();

  OpenCatalog();
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("x"), x));
  EXPECT_EQ(Totals::Of(Strategy("s")), (Totals{1, 42, 0, 1, 0, 0, 0}));
  uint64_t last_published = 0;
  auto subscription = catalog_->watch_hub().Subscribe([] {}, &last_published);
  EXPECT_EQ(last_published, 3u);

  ASSERT_OK_AND_ASSIGN(const Project y, NewProject("y", "s", 1));
  EXPECT_NE(y.etag(), x.etag());
  const std::vector<ChangeEvent> after = Changes();
  ASSERT_EQ(after.size(), 4u);
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(after[i], before[i])) << i;
  }
  EXPECT_EQ(after[3].sequence(), 4);
  EXPECT_EQ(after[3].name(), "projects/y");
  std::deque<EventPtr> out;
  ASSERT_OK(subscription->Drain(&out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->sequence(), 4);

  // Without a Flush the synced log still carries everything.
  catalog_.reset();
  OpenCatalog();
  EXPECT_EQ(LastSequence(), 4u);
  EXPECT_EQ(Strategy("s").project_count(), 2);
}

TEST_F(CatalogTest, SecondOpenOfTheSameDirectoryIsRefused) {
  EXPECT_THAT(Catalog::Open({{.data_dir = dir_.Sub("db")}}),
              StatusIs(absl::StatusCode::kFailedPrecondition, _));
  // The first instance is unharmed.
  ASSERT_OK(NewPlan("p"));
}

TEST_F(CatalogTest, TrimmedHistoryIsOutOfRange) {
  catalog_.reset();
  OpenCatalog(/*change_retention=*/10);
  ASSERT_OK_AND_ASSIGN(v1::Plan plan, NewPlan("p"));
  constexpr int kWrites = 1100;
  for (int i = 1; i < kWrites; ++i) {
    v1::Plan patch;
    patch.set_name(plan.name());
    patch.set_description(absl::StrCat("revision ", i));
    ASSERT_OK(catalog_->UpdatePlan(patch, Mask({"description"}), {}));
  }
  const uint64_t last = kWrites;

  std::vector<ChangeEvent> events;
  EXPECT_THAT(catalog_->ReadChanges(0, 100, &events),
              StatusIs(absl::StatusCode::kOutOfRange,
                       StartsWith("start_after_sequence: ")));
  EXPECT_TRUE(events.empty());
  EXPECT_THAT(catalog_->ReadChanges(500, 100, &events),
              StatusIs(absl::StatusCode::kOutOfRange, _));

  events.clear();
  ASSERT_OK(catalog_->ReadChanges(last - 5, 100, &events));
  ASSERT_EQ(events.size(), 5u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(last - 4 + i));
  }
  EXPECT_EQ(events.back().plan().description(),
            absl::StrCat("revision ", kWrites - 1));
  // At least the last change_retention events are kept.
  events.clear();
  ASSERT_OK(catalog_->ReadChanges(last - 10, 100, &events));
  EXPECT_EQ(events.size(), 10u);

  // The same after reopening, and new events continue the numbering.
  catalog_.reset();
  OpenCatalog(/*change_retention=*/10);
  events.clear();
  EXPECT_THAT(catalog_->ReadChanges(0, 100, &events),
              StatusIs(absl::StatusCode::kOutOfRange, _));
  ASSERT_OK(NewPlan("q"));
  events.clear();
  ASSERT_OK(catalog_->ReadChanges(last - 5, 100, &events));
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events.back().sequence(), static_cast<int64_t>(last + 1));
  EXPECT_EQ(events.back().name(), "plans/q");
}

// ---------------------------------------------------------------------------
// Request checks that the catalog does itself.

TEST_F(CatalogTest, CreateChecksIdsShapesAndReferences) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  ASSERT_OK(NewStrategy("t", "p"));
  ASSERT_OK(NewInitiative("t", "i"));
  const uint64_t before = LastSequence();

  EXPECT_THAT(NewPlan("Bad"), StatusIs(absl::StatusCode::kInvalidArgument,
                                       StartsWith("plan_id: ")));
  EXPECT_THAT(NewPlan(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                    StartsWith("plan_id: ")));
  EXPECT_THAT(NewPlan("p"), StatusIs(absl::StatusCode::kAlreadyExists, _));
  EXPECT_THAT(NewStrategy("s", "p"),
              StatusIs(absl::StatusCode::kAlreadyExists, _));
  EXPECT_THAT(NewStrategy("u", "missing"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("strategy.plan: ")));
  v1::Strategy no_plan;
  no_plan.set_display_name("No plan");
  EXPECT_THAT(catalog_->CreateStrategy("u", no_plan, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "strategy.plan: is required"));
  no_plan.set_plan("projects/p");
  EXPECT_THAT(catalog_->CreateStrategy("u", no_plan, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("strategy.plan: ")));
  EXPECT_THAT(NewStrategy("9s", "p"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("strategy_id: ")));

  EXPECT_THAT(NewInitiative("missing", "i"),
              StatusIs(absl::StatusCode::kFailedPrecondition, _));
  EXPECT_THAT(NewInitiative("t", "i"),
              StatusIs(absl::StatusCode::kAlreadyExists, _));
  EXPECT_THAT(NewInitiative("t", "I"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("initiative_id: ")));
  v1::Initiative initiative;
  initiative.set_display_name("x");
  EXPECT_THAT(
      catalog_->CreateInitiative("strategies/-", "j", initiative, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("parent: ")));

  Project project = ProjectArg("s", 1);
  project.clear_strategy();
  project.set_initiative(InitiativeName("s", "i"));
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.initiative: needs "
                                  "project.strategy")));
  project.clear_initiative();
  project.set_strategy("strategy/s");
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.strategy: ")));
  project.set_strategy(StrategyName("missing"));
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("project.strategy: ")));
  project.set_strategy(StrategyName("s"));
  project.set_initiative("strategies/s/initiative/i");
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.initiative: ")));
  project.set_initiative(InitiativeName("s", "missing"));
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("project.initiative: ")));
  // An initiative that exists, but under another strategy.
  project.set_initiative(InitiativeName("t", "i"));
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       StartsWith("project.initiative: ")));
  project.clear_initiative();
  project.set_end_year(1800);
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.end_year: ")));
  project.clear_end_year();
  EXPECT_THAT(
      catalog_->CreateProject("X", project, {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("project_id: ")));

  EXPECT_EQ(LastSequence(), before);
  ExpectConsistent();
  ASSERT_OK(catalog_->CreateProject("x", project, {}));
  EXPECT_THAT(catalog_->CreateProject("x", project, {}),
              StatusIs(absl::StatusCode::kAlreadyExists, _));
  EXPECT_EQ(Strategy("s").project_count(), 1);
}

TEST_F(CatalogTest, OutputOnlyFieldsFromClientsAreIgnored) {
  ASSERT_OK(NewPlan("p"));
  v1::Strategy strategy;
  strategy.set_display_name("S");
  strategy.set_plan(PlanName("p"));
  strategy.set_name("strategies/ignored");
  strategy.set_project_count(99);
  strategy.set_total_budget_krw(99);
  strategy.set_initiative_count(99);
  strategy.mutable_origin_counts()->set_new_count(99);
  strategy.set_etag("client-etag");
  strategy.mutable_create_time()->set_seconds(1);
  ASSERT_OK_AND_ASSIGN(const v1::Strategy created,
                       catalog_->CreateStrategy("s", strategy, {}));
  EXPECT_EQ(created.name(), "strategies/s");
  EXPECT_EQ(Totals::Of(created), Totals{});
  EXPECT_EQ(created.initiative_count(), 0);
  EXPECT_NE(created.etag(), "client-etag");
  EXPECT_GT(created.create_time().seconds(), 1);

  // Updating with "*" cannot overwrite derived figures or move the plan.
  ASSERT_OK(NewPlan("q"));
  ASSERT_OK(NewProject("x", "s", 5));
  strategy.set_name("strategies/s");
  strategy.set_plan(PlanName("q"));
  strategy.clear_etag();
  ASSERT_OK_AND_ASSIGN(const v1::Strategy updated,
                       catalog_->UpdateStrategy(strategy, Mask({"*"}), {}));
  EXPECT_EQ(updated.plan(), PlanName("p"));
  EXPECT_EQ(Totals::Of(updated), (Totals{1, 5, 0, 1, 0, 0, 0}));
  EXPECT_EQ(Plan("p").strategy_count(), 1);
  EXPECT_EQ(Plan("q").strategy_count(), 0);
  ExpectConsistent();
}

TEST_F(CatalogTest, RefusedUpdatesChangeNothing) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  ASSERT_OK_AND_ASSIGN(const Project x, NewProject("x", "s", 5));
  const uint64_t before = LastSequence();
  const v1::Strategy strategy = Strategy("s");

  Project patch;
  patch.set_name(x.name());
  patch.set_display_name("changed");
  EXPECT_THAT(
      catalog_->UpdateProject(patch, Mask({"display_name", "etag"}), {}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               StartsWith("update_mask: ")));
  EXPECT_THAT(
      catalog_->UpdateProject(patch, Mask({"display_name", "bogus"}), {}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               StartsWith("update_mask: ")));
  patch.set_budget_krw(-1);
  EXPECT_THAT(catalog_->UpdateProject(patch, Mask({"budget_krw"}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.budget_krw: ")));
  // "*" with a patch that lacks the required strategy.
  EXPECT_THAT(
      catalog_->UpdateProject(patch, Mask({"*"}), {}),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("project.")));
  patch.set_budget_krw(1);
  patch.set_name("projects/missing");
  EXPECT_THAT(catalog_->UpdateProject(patch, Mask({"budget_krw"}), {}),
              StatusIs(absl::StatusCode::kNotFound, _));
  patch.set_name("project/x");
  EXPECT_THAT(catalog_->UpdateProject(patch, Mask({"budget_krw"}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("project.name: ")));

  v1::Strategy strategy_patch;
  strategy_patch.set_name(StrategyName("s"));
  strategy_patch.set_plan(PlanName("p"));
  EXPECT_THAT(catalog_->UpdateStrategy(strategy_patch, Mask({"plan"}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("update_mask: ")));
  strategy_patch.set_ordinal(-1);
  EXPECT_THAT(catalog_->UpdateStrategy(strategy_patch, Mask({"ordinal"}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("strategy.ordinal: ")));
  v1::Plan plan_patch;
  plan_patch.set_name(PlanName("p"));
  EXPECT_THAT(catalog_->UpdatePlan(plan_patch, Mask({"display_name"}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("plan.display_name: ")));
  v1::Initiative initiative_patch;
  initiative_patch.set_name(InitiativeName("s", "missing"));
  initiative_patch.set_display_name("x");
  EXPECT_THAT(
      catalog_->UpdateInitiative(initiative_patch, Mask({"display_name"}), {}),
      StatusIs(absl::StatusCode::kNotFound, _));

  EXPECT_EQ(LastSequence(), before);
  EXPECT_TRUE(MessageDifferencer::Equals(GetProject("x"), x));
  EXPECT_TRUE(MessageDifferencer::Equals(Strategy("s"), strategy));
}

TEST_F(CatalogTest, BatchGetProjectsIsAllOrNothing) {
  ASSERT_OK(NewPlan("p"));
  ASSERT_OK(NewStrategy("s", "p"));
  ASSERT_OK(NewProject("a", "s", 1));
  ASSERT_OK(NewProject("b", "s", 2));
  google::protobuf::RepeatedPtrField<std::string> names;
  names.Add("projects/b");
  names.Add("projects/a");
  v1::BatchGetProjectsResponse response;
  ASSERT_OK(catalog_->BatchGetProjects(names, &response));
  ASSERT_EQ(response.projects_size(), 2);
  EXPECT_EQ(response.projects(0).name(), "projects/b");
  EXPECT_EQ(response.projects(1).name(), "projects/a");

  names.Add("projects/missing");
  response.Clear();
  EXPECT_THAT(
      catalog_->BatchGetProjects(names, &response),
      StatusIs(absl::StatusCode::kNotFound,
               AllOf(StartsWith("names[2]: "), HasSubstr("projects/missing"))));
  EXPECT_EQ(response.projects_size(), 0);
}

}  // namespace
}  // namespace busan::catalog
