// CatalogService over real gRPC calls: create/get/update/delete of every
// resource, field validation, referential rules, update masks and etags,
// request_id idempotency, concurrency on etags and BatchGetProjects.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <latch>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "client/catalog_resources.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using Stub = v1::CatalogService::Stub;
using ::absl::StatusCode;
using ::busan::client::CatalogResource;
using ::testing::_;
using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// ---------------------------------------------------------------------------
// Helpers

MATCHER_P(EqualsProto, expected, "equals " + expected.ShortDebugString()) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(expected, arg)) return true;
  *result_listener << "differences: " << diff;
  return false;
}

template <typename T>
struct Result {
  grpc::Status status;
  T value;
};

// Thin synchronous client over the typed client (client/
// catalog_resources.h): one call per method, each with a deadline.
class Client {
 public:
  explicit Client(const CatalogServer& server) : stub_(server.NewStub()) {}

  template <typename Req, typename Resp>
  Result<Resp> Call(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Req&, Resp*),
                    const Req& request) {
    Result<Resp> result;
    result.status =
        (stub_.get()->*method)(Deadline().get(), request, &result.value);
    return result;
  }

  template <typename R>
  Result<R> Create(const std::string& parent, const std::string& id,
                   const R& resource, const std::string& request_id) {
    Result<R> result;
    result.status =
        CatalogResource<R>::Create(*stub_, Deadline().get(), {parent, id},
                                   resource, request_id, &result.value);
    return result;
  }
  template <typename R>
  Result<R> Get(const std::string& name) {
    Result<R> result;
    result.status =
        CatalogResource<R>::Get(*stub_, Deadline().get(), name, &result.value);
    return result;
  }
  template <typename R>
  Result<R> Update(const R& resource, const std::vector<std::string>& paths,
                   const std::string& request_id) {
    google::protobuf::FieldMask mask;
    for (const std::string& path : paths) mask.add_paths(path);
    Result<R> result;
    result.status = CatalogResource<R>::Update(
        *stub_, Deadline().get(), resource, mask, request_id, &result.value);
    return result;
  }
  template <typename R>
  grpc::Status Delete(const std::string& name, const std::string& etag,
                      bool force, const std::string& request_id) {
    return CatalogResource<R>::Delete(*stub_, Deadline().get(), name, etag,
                                      force, request_id);
  }

  Result<v1::Plan> CreatePlan(const std::string& id, const v1::Plan& plan,
                              const std::string& request_id = "") {
    return Create(std::string(), id, plan, request_id);
  }
  Result<v1::Plan> GetPlan(const std::string& name) {
    return Get<v1::Plan>(name);
  }
  Result<v1::Plan> UpdatePlan(const v1::Plan& plan,
                              const std::vector<std::string>& paths,
                              const std::string& request_id = "") {
    return Update(plan, paths, request_id);
  }
  grpc::Status DeletePlan(const std::string& name, const std::string& etag = "",
                          bool force = false,
                          const std::string& request_id = "") {
    return Delete<v1::Plan>(name, etag, force, request_id);
  }

  Result<v1::Strategy> CreateStrategy(const std::string& id,
                                      const v1::Strategy& strategy,
                                      const std::string& request_id = "") {
    return Create(std::string(), id, strategy, request_id);
  }
  Result<v1::Strategy> GetStrategy(const std::string& name) {
    return Get<v1::Strategy>(name);
  }
  Result<v1::Strategy> UpdateStrategy(const v1::Strategy& strategy,
                                      const std::vector<std::string>& paths,
                                      const std::string& request_id = "") {
    return Update(strategy, paths, request_id);
  }
  grpc::Status DeleteStrategy(const std::string& name,
                              const std::string& etag = "", bool force = false,
                              const std::string& request_id = "") {
    return Delete<v1::Strategy>(name, etag, force, request_id);
  }

  Result<v1::Initiative> CreateInitiative(const std::string& parent,
                                          const std::string& id,
                                          const v1::Initiative& initiative,
                                          const std::string& request_id = "") {
    return Create(parent, id, initiative, request_id);
  }
  Result<v1::Initiative> GetInitiative(const std::string& name) {
    return Get<v1::Initiative>(name);
  }
  Result<v1::Initiative> UpdateInitiative(const v1::Initiative& initiative,
                                          const std::vector<std::string>& paths,
                                          const std::string& request_id = "") {
    return Update(initiative, paths, request_id);
  }
  grpc::Status DeleteInitiative(const std::string& name,
                                const std::string& etag = "",
                                bool force = false,
                                const std::string& request_id = "") {
    return Delete<v1::Initiative>(name, etag, force, request_id);
  }

  Result<v1::Project> CreateProject(const std::string& id,
                                    const v1::Project& project,
                                    const std::string& request_id = "") {
    return Create(std::string(), id, project, request_id);
  }
  Result<v1::Project> GetProject(const std::string& name) {
    return Get<v1::Project>(name);
  }
  Result<v1::Project> UpdateProject(const v1::Project& project,
                                    const std::vector<std::string>& paths,
                                    const std::string& request_id = "") {
    return Update(project, paths, request_id);
  }
  grpc::Status DeleteProject(const std::string& name,
                             const std::string& etag = "",
                             const std::string& request_id = "") {
    return Delete<v1::Project>(name, etag, false, request_id);
  }
  Result<v1::ListProjectsResponse> ListProjects(const std::string& filter = "",
                                                int page_size = 1000) {
    Result<v1::ListProjectsResponse> result;
    result.status = CatalogResource<v1::Project>::List(
        *stub_, Deadline().get(), {.page_size = page_size, .filter = filter},
        &result.value);
    return result;
  }
  Result<v1::ListInitiativesResponse> ListInitiatives(
      const std::string& parent) {
    Result<v1::ListInitiativesResponse> result;
    result.status = CatalogResource<v1::Initiative>::List(
        *stub_, Deadline().get(), {.parent = parent, .page_size = 1000},
        &result.value);
    return result;
  }
  Result<v1::BatchGetProjectsResponse> BatchGetProjects(
      const std::vector<std::string>& names) {
    v1::BatchGetProjectsRequest request;
    for (const std::string& name : names) request.add_names(name);
    return Call(&Stub::BatchGetProjects, request);
  }

 private:
  static std::unique_ptr<grpc::ClientContext> Deadline() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    return context;
  }

  std::unique_ptr<Stub> stub_;
};

v1::Plan MakePlan(const std::string& display_name) {
  v1::Plan plan;
  plan.set_display_name(display_name);
  return plan;
}

v1::Strategy MakeStrategy(const std::string& plan,
                          const std::string& display_name) {
  v1::Strategy strategy;
  strategy.set_plan(plan);
  strategy.set_display_name(display_name);
  return strategy;
}

v1::Initiative MakeInitiative(const std::string& display_name) {
  v1::Initiative initiative;
  initiative.set_display_name(display_name);
  return initiative;
}

v1::Project MakeProject(const std::string& strategy,
                        const std::string& display_name) {
  v1::Project project;
  project.set_strategy(strategy);
  project.set_display_name(display_name);
  return project;
}

busan::type::v1::Source MakeSource(const std::string& title,
                                   const std::string& url,
                                   const std::string& published) {
  busan::type::v1::Source source;
  source.set_title(title);
  source.set_url(url);
  source.set_published(published);
  return source;
}

// Korean text of exactly `chars` code points (3 bytes each in UTF-8).
std::string KoreanText(int chars) {
  std::string text;
  for (int i = 0; i < chars; ++i) text += "부";
  return text;
}

bool HasTimestamp(const google::protobuf::Timestamp& time) {
  return time.seconds() > 1'600'000'000;  // after 2020
}

int64_t Nanos(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1'000'000'000LL + time.nanos();
}

std::string FreshUuid() { return NewRequestId(); }

auto HasCode(StatusCode code) { return StatusIs(code, ::testing::_); }

// Every test gets its own server with one plan, one strategy under it and
// one initiative under the strategy.
class CatalogApiTest : public ::testing::Test {
 protected:
  static constexpr char kPlan[] = "plans/p";
  static constexpr char kStrategy[] = "strategies/s";
  static constexpr char kInitiative[] = "strategies/s/initiatives/i";

  void SetUp() override {
    ASSERT_OK(client_.CreatePlan("p", MakePlan("Plan P")).status);
    ASSERT_OK(
        client_.CreateStrategy("s", MakeStrategy(kPlan, "Strategy S")).status);
    ASSERT_OK(
        client_.CreateInitiative(kStrategy, "i", MakeInitiative("Initiative I"))
            .status);
  }

  v1::Project CreateProjectOrDie(const std::string& id, v1::Project project) {
    Result<v1::Project> created = client_.CreateProject(id, project);
    EXPECT_OK(created.status) << id;
    return created.value;
  }

  CatalogServer server_;
  Client client_{server_};
};

// ---------------------------------------------------------------------------
// Create / Get round trips

TEST_F(CatalogApiTest, PlanRoundTripsEveryField) {
  v1::Plan plan;
  plan.set_display_name("Economic Growth and Innovation Strategy");
  plan.set_display_name_ko("부산 경제성장 혁신전략");
  plan.set_description("부산의 미래 먹거리. Multi-line\ndescription.");
  plan.set_published("2025-11-20");
  plan.set_declared_strategy_count(5);
  plan.set_declared_initiative_count(0);
  plan.set_declared_project_count(120);
  plan.set_declared_budget_krw(12'345'678'901'234LL);
  plan.mutable_declared_origin_counts()->set_new_count(50);
  plan.mutable_declared_origin_counts()->set_upgraded_count(40);
  plan.mutable_declared_origin_counts()->set_expanded_count(30);
  *plan.add_sources() =
      MakeSource("부산시 보도자료", "https://www.busan.go.kr/x", "2025-11");
  *plan.add_sources() = MakeSource("Untitled note", "", "");

  Result<v1::Plan> created = client_.CreatePlan("egi-2025", plan);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), "plans/egi-2025");
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_THAT(created.value.update_time(),
              EqualsProto(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Plan expected = plan;
  expected.set_name("plans/egi-2025");
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));

  Result<v1::Plan> got = client_.GetPlan("plans/egi-2025");
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_EQ(got.value.display_name_ko(), "부산 경제성장 혁신전략");
  EXPECT_TRUE(got.value.has_declared_initiative_count());
  EXPECT_EQ(got.value.declared_initiative_count(), 0);
}

TEST_F(CatalogApiTest, PlanDeclaredFiguresStayAbsentWhenNotPublished) {
  ASSERT_OK(client_.CreatePlan("bare", MakePlan("Bare")).status);
  Result<v1::Plan> got = client_.GetPlan("plans/bare");
  ASSERT_OK(got.status);
  EXPECT_FALSE(got.value.has_declared_strategy_count());
  EXPECT_FALSE(got.value.has_declared_initiative_count());
  EXPECT_FALSE(got.value.has_declared_project_count());
  EXPECT_FALSE(got.value.has_declared_budget_krw());
  EXPECT_FALSE(got.value.has_declared_origin_counts());
  EXPECT_TRUE(got.value.published().empty());
}

TEST_F(CatalogApiTest, StrategyRoundTripsEveryField) {
  v1::Strategy strategy = MakeStrategy(kPlan, "Marine Future Tech");
  strategy.set_display_name_ko("해양 미래기술");
  strategy.set_description("해양수도 부산");
  strategy.set_ordinal(3);
  strategy.set_declared_project_count(0);
  strategy.set_declared_budget_krw(987'654'321);
  *strategy.add_sources() =
      MakeSource("Strategy doc", "http://example.org/doc", "2025");

  Result<v1::Strategy> created = client_.CreateStrategy("marine", strategy);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), "strategies/marine");
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_THAT(created.value.update_time(),
              EqualsProto(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Strategy expected = strategy;
  expected.set_name("strategies/marine");
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));
  Result<v1::Strategy> got = client_.GetStrategy("strategies/marine");
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_TRUE(got.value.has_declared_project_count());
  EXPECT_EQ(got.value.declared_project_count(), 0);

  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.strategy_count(), 2);
}

TEST_F(CatalogApiTest, InitiativeRoundTripsEveryField) {
  v1::Initiative initiative = MakeInitiative("Smart Port");
  initiative.set_display_name_ko("스마트 항만");
  initiative.set_description("desc");
  initiative.set_ordinal(2);
  initiative.set_declared_project_count(7);
  initiative.set_declared_budget_krw(0);
  *initiative.add_sources() =
      MakeSource("Src", "https://a.example/", "2024-02");

  Result<v1::Initiative> created =
      client_.CreateInitiative(kStrategy, "smart-port", initiative);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), "strategies/s/initiatives/smart-port");
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Initiative expected = initiative;
  expected.set_name("strategies/s/initiatives/smart-port");
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));
  Result<v1::Initiative> got =
      client_.GetInitiative("strategies/s/initiatives/smart-port");
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_TRUE(got.value.has_declared_budget_krw());
  EXPECT_EQ(got.value.declared_budget_krw(), 0);

  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  ASSERT_OK(strategy.status);
  EXPECT_EQ(strategy.value.initiative_count(), 2);
  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.initiative_count(), 2);
}

TEST_F(CatalogApiTest, ProjectRoundTripsEveryField) {
  v1::Project project = MakeProject(kStrategy, "Marine Port AX Center");
  project.set_display_name_ko("부산");
  project.set_description("항만 AX 센터 구축");
  project.set_initiative(kInitiative);
  project.set_origin(v1::Project::UPGRADED);
  project.set_stage(v1::Project::IN_PROGRESS);
  project.set_budget_krw(0);
  project.set_start_year(1900);
  project.set_end_year(2200);
  project.add_tags("port");
  project.add_tags("AI");
  project.add_tags("해양");
  project.set_location("부산 강서구");
  project.set_lead_agency("Busan Port Authority");
  project.set_national_alignment(false);
  *project.add_sources() =
      MakeSource("Press release", "https://example.com/a?b=c", "2025-11-20");

  Result<v1::Project> created =
      client_.CreateProject("marine-port-ax-center", project);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), "projects/marine-port-ax-center");
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_THAT(created.value.update_time(),
              EqualsProto(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Project expected = project;
  expected.set_name("projects/marine-port-ax-center");
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));

  Result<v1::Project> got =
      client_.GetProject("projects/marine-port-ax-center");
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_EQ(got.value.display_name_ko(), "부산");
  EXPECT_TRUE(got.value.has_budget_krw());
  EXPECT_EQ(got.value.budget_krw(), 0);
  EXPECT_TRUE(got.value.has_national_alignment());
  EXPECT_FALSE(got.value.national_alignment());
  EXPECT_THAT(got.value.tags(), ElementsAre("port", "AI", "해양"));
}

TEST_F(CatalogApiTest, ProjectOptionalFiguresStayAbsent) {
  Result<v1::Project> created =
      client_.CreateProject("unknown-figures", MakeProject(kStrategy, "U"));
  ASSERT_OK(created.status);
  for (const v1::Project& project :
       {created.value, client_.GetProject("projects/unknown-figures").value}) {
    EXPECT_FALSE(project.has_budget_krw());
    EXPECT_FALSE(project.has_start_year());
    EXPECT_FALSE(project.has_end_year());
    EXPECT_FALSE(project.has_national_alignment());
    EXPECT_EQ(project.origin(), v1::Project::ORIGIN_UNSPECIFIED);
    EXPECT_EQ(project.stage(), v1::Project::STAGE_UNSPECIFIED);
    EXPECT_TRUE(project.initiative().empty());
  }

  // An update of another field keeps them absent.
  v1::Project patch;
  patch.set_name("projects/unknown-figures");
  patch.set_display_name("Renamed");
  Result<v1::Project> updated = client_.UpdateProject(patch, {"display_name"});
  ASSERT_OK(updated.status);
  EXPECT_FALSE(updated.value.has_budget_krw());
  Result<v1::ListProjectsResponse> listed = client_.ListProjects();
  ASSERT_OK(listed.status);
  ASSERT_EQ(listed.value.projects_size(), 1);
  EXPECT_FALSE(listed.value.projects(0).has_budget_krw());
  EXPECT_FALSE(listed.value.projects(0).has_start_year());
  EXPECT_FALSE(listed.value.projects(0).has_national_alignment());

  // Unknown budget counts as unbudgeted, not as a zero budget.
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  ASSERT_OK(strategy.status);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.unbudgeted_project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 0);
  EXPECT_EQ(strategy.value.origin_counts().unspecified_count(), 1);
}

TEST_F(CatalogApiTest, OutputOnlyFieldsSentByClientsAreIgnored) {
  v1::Project project = MakeProject(kStrategy, "Sneaky");
  project.set_name("projects/other-name");
  project.set_etag("client-made-etag");
  project.mutable_create_time()->set_seconds(5);
  project.mutable_update_time()->set_seconds(6);
  Result<v1::Project> created = client_.CreateProject("sneaky", project);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), "projects/sneaky");
  EXPECT_NE(created.value.etag(), "client-made-etag");
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_TRUE(HasTimestamp(created.value.update_time()));
  EXPECT_EQ(client_.GetProject("projects/other-name").status.error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::Strategy strategy = MakeStrategy(kPlan, "Inflated");
  strategy.set_project_count(99);
  strategy.set_total_budget_krw(1'000'000);
  strategy.set_initiative_count(4);
  strategy.set_unbudgeted_project_count(3);
  strategy.mutable_origin_counts()->set_new_count(8);
  Result<v1::Strategy> created_strategy =
      client_.CreateStrategy("inflated", strategy);
  ASSERT_OK(created_strategy.status);
  EXPECT_EQ(created_strategy.value.project_count(), 0);
  EXPECT_EQ(created_strategy.value.total_budget_krw(), 0);
  EXPECT_EQ(created_strategy.value.initiative_count(), 0);
  EXPECT_EQ(created_strategy.value.unbudgeted_project_count(), 0);
  EXPECT_EQ(created_strategy.value.origin_counts().new_count(), 0);

  v1::Plan plan = MakePlan("Inflated plan");
  plan.set_strategy_count(12);
  plan.set_project_count(12);
  Result<v1::Plan> created_plan = client_.CreatePlan("inflated", plan);
  ASSERT_OK(created_plan.status);
  EXPECT_EQ(created_plan.value.strategy_count(), 0);
  EXPECT_EQ(created_plan.value.project_count(), 0);

  // Derived figures in an update patch are ignored as well.
  v1::Strategy patch;
  patch.set_name("strategies/inflated");
  patch.set_display_name("Still inflated?");
  patch.set_project_count(50);
  Result<v1::Strategy> updated = client_.UpdateStrategy(patch, {});
  ASSERT_OK(updated.status);
  EXPECT_EQ(updated.value.project_count(), 0);
  EXPECT_EQ(updated.value.plan(), kPlan);
}

TEST_F(CatalogApiTest, UpdateStampsUpdateTimeAndEtagButKeepsCreateTime) {
  v1::Project created = CreateProjectOrDie("p1", MakeProject(kStrategy, "A"));
  v1::Project patch;
  patch.set_name("projects/p1");
  patch.set_display_name("B");
  Result<v1::Project> updated = client_.UpdateProject(patch, {"display_name"});
  ASSERT_OK(updated.status);
  EXPECT_EQ(updated.value.display_name(), "B");
  EXPECT_THAT(updated.value.create_time(), EqualsProto(created.create_time()));
  EXPECT_GE(Nanos(updated.value.update_time()), Nanos(created.update_time()));
  EXPECT_NE(updated.value.etag(), created.etag());
  Result<v1::Project> got = client_.GetProject("projects/p1");
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(updated.value));

  // Same for the other resources.
  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  ASSERT_OK(plan.status);
  v1::Plan plan_patch;
  plan_patch.set_name(kPlan);
  plan_patch.set_description("new");
  Result<v1::Plan> plan_updated =
      client_.UpdatePlan(plan_patch, {"description"});
  ASSERT_OK(plan_updated.status);
  EXPECT_EQ(plan_updated.value.description(), "new");
  EXPECT_EQ(plan_updated.value.display_name(), "Plan P");
  EXPECT_NE(plan_updated.value.etag(), plan.value.etag());
  EXPECT_THAT(plan_updated.value.create_time(),
              EqualsProto(plan.value.create_time()));

  Result<v1::Initiative> initiative = client_.GetInitiative(kInitiative);
  ASSERT_OK(initiative.status);
  v1::Initiative initiative_patch;
  initiative_patch.set_name(kInitiative);
  initiative_patch.set_ordinal(4);
  Result<v1::Initiative> initiative_updated =
      client_.UpdateInitiative(initiative_patch, {"ordinal"});
  ASSERT_OK(initiative_updated.status);
  EXPECT_EQ(initiative_updated.value.ordinal(), 4);
  EXPECT_EQ(initiative_updated.value.display_name(), "Initiative I");
  EXPECT_NE(initiative_updated.value.etag(), initiative.value.etag());
}

TEST_F(CatalogApiTest, DeleteRemovesEachKindOfResource) {
  CreateProjectOrDie("p1", MakeProject(kStrategy, "A"));
  ASSERT_OK(client_.DeleteProject("projects/p1"));
  EXPECT_THAT(client_.GetProject("projects/p1").status,
              StatusIs(StatusCode::kNotFound, HasSubstr("projects/p1")));
  ASSERT_OK(client_.DeleteInitiative(kInitiative));
  EXPECT_THAT(client_.GetInitiative(kInitiative).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(kInitiative)));
  ASSERT_OK(client_.DeleteStrategy(kStrategy));
  EXPECT_THAT(client_.GetStrategy(kStrategy).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(kStrategy)));
  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.strategy_count(), 0);
  EXPECT_EQ(plan.value.initiative_count(), 0);
  EXPECT_EQ(plan.value.project_count(), 0);
  ASSERT_OK(client_.DeletePlan(kPlan));
  EXPECT_THAT(client_.GetPlan(kPlan).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(kPlan)));
  // A deleted id can be used again.
  ASSERT_OK(client_.CreatePlan("p", MakePlan("Plan P again")).status);
  EXPECT_EQ(client_.GetPlan(kPlan).value.display_name(), "Plan P again");
}

TEST_F(CatalogApiTest, LimitsAreInclusive) {
  // 300 characters (code points, not bytes) and 63-character ids are fine.
  v1::Project project = MakeProject(kStrategy, std::string(300, 'x'));
  project.set_display_name_ko(KoreanText(300));
  project.set_location(KoreanText(300));
  project.set_lead_agency(std::string(300, 'a'));
  project.set_description(std::string(10000, 'd'));
  for (int i = 0; i < 32; ++i) project.add_tags(absl::StrCat("t", i));
  project.add_tags(std::string(64, 'z'));
  project.mutable_tags()->DeleteSubrange(0, 1);  // back to 32 tags
  project.set_start_year(2030);
  project.set_end_year(2030);
  project.set_budget_krw(INT64_MAX);
  const std::string id = "a" + std::string(62, '9');
  Result<v1::Project> created = client_.CreateProject(id, project);
  ASSERT_OK(created.status);
  Result<v1::Project> got = client_.GetProject("projects/" + id);
  ASSERT_OK(got.status);
  EXPECT_EQ(got.value.display_name_ko(), KoreanText(300));
  EXPECT_EQ(got.value.tags_size(), 32);
  EXPECT_EQ(got.value.budget_krw(), INT64_MAX);
}

// ---------------------------------------------------------------------------
// Validation: every field of every resource; the message starts with the
// field's path and nothing is created.

enum class Kind { kPlan, kStrategy, kInitiative, kProject };

struct Requests {
  v1::CreatePlanRequest plan;
  v1::CreateStrategyRequest strategy;
  v1::CreateInitiativeRequest initiative;
  v1::CreateProjectRequest project;
};

struct InvalidCase {
  std::string label;
  Kind kind;
  std::function<void(Requests&)> mutate;
  std::string field;  // the message must start with this
};

std::string PrintCase(const ::testing::TestParamInfo<InvalidCase>& info) {
  return info.param.label;
}

std::vector<InvalidCase> InvalidCases() {
  std::vector<InvalidCase> cases;
  auto add = [&](std::string label, Kind kind,
                 std::function<void(Requests&)> mutate, std::string field) {
    cases.push_back(
        {std::move(label), kind, std::move(mutate), std::move(field)});
  };
  const std::vector<std::pair<std::string, std::string>> bad_ids = {
      {"Empty", ""},
      {"Uppercase", "Marine"},
      {"LeadingDigit", "1marine"},
      {"LeadingHyphen", "-marine"},
      {"TooLong", "a" + std::string(63, 'b')},
      {"Slash", "a/b"},
      {"Underscore", "a_b"},
      {"Space", "a b"},
      {"Korean", "부산"},
  };
  for (const auto& [label, id] : bad_ids) {
    add(
        "PlanId" + label, Kind::kPlan,
        [id = id](Requests& r) { r.plan.set_plan_id(id); }, "plan_id");
    add(
        "StrategyId" + label, Kind::kStrategy,
        [id = id](Requests& r) { r.strategy.set_strategy_id(id); },
        "strategy_id");
    add(
        "InitiativeId" + label, Kind::kInitiative,
        [id = id](Requests& r) { r.initiative.set_initiative_id(id); },
        "initiative_id");
    add(
        "ProjectId" + label, Kind::kProject,
        [id = id](Requests& r) { r.project.set_project_id(id); }, "project_id");
  }

  // Fields every named resource has.
  auto each_named = [&](const std::string& suffix,
                        std::function<void(google::protobuf::Message*)> mutate,
                        const std::string& field) {
    add(
        "Plan" + suffix, Kind::kPlan,
        [mutate](Requests& r) { mutate(r.plan.mutable_plan()); },
        "plan." + field);
    add(
        "Strategy" + suffix, Kind::kStrategy,
        [mutate](Requests& r) { mutate(r.strategy.mutable_strategy()); },
        "strategy." + field);
    add(
        "Initiative" + suffix, Kind::kInitiative,
        [mutate](Requests& r) { mutate(r.initiative.mutable_initiative()); },
        "initiative." + field);
    add(
        "Project" + suffix, Kind::kProject,
        [mutate](Requests& r) { mutate(r.project.mutable_project()); },
        "project." + field);
  };
  auto set_string = [](const std::string& field, const std::string& value) {
    return [field, value](google::protobuf::Message* m) {
      m->GetReflection()->SetString(
          m, m->GetDescriptor()->FindFieldByName(field), value);
    };
  };
  auto add_source = [](const busan::type::v1::Source& source, int copies = 1) {
    return [source, copies](google::protobuf::Message* m) {
      for (int i = 0; i < copies; ++i) {
        m->GetReflection()
            ->AddMessage(m, m->GetDescriptor()->FindFieldByName("sources"))
            ->CopyFrom(source);
      }
    };
  };
  each_named("DisplayNameEmpty", set_string("display_name", ""),
             "display_name");
  each_named("DisplayNameBlank", set_string("display_name", "   "),
             "display_name");
  each_named("DisplayNameTooLong",
             set_string("display_name", std::string(301, 'x')), "display_name");
  each_named("DisplayNameKoTooLong",
             set_string("display_name_ko", KoreanText(301)), "display_name_ko");
  each_named("DescriptionTooLong",
             set_string("description", std::string(10001, 'x')), "description");
  each_named("SourceWithoutTitle", add_source(MakeSource("", "", "")),
             "sources[0].title");
  each_named("SourceUrlNotHttp",
             add_source(MakeSource("t", "ftp://example.org/x", "")),
             "sources[0].url");
  each_named("SourceUrlNotAUrl", add_source(MakeSource("t", "not a url", "")),
             "sources[0].url");
  each_named("SourceUrlTooLong",
             add_source(MakeSource(
                 "t", "https://example.org/" + std::string(2100, 'a'), "")),
             "sources[0].url");
  each_named("SourceBadMonth", add_source(MakeSource("t", "", "2025-13")),
             "sources[0].published");
  each_named("SourceBadDay", add_source(MakeSource("t", "", "2025-02-30")),
             "sources[0].published");
  each_named("SourceBadDateText", add_source(MakeSource("t", "", "Nov 2025")),
             "sources[0].published");
  each_named("SourceNotALeapDay", add_source(MakeSource("t", "", "2100-02-29")),
             "sources[0].published");
  each_named("SourceTitleTooLong",
             add_source(MakeSource(std::string(501, 't'), "", "")),
             "sources[0].title");
  each_named(
      "SecondSourceBad",
      [add_source](google::protobuf::Message* m) {
        add_source(MakeSource("fine", "https://example.org/", "2025"))(m);
        add_source(MakeSource("bad", "mailto:someone@example.org", ""))(m);
      },
      "sources[1].url");
  each_named("TooManySources", add_source(MakeSource("t", "", ""), 21),
             "sources");

  // Plans.
  add(
      "PlanPublishedBadMonth", Kind::kPlan,
      [](Requests& r) { r.plan.mutable_plan()->set_published("2025-13"); },
      "plan.published");
  add(
      "PlanPublishedBadDay", Kind::kPlan,
      [](Requests& r) { r.plan.mutable_plan()->set_published("2025-04-31"); },
      "plan.published");
  add(
      "PlanPublishedNotADate", Kind::kPlan,
      [](Requests& r) { r.plan.mutable_plan()->set_published("20251120"); },
      "plan.published");
  add(
      "PlanDeclaredStrategyCountNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()->set_declared_strategy_count(-1);
      },
      "plan.declared_strategy_count");
  add(
      "PlanDeclaredInitiativeCountNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()->set_declared_initiative_count(-1);
      },
      "plan.declared_initiative_count");
  add(
      "PlanDeclaredProjectCountNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()->set_declared_project_count(-1);
      },
      "plan.declared_project_count");
  add(
      "PlanDeclaredBudgetNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()->set_declared_budget_krw(INT64_MIN);
      },
      "plan.declared_budget_krw");
  add(
      "PlanDeclaredNewCountNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()->mutable_declared_origin_counts()->set_new_count(
            -2);
      },
      "plan.declared_origin_counts.new_count");
  add(
      "PlanDeclaredUpgradedCountNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()
            ->mutable_declared_origin_counts()
            ->set_upgraded_count(-2);
      },
      "plan.declared_origin_counts.upgraded_count");
  add(
      "PlanDeclaredExpandedCountNegative", Kind::kPlan,
      [](Requests& r) {
        r.plan.mutable_plan()
            ->mutable_declared_origin_counts()
            ->set_expanded_count(-2);
      },
      "plan.declared_origin_counts.expanded_count");

  // Strategies.
  add(
      "StrategyPlanEmpty", Kind::kStrategy,
      [](Requests& r) { r.strategy.mutable_strategy()->clear_plan(); },
      "strategy.plan");
  add(
      "StrategyPlanMalformed", Kind::kStrategy,
      [](Requests& r) { r.strategy.mutable_strategy()->set_plan("plan/p"); },
      "strategy.plan");
  add(
      "StrategyPlanWrongCollection", Kind::kStrategy,
      [](Requests& r) {
        r.strategy.mutable_strategy()->set_plan("strategies/s");
      },
      "strategy.plan");
  add(
      "StrategyOrdinalNegative", Kind::kStrategy,
      [](Requests& r) { r.strategy.mutable_strategy()->set_ordinal(-1); },
      "strategy.ordinal");
  add(
      "StrategyDeclaredProjectCountNegative", Kind::kStrategy,
      [](Requests& r) {
        r.strategy.mutable_strategy()->set_declared_project_count(-1);
      },
      "strategy.declared_project_count");
  add(
      "StrategyDeclaredBudgetNegative", Kind::kStrategy,
      [](Requests& r) {
        r.strategy.mutable_strategy()->set_declared_budget_krw(-5);
      },
      "strategy.declared_budget_krw");

  // Initiatives.
  add(
      "InitiativeParentEmpty", Kind::kInitiative,
      [](Requests& r) { r.initiative.clear_parent(); }, "parent");
  add(
      "InitiativeParentMalformed", Kind::kInitiative,
      [](Requests& r) { r.initiative.set_parent("strategies/S"); }, "parent");
  add(
      "InitiativeParentWrongCollection", Kind::kInitiative,
      [](Requests& r) { r.initiative.set_parent("plans/p"); }, "parent");
  add(
      "InitiativeOrdinalNegative", Kind::kInitiative,
      [](Requests& r) { r.initiative.mutable_initiative()->set_ordinal(-3); },
      "initiative.ordinal");
  add(
      "InitiativeDeclaredProjectCountNegative", Kind::kInitiative,
      [](Requests& r) {
        r.initiative.mutable_initiative()->set_declared_project_count(-1);
      },
      "initiative.declared_project_count");
  add(
      "InitiativeDeclaredBudgetNegative", Kind::kInitiative,
      [](Requests& r) {
        r.initiative.mutable_initiative()->set_declared_budget_krw(-1);
      },
      "initiative.declared_budget_krw");

  // Projects.
  auto project = [](Requests& r) { return r.project.mutable_project(); };
  add(
      "ProjectInitiativeWithoutStrategy", Kind::kProject,
      [=](Requests& r) {
        project(r)->clear_strategy();
        project(r)->set_initiative("strategies/s/initiatives/i");
      },
      "project.initiative");
  add(
      "ProjectStrategyMalformed", Kind::kProject,
      [=](Requests& r) { project(r)->set_strategy("strategies/"); },
      "project.strategy");
  add(
      "ProjectStrategyWrongCollection", Kind::kProject,
      [=](Requests& r) { project(r)->set_strategy("projects/s"); },
      "project.strategy");
  add(
      "ProjectInitiativeMalformed", Kind::kProject,
      [=](Requests& r) { project(r)->set_initiative("initiatives/i"); },
      "project.initiative");
  add(
      "ProjectInitiativeBadId", Kind::kProject,
      [=](Requests& r) {
        project(r)->set_initiative("strategies/s/initiatives/I");
      },
      "project.initiative");
  add(
      "ProjectOriginUnknown", Kind::kProject,
      [=](Requests& r) {
        project(r)->set_origin(static_cast<v1::Project::Origin>(9));
      },
      "project.origin");
  add(
      "ProjectOriginNegative", Kind::kProject,
      [=](Requests& r) {
        project(r)->set_origin(static_cast<v1::Project::Origin>(-1));
      },
      "project.origin");
  add(
      "ProjectStageUnknown", Kind::kProject,
      [=](Requests& r) {
        project(r)->set_stage(static_cast<v1::Project::Stage>(5));
      },
      "project.stage");
  add(
      "ProjectBudgetNegative", Kind::kProject,
      [=](Requests& r) { project(r)->set_budget_krw(-1); },
      "project.budget_krw");
  add(
      "ProjectStartYearTooEarly", Kind::kProject,
      [=](Requests& r) { project(r)->set_start_year(1899); },
      "project.start_year");
  add(
      "ProjectStartYearZero", Kind::kProject,
      [=](Requests& r) { project(r)->set_start_year(0); },
      "project.start_year");
  add(
      "ProjectEndYearTooLate", Kind::kProject,
      [=](Requests& r) { project(r)->set_end_year(2201); }, "project.end_year");
  add(
      "ProjectStartYearTooLate", Kind::kProject,
      [=](Requests& r) { project(r)->set_start_year(2201); },
      "project.start_year");
  add(
      "ProjectEndYearTooEarly", Kind::kProject,
      [=](Requests& r) { project(r)->set_end_year(1899); }, "project.end_year");
  add(
      "ProjectTagEmpty", Kind::kProject,
      [=](Requests& r) {
        project(r)->add_tags("ok");
        project(r)->add_tags("");
      },
      "project.tags");
  add(
      "ProjectTagTooLong", Kind::kProject,
      [=](Requests& r) { project(r)->add_tags(std::string(65, 't')); },
      "project.tags");
  add(
      "ProjectTagsDuplicate", Kind::kProject,
      [=](Requests& r) {
        project(r)->add_tags("port");
        project(r)->add_tags("ai");
        project(r)->add_tags("port");
      },
      "project.tags");
  add(
      "ProjectTooManyTags", Kind::kProject,
      [=](Requests& r) {
        for (int i = 0; i < 33; ++i) project(r)->add_tags(absl::StrCat("t", i));
      },
      "project.tags");
  add(
      "ProjectLocationTooLong", Kind::kProject,
      [=](Requests& r) { project(r)->set_location(KoreanText(301)); },
      "project.location");
  add(
      "ProjectLeadAgencyTooLong", Kind::kProject,
      [=](Requests& r) { project(r)->set_lead_agency(std::string(301, 'a')); },
      "project.lead_agency");
  return cases;
}

class CreateValidationTest : public ::testing::TestWithParam<InvalidCase> {
 protected:
  static void SetUpTestSuite() {
    server_ = new CatalogServer();
    client_ = new Client(*server_);
    ASSERT_OK(client_->CreatePlan("p", MakePlan("P")).status);
    ASSERT_OK(
        client_->CreateStrategy("s", MakeStrategy("plans/p", "S")).status);
    ASSERT_OK(
        client_->CreateInitiative("strategies/s", "i", MakeInitiative("I"))
            .status);
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
  }

  static CatalogServer* server_;
  static Client* client_;
};

CatalogServer* CreateValidationTest::server_ = nullptr;
Client* CreateValidationTest::client_ = nullptr;

TEST_P(CreateValidationTest, IsInvalidArgumentNamingTheFieldAndCreatesNothing) {
  const InvalidCase& param = GetParam();
  Requests requests;
  requests.plan.set_plan_id("new-plan");
  requests.plan.mutable_plan()->set_display_name("New plan");
  requests.strategy.set_strategy_id("new-strategy");
  *requests.strategy.mutable_strategy() = MakeStrategy("plans/p", "New");
  requests.initiative.set_parent("strategies/s");
  requests.initiative.set_initiative_id("new-initiative");
  requests.initiative.mutable_initiative()->set_display_name("New");
  requests.project.set_project_id("new-project");
  *requests.project.mutable_project() = MakeProject("strategies/s", "New");
  requests.project.mutable_project()->set_initiative(
      "strategies/s/initiatives/i");
  param.mutate(requests);

  grpc::Status status;
  switch (param.kind) {
    case Kind::kPlan:
      status = client_->Call(&Stub::CreatePlan, requests.plan).status;
      break;
    case Kind::kStrategy:
      status = client_->Call(&Stub::CreateStrategy, requests.strategy).status;
      break;
    case Kind::kInitiative:
      status =
          client_->Call(&Stub::CreateInitiative, requests.initiative).status;
      break;
    case Kind::kProject:
      status = client_->Call(&Stub::CreateProject, requests.project).status;
      break;
  }
  EXPECT_THAT(status,
              StatusIs(StatusCode::kInvalidArgument, StartsWith(param.field)));

  // Nothing was created, under the default ids or any other.
  EXPECT_THAT(client_->GetPlan("plans/new-plan").status,
              StatusIs(StatusCode::kNotFound, HasSubstr("plans/new-plan")));
  EXPECT_THAT(client_->GetStrategy("strategies/new-strategy").status,
              StatusIs(StatusCode::kNotFound, HasSubstr("new-strategy")));
  EXPECT_THAT(
      client_->GetInitiative("strategies/s/initiatives/new-initiative").status,
      StatusIs(StatusCode::kNotFound, HasSubstr("new-initiative")));
  EXPECT_THAT(client_->GetProject("projects/new-project").status,
              StatusIs(StatusCode::kNotFound, HasSubstr("new-project")));
  Result<v1::ListProjectsResponse> projects = client_->ListProjects();
  ASSERT_OK(projects.status);
  EXPECT_EQ(projects.value.total_size(), 0);
  Result<v1::ListInitiativesResponse> initiatives =
      client_->ListInitiatives("strategies/-");
  ASSERT_OK(initiatives.status);
  EXPECT_EQ(initiatives.value.total_size(), 1);
  Result<v1::Plan> plan = client_->GetPlan("plans/p");
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.strategy_count(), 1);
  EXPECT_EQ(plan.value.initiative_count(), 1);
  EXPECT_EQ(plan.value.project_count(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllFields, CreateValidationTest,
                         ::testing::ValuesIn(InvalidCases()), PrintCase);

TEST_F(CatalogApiTest, InvalidUpdatesNameTheFieldAndChangeNothing) {
  v1::Project stored = CreateProjectOrDie("p1", MakeProject(kStrategy, "A"));
  struct ProjectCase {
    std::string path;
    std::function<void(v1::Project*)> mutate;
    std::string field;
  };
  const std::vector<ProjectCase> cases = {
      {"display_name", [](v1::Project* p) { p->set_display_name(""); },
       "project.display_name"},
      {"budget_krw", [](v1::Project* p) { p->set_budget_krw(-7); },
       "project.budget_krw"},
      {"start_year", [](v1::Project* p) { p->set_start_year(1800); },
       "project.start_year"},
      {"origin",
       [](v1::Project* p) {
         p->set_origin(static_cast<v1::Project::Origin>(9));
       },
       "project.origin"},
      {"stage",
       [](v1::Project* p) {
         p->set_stage(static_cast<v1::Project::Stage>(42));
       },
       "project.stage"},
      {"tags",
       [](v1::Project* p) {
         p->add_tags("x");
         p->add_tags("x");
       },
       "project.tags"},
      {"sources",
       [](v1::Project* p) { *p->add_sources() = MakeSource("t", "x:y", ""); },
       "project.sources[0].url"},
      {"strategy", [](v1::Project* p) { p->set_strategy("nope"); },
       "project.strategy"},
      {"initiative", [](v1::Project* p) { p->set_initiative("strategies/s"); },
       "project.initiative"},
  };
  for (const ProjectCase& c : cases) {
    SCOPED_TRACE(c.path);
    v1::Project patch;
    patch.set_name("projects/p1");
    c.mutate(&patch);
    EXPECT_THAT(client_.UpdateProject(patch, {c.path}).status,
                StatusIs(StatusCode::kInvalidArgument, StartsWith(c.field)));
    Result<v1::Project> got = client_.GetProject("projects/p1");
    ASSERT_OK(got.status);
    EXPECT_THAT(got.value, EqualsProto(stored));
  }

  // end_year before a stored start_year.
  v1::Project with_years = stored;
  with_years.set_start_year(2030);
  Result<v1::Project> updated =
      client_.UpdateProject(with_years, {"start_year"});
  ASSERT_OK(updated.status);
  v1::Project patch;
  patch.set_name("projects/p1");
  patch.set_end_year(2029);
  EXPECT_THAT(client_.UpdateProject(patch, {"end_year"}).status,
              StatusIs(StatusCode::kInvalidArgument,
                       AnyOf(StartsWith("project.end_year"),
                             StartsWith("project.start_year"))));
  EXPECT_THAT(client_.GetProject("projects/p1").value,
              EqualsProto(updated.value));

  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  v1::Plan plan_patch;
  plan_patch.set_name(kPlan);
  plan_patch.set_published("2025-13");
  EXPECT_THAT(
      client_.UpdatePlan(plan_patch, {"published"}).status,
      StatusIs(StatusCode::kInvalidArgument, StartsWith("plan.published")));
  plan_patch.set_published("");
  plan_patch.set_declared_budget_krw(-1);
  EXPECT_THAT(client_.UpdatePlan(plan_patch, {"declared_budget_krw"}).status,
              StatusIs(StatusCode::kInvalidArgument,
                       StartsWith("plan.declared_budget_krw")));
  EXPECT_THAT(client_.GetPlan(kPlan).value, EqualsProto(plan.value));

  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  v1::Strategy strategy_patch;
  strategy_patch.set_name(kStrategy);
  strategy_patch.set_display_name(std::string(301, 's'));
  EXPECT_THAT(client_.UpdateStrategy(strategy_patch, {"display_name"}).status,
              StatusIs(StatusCode::kInvalidArgument,
                       StartsWith("strategy.display_name")));
  EXPECT_THAT(client_.GetStrategy(kStrategy).value,
              EqualsProto(strategy.value));

  Result<v1::Initiative> initiative = client_.GetInitiative(kInitiative);
  v1::Initiative initiative_patch;
  initiative_patch.set_name(kInitiative);
  initiative_patch.set_declared_project_count(-1);
  EXPECT_THAT(
      client_.UpdateInitiative(initiative_patch, {"declared_project_count"})
          .status,
      StatusIs(StatusCode::kInvalidArgument,
               StartsWith("initiative.declared_project_count")));
  EXPECT_THAT(client_.GetInitiative(kInitiative).value,
              EqualsProto(initiative.value));
}

TEST_F(CatalogApiTest, CalendarDatesAreRealDates) {
  for (const char* date : {"2024-02-29", "2000-02-29", "2025", "2025-12",
                           "2025-12-31", "1900-01-01"}) {
    SCOPED_TRACE(date);
    v1::Plan plan = MakePlan("Dated");
    plan.set_published(date);
    *plan.add_sources() = MakeSource("Doc", "", date);
    const std::string id = absl::StrCat("d", std::string(date).substr(0, 4),
                                        std::string(date).size());
    Result<v1::Plan> created = client_.CreatePlan(id, plan);
    ASSERT_OK(created.status);
    EXPECT_EQ(created.value.published(), date);
    EXPECT_EQ(client_.GetPlan("plans/" + id).value.sources(0).published(),
              date);
    ASSERT_OK(client_.DeletePlan("plans/" + id));
  }
  for (const char* date : {"1900-02-29", "2025-00", "2025-06-31", "2025-1-01",
                           "25-01-01", "2025/01/01", "2025-01-01T00:00:00Z"}) {
    SCOPED_TRACE(date);
    v1::Plan plan = MakePlan("Dated");
    plan.set_published(date);
    EXPECT_THAT(
        client_.CreatePlan("dated", plan).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("plan.published")));
  }
  EXPECT_THAT(client_.GetPlan("plans/dated").status,
              HasCode(StatusCode::kNotFound));
}

// Source.url: "when set, an absolute http(s) URL". A scheme alone has no
// host, and text with spaces is not a URL.
TEST_F(CatalogApiTest, SourceUrlMustBeAnAbsoluteHttpUrl) {
  for (const char* url : {"https://", "http://", "https:///no-host",
                          "https://exa mple.org/", "https://example.org/a b"}) {
    SCOPED_TRACE(url);
    v1::Project project = MakeProject(kStrategy, "With source");
    *project.add_sources() = MakeSource("Doc", url, "");
    const grpc::Status status =
        client_.CreateProject("sourced", project).status;
    EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument,
                                 StartsWith("project.sources[0].url")));
    if (status.ok()) {
      ASSERT_OK(client_.DeleteProject("projects/sourced"));
    }
  }
  for (const char* url :
       {"https://example.org", "http://example.org/a/b?c=d&e=f#g",
        "https://www.busan.go.kr/board/view?id=%EB%B6%80"}) {
    SCOPED_TRACE(url);
    v1::Project project = MakeProject(kStrategy, "With source");
    *project.add_sources() = MakeSource("Doc", url, "");
    Result<v1::Project> created = client_.CreateProject("sourced", project);
    ASSERT_OK(created.status);
    EXPECT_EQ(created.value.sources(0).url(), url);
    ASSERT_OK(client_.DeleteProject("projects/sourced"));
  }
}

// ---------------------------------------------------------------------------
// Referential rules

TEST_F(CatalogApiTest, StrategyNeedsAnExistingPlan) {
  EXPECT_THAT(
      client_.CreateStrategy("orphan", MakeStrategy("plans/missing", "O"))
          .status,
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("plans/missing")));
  EXPECT_THAT(client_.GetStrategy("strategies/orphan").status,
              StatusIs(StatusCode::kNotFound, HasSubstr("strategies/orphan")));
}

TEST_F(CatalogApiTest, InitiativeNeedsAnExistingStrategy) {
  EXPECT_THAT(
      client_.CreateInitiative("strategies/missing", "x", MakeInitiative("X"))
          .status,
      StatusIs(StatusCode::kFailedPrecondition,
               HasSubstr("strategies/missing")));
  EXPECT_THAT(client_.GetInitiative("strategies/missing/initiatives/x").status,
              HasCode(StatusCode::kNotFound));
  EXPECT_EQ(client_.GetPlan(kPlan).value.initiative_count(), 1);
}

TEST_F(CatalogApiTest, ProjectReferencesMustExistOnCreate) {
  ASSERT_OK(
      client_.CreateStrategy("other", MakeStrategy(kPlan, "Other")).status);
  ASSERT_OK(client_
                .CreateInitiative("strategies/other", "oi",
                                  MakeInitiative("Other initiative"))
                .status);

  v1::Project missing_strategy = MakeProject("strategies/missing", "X");
  EXPECT_THAT(client_.CreateProject("x1", missing_strategy).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/missing")));

  v1::Project missing_initiative = MakeProject(kStrategy, "X");
  missing_initiative.set_initiative("strategies/s/initiatives/missing");
  EXPECT_THAT(client_.CreateProject("x2", missing_initiative).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/s/initiatives/missing")));

  v1::Project foreign_initiative = MakeProject(kStrategy, "X");
  foreign_initiative.set_initiative("strategies/other/initiatives/oi");
  EXPECT_THAT(client_.CreateProject("x3", foreign_initiative).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/other/initiatives/oi")));

  for (const char* name : {"projects/x1", "projects/x2", "projects/x3"}) {
    EXPECT_THAT(client_.GetProject(name).status,
                StatusIs(StatusCode::kNotFound, HasSubstr(name)));
  }
  for (const char* strategy : {kStrategy, "strategies/other"}) {
    Result<v1::Strategy> got = client_.GetStrategy(strategy);
    ASSERT_OK(got.status);
    EXPECT_EQ(got.value.project_count(), 0) << strategy;
    EXPECT_EQ(got.value.unbudgeted_project_count(), 0) << strategy;
  }
  EXPECT_EQ(client_.GetInitiative("strategies/other/initiatives/oi")
                .value.project_count(),
            0);
  EXPECT_EQ(client_.GetPlan(kPlan).value.project_count(), 0);
}

TEST_F(CatalogApiTest, ProjectReferencesMustExistOnUpdate) {
  ASSERT_OK(
      client_.CreateStrategy("other", MakeStrategy(kPlan, "Other")).status);
  ASSERT_OK(client_
                .CreateInitiative("strategies/other", "oi",
                                  MakeInitiative("Other initiative"))
                .status);
  v1::Project project = MakeProject(kStrategy, "P");
  project.set_initiative(kInitiative);
  project.set_budget_krw(100);
  const v1::Project stored = CreateProjectOrDie("p1", project);

  v1::Project patch;
  patch.set_name("projects/p1");
  patch.set_strategy("strategies/missing");
  patch.clear_initiative();
  EXPECT_THAT(client_.UpdateProject(patch, {"strategy", "initiative"}).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/missing")));

  // Moving to another strategy but keeping the old strategy's initiative.
  patch.set_strategy("strategies/other");
  EXPECT_THAT(
      client_.UpdateProject(patch, {"strategy"}).status,
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr(kInitiative)));

  // The other strategy's initiative under the old strategy.
  patch.set_initiative("strategies/other/initiatives/oi");
  EXPECT_THAT(client_.UpdateProject(patch, {"initiative"}).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/other/initiatives/oi")));

  patch.set_initiative("strategies/s/initiatives/missing");
  EXPECT_THAT(client_.UpdateProject(patch, {"initiative"}).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/s/initiatives/missing")));

  EXPECT_THAT(client_.GetProject("projects/p1").value, EqualsProto(stored));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.total_budget_krw(), 100);
  EXPECT_EQ(client_.GetStrategy("strategies/other").value.project_count(), 0);
  EXPECT_EQ(client_.GetInitiative(kInitiative).value.project_count(), 1);

  // Both fields together is a valid move.
  patch.set_strategy("strategies/other");
  patch.set_initiative("strategies/other/initiatives/oi");
  Result<v1::Project> moved =
      client_.UpdateProject(patch, {"strategy", "initiative"});
  ASSERT_OK(moved.status);
  EXPECT_EQ(moved.value.strategy(), "strategies/other");
  EXPECT_EQ(moved.value.initiative(), "strategies/other/initiatives/oi");
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.project_count(), 0);
  EXPECT_EQ(client_.GetStrategy("strategies/other").value.total_budget_krw(),
            100);
}

TEST_F(CatalogApiTest, DeletingAStrategyWithProjectsNeedsForce) {
  ASSERT_OK(
      client_.CreateInitiative(kStrategy, "j", MakeInitiative("J")).status);
  ASSERT_OK(client_.CreateStrategy("keep", MakeStrategy(kPlan, "Keep")).status);
  for (int i = 0; i < 3; ++i) {
    v1::Project project = MakeProject(kStrategy, absl::StrCat("P", i));
    project.set_budget_krw(10 * (i + 1));
    if (i == 0) project.set_initiative(kInitiative);
    CreateProjectOrDie(absl::StrCat("p", i), project);
  }
  v1::Project kept = MakeProject("strategies/keep", "Kept");
  kept.set_budget_krw(1000);
  kept = CreateProjectOrDie("kept", kept);

  EXPECT_THAT(client_.DeleteStrategy(kStrategy),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(kStrategy)));
  ASSERT_OK(client_.GetStrategy(kStrategy).status);
  ASSERT_OK(client_.GetProject("projects/p0").status);
  ASSERT_OK(client_.GetInitiative(kInitiative).status);
  EXPECT_EQ(client_.GetPlan(kPlan).value.project_count(), 4);

  ASSERT_OK(client_.DeleteStrategy(kStrategy, "", /*force=*/true));
  EXPECT_THAT(client_.GetStrategy(kStrategy).status,
              HasCode(StatusCode::kNotFound));
  for (const char* name : {"projects/p0", "projects/p1", "projects/p2"}) {
    EXPECT_THAT(client_.GetProject(name).status,
                StatusIs(StatusCode::kNotFound, HasSubstr(name)));
  }
  for (const char* name : {kInitiative, "strategies/s/initiatives/j"}) {
    EXPECT_THAT(client_.GetInitiative(name).status,
                StatusIs(StatusCode::kNotFound, HasSubstr(name)));
  }
  Result<v1::ListProjectsResponse> left = client_.ListProjects();
  ASSERT_OK(left.status);
  ASSERT_EQ(left.value.projects_size(), 1);
  EXPECT_THAT(left.value.projects(0), EqualsProto(kept));
  Result<v1::ListInitiativesResponse> initiatives =
      client_.ListInitiatives("strategies/-");
  ASSERT_OK(initiatives.status);
  EXPECT_EQ(initiatives.value.initiatives_size(), 0);

  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.strategy_count(), 1);
  EXPECT_EQ(plan.value.initiative_count(), 0);
  EXPECT_EQ(plan.value.project_count(), 1);
  EXPECT_EQ(plan.value.total_budget_krw(), 1000);
  EXPECT_EQ(plan.value.unbudgeted_project_count(), 0);
  EXPECT_EQ(plan.value.origin_counts().unspecified_count(), 1);
  Result<v1::Strategy> keep = client_.GetStrategy("strategies/keep");
  EXPECT_EQ(keep.value.project_count(), 1);
  EXPECT_EQ(keep.value.total_budget_krw(), 1000);
}

TEST_F(CatalogApiTest, DeletingAStrategyWithOnlyInitiativesNeedsForce) {
  EXPECT_THAT(client_.DeleteStrategy(kStrategy),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(kStrategy)));
  ASSERT_OK(client_.GetInitiative(kInitiative).status);
  ASSERT_OK(client_.DeleteStrategy(kStrategy, "", true));
  EXPECT_THAT(client_.GetInitiative(kInitiative).status,
              HasCode(StatusCode::kNotFound));
  EXPECT_EQ(client_.GetPlan(kPlan).value.initiative_count(), 0);
  EXPECT_EQ(client_.GetPlan(kPlan).value.strategy_count(), 0);
}

TEST_F(CatalogApiTest, DeletingAPlanWithStrategiesNeedsForce) {
  ASSERT_OK(client_.CreatePlan("other", MakePlan("Other")).status);
  ASSERT_OK(
      client_.CreateStrategy("os", MakeStrategy("plans/other", "OS")).status);
  ASSERT_OK(client_.CreateStrategy("s2", MakeStrategy(kPlan, "S2")).status);
  v1::Project in_plan = MakeProject("strategies/s2", "In plan");
  in_plan.set_budget_krw(5);
  CreateProjectOrDie("in-plan", in_plan);
  v1::Project with_initiative = MakeProject(kStrategy, "With initiative");
  with_initiative.set_initiative(kInitiative);
  CreateProjectOrDie("with-initiative", with_initiative);
  v1::Project elsewhere = MakeProject("strategies/os", "Elsewhere");
  elsewhere.set_budget_krw(7);
  elsewhere = CreateProjectOrDie("elsewhere", elsewhere);

  EXPECT_THAT(client_.DeletePlan(kPlan),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(kPlan)));
  ASSERT_OK(client_.GetPlan(kPlan).status);
  ASSERT_OK(client_.GetStrategy("strategies/s2").status);
  ASSERT_OK(client_.GetProject("projects/in-plan").status);

  ASSERT_OK(client_.DeletePlan(kPlan, "", /*force=*/true));
  EXPECT_THAT(client_.GetPlan(kPlan).status, HasCode(StatusCode::kNotFound));
  for (const char* name : {kStrategy, "strategies/s2"}) {
    EXPECT_THAT(client_.GetStrategy(name).status,
                HasCode(StatusCode::kNotFound));
  }
  EXPECT_THAT(client_.GetInitiative(kInitiative).status,
              HasCode(StatusCode::kNotFound));
  for (const char* name : {"projects/in-plan", "projects/with-initiative"}) {
    EXPECT_THAT(client_.GetProject(name).status,
                HasCode(StatusCode::kNotFound));
  }
  EXPECT_THAT(client_.GetProject("projects/elsewhere").value,
              EqualsProto(elsewhere));
  Result<v1::Plan> other = client_.GetPlan("plans/other");
  ASSERT_OK(other.status);
  EXPECT_EQ(other.value.strategy_count(), 1);
  EXPECT_EQ(other.value.project_count(), 1);
  EXPECT_EQ(other.value.total_budget_krw(), 7);
  Result<v1::ListProjectsResponse> left = client_.ListProjects();
  ASSERT_OK(left.status);
  EXPECT_EQ(left.value.total_size(), 1);

  // A plan without strategies needs no force.
  ASSERT_OK(client_.CreatePlan("empty", MakePlan("Empty")).status);
  ASSERT_OK(client_.DeletePlan("plans/empty"));
}

TEST_F(CatalogApiTest, DeletingAnInitiativeInUseNeedsForceWhichDetaches) {
  ASSERT_OK(
      client_.CreateInitiative(kStrategy, "j", MakeInitiative("J")).status);
  v1::Project used = MakeProject(kStrategy, "Used");
  used.set_initiative(kInitiative);
  used.set_budget_krw(40);
  used.set_origin(v1::Project::NEW);
  used = CreateProjectOrDie("used", used);
  v1::Project other = MakeProject(kStrategy, "Other");
  other.set_initiative("strategies/s/initiatives/j");
  other = CreateProjectOrDie("other", other);
  const v1::Strategy strategy_before = client_.GetStrategy(kStrategy).value;

  EXPECT_THAT(
      client_.DeleteInitiative(kInitiative),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr(kInitiative)));
  EXPECT_EQ(client_.GetProject("projects/used").value.initiative(),
            kInitiative);

  ASSERT_OK(client_.DeleteInitiative(kInitiative, "", /*force=*/true));
  EXPECT_THAT(client_.GetInitiative(kInitiative).status,
              HasCode(StatusCode::kNotFound));
  Result<v1::Project> detached = client_.GetProject("projects/used");
  ASSERT_OK(detached.status);
  EXPECT_TRUE(detached.value.initiative().empty());
  EXPECT_EQ(detached.value.strategy(), kStrategy);
  EXPECT_EQ(detached.value.budget_krw(), 40);
  EXPECT_NE(detached.value.etag(), used.etag());
  EXPECT_THAT(client_.GetProject("projects/other").value, EqualsProto(other));

  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  ASSERT_OK(strategy.status);
  EXPECT_EQ(strategy.value.initiative_count(), 1);
  EXPECT_EQ(strategy.value.project_count(), 2);
  EXPECT_EQ(strategy.value.total_budget_krw(), 40);
  EXPECT_EQ(strategy.value.origin_counts().new_count(), 1);
  EXPECT_EQ(strategy.value.etag(), strategy_before.etag());
  Result<v1::Plan> plan = client_.GetPlan(kPlan);
  EXPECT_EQ(plan.value.initiative_count(), 1);
  EXPECT_EQ(plan.value.project_count(), 2);
  Result<v1::ListProjectsResponse> by_initiative =
      client_.ListProjects(absl::StrCat("initiative = \"", kInitiative, "\""));
  ASSERT_OK(by_initiative.status);
  EXPECT_EQ(by_initiative.value.projects_size(), 0);

  // An unused initiative needs no force.
  v1::Project patch;
  patch.set_name("projects/other");
  ASSERT_OK(client_.UpdateProject(patch, {"initiative"}).status);
  ASSERT_OK(client_.DeleteInitiative("strategies/s/initiatives/j"));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.initiative_count(), 0);
}

TEST_F(CatalogApiTest, DuplicateCreatesAreAlreadyExists) {
  const v1::Plan plan = client_.GetPlan(kPlan).value;
  EXPECT_THAT(client_.CreatePlan("p", MakePlan("Again")).status,
              StatusIs(StatusCode::kAlreadyExists, HasSubstr(kPlan)));
  EXPECT_THAT(client_.GetPlan(kPlan).value, EqualsProto(plan));

  const v1::Strategy strategy = client_.GetStrategy(kStrategy).value;
  EXPECT_THAT(client_.CreateStrategy("s", MakeStrategy(kPlan, "Again")).status,
              StatusIs(StatusCode::kAlreadyExists, HasSubstr(kStrategy)));
  EXPECT_THAT(client_.GetStrategy(kStrategy).value, EqualsProto(strategy));

  const v1::Initiative initiative = client_.GetInitiative(kInitiative).value;
  EXPECT_THAT(
      client_.CreateInitiative(kStrategy, "i", MakeInitiative("Again")).status,
      StatusIs(StatusCode::kAlreadyExists, HasSubstr(kInitiative)));
  EXPECT_THAT(client_.GetInitiative(kInitiative).value,
              EqualsProto(initiative));

  const v1::Project project =
      CreateProjectOrDie("x", MakeProject(kStrategy, "X"));
  v1::Project again = MakeProject(kStrategy, "Again");
  again.set_budget_krw(5);
  EXPECT_THAT(client_.CreateProject("x", again).status,
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("projects/x")));
  EXPECT_THAT(client_.GetProject("projects/x").value, EqualsProto(project));
  Result<v1::Strategy> after = client_.GetStrategy(kStrategy);
  EXPECT_EQ(after.value.project_count(), 1);
  EXPECT_EQ(after.value.total_budget_krw(), 0);
  EXPECT_EQ(client_.GetPlan(kPlan).value.strategy_count(), 1);
  EXPECT_EQ(client_.GetPlan(kPlan).value.initiative_count(), 1);
}

TEST_F(CatalogApiTest, MissingResourcesAreNotFoundNamingThem) {
  const std::string plan = "plans/nope";
  EXPECT_THAT(client_.GetPlan(plan).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(plan)));
  v1::Plan plan_patch = MakePlan("X");
  plan_patch.set_name(plan);
  EXPECT_THAT(client_.UpdatePlan(plan_patch, {}).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(plan)));
  EXPECT_THAT(client_.DeletePlan(plan),
              StatusIs(StatusCode::kNotFound, HasSubstr(plan)));

  const std::string strategy = "strategies/nope";
  EXPECT_THAT(client_.GetStrategy(strategy).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy)));
  v1::Strategy strategy_patch = MakeStrategy(kPlan, "X");
  strategy_patch.set_name(strategy);
  EXPECT_THAT(client_.UpdateStrategy(strategy_patch, {"display_name"}).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy)));
  EXPECT_THAT(client_.DeleteStrategy(strategy, "", true),
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy)));

  const std::string initiative = "strategies/s/initiatives/nope";
  EXPECT_THAT(client_.GetInitiative(initiative).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(initiative)));
  v1::Initiative initiative_patch = MakeInitiative("X");
  initiative_patch.set_name(initiative);
  EXPECT_THAT(
      client_.UpdateInitiative(initiative_patch, {"display_name"}).status,
      StatusIs(StatusCode::kNotFound, HasSubstr(initiative)));
  EXPECT_THAT(client_.DeleteInitiative(initiative),
              StatusIs(StatusCode::kNotFound, HasSubstr(initiative)));
  EXPECT_THAT(client_.GetInitiative("strategies/nope/initiatives/i").status,
              StatusIs(StatusCode::kNotFound,
                       HasSubstr("strategies/nope/initiatives/i")));

  const std::string project = "projects/nope";
  EXPECT_THAT(client_.GetProject(project).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(project)));
  v1::Project project_patch = MakeProject(kStrategy, "X");
  project_patch.set_name(project);
  EXPECT_THAT(client_.UpdateProject(project_patch, {"display_name"}).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(project)));
  EXPECT_THAT(client_.DeleteProject(project),
              StatusIs(StatusCode::kNotFound, HasSubstr(project)));
  // Update never creates.
  EXPECT_THAT(client_.GetProject(project).status,
              HasCode(StatusCode::kNotFound));
}

TEST_F(CatalogApiTest, MalformedNamesAreInvalidArgument) {
  const std::vector<std::string> bad_project_names = {
      "",
      "projects/",
      "projects/UPPER",
      "projects/1abc",
      "projects/a/b",
      "project/abc",
      "strategies/s",
      "/projects/abc",
      "projects/abc/",
      "projects/" + std::string(64, 'a'),
  };
  for (const std::string& name : bad_project_names) {
    SCOPED_TRACE(name);
    EXPECT_THAT(client_.GetProject(name).status,
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    EXPECT_THAT(client_.DeleteProject(name),
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    v1::Project patch = MakeProject(kStrategy, "X");
    patch.set_name(name);
    EXPECT_THAT(
        client_.UpdateProject(patch, {"display_name"}).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("project.name")));
  }
  for (const char* name :
       {"", "plans", "plans/P", "plans/p/x", "strategies/p"}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(client_.GetPlan(name).status,
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    EXPECT_THAT(client_.DeletePlan(name, "", true),
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    v1::Plan patch = MakePlan("X");
    patch.set_name(name);
    EXPECT_THAT(
        client_.UpdatePlan(patch, {"display_name"}).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("plan.name")));
  }
  for (const char* name : {"", "strategies/", "strategies/S",
                           "strategies/s/initiatives/i", "plans/p"}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(client_.GetStrategy(name).status,
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    EXPECT_THAT(client_.DeleteStrategy(name, "", true),
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    v1::Strategy patch = MakeStrategy(kPlan, "X");
    patch.set_name(name);
    EXPECT_THAT(
        client_.UpdateStrategy(patch, {"display_name"}).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("strategy.name")));
  }
  for (const char* name :
       {"", "strategies/s", "strategies/s/initiatives",
        "strategies/s/initiatives/", "strategies/s/initiative/i",
        "strategies/S/initiatives/i", "strategies/s/initiatives/i/x",
        "initiatives/i"}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(client_.GetInitiative(name).status,
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    EXPECT_THAT(client_.DeleteInitiative(name, "", true),
                StatusIs(StatusCode::kInvalidArgument, StartsWith("name")));
    v1::Initiative patch = MakeInitiative("X");
    patch.set_name(name);
    EXPECT_THAT(
        client_.UpdateInitiative(patch, {"display_name"}).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("initiative.name")));
  }
  // Nothing was touched.
  EXPECT_EQ(client_.GetInitiative(kInitiative).value.display_name(),
            "Initiative I");
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.display_name(), "Strategy S");
}

// ---------------------------------------------------------------------------
// Update masks

TEST_F(CatalogApiTest, UpdateMaskChangesOnlyListedFields) {
  v1::Project project = MakeProject(kStrategy, "Original");
  project.set_description("original description");
  project.set_budget_krw(100);
  project.add_tags("a");
  project.set_origin(v1::Project::NEW);
  project.set_national_alignment(true);
  const v1::Project stored = CreateProjectOrDie("p1", project);

  v1::Project patch;
  patch.set_name("projects/p1");
  patch.set_display_name("Renamed");
  patch.set_budget_krw(250);
  patch.set_description("must not be applied");
  patch.add_tags("must-not-be-applied");
  patch.set_stage(v1::Project::COMPLETED);
  Result<v1::Project> updated =
      client_.UpdateProject(patch, {"display_name", "budget_krw"});
  ASSERT_OK(updated.status);

  v1::Project expected = stored;
  expected.set_display_name("Renamed");
  expected.set_budget_krw(250);
  expected.set_etag(updated.value.etag());
  *expected.mutable_update_time() = updated.value.update_time();
  EXPECT_THAT(updated.value, EqualsProto(expected));
  EXPECT_THAT(client_.GetProject("projects/p1").value, EqualsProto(expected));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.total_budget_krw(), 250);

  // Repeated and message fields are replaced as a whole.
  v1::Project tags_patch;
  tags_patch.set_name("projects/p1");
  tags_patch.add_tags("x");
  tags_patch.add_tags("y");
  *tags_patch.add_sources() = MakeSource("New source", "", "2025");
  Result<v1::Project> retagged =
      client_.UpdateProject(tags_patch, {"tags", "sources"});
  ASSERT_OK(retagged.status);
  EXPECT_THAT(retagged.value.tags(), ElementsAre("x", "y"));
  ASSERT_EQ(retagged.value.sources_size(), 1);
  EXPECT_EQ(retagged.value.sources(0).title(), "New source");
  EXPECT_EQ(retagged.value.display_name(), "Renamed");

  // Plans: a nested message field in the mask.
  v1::Plan plan_patch;
  plan_patch.set_name(kPlan);
  plan_patch.mutable_declared_origin_counts()->set_new_count(3);
  plan_patch.set_display_name("must not be applied");
  Result<v1::Plan> plan =
      client_.UpdatePlan(plan_patch, {"declared_origin_counts"});
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.declared_origin_counts().new_count(), 3);
  EXPECT_EQ(plan.value.display_name(), "Plan P");
}

TEST_F(CatalogApiTest, EmptyOrStarMaskReplacesEveryMutableField) {
  v1::Project project = MakeProject(kStrategy, "Original");
  project.set_description("original");
  project.set_initiative(kInitiative);
  project.set_budget_krw(100);
  project.set_start_year(2024);
  project.add_tags("a");
  project.set_location("Busan");
  project.set_national_alignment(true);
  const v1::Project stored = CreateProjectOrDie("p1", project);

  v1::Project replacement = MakeProject(kStrategy, "Replaced");
  replacement.set_name("projects/p1");
  replacement.set_origin(v1::Project::EXPANDED);
  replacement.set_stage(v1::Project::PLANNED);
  replacement.set_end_year(2031);
  replacement.add_tags("b");
  Result<v1::Project> updated = client_.UpdateProject(replacement, {});
  ASSERT_OK(updated.status);

  v1::Project expected = replacement;
  *expected.mutable_create_time() = stored.create_time();
  *expected.mutable_update_time() = updated.value.update_time();
  expected.set_etag(updated.value.etag());
  EXPECT_THAT(updated.value, EqualsProto(expected));
  EXPECT_FALSE(updated.value.has_budget_krw());
  EXPECT_FALSE(updated.value.has_national_alignment());
  EXPECT_TRUE(updated.value.initiative().empty());
  EXPECT_THAT(client_.GetProject("projects/p1").value, EqualsProto(expected));
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.total_budget_krw(), 0);
  EXPECT_EQ(strategy.value.unbudgeted_project_count(), 1);
  EXPECT_EQ(strategy.value.origin_counts().expanded_count(), 1);
  EXPECT_EQ(client_.GetInitiative(kInitiative).value.project_count(), 0);

  v1::Project star = replacement;
  star.set_display_name("Star");
  star.set_budget_krw(9);
  Result<v1::Project> starred = client_.UpdateProject(star, {"*"});
  ASSERT_OK(starred.status);
  EXPECT_EQ(starred.value.display_name(), "Star");
  EXPECT_EQ(starred.value.budget_krw(), 9);
  EXPECT_EQ(starred.value.origin(), v1::Project::EXPANDED);

  // A full replacement of a strategy keeps its plan (immutable).
  v1::Strategy strategy_replacement;
  strategy_replacement.set_name(kStrategy);
  strategy_replacement.set_display_name("Whole new strategy");
  strategy_replacement.set_ordinal(7);
  Result<v1::Strategy> replaced =
      client_.UpdateStrategy(strategy_replacement, {});
  ASSERT_OK(replaced.status);
  EXPECT_EQ(replaced.value.display_name(), "Whole new strategy");
  EXPECT_EQ(replaced.value.ordinal(), 7);
  EXPECT_EQ(replaced.value.plan(), kPlan);
  EXPECT_EQ(replaced.value.project_count(), 1);
}

TEST_F(CatalogApiTest, UpdateMaskRejectsUnknownAndImmutablePaths) {
  const v1::Project stored =
      CreateProjectOrDie("p1", MakeProject(kStrategy, "P"));
  v1::Project patch = stored;
  patch.set_display_name("Changed");
  for (const char* path :
       {"no_such_field", "name", "create_time", "update_time", "etag",
        "Display_name", "display_name.x", "", "project_count"}) {
    SCOPED_TRACE(path);
    EXPECT_THAT(client_.UpdateProject(patch, {"display_name", path}).status,
                StatusIs(StatusCode::kInvalidArgument,
                         AllOf(StartsWith("update_mask"), HasSubstr(path))));
  }
  EXPECT_THAT(client_.GetProject("projects/p1").value, EqualsProto(stored));

  const v1::Strategy strategy = client_.GetStrategy(kStrategy).value;
  v1::Strategy strategy_patch = strategy;
  strategy_patch.set_display_name("Changed");
  strategy_patch.set_plan("plans/other");
  for (const char* path :
       {"plan", "name", "project_count", "total_budget_krw", "strategy.plan"}) {
    SCOPED_TRACE(path);
    EXPECT_THAT(
        client_.UpdateStrategy(strategy_patch, {"display_name", path}).status,
        StatusIs(StatusCode::kInvalidArgument,
                 AllOf(StartsWith("update_mask"), HasSubstr(path))));
  }
  EXPECT_THAT(client_.GetStrategy(kStrategy).value, EqualsProto(strategy));

  const v1::Plan plan = client_.GetPlan(kPlan).value;
  v1::Plan plan_patch = plan;
  plan_patch.set_strategy_count(9);
  for (const char* path :
       {"strategy_count", "project_count", "origin_counts", "name", "etag"}) {
    SCOPED_TRACE(path);
    EXPECT_THAT(client_.UpdatePlan(plan_patch, {path}).status,
                StatusIs(StatusCode::kInvalidArgument,
                         AllOf(StartsWith("update_mask"), HasSubstr(path))));
  }
  EXPECT_THAT(client_.GetPlan(kPlan).value, EqualsProto(plan));

  const v1::Initiative initiative = client_.GetInitiative(kInitiative).value;
  v1::Initiative initiative_patch = initiative;
  for (const char* path : {"name", "project_count", "plan"}) {
    SCOPED_TRACE(path);
    EXPECT_THAT(client_.UpdateInitiative(initiative_patch, {path}).status,
                StatusIs(StatusCode::kInvalidArgument,
                         AllOf(StartsWith("update_mask"), HasSubstr(path))));
  }
  EXPECT_THAT(client_.GetInitiative(kInitiative).value,
              EqualsProto(initiative));
}

TEST_F(CatalogApiTest, UpdateMaskCanClearOptionalFigures) {
  v1::Project project = MakeProject(kStrategy, "P");
  project.set_budget_krw(500);
  project.set_start_year(2025);
  project.set_end_year(2027);
  project.set_national_alignment(true);
  project.set_initiative(kInitiative);
  CreateProjectOrDie("p1", project);

  v1::Project patch;
  patch.set_name("projects/p1");
  Result<v1::Project> cleared = client_.UpdateProject(
      patch, {"budget_krw", "start_year", "national_alignment", "initiative"});
  ASSERT_OK(cleared.status);
  EXPECT_FALSE(cleared.value.has_budget_krw());
  EXPECT_FALSE(cleared.value.has_start_year());
  EXPECT_FALSE(cleared.value.has_national_alignment());
  EXPECT_TRUE(cleared.value.initiative().empty());
  EXPECT_TRUE(cleared.value.has_end_year());
  EXPECT_EQ(cleared.value.end_year(), 2027);
  Result<v1::Project> got = client_.GetProject("projects/p1");
  EXPECT_FALSE(got.value.has_budget_krw());
  EXPECT_FALSE(got.value.has_start_year());

  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.total_budget_krw(), 0);
  EXPECT_EQ(strategy.value.unbudgeted_project_count(), 1);
  Result<v1::Initiative> initiative = client_.GetInitiative(kInitiative);
  EXPECT_EQ(initiative.value.project_count(), 0);
  EXPECT_EQ(initiative.value.total_budget_krw(), 0);
  EXPECT_EQ(initiative.value.unbudgeted_project_count(), 0);
  Result<v1::Plan> plan_totals = client_.GetPlan(kPlan);
  EXPECT_EQ(plan_totals.value.total_budget_krw(), 0);
  EXPECT_EQ(plan_totals.value.unbudgeted_project_count(), 1);

  // Declared figures of plans, strategies and initiatives too.
  v1::Plan plan = MakePlan("With figures");
  plan.set_declared_budget_krw(10);
  plan.set_declared_project_count(3);
  ASSERT_OK(client_.CreatePlan("figures", plan).status);
  v1::Plan plan_patch;
  plan_patch.set_name("plans/figures");
  Result<v1::Plan> plan_cleared =
      client_.UpdatePlan(plan_patch, {"declared_budget_krw"});
  ASSERT_OK(plan_cleared.status);
  EXPECT_FALSE(plan_cleared.value.has_declared_budget_krw());
  EXPECT_TRUE(plan_cleared.value.has_declared_project_count());

  v1::Strategy strategy_patch;
  strategy_patch.set_name(kStrategy);
  strategy_patch.set_declared_budget_krw(77);
  ASSERT_OK(
      client_.UpdateStrategy(strategy_patch, {"declared_budget_krw"}).status);
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.declared_budget_krw(), 77);
  strategy_patch.clear_declared_budget_krw();
  ASSERT_OK(
      client_.UpdateStrategy(strategy_patch, {"declared_budget_krw"}).status);
  EXPECT_FALSE(client_.GetStrategy(kStrategy).value.has_declared_budget_krw());

  v1::Initiative initiative_patch;
  initiative_patch.set_name(kInitiative);
  initiative_patch.set_declared_project_count(0);
  Result<v1::Initiative> zero =
      client_.UpdateInitiative(initiative_patch, {"declared_project_count"});
  ASSERT_OK(zero.status);
  EXPECT_TRUE(zero.value.has_declared_project_count());
  EXPECT_EQ(zero.value.declared_project_count(), 0);
}

// ---------------------------------------------------------------------------
// Etags

TEST_F(CatalogApiTest, EtagsGuardProjectUpdatesAndDeletes) {
  const v1::Project created =
      CreateProjectOrDie("p1", MakeProject(kStrategy, "P"));
  v1::Project patch;
  patch.set_name("projects/p1");
  patch.set_etag(created.etag());
  patch.set_display_name("First");
  Result<v1::Project> first = client_.UpdateProject(patch, {"display_name"});
  ASSERT_OK(first.status);
  EXPECT_NE(first.value.etag(), created.etag());

  // The old etag is now stale.
  patch.set_display_name("Second");
  patch.set_budget_krw(9);
  EXPECT_THAT(
      client_.UpdateProject(patch, {"display_name", "budget_krw"}).status,
      StatusIs(StatusCode::kAborted, HasSubstr("etag")));
  EXPECT_THAT(client_.GetProject("projects/p1").value,
              EqualsProto(first.value));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.total_budget_krw(), 0);
  EXPECT_THAT(client_.DeleteProject("projects/p1", created.etag()),
              StatusIs(StatusCode::kAborted, HasSubstr("etag")));
  ASSERT_OK(client_.GetProject("projects/p1").status);
  EXPECT_THAT(client_.DeleteProject("projects/p1", "bogus"),
              HasCode(StatusCode::kAborted));

  // Every successful update moves the etag on.
  patch.set_etag(first.value.etag());
  Result<v1::Project> second = client_.UpdateProject(patch, {"display_name"});
  ASSERT_OK(second.status);
  EXPECT_NE(second.value.etag(), first.value.etag());
  EXPECT_NE(second.value.etag(), created.etag());
  EXPECT_EQ(second.value.display_name(), "Second");

  ASSERT_OK(client_.DeleteProject("projects/p1", second.value.etag()));
  EXPECT_THAT(client_.GetProject("projects/p1").status,
              HasCode(StatusCode::kNotFound));

  // A re-created resource never reuses an earlier etag.
  const v1::Project recreated =
      CreateProjectOrDie("p1", MakeProject(kStrategy, "P"));
  EXPECT_NE(recreated.etag(), created.etag());
  EXPECT_NE(recreated.etag(), first.value.etag());
  EXPECT_NE(recreated.etag(), second.value.etag());
  patch.set_etag(second.value.etag());
  EXPECT_THAT(client_.UpdateProject(patch, {"display_name"}).status,
              HasCode(StatusCode::kAborted));
}

TEST_F(CatalogApiTest, EtagsGuardPlansStrategiesAndInitiatives) {
  // Plans.
  const v1::Plan plan = client_.GetPlan(kPlan).value;
  v1::Plan plan_patch;
  plan_patch.set_name(kPlan);
  plan_patch.set_etag("stale");
  plan_patch.set_description("x");
  EXPECT_THAT(client_.UpdatePlan(plan_patch, {"description"}).status,
              StatusIs(StatusCode::kAborted, HasSubstr("etag")));
  EXPECT_THAT(client_.GetPlan(kPlan).value, EqualsProto(plan));
  plan_patch.set_etag(plan.etag());
  Result<v1::Plan> plan_updated =
      client_.UpdatePlan(plan_patch, {"description"});
  ASSERT_OK(plan_updated.status);
  EXPECT_NE(plan_updated.value.etag(), plan.etag());
  EXPECT_THAT(client_.DeletePlan(kPlan, plan.etag(), true),
              HasCode(StatusCode::kAborted));
  ASSERT_OK(client_.GetStrategy(kStrategy).status);

  // Strategies.
  const v1::Strategy strategy = client_.GetStrategy(kStrategy).value;
  v1::Strategy strategy_patch;
  strategy_patch.set_name(kStrategy);
  strategy_patch.set_etag(strategy.etag());
  strategy_patch.set_ordinal(5);
  Result<v1::Strategy> strategy_updated =
      client_.UpdateStrategy(strategy_patch, {"ordinal"});
  ASSERT_OK(strategy_updated.status);
  EXPECT_NE(strategy_updated.value.etag(), strategy.etag());
  strategy_patch.set_ordinal(6);
  EXPECT_THAT(client_.UpdateStrategy(strategy_patch, {"ordinal"}).status,
              HasCode(StatusCode::kAborted));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.ordinal(), 5);
  EXPECT_THAT(client_.DeleteStrategy(kStrategy, strategy.etag(), true),
              HasCode(StatusCode::kAborted));
  ASSERT_OK(client_.GetInitiative(kInitiative).status);

  // Initiatives.
  const v1::Initiative initiative = client_.GetInitiative(kInitiative).value;
  v1::Initiative initiative_patch;
  initiative_patch.set_name(kInitiative);
  initiative_patch.set_etag(initiative.etag() + "0");
  initiative_patch.set_display_name("Y");
  EXPECT_THAT(
      client_.UpdateInitiative(initiative_patch, {"display_name"}).status,
      HasCode(StatusCode::kAborted));
  EXPECT_THAT(client_.DeleteInitiative(kInitiative, initiative.etag() + "0"),
              HasCode(StatusCode::kAborted));
  ASSERT_OK(client_.DeleteInitiative(kInitiative, initiative.etag()));
  EXPECT_THAT(client_.GetInitiative(kInitiative).status,
              HasCode(StatusCode::kNotFound));

  ASSERT_OK(client_.DeleteStrategy(kStrategy, strategy_updated.value.etag()));
  ASSERT_OK(client_.DeletePlan(kPlan, plan_updated.value.etag()));
  EXPECT_THAT(client_.GetPlan(kPlan).status, HasCode(StatusCode::kNotFound));
}

TEST_F(CatalogApiTest, EtagDoesNotMoveWhenOnlyDerivedFiguresMove) {
  const v1::Plan plan = client_.GetPlan(kPlan).value;
  const v1::Strategy strategy = client_.GetStrategy(kStrategy).value;
  const v1::Initiative initiative = client_.GetInitiative(kInitiative).value;
  v1::Project project = MakeProject(kStrategy, "P");
  project.set_initiative(kInitiative);
  project.set_budget_krw(12);
  CreateProjectOrDie("p1", project);

  Result<v1::Strategy> after = client_.GetStrategy(kStrategy);
  EXPECT_EQ(after.value.project_count(), 1);
  EXPECT_EQ(after.value.etag(), strategy.etag());
  EXPECT_THAT(after.value.update_time(), EqualsProto(strategy.update_time()));
  EXPECT_EQ(client_.GetPlan(kPlan).value.etag(), plan.etag());
  EXPECT_EQ(client_.GetInitiative(kInitiative).value.etag(), initiative.etag());

  // So a client holding the etag can still update.
  v1::Strategy patch;
  patch.set_name(kStrategy);
  patch.set_etag(strategy.etag());
  patch.set_description("still current");
  Result<v1::Strategy> updated = client_.UpdateStrategy(patch, {"description"});
  ASSERT_OK(updated.status);
  EXPECT_EQ(updated.value.project_count(), 1);
  EXPECT_EQ(updated.value.total_budget_krw(), 12);
}

// ---------------------------------------------------------------------------
// Concurrency

TEST_F(CatalogApiTest, ConcurrentUpdatesWithOneEtagHaveExactlyOneWinner) {
  const v1::Project created =
      CreateProjectOrDie("contested", MakeProject(kStrategy, "Start"));
  constexpr int kThreads = 8;
  std::vector<Result<v1::Project>> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(server_);
      v1::Project patch;
      patch.set_name("projects/contested");
      patch.set_etag(created.etag());
      patch.set_display_name(absl::StrCat("Writer ", t));
      patch.set_budget_krw(1000 + t);
      start.arrive_and_wait();
      results[t] = client.UpdateProject(patch, {"display_name", "budget_krw"});
    });
  }
  for (std::thread& thread : threads) thread.join();

  int winner = -1;
  int aborted = 0;
  for (int t = 0; t < kThreads; ++t) {
    if (results[t].status.ok()) {
      EXPECT_EQ(winner, -1) << "two winners: " << winner << " and " << t;
      winner = t;
    } else {
      EXPECT_THAT(results[t].status,
                  StatusIs(StatusCode::kAborted, HasSubstr("etag")));
      ++aborted;
    }
  }
  ASSERT_NE(winner, -1);
  EXPECT_EQ(aborted, kThreads - 1);
  Result<v1::Project> final_state = client_.GetProject("projects/contested");
  ASSERT_OK(final_state.status);
  EXPECT_THAT(final_state.value, EqualsProto(results[winner].value));
  EXPECT_EQ(final_state.value.display_name(), absl::StrCat("Writer ", winner));
  EXPECT_EQ(final_state.value.budget_krw(), 1000 + winner);
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 1000 + winner);
  EXPECT_EQ(strategy.value.unbudgeted_project_count(), 0);
}

// A delete racing an update that read the project before it: the update
// lands first or is refused, and never brings the deleted project back.
TEST_F(CatalogApiTest, DeleteRacingAStaleUpdateNeverResurrects) {
  constexpr int kRounds = 50;
  int updates_first = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = absl::StrCat("doomed-", round);
    v1::Project project = MakeProject(kStrategy, "Doomed");
    project.set_budget_krw(10);
    const v1::Project created = CreateProjectOrDie(id, project);
    Result<v1::Project> updated;
    grpc::Status deleted;
    std::latch start(2);
    std::thread updater([&] {
      Client client(server_);
      v1::Project patch;
      patch.set_name(created.name());
      patch.set_etag(created.etag());
      patch.set_budget_krw(20);
      start.arrive_and_wait();
      updated = client.UpdateProject(patch, {"budget_krw"});
    });
    std::thread deleter([&] {
      Client client(server_);
      start.arrive_and_wait();
      deleted = client.DeleteProject(created.name());
    });
    updater.join();
    deleter.join();
    ASSERT_TRUE(deleted.ok()) << deleted.error_message();
    if (updated.status.ok()) {
      ++updates_first;
    } else {
      EXPECT_THAT(updated.status, StatusIs(StatusCode::kNotFound, _))
          << "round " << round;
    }
    EXPECT_THAT(client_.GetProject(created.name()).status,
                StatusIs(StatusCode::kNotFound, _))
        << "round " << round << ": the deleted project came back";
  }
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.project_count(), 0);
  EXPECT_EQ(strategy.value.total_budget_krw(), 0);
  printf(
      "%d rounds of delete against a stale update: the update came first "
      "%d times, was refused %d times; nothing came back\n",
      kRounds, updates_first, kRounds - updates_first);
}

TEST_F(CatalogApiTest, ConcurrentCreatesOfOneIdHaveExactlyOneWinner) {
  constexpr int kThreads = 8;
  std::vector<Result<v1::Project>> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(server_);
      v1::Project project = MakeProject(kStrategy, absl::StrCat("Racer ", t));
      project.set_budget_krw(t + 1);
      start.arrive_and_wait();
      results[t] = client.CreateProject("race", project);
    });
  }
  for (std::thread& thread : threads) thread.join();
  int winner = -1;
  for (int t = 0; t < kThreads; ++t) {
    if (results[t].status.ok()) {
      EXPECT_EQ(winner, -1) << "two winners";
      winner = t;
    } else {
      EXPECT_THAT(results[t].status, StatusIs(StatusCode::kAlreadyExists,
                                              HasSubstr("projects/race")));
    }
  }
  ASSERT_NE(winner, -1);
  EXPECT_THAT(client_.GetProject("projects/race").value,
              EqualsProto(results[winner].value));
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), winner + 1);
}

TEST_F(CatalogApiTest, ConcurrentRetriesOfOneRequestApplyOnce) {
  constexpr int kThreads = 8;
  const std::string request_id = FreshUuid();
  std::vector<Result<v1::Project>> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(server_);
      v1::Project project = MakeProject(kStrategy, "Retried");
      project.set_budget_krw(500);
      start.arrive_and_wait();
      results[t] = client.CreateProject("retried", project, request_id);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_OK(results[t].status) << t;
    EXPECT_THAT(results[t].value, EqualsProto(results[0].value)) << t;
  }
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 500);
}

TEST_F(CatalogApiTest, ConcurrentWritesKeepDerivedTotalsExact) {
  ASSERT_OK(client_.CreateStrategy("s2", MakeStrategy(kPlan, "S2")).status);
  constexpr int kThreads = 6;
  constexpr int kPerThread = 8;
  std::latch start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(server_);
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        v1::Project project =
            MakeProject(t % 2 == 0 ? kStrategy : "strategies/s2", "P");
        project.set_budget_krw(t * 100 + i);
        if (t % 2 == 0 && i % 2 == 0) project.set_initiative(kInitiative);
        const std::string id = absl::StrCat("t", t, "-", i);
        if (!client.CreateProject(id, project).status.ok()) ++failures;
        // Every third project moves to the other strategy right away.
        if (i % 3 == 0) {
          v1::Project patch;
          patch.set_name("projects/" + id);
          patch.set_strategy(t % 2 == 0 ? "strategies/s2" : kStrategy);
          if (!client.UpdateProject(patch, {"strategy", "initiative"})
                   .status.ok()) {
            ++failures;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  int64_t count[2] = {0, 0}, budget[2] = {0, 0}, in_initiative = 0,
          initiative_budget = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      int home = t % 2;
      if (i % 3 == 0) home = 1 - home;
      count[home]++;
      budget[home] += t * 100 + i;
      if (t % 2 == 0 && i % 2 == 0 && i % 3 != 0) {
        ++in_initiative;
        initiative_budget += t * 100 + i;
      }
    }
  }
  Result<v1::Strategy> s = client_.GetStrategy(kStrategy);
  Result<v1::Strategy> s2 = client_.GetStrategy("strategies/s2");
  Result<v1::Initiative> i = client_.GetInitiative(kInitiative);
  Result<v1::Plan> p = client_.GetPlan(kPlan);
  EXPECT_EQ(s.value.project_count(), count[0]);
  EXPECT_EQ(s.value.total_budget_krw(), budget[0]);
  EXPECT_EQ(s2.value.project_count(), count[1]);
  EXPECT_EQ(s2.value.total_budget_krw(), budget[1]);
  EXPECT_EQ(i.value.project_count(), in_initiative);
  EXPECT_EQ(i.value.total_budget_krw(), initiative_budget);
  EXPECT_EQ(p.value.project_count(), kThreads * kPerThread);
  EXPECT_EQ(p.value.total_budget_krw(), budget[0] + budget[1]);
  EXPECT_EQ(p.value.origin_counts().unspecified_count(), kThreads * kPerThread);
}

// ---------------------------------------------------------------------------
// request_id

TEST_F(CatalogApiTest, RetriedCreateReturnsTheOriginalResult) {
  const std::string request_id = FreshUuid();
  v1::Project project = MakeProject(kStrategy, "Once");
  project.set_budget_krw(10);
  Result<v1::Project> first =
      client_.CreateProject("once", project, request_id);
  ASSERT_OK(first.status);
  Result<v1::Project> retry =
      client_.CreateProject("once", project, request_id);
  ASSERT_OK(retry.status);
  EXPECT_THAT(retry.value, EqualsProto(first.value));
  EXPECT_EQ(retry.value.etag(), first.value.etag());
  EXPECT_THAT(retry.value.create_time(),
              EqualsProto(first.value.create_time()));
  EXPECT_THAT(client_.GetProject("projects/once").value,
              EqualsProto(first.value));
  Result<v1::Strategy> strategy = client_.GetStrategy(kStrategy);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 10);

  // Without a request_id the same create is a conflict.
  EXPECT_THAT(client_.CreateProject("once", project).status,
              HasCode(StatusCode::kAlreadyExists));

  // Plans, strategies and initiatives too.
  const std::string plan_request = FreshUuid();
  Result<v1::Plan> plan = client_.CreatePlan("q", MakePlan("Q"), plan_request);
  ASSERT_OK(plan.status);
  Result<v1::Plan> plan_retry =
      client_.CreatePlan("q", MakePlan("Q"), plan_request);
  ASSERT_OK(plan_retry.status);
  EXPECT_THAT(plan_retry.value, EqualsProto(plan.value));

  const std::string strategy_request = FreshUuid();
  Result<v1::Strategy> created_strategy = client_.CreateStrategy(
      "s2", MakeStrategy("plans/q", "S2"), strategy_request);
  ASSERT_OK(created_strategy.status);
  Result<v1::Strategy> strategy_retry = client_.CreateStrategy(
      "s2", MakeStrategy("plans/q", "S2"), strategy_request);
  ASSERT_OK(strategy_retry.status);
  EXPECT_THAT(strategy_retry.value, EqualsProto(created_strategy.value));
  EXPECT_EQ(client_.GetPlan("plans/q").value.strategy_count(), 1);

  const std::string initiative_request = FreshUuid();
  Result<v1::Initiative> initiative = client_.CreateInitiative(
      "strategies/s2", "i2", MakeInitiative("I2"), initiative_request);
  ASSERT_OK(initiative.status);
  Result<v1::Initiative> initiative_retry = client_.CreateInitiative(
      "strategies/s2", "i2", MakeInitiative("I2"), initiative_request);
  ASSERT_OK(initiative_retry.status);
  EXPECT_THAT(initiative_retry.value, EqualsProto(initiative.value));
  EXPECT_EQ(client_.GetStrategy("strategies/s2").value.initiative_count(), 1);
  EXPECT_EQ(client_.GetPlan("plans/q").value.initiative_count(), 1);
}

TEST_F(CatalogApiTest, RetriedUpdateIsNotAppliedAgain) {
  v1::Project project = MakeProject(kStrategy, "P");
  project.set_budget_krw(1);
  CreateProjectOrDie("p1", project);
  const std::string request_id = FreshUuid();
  v1::Project patch;
  patch.set_name("projects/p1");
  patch.set_budget_krw(2);
  Result<v1::Project> first =
      client_.UpdateProject(patch, {"budget_krw"}, request_id);
  ASSERT_OK(first.status);

  // Someone else writes in between; the retry must not undo that.
  v1::Project other;
  other.set_name("projects/p1");
  other.set_budget_krw(3);
  Result<v1::Project> intervening =
      client_.UpdateProject(other, {"budget_krw"});
  ASSERT_OK(intervening.status);

  Result<v1::Project> retry =
      client_.UpdateProject(patch, {"budget_krw"}, request_id);
  ASSERT_OK(retry.status);
  EXPECT_THAT(retry.value, EqualsProto(first.value));
  Result<v1::Project> got = client_.GetProject("projects/p1");
  EXPECT_THAT(got.value, EqualsProto(intervening.value));
  EXPECT_EQ(got.value.budget_krw(), 3);
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.total_budget_krw(), 3);

  // The same for a strategy update.
  const std::string strategy_request = FreshUuid();
  v1::Strategy strategy_patch;
  strategy_patch.set_name(kStrategy);
  strategy_patch.set_ordinal(2);
  Result<v1::Strategy> strategy_first =
      client_.UpdateStrategy(strategy_patch, {"ordinal"}, strategy_request);
  ASSERT_OK(strategy_first.status);
  Result<v1::Strategy> strategy_retry =
      client_.UpdateStrategy(strategy_patch, {"ordinal"}, strategy_request);
  ASSERT_OK(strategy_retry.status);
  EXPECT_EQ(strategy_retry.value.etag(), strategy_first.value.etag());
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.etag(),
            strategy_first.value.etag());
}

TEST_F(CatalogApiTest, RetriedDeleteWithTheSameRequestIdIsOk) {
  CreateProjectOrDie("p1", MakeProject(kStrategy, "P"));
  const std::string request_id = FreshUuid();
  ASSERT_OK(client_.DeleteProject("projects/p1", "", request_id));
  EXPECT_OK(client_.DeleteProject("projects/p1", "", request_id));
  EXPECT_THAT(client_.GetProject("projects/p1").status,
              HasCode(StatusCode::kNotFound));
  // Without the request_id it is a new delete of a missing project.
  EXPECT_THAT(client_.DeleteProject("projects/p1"),
              StatusIs(StatusCode::kNotFound, HasSubstr("projects/p1")));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.project_count(), 0);

  const std::string strategy_request = FreshUuid();
  ASSERT_OK(client_.DeleteStrategy(kStrategy, "", true, strategy_request));
  EXPECT_OK(client_.DeleteStrategy(kStrategy, "", true, strategy_request));
  EXPECT_EQ(client_.GetPlan(kPlan).value.strategy_count(), 0);

  const std::string plan_request = FreshUuid();
  ASSERT_OK(client_.DeletePlan(kPlan, "", false, plan_request));
  EXPECT_OK(client_.DeletePlan(kPlan, "", false, plan_request));
}

TEST_F(CatalogApiTest, RequestIdReusedWithAnotherPayloadIsInvalid) {
  const std::string request_id = FreshUuid();
  ASSERT_OK(
      client_
          .CreateProject("first", MakeProject(kStrategy, "First"), request_id)
          .status);
  EXPECT_THAT(
      client_
          .CreateProject("second", MakeProject(kStrategy, "Second"), request_id)
          .status,
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(
      client_
          .CreateProject("first", MakeProject(kStrategy, "Changed"), request_id)
          .status,
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(client_.GetProject("projects/second").status,
              HasCode(StatusCode::kNotFound));
  EXPECT_EQ(client_.GetProject("projects/first").value.display_name(), "First");
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.project_count(), 1);

  // ... or for another method.
  v1::Project patch;
  patch.set_name("projects/first");
  patch.set_display_name("Hijacked");
  EXPECT_THAT(client_.UpdateProject(patch, {"display_name"}, request_id).status,
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(client_.DeleteProject("projects/first", "", request_id),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(client_.CreatePlan("hijack", MakePlan("H"), request_id).status,
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_EQ(client_.GetProject("projects/first").value.display_name(), "First");
  EXPECT_THAT(client_.GetPlan("plans/hijack").status,
              HasCode(StatusCode::kNotFound));

  // A delete's id reused to delete another project.
  const std::string delete_request = FreshUuid();
  CreateProjectOrDie("second", MakeProject(kStrategy, "Second"));
  ASSERT_OK(client_.DeleteProject("projects/second", "", delete_request));
  EXPECT_THAT(client_.DeleteProject("projects/first", "", delete_request),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  ASSERT_OK(client_.GetProject("projects/first").status);
}

TEST_F(CatalogApiTest, MalformedRequestIdIsInvalidArgument) {
  const std::vector<std::string> bad_ids = {
      "abc",
      "123e4567e89b12d3a456426614174000",
      "123e4567-e89b-12d3-a456-42661417400",
      "123e4567-e89b-12d3-a456-4266141740000",
      "123e4567-e89b-12d3-a456_426614174000",
      "g23e4567-e89b-12d3-a456-426614174000",
      "{123e4567-e89b-12d3-a456-426614174000}",
      " 123e4567-e89b-12d3-a456-426614174000",
  };
  for (const std::string& id : bad_ids) {
    SCOPED_TRACE(id);
    EXPECT_THAT(
        client_.CreateProject("p1", MakeProject(kStrategy, "P"), id).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("request_id")));
    EXPECT_THAT(
        client_.CreatePlan("p2", MakePlan("P2"), id).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("request_id")));
    v1::Strategy patch;
    patch.set_name(kStrategy);
    patch.set_display_name("Changed");
    EXPECT_THAT(
        client_.UpdateStrategy(patch, {"display_name"}, id).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("request_id")));
    EXPECT_THAT(
        client_.DeleteInitiative(kInitiative, "", false, id),
        StatusIs(StatusCode::kInvalidArgument, StartsWith("request_id")));
  }
  EXPECT_THAT(client_.GetProject("projects/p1").status,
              HasCode(StatusCode::kNotFound));
  EXPECT_THAT(client_.GetPlan("plans/p2").status,
              HasCode(StatusCode::kNotFound));
  EXPECT_EQ(client_.GetStrategy(kStrategy).value.display_name(), "Strategy S");
  ASSERT_OK(client_.GetInitiative(kInitiative).status);

  // Canonical UUIDs in upper case are still UUIDs.
  EXPECT_OK(client_
                .CreateProject("p1", MakeProject(kStrategy, "P"),
                               "123E4567-E89B-12D3-A456-426614174000")
                .status);
}

// ---------------------------------------------------------------------------
// BatchGetProjects

TEST_F(CatalogApiTest, BatchGetKeepsRequestOrderAndDuplicates) {
  std::vector<v1::Project> stored;
  for (const char* id : {"a", "b", "c"}) {
    stored.push_back(CreateProjectOrDie(id, MakeProject(kStrategy, id)));
  }
  Result<v1::BatchGetProjectsResponse> got = client_.BatchGetProjects(
      {"projects/c", "projects/a", "projects/c", "projects/b"});
  ASSERT_OK(got.status);
  ASSERT_EQ(got.value.projects_size(), 4);
  EXPECT_THAT(got.value.projects(0), EqualsProto(stored[2]));
  EXPECT_THAT(got.value.projects(1), EqualsProto(stored[0]));
  EXPECT_THAT(got.value.projects(2), EqualsProto(stored[2]));
  EXPECT_THAT(got.value.projects(3), EqualsProto(stored[1]));

  Result<v1::BatchGetProjectsResponse> empty = client_.BatchGetProjects({});
  ASSERT_OK(empty.status);
  EXPECT_EQ(empty.value.projects_size(), 0);
}

TEST_F(CatalogApiTest, BatchGetIsAllOrNothing) {
  CreateProjectOrDie("a", MakeProject(kStrategy, "A"));
  CreateProjectOrDie("b", MakeProject(kStrategy, "B"));
  Result<v1::BatchGetProjectsResponse> got = client_.BatchGetProjects(
      {"projects/a", "projects/missing", "projects/b", "projects/gone"});
  EXPECT_THAT(got.status,
              StatusIs(StatusCode::kNotFound, HasSubstr("projects/missing")));
  EXPECT_THAT(got.status.error_message(),
              ::testing::Not(HasSubstr("projects/gone")));
  EXPECT_EQ(got.value.projects_size(), 0);

  EXPECT_THAT(client_.BatchGetProjects({"projects/a", "projects/Bad"}).status,
              StatusIs(StatusCode::kInvalidArgument, StartsWith("names")));
}

TEST_F(CatalogApiTest, BatchGetTakesAtMostAThousandNames) {
  CreateProjectOrDie("a", MakeProject(kStrategy, "A"));
  std::vector<std::string> names(1000, "projects/a");
  Result<v1::BatchGetProjectsResponse> thousand =
      client_.BatchGetProjects(names);
  ASSERT_OK(thousand.status);
  EXPECT_EQ(thousand.value.projects_size(), 1000);
  names.push_back("projects/a");
  Result<v1::BatchGetProjectsResponse> too_many =
      client_.BatchGetProjects(names);
  EXPECT_THAT(too_many.status,
              StatusIs(StatusCode::kInvalidArgument, StartsWith("names")));
  EXPECT_EQ(too_many.value.projects_size(), 0);
}

}  // namespace
}  // namespace busan::testing
