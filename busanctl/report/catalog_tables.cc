#include "busanctl/report/catalog_tables.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using Align = Table::Align;
using Column = Table::Column;

// Column caps that keep a typical list within about 160 terminal columns.
Column DeclaredProjectsColumn() {
  return {"DECLARED PROJECTS", Align::kRight, 12};
}
Column DeclaredBudgetColumn() {
  return {"DECLARED BUDGET (KRW)", Align::kRight, 26};
}
Column ProjectsColumn() { return {"PROJECTS", Align::kRight, 12}; }
Column BudgetColumn() { return {"BUDGET (KRW)", Align::kRight, 26}; }

template <typename Enum, typename Name>
std::string EnumText(Enum value, Name name) {
  return static_cast<int>(value) == 0 ? "-" : name(value);
}

}  // namespace

std::string DerivedBudget(int64_t total_budget_krw, int64_t project_count,
                          int64_t unbudgeted_project_count) {
  if (project_count > 0 && unbudgeted_project_count >= project_count) {
    return "-";
  }
  return GroupThousands(total_budget_krw);
}

Table ItemsTable(const Items<v1::Plan>& plans) {
  Table table({NameColumn(),
               DisplayNameColumn(),
               {"PUBLISHED", Align::kLeft, 10},
               DeclaredProjectsColumn(),
               DeclaredBudgetColumn(),
               {"STRATEGIES", Align::kRight, 10},
               ProjectsColumn(),
               BudgetColumn()});
  for (const v1::Plan& p : plans) {
    table.AddRow({p.name(), DisplayName(p), p.published(),
                  NumberOrDash(p.has_declared_project_count(),
                               p.declared_project_count()),
                  FormatKrw(Optional(p.has_declared_budget_krw(),
                                     p.declared_budget_krw())),
                  GroupThousands(p.strategy_count()),
                  GroupThousands(p.project_count()),
                  DerivedBudget(p.total_budget_krw(), p.project_count(),
                                p.unbudgeted_project_count())});
  }
  return table;
}

Table ItemsTable(const Items<v1::Strategy>& strategies) {
  Table table({NameColumn(),
               DisplayNameColumn(),
               {"PLAN", Align::kLeft, 32},
               DeclaredProjectsColumn(),
               DeclaredBudgetColumn(),
               ProjectsColumn(),
               BudgetColumn()});
  for (const v1::Strategy& s : strategies) {
    table.AddRow({s.name(), DisplayName(s), WithoutPrefix(s.plan(), "plans/"),
                  NumberOrDash(s.has_declared_project_count(),
                               s.declared_project_count()),
                  FormatKrw(Optional(s.has_declared_budget_krw(),
                                     s.declared_budget_krw())),
                  GroupThousands(s.project_count()),
                  DerivedBudget(s.total_budget_krw(), s.project_count(),
                                s.unbudgeted_project_count())});
  }
  return table;
}

Table ItemsTable(const Items<v1::Initiative>& initiatives) {
  Table table({NameColumn(), DisplayNameColumn(), DeclaredProjectsColumn(),
               DeclaredBudgetColumn(), ProjectsColumn(), BudgetColumn()});
  for (const v1::Initiative& i : initiatives) {
    table.AddRow({i.name(), DisplayName(i),
                  NumberOrDash(i.has_declared_project_count(),
                               i.declared_project_count()),
                  FormatKrw(Optional(i.has_declared_budget_krw(),
                                     i.declared_budget_krw())),
                  GroupThousands(i.project_count()),
                  DerivedBudget(i.total_budget_krw(), i.project_count(),
                                i.unbudgeted_project_count())});
  }
  return table;
}

Table ItemsTable(const Items<v1::Project>& projects) {
  Table table({NameColumn(),
               DisplayNameColumn(),
               {"STRATEGY", Align::kLeft, 28},
               {"ORIGIN", Align::kLeft, 8},
               {"STAGE", Align::kLeft, 11},
               BudgetColumn(),
               {"YEARS", Align::kLeft, 9}});
  for (const v1::Project& p : projects) {
    table.AddRow(
        {p.name(), DisplayName(p), WithoutPrefix(p.strategy(), "strategies/"),
         EnumText(p.origin(), v1::Project::Origin_Name<v1::Project::Origin>),
         EnumText(p.stage(), v1::Project::Stage_Name<v1::Project::Stage>),
         FormatKrw(Optional(p.has_budget_krw(), p.budget_krw())),
         FormatYears(p)});
  }
  return table;
}

}  // namespace busan::ctl
