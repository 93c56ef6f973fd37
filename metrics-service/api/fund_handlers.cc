#include "common/server/handler_util.h"
#include "metrics-service/api/metrics_api.h"

namespace busan::metrics {

using server::Access;
using server::CommitThenReply;
using server::Deny;
using server::Into;
using server::ListQueryOf;
using server::Reply;
using server::WriteContextOf;

MetricsApi::Reactor* MetricsApi::CreateFund(
    Context* context, const v1::CreateFundRequest* request,
    v1::Fund* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->Create<v1::Fund>(request->fund_id(),
                                               request->fund(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::GetFund(Context* context,
                                         const v1::GetFundRequest* request,
                                         v1::Fund* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, metrics_->Get<v1::Fund>(request->name(), response));
}

MetricsApi::Reactor* MetricsApi::ListFunds(Context* context,
                                           const v1::ListFundsRequest* request,
                                           v1::ListFundsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  int32_t total = 0;
  absl::Status status =
      metrics_->List<v1::Fund>(ListQueryOf(*request), response->mutable_funds(),
                               response->mutable_next_page_token(), &total);
  response->set_total_size(total);
  return Reply(context, status);
}

MetricsApi::Reactor* MetricsApi::UpdateFund(
    Context* context, const v1::UpdateFundRequest* request,
    v1::Fund* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->Update<v1::Fund>(request->fund(),
                                               request->update_mask(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::DeleteFund(
    Context* context, const v1::DeleteFundRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, metrics_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return metrics_->Delete<v1::Fund>(
                               request->name(), request->etag(),
                               request->force(), write);
                         });
}

MetricsApi::Reactor* MetricsApi::RecordFundFlow(
    Context* context, const v1::RecordFundFlowRequest* request,
    v1::FundFlow* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->RecordFundFlow(request->flow(), write), response);
      });
}

MetricsApi::Reactor* MetricsApi::ListFundFlows(
    Context* context, const v1::ListFundFlowsRequest* request,
    v1::ListFundFlowsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               metrics_->ListFundFlows(ListQueryOf(*request, request->parent()),
                                       response));
}

MetricsApi::Reactor* MetricsApi::GetFundTotals(
    Context* context, const v1::GetFundTotalsRequest* request,
    v1::FundTotals* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, metrics_->GetFundTotals(request->fund(), response));
}

MetricsApi::Reactor* MetricsApi::SummarizeFunds(
    Context* context, const v1::SummarizeFundsRequest* request,
    v1::SummarizeFundsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               metrics_->SummarizeFunds(request->group_by(), response));
}

}  // namespace busan::metrics
