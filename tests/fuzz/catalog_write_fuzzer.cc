// Write requests from the fuzzer applied to the catalog domain, whose store
// lives in memory and persists across inputs, so sequences of writes are
// explored. The first byte picks the method, the rest is its serialized
// request (the corpus holds valid ones).
//
// Invariants: every refusal has a documented code (never INTERNAL or
// UNKNOWN); a write that succeeds is what Get returns next; and, checked
// every kCheckEvery inputs, every strategy's and plan's derived figures
// equal the sums over the stored projects.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/catalog.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/write_fuzzing.h"

namespace {

namespace v1 = busan::catalog::v1;
using busan::catalog::Catalog;
using busan::fuzzing::CheckDocumentedCode;
using busan::fuzzing::CheckReadBack;
using busan::fuzzing::Run;

constexpr int kCheckEvery = 256;
// The store starts over after this many inputs, so memory stays bounded.
constexpr int kResetEvery = 20000;

template <typename Response, typename List>
void ForAll(List list, const std::function<void(const Response&)>& each) {
  busan::listing::ListQuery query;
  query.page_size = 1000;
  do {
    Response page;
    const absl::Status status = list(query, &page);
    FUZZ_CHECK(status.ok(), "list: %s", status.ToString().c_str());
    each(page);
    query.page_token = page.next_page_token();
  } while (!query.page_token.empty());
}

struct Sums {
  int64_t projects = 0;
  int64_t budget = 0;
  int64_t unbudgeted = 0;
  int64_t strategies = 0;
};

void Add(const v1::Project& project, Sums* sums) {
  ++sums->projects;
  if (project.has_budget_krw()) {
    sums->budget += project.budget_krw();
  } else {
    ++sums->unbudgeted;
  }
}

void CheckTotals(const Catalog& catalog) {
  std::vector<v1::Strategy> strategies;
  std::map<std::string, Sums> by_strategy;
  std::map<std::string, std::string> plan_of;
  std::map<std::string, Sums> by_plan;
  ForAll<v1::ListStrategiesResponse>(
      [&](const auto& q, auto* r) { return catalog.ListStrategies(q, r); },
      [&](const v1::ListStrategiesResponse& page) {
        for (const v1::Strategy& strategy : page.strategies()) {
          plan_of[strategy.name()] = strategy.plan();
          ++by_plan[strategy.plan()].strategies;
          strategies.push_back(strategy);
        }
      });
  ForAll<v1::ListProjectsResponse>(
      [&](const auto& q, auto* r) { return catalog.ListProjects(q, r); },
      [&](const v1::ListProjectsResponse& page) {
        for (const v1::Project& project : page.projects()) {
          Add(project, &by_strategy[project.strategy()]);
          Add(project, &by_plan[plan_of[project.strategy()]]);
        }
      });
  for (const v1::Strategy& s : strategies) {
    const Sums& sums = by_strategy[s.name()];
    FUZZ_CHECK(s.project_count() == sums.projects &&
                   s.total_budget_krw() == sums.budget &&
                   s.unbudgeted_project_count() == sums.unbudgeted,
               "%s: derived %lld projects, %lld KRW, %lld unbudgeted; "
               "stored %lld, %lld, %lld",
               s.name().c_str(), (long long)s.project_count(),
               (long long)s.total_budget_krw(),
               (long long)s.unbudgeted_project_count(),
               (long long)sums.projects, (long long)sums.budget,
               (long long)sums.unbudgeted);
  }
  ForAll<v1::ListPlansResponse>(
      [&](const auto& q, auto* r) { return catalog.ListPlans(q, r); },
      [&](const v1::ListPlansResponse& page) {
        for (const v1::Plan& p : page.plans()) {
          const Sums& sums = by_plan[p.name()];
          FUZZ_CHECK(p.project_count() == sums.projects &&
                         p.total_budget_krw() == sums.budget &&
                         p.unbudgeted_project_count() == sums.unbudgeted &&
                         p.strategy_count() == sums.strategies,
                     "%s: derived figures differ from the stored projects",
                     p.name().c_str());
        }
      });
}

void Apply(Catalog& c, uint8_t method, const uint8_t* bytes, size_t size) {
  auto plan = [&c](absl::string_view n, v1::Plan* r) {
    return c.GetPlan(n, r);
  };
  auto strategy = [&c](absl::string_view n, v1::Strategy* r) {
    return c.GetStrategy(n, r);
  };
  auto initiative = [&c](absl::string_view n, v1::Initiative* r) {
    return c.GetInitiative(n, r);
  };
  auto project = [&c](absl::string_view n, v1::Project* r) {
    return c.GetProject(n, r);
  };
  switch (method % 12) {
    case 0:
      Run<v1::CreatePlanRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.CreatePlan(r.plan_id(), r.plan(), w), "CreatePlan",
                          plan);
          });
      break;
    case 1:
      Run<v1::UpdatePlanRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.UpdatePlan(r.plan(), r.update_mask(), w),
                          "UpdatePlan", plan);
          });
      break;
    case 2:
      Run<v1::DeletePlanRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(c.DeletePlan(r.name(), r.etag(), r.force(), w),
                                "DeletePlan");
          });
      break;
    case 3:
      Run<v1::CreateStrategyRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.CreateStrategy(r.strategy_id(), r.strategy(), w),
                          "CreateStrategy", strategy);
          });
      break;
    case 4:
      Run<v1::UpdateStrategyRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.UpdateStrategy(r.strategy(), r.update_mask(), w),
                          "UpdateStrategy", strategy);
          });
      break;
    case 5:
      Run<v1::DeleteStrategyRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(
                c.DeleteStrategy(r.name(), r.etag(), r.force(), w),
                "DeleteStrategy");
          });
      break;
    case 6:
      Run<v1::CreateInitiativeRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.CreateInitiative(r.parent(), r.initiative_id(),
                                             r.initiative(), w),
                          "CreateInitiative", initiative);
          });
      break;
    case 7:
      Run<v1::UpdateInitiativeRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(
                c.UpdateInitiative(r.initiative(), r.update_mask(), w),
                "UpdateInitiative", initiative);
          });
      break;
    case 8:
      Run<v1::DeleteInitiativeRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(
                c.DeleteInitiative(r.name(), r.etag(), r.force(), w),
                "DeleteInitiative");
          });
      break;
    case 9:
      Run<v1::CreateProjectRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.CreateProject(r.project_id(), r.project(), w),
                          "CreateProject", project);
          });
      break;
    case 10:
      Run<v1::UpdateProjectRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(c.UpdateProject(r.project(), r.update_mask(), w),
                          "UpdateProject", project);
          });
      break;
    case 11:
      Run<v1::DeleteProjectRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(c.DeleteProject(r.name(), r.etag(), w),
                                "DeleteProject");
          });
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto* state = new busan::fuzzing::InMemoryService<
      Catalog, busan::catalog::CatalogOptions>(kResetEvery);
  if (size == 0) return 0;
  Catalog& catalog = state->Next();
  Apply(catalog, data[0], data + 1, size - 1);
  if (state->inputs() % kCheckEvery == 0) CheckTotals(catalog);
  return 0;
}
