// CatalogService as its clients see it over gRPC: one test per mapping the
// API layer adds to the domain (each resource's fields on the wire, each
// status code, update masks, etags, request_id replays, force, batch
// reads), and the rules that only a running server can show (racing
// clients). The domain's own rules are tested in catalog-service/domain/.
// The bodies run against the in-process server (catalog_api_test) and the
// catalog-service binary (catalog_api_binary_test): see service_target.h.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "client/catalog_resources.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/service_target.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using Stub = v1::CatalogService::Stub;
using ::absl::StatusCode;
using ::busan::client::CatalogResource;
using ::testing::_;
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
  explicit Client(const ServiceTarget& target)
      : stub_(target.NewStub<v1::CatalogService>()) {}

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
  Result<v1::ListProjectsResponse> ListProjects(const std::string& filter) {
    client::ListParams params;
    params.page_size = 1000;
    params.filter = filter;
    Result<v1::ListProjectsResponse> result;
    result.status = CatalogResource<v1::Project>::List(*stub_, Deadline().get(),
                                                       params, &result.value);
    return result;
  }
  Result<v1::ListInitiativesResponse> ListInitiatives(
      const std::string& parent) {
    client::ListParams params;
    params.parent = parent;
    params.page_size = 1000;
    Result<v1::ListInitiativesResponse> result;
    result.status = CatalogResource<v1::Initiative>::List(
        *stub_, Deadline().get(), params, &result.value);
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

bool HasTimestamp(const google::protobuf::Timestamp& time) {
  return time.seconds() > 1'600'000'000;  // after 2020
}

int64_t Nanos(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1'000'000'000LL + time.nanos();
}

auto HasCode(StatusCode code) { return StatusIs(code, ::testing::_); }

// The tests of a suite share one running service of each target kind and
// keep apart by ids of their own: every id a test creates ends in the
// test's serial number (Id()), and each test starts with a plan, a
// strategy under it and an initiative under the strategy of its own.
class CatalogApiTest : public SharedTargetTest<CatalogTraits> {
 protected:
  static void SetUpTestSuite() { StartSuite(BUSAN_BIN_DIR "/catalog-service"); }

  void SetUp() override {
    SharedTargetTest::SetUp();
    if (HasFatalFailure()) return;
    client_.emplace(*target_);
    ASSERT_OK(client_->CreatePlan(Id("p"), MakePlan("Plan P")).status);
    ASSERT_OK(
        client_->CreateStrategy(Id("s"), MakeStrategy(plan_, "Strategy S"))
            .status);
    ASSERT_OK(client_
                  ->CreateInitiative(strategy_, Id("i"),
                                     MakeInitiative("Initiative I"))
                  .status);
  }

  v1::Project CreateProjectOrDie(const std::string& id, v1::Project project) {
    Result<v1::Project> created = client_->CreateProject(id, project);
    EXPECT_OK(created.status) << id;
    return created.value;
  }

  // The projects filed under `strategy`.
  Result<v1::ListProjectsResponse> ProjectsOf(const std::string& strategy) {
    return client_->ListProjects(absl::StrCat("strategy = \"", strategy, "\""));
  }

  const std::string plan_ = "plans/" + Id("p");
  const std::string strategy_ = "strategies/" + Id("s");
  const std::string initiative_ = strategy_ + "/initiatives/" + Id("i");
  std::optional<Client> client_;
};

// ---------------------------------------------------------------------------
// Every field of each resource, through Create and Get

TEST_P(CatalogApiTest, PlanRoundTripsEveryField) {
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

  const std::string name = "plans/" + Id("egi-2025");
  Result<v1::Plan> created = client_->CreatePlan(Id("egi-2025"), plan);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), name);
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_THAT(created.value.update_time(),
              EqualsProto(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Plan expected = plan;
  expected.set_name(name);
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));

  Result<v1::Plan> got = client_->GetPlan(name);
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_EQ(got.value.display_name_ko(), "부산 경제성장 혁신전략");
  EXPECT_TRUE(got.value.has_declared_initiative_count());
  EXPECT_EQ(got.value.declared_initiative_count(), 0);
}

TEST_P(CatalogApiTest, PlanDeclaredFiguresStayAbsentWhenNotPublished) {
  ASSERT_OK(client_->CreatePlan(Id("bare"), MakePlan("Bare")).status);
  Result<v1::Plan> got = client_->GetPlan("plans/" + Id("bare"));
  ASSERT_OK(got.status);
  EXPECT_FALSE(got.value.has_declared_strategy_count());
  EXPECT_FALSE(got.value.has_declared_initiative_count());
  EXPECT_FALSE(got.value.has_declared_project_count());
  EXPECT_FALSE(got.value.has_declared_budget_krw());
  EXPECT_FALSE(got.value.has_declared_origin_counts());
  EXPECT_TRUE(got.value.published().empty());
}

TEST_P(CatalogApiTest, StrategyRoundTripsEveryField) {
  v1::Strategy strategy = MakeStrategy(plan_, "Marine Future Tech");
  strategy.set_display_name_ko("해양 미래기술");
  strategy.set_description("해양수도 부산");
  strategy.set_ordinal(3);
  strategy.set_declared_project_count(0);
  strategy.set_declared_budget_krw(987'654'321);
  *strategy.add_sources() =
      MakeSource("Strategy doc", "http://example.org/doc", "2025");

  const std::string name = "strategies/" + Id("marine");
  Result<v1::Strategy> created =
      client_->CreateStrategy(Id("marine"), strategy);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), name);
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_THAT(created.value.update_time(),
              EqualsProto(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Strategy expected = strategy;
  expected.set_name(name);
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));
  Result<v1::Strategy> got = client_->GetStrategy(name);
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_TRUE(got.value.has_declared_project_count());
  EXPECT_EQ(got.value.declared_project_count(), 0);

  Result<v1::Plan> plan = client_->GetPlan(plan_);
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.strategy_count(), 2);
}

TEST_P(CatalogApiTest, InitiativeRoundTripsEveryField) {
  v1::Initiative initiative = MakeInitiative("Smart Port");
  initiative.set_display_name_ko("스마트 항만");
  initiative.set_description("desc");
  initiative.set_ordinal(2);
  initiative.set_declared_project_count(7);
  initiative.set_declared_budget_krw(0);
  *initiative.add_sources() =
      MakeSource("Src", "https://a.example/", "2024-02");

  const std::string name = strategy_ + "/initiatives/" + Id("smart-port");
  Result<v1::Initiative> created =
      client_->CreateInitiative(strategy_, Id("smart-port"), initiative);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), name);
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Initiative expected = initiative;
  expected.set_name(name);
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));
  Result<v1::Initiative> got = client_->GetInitiative(name);
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_TRUE(got.value.has_declared_budget_krw());
  EXPECT_EQ(got.value.declared_budget_krw(), 0);

  Result<v1::Strategy> strategy = client_->GetStrategy(strategy_);
  ASSERT_OK(strategy.status);
  EXPECT_EQ(strategy.value.initiative_count(), 2);
  Result<v1::Plan> plan = client_->GetPlan(plan_);
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.initiative_count(), 2);
}

TEST_P(CatalogApiTest, ProjectRoundTripsEveryField) {
  v1::Project project = MakeProject(strategy_, "Marine Port AX Center");
  project.set_display_name_ko("부산");
  project.set_description("항만 AX 센터 구축");
  project.set_initiative(initiative_);
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

  const std::string name = "projects/" + Id("marine-port-ax-center");
  Result<v1::Project> created =
      client_->CreateProject(Id("marine-port-ax-center"), project);
  ASSERT_OK(created.status);
  EXPECT_EQ(created.value.name(), name);
  EXPECT_TRUE(HasTimestamp(created.value.create_time()));
  EXPECT_THAT(created.value.update_time(),
              EqualsProto(created.value.create_time()));
  EXPECT_FALSE(created.value.etag().empty());

  v1::Project expected = project;
  expected.set_name(name);
  *expected.mutable_create_time() = created.value.create_time();
  *expected.mutable_update_time() = created.value.update_time();
  expected.set_etag(created.value.etag());
  EXPECT_THAT(created.value, EqualsProto(expected));

  Result<v1::Project> got = client_->GetProject(name);
  ASSERT_OK(got.status);
  EXPECT_THAT(got.value, EqualsProto(expected));
  EXPECT_EQ(got.value.display_name_ko(), "부산");
  EXPECT_TRUE(got.value.has_budget_krw());
  EXPECT_EQ(got.value.budget_krw(), 0);
  EXPECT_TRUE(got.value.has_national_alignment());
  EXPECT_FALSE(got.value.national_alignment());
  EXPECT_THAT(got.value.tags(), ElementsAre("port", "AI", "해양"));
}

TEST_P(CatalogApiTest, ProjectOptionalFiguresStayAbsent) {
  const std::string name = "projects/" + Id("unknown-figures");
  Result<v1::Project> created = client_->CreateProject(
      Id("unknown-figures"), MakeProject(strategy_, "U"));
  ASSERT_OK(created.status);
  for (const v1::Project& project :
       {created.value, client_->GetProject(name).value}) {
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
  patch.set_name(name);
  patch.set_display_name("Renamed");
  Result<v1::Project> updated = client_->UpdateProject(patch, {"display_name"});
  ASSERT_OK(updated.status);
  EXPECT_FALSE(updated.value.has_budget_krw());
  Result<v1::ListProjectsResponse> listed = ProjectsOf(strategy_);
  ASSERT_OK(listed.status);
  ASSERT_EQ(listed.value.projects_size(), 1);
  EXPECT_FALSE(listed.value.projects(0).has_budget_krw());
  EXPECT_FALSE(listed.value.projects(0).has_start_year());
  EXPECT_FALSE(listed.value.projects(0).has_national_alignment());

  // Unknown budget counts as unbudgeted, not as a zero budget.
  Result<v1::Strategy> strategy = client_->GetStrategy(strategy_);
  ASSERT_OK(strategy.status);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.unbudgeted_project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 0);
  EXPECT_EQ(strategy.value.origin_counts().unspecified_count(), 1);
}

// ---------------------------------------------------------------------------
// Validation on the wire

// A bad field is INVALID_ARGUMENT whose message starts with the field's
// path, whether the field belongs to the request (plan_id, parent) or to
// the resource; nothing is created. (Each field's rules are in
// catalog-service/domain/validation_test.cc.)
TEST_P(CatalogApiTest, InvalidCreateNamesTheFieldAndCreatesNothing) {
  v1::CreatePlanRequest plan;
  plan.set_plan_id("Bad-Plan");
  plan.mutable_plan()->set_display_name("New plan");
  EXPECT_THAT(client_->Call(&Stub::CreatePlan, plan).status,
              StatusIs(StatusCode::kInvalidArgument, StartsWith("plan_id")));

  v1::CreateStrategyRequest strategy;
  strategy.set_strategy_id(Id("new-strategy"));
  *strategy.mutable_strategy() = MakeStrategy(plan_, "");
  EXPECT_THAT(client_->Call(&Stub::CreateStrategy, strategy).status,
              StatusIs(StatusCode::kInvalidArgument,
                       StartsWith("strategy.display_name")));

  v1::CreateInitiativeRequest initiative;
  initiative.set_parent("strategies/S");
  initiative.set_initiative_id(Id("new-initiative"));
  initiative.mutable_initiative()->set_display_name("New");
  EXPECT_THAT(client_->Call(&Stub::CreateInitiative, initiative).status,
              StatusIs(StatusCode::kInvalidArgument, StartsWith("parent")));

  v1::CreateProjectRequest project;
  project.set_project_id(Id("new-project"));
  *project.mutable_project() = MakeProject(strategy_, "New");
  project.mutable_project()->set_budget_krw(-1);
  EXPECT_THAT(
      client_->Call(&Stub::CreateProject, project).status,
      StatusIs(StatusCode::kInvalidArgument, StartsWith("project.budget_krw")));

  EXPECT_THAT(client_->GetStrategy("strategies/" + Id("new-strategy")).status,
              HasCode(StatusCode::kNotFound));
  EXPECT_THAT(client_->GetProject("projects/" + Id("new-project")).status,
              HasCode(StatusCode::kNotFound));
  Result<v1::ListInitiativesResponse> initiatives =
      client_->ListInitiatives(strategy_);
  ASSERT_OK(initiatives.status);
  EXPECT_EQ(initiatives.value.total_size(), 1);
  Result<v1::Plan> stored_plan = client_->GetPlan(plan_);
  ASSERT_OK(stored_plan.status);
  EXPECT_EQ(stored_plan.value.strategy_count(), 1);
  EXPECT_EQ(stored_plan.value.initiative_count(), 1);
  EXPECT_EQ(stored_plan.value.project_count(), 0);
}

// Dates are real calendar dates, century leap years included; the domain
// tests check only ordinary years.
TEST_P(CatalogApiTest, CalendarDatesAreRealDates) {
  for (const char* date : {"2024-02-29", "2000-02-29", "2025", "2025-12",
                           "2025-12-31", "1900-01-01"}) {
    SCOPED_TRACE(date);
    v1::Plan plan = MakePlan("Dated");
    plan.set_published(date);
    *plan.add_sources() = MakeSource("Doc", "", date);
    const std::string id = Id(absl::StrCat("d", std::string(date).substr(0, 4),
                                           std::string(date).size()));
    Result<v1::Plan> created = client_->CreatePlan(id, plan);
    ASSERT_OK(created.status);
    EXPECT_EQ(created.value.published(), date);
    EXPECT_EQ(client_->GetPlan("plans/" + id).value.sources(0).published(),
              date);
    ASSERT_OK(client_->DeletePlan("plans/" + id));
  }
  for (const char* date : {"1900-02-29", "2025-00", "2025-06-31", "2025-1-01",
                           "25-01-01", "2025/01/01", "2025-01-01T00:00:00Z"}) {
    SCOPED_TRACE(date);
    v1::Plan plan = MakePlan("Dated");
    plan.set_published(date);
    EXPECT_THAT(
        client_->CreatePlan(Id("dated"), plan).status,
        StatusIs(StatusCode::kInvalidArgument, StartsWith("plan.published")));
  }
  EXPECT_THAT(client_->GetPlan("plans/" + Id("dated")).status,
              HasCode(StatusCode::kNotFound));
}

// Source.url: "when set, an absolute http(s) URL". A scheme alone has no
// host, and text with spaces is not a URL (the domain tests check only
// other schemes and relative URLs).
TEST_P(CatalogApiTest, SourceUrlMustBeAnAbsoluteHttpUrl) {
  const std::string id = Id("sourced");
  for (const char* url : {"https://", "http://", "https:///no-host",
                          "https://exa mple.org/", "https://example.org/a b"}) {
    SCOPED_TRACE(url);
    v1::Project project = MakeProject(strategy_, "With source");
    *project.add_sources() = MakeSource("Doc", url, "");
    const grpc::Status status = client_->CreateProject(id, project).status;
    EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument,
                                 StartsWith("project.sources[0].url")));
    if (status.ok()) {
      ASSERT_OK(client_->DeleteProject("projects/" + id));
    }
  }
  for (const char* url :
       {"https://example.org", "http://example.org/a/b?c=d&e=f#g",
        "https://www.busan.go.kr/board/view?id=%EB%B6%80"}) {
    SCOPED_TRACE(url);
    v1::Project project = MakeProject(strategy_, "With source");
    *project.add_sources() = MakeSource("Doc", url, "");
    Result<v1::Project> created = client_->CreateProject(id, project);
    ASSERT_OK(created.status);
    EXPECT_EQ(created.value.sources(0).url(), url);
    ASSERT_OK(client_->DeleteProject("projects/" + id));
  }
}

// ---------------------------------------------------------------------------
// Status codes and the fields that carry them

// Updates check references like creates do: a missing strategy or
// initiative, or an initiative of another strategy, is FAILED_PRECONDITION
// naming it, and changes nothing.
TEST_P(CatalogApiTest, ProjectReferencesMustExistOnUpdate) {
  const std::string other = "strategies/" + Id("other");
  const std::string other_initiative = other + "/initiatives/" + Id("oi");
  ASSERT_OK(client_->CreateStrategy(Id("other"), MakeStrategy(plan_, "Other"))
                .status);
  ASSERT_OK(client_
                ->CreateInitiative(other, Id("oi"),
                                   MakeInitiative("Other initiative"))
                .status);
  v1::Project project = MakeProject(strategy_, "P");
  project.set_initiative(initiative_);
  project.set_budget_krw(100);
  const v1::Project stored = CreateProjectOrDie(Id("p1"), project);

  v1::Project patch;
  patch.set_name(stored.name());
  patch.set_strategy("strategies/missing");
  patch.clear_initiative();
  EXPECT_THAT(client_->UpdateProject(patch, {"strategy", "initiative"}).status,
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("strategies/missing")));

  // Moving to another strategy but keeping the old strategy's initiative.
  patch.set_strategy(other);
  EXPECT_THAT(
      client_->UpdateProject(patch, {"strategy"}).status,
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr(initiative_)));

  // The other strategy's initiative under the old strategy.
  patch.set_initiative(other_initiative);
  EXPECT_THAT(
      client_->UpdateProject(patch, {"initiative"}).status,
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr(other_initiative)));

  const std::string missing_initiative = strategy_ + "/initiatives/missing";
  patch.set_initiative(missing_initiative);
  EXPECT_THAT(
      client_->UpdateProject(patch, {"initiative"}).status,
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr(missing_initiative)));

  EXPECT_THAT(client_->GetProject(stored.name()).value, EqualsProto(stored));
  EXPECT_EQ(client_->GetStrategy(strategy_).value.total_budget_krw(), 100);
  EXPECT_EQ(client_->GetStrategy(other).value.project_count(), 0);
  EXPECT_EQ(client_->GetInitiative(initiative_).value.project_count(), 1);

  // Both fields together is a valid move.
  patch.set_strategy(other);
  patch.set_initiative(other_initiative);
  Result<v1::Project> moved =
      client_->UpdateProject(patch, {"strategy", "initiative"});
  ASSERT_OK(moved.status);
  EXPECT_EQ(moved.value.strategy(), other);
  EXPECT_EQ(moved.value.initiative(), other_initiative);
  EXPECT_EQ(client_->GetStrategy(strategy_).value.project_count(), 0);
  EXPECT_EQ(client_->GetStrategy(other).value.total_budget_krw(), 100);
}

// DeletePlan, DeleteStrategy and DeleteInitiative carry `force`: without
// it a resource with children is FAILED_PRECONDITION naming it and stays;
// with it, it goes.
TEST_P(CatalogApiTest, DeletingAResourceWithChildrenNeedsForce) {
  v1::Project used = MakeProject(strategy_, "Used");
  used.set_initiative(initiative_);
  used = CreateProjectOrDie(Id("used"), used);

  EXPECT_THAT(
      client_->DeleteInitiative(initiative_),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr(initiative_)));
  ASSERT_OK(client_->GetInitiative(initiative_).status);
  ASSERT_OK(client_->DeleteInitiative(initiative_, "", /*force=*/true));
  EXPECT_THAT(client_->GetInitiative(initiative_).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(initiative_)));

  EXPECT_THAT(client_->DeleteStrategy(strategy_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(strategy_)));
  ASSERT_OK(client_->GetProject(used.name()).status);
  ASSERT_OK(client_->DeleteStrategy(strategy_, "", /*force=*/true));
  EXPECT_THAT(client_->GetStrategy(strategy_).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy_)));
  EXPECT_THAT(client_->GetProject(used.name()).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(used.name())));

  const std::string remaining = "strategies/" + Id("remaining");
  ASSERT_OK(client_->CreateStrategy(Id("remaining"), MakeStrategy(plan_, "R"))
                .status);
  EXPECT_THAT(client_->DeletePlan(plan_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(plan_)));
  ASSERT_OK(client_->GetStrategy(remaining).status);
  ASSERT_OK(client_->DeletePlan(plan_, "", /*force=*/true));
  EXPECT_THAT(client_->GetPlan(plan_).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(plan_)));
  EXPECT_THAT(client_->GetStrategy(remaining).status,
              HasCode(StatusCode::kNotFound));
}

TEST_P(CatalogApiTest, DuplicateCreateIsAlreadyExistsAndChangesNothing) {
  const v1::Project project =
      CreateProjectOrDie(Id("x"), MakeProject(strategy_, "X"));
  v1::Project again = MakeProject(strategy_, "Again");
  again.set_budget_krw(5);
  EXPECT_THAT(client_->CreateProject(Id("x"), again).status,
              StatusIs(StatusCode::kAlreadyExists, HasSubstr(project.name())));
  EXPECT_THAT(client_->GetProject(project.name()).value, EqualsProto(project));
  Result<v1::Strategy> after = client_->GetStrategy(strategy_);
  EXPECT_EQ(after.value.project_count(), 1);
  EXPECT_EQ(after.value.total_budget_krw(), 0);
}

TEST_P(CatalogApiTest, MissingResourcesAreNotFoundNamingThem) {
  const std::string plan = "plans/nope";
  EXPECT_THAT(client_->GetPlan(plan).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(plan)));
  v1::Plan plan_patch = MakePlan("X");
  plan_patch.set_name(plan);
  EXPECT_THAT(client_->UpdatePlan(plan_patch, {}).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(plan)));
  EXPECT_THAT(client_->DeletePlan(plan),
              StatusIs(StatusCode::kNotFound, HasSubstr(plan)));

  const std::string strategy = "strategies/nope";
  EXPECT_THAT(client_->GetStrategy(strategy).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy)));
  v1::Strategy strategy_patch = MakeStrategy(plan_, "X");
  strategy_patch.set_name(strategy);
  EXPECT_THAT(client_->UpdateStrategy(strategy_patch, {"display_name"}).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy)));
  EXPECT_THAT(client_->DeleteStrategy(strategy, "", true),
              StatusIs(StatusCode::kNotFound, HasSubstr(strategy)));

  const std::string initiative = strategy_ + "/initiatives/nope";
  EXPECT_THAT(client_->GetInitiative(initiative).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(initiative)));
  v1::Initiative initiative_patch = MakeInitiative("X");
  initiative_patch.set_name(initiative);
  EXPECT_THAT(
      client_->UpdateInitiative(initiative_patch, {"display_name"}).status,
      StatusIs(StatusCode::kNotFound, HasSubstr(initiative)));
  EXPECT_THAT(client_->DeleteInitiative(initiative),
              StatusIs(StatusCode::kNotFound, HasSubstr(initiative)));
  EXPECT_THAT(client_->GetInitiative("strategies/nope/initiatives/i").status,
              StatusIs(StatusCode::kNotFound,
                       HasSubstr("strategies/nope/initiatives/i")));

  const std::string project = "projects/nope";
  EXPECT_THAT(client_->GetProject(project).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(project)));
  v1::Project project_patch = MakeProject(strategy_, "X");
  project_patch.set_name(project);
  EXPECT_THAT(client_->UpdateProject(project_patch, {"display_name"}).status,
              StatusIs(StatusCode::kNotFound, HasSubstr(project)));
  EXPECT_THAT(client_->DeleteProject(project),
              StatusIs(StatusCode::kNotFound, HasSubstr(project)));
  // Update never creates.
  EXPECT_THAT(client_->GetProject(project).status,
              HasCode(StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------
// Update masks and etags

TEST_P(CatalogApiTest, UpdateMaskChangesOnlyListedFields) {
  v1::Project project = MakeProject(strategy_, "Original");
  project.set_description("original description");
  project.set_budget_krw(100);
  project.add_tags("a");
  project.set_origin(v1::Project::NEW);
  project.set_national_alignment(true);
  const v1::Project stored = CreateProjectOrDie(Id("p1"), project);

  v1::Project patch;
  patch.set_name(stored.name());
  patch.set_display_name("Renamed");
  patch.set_budget_krw(250);
  patch.set_description("must not be applied");
  patch.add_tags("must-not-be-applied");
  patch.set_stage(v1::Project::COMPLETED);
  Result<v1::Project> updated =
      client_->UpdateProject(patch, {"display_name", "budget_krw"});
  ASSERT_OK(updated.status);

  // Only the listed fields, the etag and update_time change.
  EXPECT_NE(updated.value.etag(), stored.etag());
  EXPECT_GE(Nanos(updated.value.update_time()), Nanos(stored.update_time()));
  v1::Project expected = stored;
  expected.set_display_name("Renamed");
  expected.set_budget_krw(250);
  expected.set_etag(updated.value.etag());
  *expected.mutable_update_time() = updated.value.update_time();
  EXPECT_THAT(updated.value, EqualsProto(expected));
  EXPECT_THAT(client_->GetProject(stored.name()).value, EqualsProto(expected));
  EXPECT_EQ(client_->GetStrategy(strategy_).value.total_budget_krw(), 250);

  // Repeated and message fields are replaced as a whole.
  v1::Project tags_patch;
  tags_patch.set_name(stored.name());
  tags_patch.add_tags("x");
  tags_patch.add_tags("y");
  *tags_patch.add_sources() = MakeSource("New source", "", "2025");
  Result<v1::Project> retagged =
      client_->UpdateProject(tags_patch, {"tags", "sources"});
  ASSERT_OK(retagged.status);
  EXPECT_THAT(retagged.value.tags(), ElementsAre("x", "y"));
  ASSERT_EQ(retagged.value.sources_size(), 1);
  EXPECT_EQ(retagged.value.sources(0).title(), "New source");
  EXPECT_EQ(retagged.value.display_name(), "Renamed");

  // Plans: a nested message field in the mask.
  v1::Plan plan_patch;
  plan_patch.set_name(plan_);
  plan_patch.mutable_declared_origin_counts()->set_new_count(3);
  plan_patch.set_display_name("must not be applied");
  Result<v1::Plan> plan =
      client_->UpdatePlan(plan_patch, {"declared_origin_counts"});
  ASSERT_OK(plan.status);
  EXPECT_EQ(plan.value.declared_origin_counts().new_count(), 3);
  EXPECT_EQ(plan.value.display_name(), "Plan P");
}

TEST_P(CatalogApiTest, EtagsGuardProjectUpdatesAndDeletes) {
  const v1::Project created =
      CreateProjectOrDie(Id("p1"), MakeProject(strategy_, "P"));
  v1::Project patch;
  patch.set_name(created.name());
  patch.set_etag(created.etag());
  patch.set_display_name("First");
  Result<v1::Project> first = client_->UpdateProject(patch, {"display_name"});
  ASSERT_OK(first.status);
  EXPECT_NE(first.value.etag(), created.etag());

  // The old etag is now stale.
  patch.set_display_name("Second");
  patch.set_budget_krw(9);
  EXPECT_THAT(
      client_->UpdateProject(patch, {"display_name", "budget_krw"}).status,
      StatusIs(StatusCode::kAborted, HasSubstr("etag")));
  EXPECT_THAT(client_->GetProject(created.name()).value,
              EqualsProto(first.value));
  EXPECT_EQ(client_->GetStrategy(strategy_).value.total_budget_krw(), 0);
  EXPECT_THAT(client_->DeleteProject(created.name(), created.etag()),
              StatusIs(StatusCode::kAborted, HasSubstr("etag")));
  ASSERT_OK(client_->GetProject(created.name()).status);
  EXPECT_THAT(client_->DeleteProject(created.name(), "bogus"),
              HasCode(StatusCode::kAborted));

  // The current etag works, for an update and then a delete.
  patch.set_etag(first.value.etag());
  Result<v1::Project> second = client_->UpdateProject(patch, {"display_name"});
  ASSERT_OK(second.status);
  EXPECT_EQ(second.value.display_name(), "Second");
  ASSERT_OK(client_->DeleteProject(created.name(), second.value.etag()));
  EXPECT_THAT(client_->GetProject(created.name()).status,
              HasCode(StatusCode::kNotFound));
}

TEST_P(CatalogApiTest, EtagsGuardPlansStrategiesAndInitiatives) {
  // Plans.
  const v1::Plan plan = client_->GetPlan(plan_).value;
  v1::Plan plan_patch;
  plan_patch.set_name(plan_);
  plan_patch.set_etag("stale");
  plan_patch.set_description("x");
  EXPECT_THAT(client_->UpdatePlan(plan_patch, {"description"}).status,
              StatusIs(StatusCode::kAborted, HasSubstr("etag")));
  EXPECT_THAT(client_->GetPlan(plan_).value, EqualsProto(plan));
  plan_patch.set_etag(plan.etag());
  Result<v1::Plan> plan_updated =
      client_->UpdatePlan(plan_patch, {"description"});
  ASSERT_OK(plan_updated.status);
  EXPECT_NE(plan_updated.value.etag(), plan.etag());
  EXPECT_THAT(client_->DeletePlan(plan_, plan.etag(), true),
              HasCode(StatusCode::kAborted));
  ASSERT_OK(client_->GetStrategy(strategy_).status);

  // Strategies.
  const v1::Strategy strategy = client_->GetStrategy(strategy_).value;
  v1::Strategy strategy_patch;
  strategy_patch.set_name(strategy_);
  strategy_patch.set_etag(strategy.etag());
  strategy_patch.set_ordinal(5);
  Result<v1::Strategy> strategy_updated =
      client_->UpdateStrategy(strategy_patch, {"ordinal"});
  ASSERT_OK(strategy_updated.status);
  EXPECT_NE(strategy_updated.value.etag(), strategy.etag());
  strategy_patch.set_ordinal(6);
  EXPECT_THAT(client_->UpdateStrategy(strategy_patch, {"ordinal"}).status,
              HasCode(StatusCode::kAborted));
  EXPECT_EQ(client_->GetStrategy(strategy_).value.ordinal(), 5);
  EXPECT_THAT(client_->DeleteStrategy(strategy_, strategy.etag(), true),
              HasCode(StatusCode::kAborted));
  ASSERT_OK(client_->GetInitiative(initiative_).status);

  // Initiatives.
  const v1::Initiative initiative = client_->GetInitiative(initiative_).value;
  v1::Initiative initiative_patch;
  initiative_patch.set_name(initiative_);
  initiative_patch.set_etag(initiative.etag() + "0");
  initiative_patch.set_display_name("Y");
  EXPECT_THAT(
      client_->UpdateInitiative(initiative_patch, {"display_name"}).status,
      HasCode(StatusCode::kAborted));
  EXPECT_THAT(client_->DeleteInitiative(initiative_, initiative.etag() + "0"),
              HasCode(StatusCode::kAborted));
  ASSERT_OK(client_->DeleteInitiative(initiative_, initiative.etag()));
  EXPECT_THAT(client_->GetInitiative(initiative_).status,
              HasCode(StatusCode::kNotFound));

  ASSERT_OK(client_->DeleteStrategy(strategy_, strategy_updated.value.etag()));
  ASSERT_OK(client_->DeletePlan(plan_, plan_updated.value.etag()));
  EXPECT_THAT(client_->GetPlan(plan_).status, HasCode(StatusCode::kNotFound));
}

// ---------------------------------------------------------------------------
// Racing clients

// A delete racing an update that read the project before it: the update
// lands first or is refused, and never brings the deleted project back.
TEST_P(CatalogApiTest, DeleteRacingAStaleUpdateNeverResurrects) {
  constexpr int kRounds = 50;
  int updates_first = 0;
  for (int round = 0; round < kRounds; ++round) {
    v1::Project project = MakeProject(strategy_, "Doomed");
    project.set_budget_krw(10);
    const v1::Project created =
        CreateProjectOrDie(Id(absl::StrCat("doomed-", round)), project);
    Result<v1::Project> updated;
    grpc::Status deleted;
    std::latch start(2);
    std::thread updater([&] {
      Client client(*target_);
      v1::Project patch;
      patch.set_name(created.name());
      patch.set_etag(created.etag());
      patch.set_budget_krw(20);
      start.arrive_and_wait();
      updated = client.UpdateProject(patch, {"budget_krw"});
    });
    std::thread deleter([&] {
      Client client(*target_);
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
    EXPECT_THAT(client_->GetProject(created.name()).status,
                StatusIs(StatusCode::kNotFound, _))
        << "round " << round << ": the deleted project came back";
  }
  Result<v1::Strategy> strategy = client_->GetStrategy(strategy_);
  EXPECT_EQ(strategy.value.project_count(), 0);
  EXPECT_EQ(strategy.value.total_budget_krw(), 0);
  printf(
      "%d rounds of delete against a stale update: the update came first "
      "%d times, was refused %d times; nothing came back\n",
      kRounds, updates_first, kRounds - updates_first);
}

TEST_P(CatalogApiTest, ConcurrentCreatesOfOneIdHaveExactlyOneWinner) {
  constexpr int kThreads = 8;
  const std::string id = Id("race");
  std::vector<Result<v1::Project>> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(*target_);
      v1::Project project = MakeProject(strategy_, absl::StrCat("Racer ", t));
      project.set_budget_krw(t + 1);
      start.arrive_and_wait();
      results[t] = client.CreateProject(id, project);
    });
  }
  for (std::thread& thread : threads) thread.join();
  int winner = -1;
  for (int t = 0; t < kThreads; ++t) {
    if (results[t].status.ok()) {
      EXPECT_EQ(winner, -1) << "two winners";
      winner = t;
    } else {
      EXPECT_THAT(results[t].status,
                  StatusIs(StatusCode::kAlreadyExists, HasSubstr(id)));
    }
  }
  ASSERT_NE(winner, -1);
  EXPECT_THAT(client_->GetProject("projects/" + id).value,
              EqualsProto(results[winner].value));
  Result<v1::Strategy> strategy = client_->GetStrategy(strategy_);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), winner + 1);
}

TEST_P(CatalogApiTest, ConcurrentRetriesOfOneRequestApplyOnce) {
  constexpr int kThreads = 8;
  const std::string request_id = NewRequestId();
  std::vector<Result<v1::Project>> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(*target_);
      v1::Project project = MakeProject(strategy_, "Retried");
      project.set_budget_krw(500);
      start.arrive_and_wait();
      results[t] = client.CreateProject(Id("retried"), project, request_id);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_OK(results[t].status) << t;
    EXPECT_THAT(results[t].value, EqualsProto(results[0].value)) << t;
  }
  Result<v1::Strategy> strategy = client_->GetStrategy(strategy_);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 500);
}

// Concurrent creates and moves between strategies: the domain tests race
// creates only.
TEST_P(CatalogApiTest, ConcurrentWritesKeepDerivedTotalsExact) {
  const std::string s2 = "strategies/" + Id("s2");
  ASSERT_OK(
      client_->CreateStrategy(Id("s2"), MakeStrategy(plan_, "S2")).status);
  constexpr int kThreads = 6;
  constexpr int kPerThread = 8;
  std::latch start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Client client(*target_);
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        v1::Project project = MakeProject(t % 2 == 0 ? strategy_ : s2, "P");
        project.set_budget_krw(t * 100 + i);
        if (t % 2 == 0 && i % 2 == 0) project.set_initiative(initiative_);
        const std::string id = Id(absl::StrCat("t", t, "-", i));
        if (!client.CreateProject(id, project).status.ok()) ++failures;
        // Every third project moves to the other strategy right away.
        if (i % 3 == 0) {
          v1::Project patch;
          patch.set_name("projects/" + id);
          patch.set_strategy(t % 2 == 0 ? s2 : strategy_);
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
  Result<v1::Strategy> s = client_->GetStrategy(strategy_);
  Result<v1::Strategy> other = client_->GetStrategy(s2);
  Result<v1::Initiative> i = client_->GetInitiative(initiative_);
  Result<v1::Plan> p = client_->GetPlan(plan_);
  EXPECT_EQ(s.value.project_count(), count[0]);
  EXPECT_EQ(s.value.total_budget_krw(), budget[0]);
  EXPECT_EQ(other.value.project_count(), count[1]);
  EXPECT_EQ(other.value.total_budget_krw(), budget[1]);
  EXPECT_EQ(i.value.project_count(), in_initiative);
  EXPECT_EQ(i.value.total_budget_krw(), initiative_budget);
  EXPECT_EQ(p.value.project_count(), kThreads * kPerThread);
  EXPECT_EQ(p.value.total_budget_krw(), budget[0] + budget[1]);
  EXPECT_EQ(p.value.origin_counts().unspecified_count(), kThreads * kPerThread);
}

// ---------------------------------------------------------------------------
// request_id: the handler keys a write's outcome by the whole request and
// its method

TEST_P(CatalogApiTest, RetriedCreateReturnsTheOriginalResult) {
  const std::string request_id = NewRequestId();
  v1::Project project = MakeProject(strategy_, "Once");
  project.set_budget_krw(10);
  Result<v1::Project> first =
      client_->CreateProject(Id("once"), project, request_id);
  ASSERT_OK(first.status);
  Result<v1::Project> retry =
      client_->CreateProject(Id("once"), project, request_id);
  ASSERT_OK(retry.status);
  EXPECT_THAT(retry.value, EqualsProto(first.value));
  EXPECT_THAT(client_->GetProject(first.value.name()).value,
              EqualsProto(first.value));
  Result<v1::Strategy> strategy = client_->GetStrategy(strategy_);
  EXPECT_EQ(strategy.value.project_count(), 1);
  EXPECT_EQ(strategy.value.total_budget_krw(), 10);

  // Without a request_id the same create is a conflict.
  EXPECT_THAT(client_->CreateProject(Id("once"), project).status,
              HasCode(StatusCode::kAlreadyExists));
}

TEST_P(CatalogApiTest, RequestIdReusedWithAnotherPayloadIsInvalid) {
  const std::string request_id = NewRequestId();
  const std::string first = "projects/" + Id("first");
  ASSERT_OK(client_
                ->CreateProject(Id("first"), MakeProject(strategy_, "First"),
                                request_id)
                .status);
  EXPECT_THAT(client_
                  ->CreateProject(Id("second"),
                                  MakeProject(strategy_, "Second"), request_id)
                  .status,
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(client_
                  ->CreateProject(Id("first"),
                                  MakeProject(strategy_, "Changed"), request_id)
                  .status,
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(client_->GetProject("projects/" + Id("second")).status,
              HasCode(StatusCode::kNotFound));
  EXPECT_EQ(client_->GetProject(first).value.display_name(), "First");
  EXPECT_EQ(client_->GetStrategy(strategy_).value.project_count(), 1);

  // ... or for another method.
  v1::Project patch;
  patch.set_name(first);
  patch.set_display_name("Hijacked");
  EXPECT_THAT(
      client_->UpdateProject(patch, {"display_name"}, request_id).status,
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(client_->DeleteProject(first, "", request_id),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_THAT(
      client_->CreatePlan(Id("hijack"), MakePlan("H"), request_id).status,
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_EQ(client_->GetProject(first).value.display_name(), "First");
  EXPECT_THAT(client_->GetPlan("plans/" + Id("hijack")).status,
              HasCode(StatusCode::kNotFound));

  // A delete's id reused to delete another project.
  const std::string delete_request = NewRequestId();
  const v1::Project second =
      CreateProjectOrDie(Id("second"), MakeProject(strategy_, "Second"));
  ASSERT_OK(client_->DeleteProject(second.name(), "", delete_request));
  EXPECT_THAT(client_->DeleteProject(first, "", delete_request),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("request_id")));
  ASSERT_OK(client_->GetProject(first).status);
}

// ---------------------------------------------------------------------------
// BatchGetProjects

TEST_P(CatalogApiTest, BatchGetKeepsRequestOrderAndDuplicates) {
  std::vector<v1::Project> stored;
  for (const char* id : {"a", "b", "c"}) {
    stored.push_back(CreateProjectOrDie(Id(id), MakeProject(strategy_, id)));
  }
  Result<v1::BatchGetProjectsResponse> got = client_->BatchGetProjects(
      {stored[2].name(), stored[0].name(), stored[2].name(), stored[1].name()});
  ASSERT_OK(got.status);
  ASSERT_EQ(got.value.projects_size(), 4);
  EXPECT_THAT(got.value.projects(0), EqualsProto(stored[2]));
  EXPECT_THAT(got.value.projects(1), EqualsProto(stored[0]));
  EXPECT_THAT(got.value.projects(2), EqualsProto(stored[2]));
  EXPECT_THAT(got.value.projects(3), EqualsProto(stored[1]));

  Result<v1::BatchGetProjectsResponse> empty = client_->BatchGetProjects({});
  ASSERT_OK(empty.status);
  EXPECT_EQ(empty.value.projects_size(), 0);
}

TEST_P(CatalogApiTest, BatchGetTakesAtMostAThousandNames) {
  const v1::Project a =
      CreateProjectOrDie(Id("a"), MakeProject(strategy_, "A"));
  std::vector<std::string> names(1000, a.name());
  Result<v1::BatchGetProjectsResponse> thousand =
      client_->BatchGetProjects(names);
  ASSERT_OK(thousand.status);
  EXPECT_EQ(thousand.value.projects_size(), 1000);
  names.push_back(a.name());
  Result<v1::BatchGetProjectsResponse> too_many =
      client_->BatchGetProjects(names);
  EXPECT_THAT(too_many.status,
              StatusIs(StatusCode::kInvalidArgument, StartsWith("names")));
  EXPECT_EQ(too_many.value.projects_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(, CatalogApiTest, ::testing::Values(kBuiltTarget),
                         TargetKindName);

}  // namespace
}  // namespace busan::testing
