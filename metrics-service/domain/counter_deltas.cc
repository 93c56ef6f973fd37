#include "metrics-service/domain/counter_deltas.h"

#include "absl/strings/str_cat.h"

namespace busan::metrics {

std::string FlowTypeField(v1::FundFlow::Type type) {
  return absl::StrCat(static_cast<int>(type));
}

absl::string_view YearOf(absl::string_view date) {
  return date.size() >= 4 ? date.substr(0, 4) : absl::string_view();
}

void AddFlowDeltas(const v1::FundFlow& flow, absl::string_view fund_id,
                   int sign, TotalChanges* totals) {
  const std::string type = FlowTypeField(flow.type());
  const std::pair<const char*, absl::string_view> groups[] = {
      {"f", fund_id},
      {"s", flow.strategy()},
      {"p", flow.project()},
      {"y", YearOf(flow.date())}};
  for (const auto& [group, key] : groups) {
    totals->Add(group, key, type, sign * flow.amount_krw());
    totals->Add(group, key, kCountField, sign);
  }
}

void AddMeetingDeltas(const v1::Meeting& meeting, absl::string_view series_id,
                      int sign, TotalChanges* totals) {
  const int64_t covered =
      int64_t{meeting.last_number()} - meeting.first_number() + 1;
  auto add = [&](absl::string_view field, int64_t delta) {
    totals->Add("m", series_id, field, sign * delta);
  };
  add("count", covered);
  if (meeting.has_participants()) {
    add("participants", meeting.participants());
    add("with_participants", covered);
  }
  if (meeting.has_policies_adopted()) {
    add("policies", meeting.policies_adopted());
    add("with_policies", covered);
  }
  for (const auto& [category, count] : meeting.policies_by_category()) {
    add(absl::StrCat("cat:", category), count);
  }
  if (meeting.has_budget_secured_krw()) {
    add("budget", meeting.budget_secured_krw());
    add("with_budget", covered);
  }
}

}  // namespace busan::metrics
