// Funds: typed flows, with totals per fund and per strategy, project and
// year kept as counters in the same write as each flow.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "metrics-service/domain/counter_deltas.h"
#include "metrics-service/domain/metrics.h"
#include "metrics-service/domain/validation.h"

namespace busan::metrics {
namespace {

using v1::FundFlow;

// Adds a counter field ("1".."4" or "n") to a group of totals.
template <typename Totals>
void AddField(absl::string_view field, int64_t value, Totals* totals) {
  if (field == kCountField) {
    totals->set_flow_count(totals->flow_count() + value);
  } else if (field == FlowTypeField(FundFlow::COMMITTED)) {
    totals->set_committed_krw(totals->committed_krw() + value);
  } else if (field == FlowTypeField(FundFlow::RAISED)) {
    totals->set_raised_krw(totals->raised_krw() + value);
  } else if (field == FlowTypeField(FundFlow::ALLOCATED)) {
    totals->set_allocated_krw(totals->allocated_krw() + value);
  } else if (field == FlowTypeField(FundFlow::EXECUTED)) {
    totals->set_executed_krw(totals->executed_krw() + value);
  }
}

}  // namespace

void Metrics::RecordFundFlow(FundFlow flow, WriteCall<FundFlow> call) {
  if (absl::Status valid = ValidateFundFlow(flow); !valid.ok()) {
    return call.Finish(std::move(valid));
  }
  resource::ClearOutputOnlyFields(&flow);
  store_->Submit<FundFlow>(
      std::move(call),
      [this, flow = std::move(flow)](MetricsTxn& txn,
                                     FundFlow* out) mutable -> absl::Status {
        std::string fund_id;
        RETURN_IF_ERROR(
            LoadParent<v1::Fund>(txn, "flow.fund", flow.fund(), &fund_id)
                .status());
        TotalChanges totals;
        AddFlowDeltas(flow, fund_id, 1, &totals);
        RETURN_IF_ERROR(txn.AddTotals(totals, "flow.amount_krw"));
        // Taken only when the write commits; a refused one reuses it.
        flow.set_name(absl::StrCat(flow.fund(), "/flows/", txn.NextFlowId()));
        ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(flow.name()));
        *out = *txn.Put(ref, std::move(flow), store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Metrics::ListFundFlows(const ListQuery& query,
                                    v1::ListFundFlowsResponse* response) const {
  return ListEvents<v1::Fund>(query, response, response->mutable_flows());
}

absl::Status Metrics::GetFundTotals(absl::string_view name,
                                    v1::FundTotals* totals) const {
  v1::Fund fund;
  ASSIGN_OR_RETURN(std::string fund_id,
                   ParseParentName(KindOf<v1::Fund>(), "fund", name));
  RETURN_IF_ERROR(Read(name, &fund));
  totals->set_fund(fund.name());
  RETURN_IF_ERROR(store_->ScanTotals(
      "f", fund_id, [&](absl::string_view field, int64_t value) {
        AddField(field, value, totals);
      }));
  if (fund.has_target_krw()) {
    totals->set_target_krw(fund.target_krw());
    // Without a recorded RAISED amount the progress is unknown, not 0%.
    if (fund.target_krw() > 0 && totals->raised_krw() > 0) {
      // 128-bit so raised * 10000 cannot overflow.
      totals->set_raised_basis_points_of_target(
          static_cast<int64_t>(static_cast<__int128>(totals->raised_krw()) *
                               10000 / fund.target_krw()));
    }
  }
  return absl::OkStatus();
}

absl::Status Metrics::SummarizeFunds(
    v1::SummarizeFundsRequest::GroupBy group_by,
    v1::SummarizeFundsResponse* response) const {
  const char* group = nullptr;
  switch (group_by) {
    case v1::SummarizeFundsRequest::FUND:
      group = "f";
      break;
    case v1::SummarizeFundsRequest::STRATEGY:
      group = "s";
      break;
    case v1::SummarizeFundsRequest::PROJECT:
      group = "p";
      break;
    case v1::SummarizeFundsRequest::YEAR:
      group = "y";
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "group_by: must be FUND, STRATEGY, PROJECT or YEAR, got ",
          static_cast<int>(group_by)));
  }
  v1::SummarizeFundsResponse::Group* current = nullptr;
  std::string current_key;
  RETURN_IF_ERROR(
      store_->ScanTotalGroup(group, [&](absl::string_view rest, int64_t value) {
        const size_t bar = rest.rfind('|');
        if (bar == absl::string_view::npos) return;
        absl::string_view key = rest.substr(0, bar);
        if (current == nullptr || current_key != key) {
          if (current != nullptr && current->flow_count() == 0) {
            response->mutable_groups()->RemoveLast();  // emptied by deletes
          }
          current = response->add_groups();
          current_key = std::string(key);
          current->set_key(group_by == v1::SummarizeFundsRequest::FUND
                               ? absl::StrCat("funds/", key)
                               : current_key);
        }
        AddField(rest.substr(bar + 1), value, current);
      }));
  if (current != nullptr && current->flow_count() == 0) {
    response->mutable_groups()->RemoveLast();
  }
  // Counter keys end "<group>|<field>", and '|' sorts after every id
  // character, so key order is not group order ("a-b" < "ab" < "a"). The
  // groups are few (one per fund, strategy, project or year): sort them.
  auto* groups = response->mutable_groups();
  std::sort(groups->pointer_begin(), groups->pointer_end(),
            [](const auto* a, const auto* b) { return a->key() < b->key(); });
  return absl::OkStatus();
}

}  // namespace busan::metrics
