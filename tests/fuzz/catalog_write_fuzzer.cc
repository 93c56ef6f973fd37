// Programs of catalog writes (see ForEachOperation in write_fuzzing.h: a
// selector byte per operation picks the method, see Apply; a length and the
// serialized request follow), each run on a fresh in-memory store.
//
// Invariants: every refusal has a documented code (never INTERNAL or
// UNKNOWN); a write that succeeds is what Get returns next; and, after
// every program, every strategy's and plan's derived figures equal the sums
// over the stored projects filed under it (a project filed under no
// strategy counts toward nothing).
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
using busan::fuzzing::CheckedAdd;
using busan::fuzzing::CheckReadBack;
using busan::fuzzing::Run;

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

// A strategy's or plan's figures as summed from its projects. Budgets are
// non-negative (validation refuses others), so a sum that leaves int64
// means the real total does too, which the domain must have refused with
// OUT_OF_RANGE: `overflowed` records that, and CheckTotals reports it.
struct Sums {
  int64_t projects = 0;
  int64_t budget = 0;
  int64_t unbudgeted = 0;
  int64_t strategies = 0;
  bool overflowed = false;
};

void Add(const v1::Project& project, Sums* sums) {
  CheckedAdd(1, &sums->projects, &sums->overflowed);
  if (project.has_budget_krw()) {
    CheckedAdd(project.budget_krw(), &sums->budget, &sums->overflowed);
  } else {
    CheckedAdd(1, &sums->unbudgeted, &sums->overflowed);
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
          if (!strategy.plan().empty()) {
            Sums& plan = by_plan[strategy.plan()];
            CheckedAdd(1, &plan.strategies, &plan.overflowed);
          }
          strategies.push_back(strategy);
        }
      });
  ForAll<v1::ListProjectsResponse>(
      [&](const auto& q, auto* r) { return catalog.ListProjects(q, r); },
      [&](const v1::ListProjectsResponse& page) {
        for (const v1::Project& project : page.projects()) {
          // Filed under no strategy: the domain keeps no total for these.
          if (project.strategy().empty()) continue;
          Add(project, &by_strategy[project.strategy()]);
          const auto plan = plan_of.find(project.strategy());
          if (plan == plan_of.end() || plan->second.empty()) continue;
          Add(project, &by_plan[plan->second]);
        }
      });
  for (const v1::Strategy& s : strategies) {
    const Sums& sums = by_strategy[s.name()];
    FUZZ_CHECK(!sums.overflowed,
               "%s: its projects' budgets sum past int64, yet were stored",
               s.name().c_str());
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
          FUZZ_CHECK(!sums.overflowed,
                     "%s: its projects' budgets sum past int64, yet were "
                     "stored",
                     p.name().c_str());
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
  busan::fuzzing::FreshService<Catalog, busan::catalog::CatalogOptions> catalog;
  busan::fuzzing::ForEachOperation(
      data, size, [&](uint8_t selector, const uint8_t* bytes, size_t length) {
        Apply(*catalog, selector, bytes, length);
      });
  CheckTotals(*catalog);
  return 0;
}
