#include "common/server/handler_util.h"
#include "metrics-service/api/metrics_api.h"

namespace busan::metrics {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

MetricsApi::Reactor* MetricsApi::RecordFundFlow(
    Context* context, const v1::RecordFundFlowRequest* request,
    v1::FundFlow* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    metrics_->RecordFundFlow(request->flow(), std::move(call));
  });
}

MetricsApi::Reactor* MetricsApi::ListFundFlows(
    Context* context, const v1::ListFundFlowsRequest* request,
    v1::ListFundFlowsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->ListFundFlows(ListQueryOf(*request, request->parent()),
                                   response);
  });
}

MetricsApi::Reactor* MetricsApi::GetFundTotals(
    Context* context, const v1::GetFundTotalsRequest* request,
    v1::FundTotals* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->GetFundTotals(request->fund(), response);
  });
}

MetricsApi::Reactor* MetricsApi::SummarizeFunds(
    Context* context, const v1::SummarizeFundsRequest* request,
    v1::SummarizeFundsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->SummarizeFunds(request->group_by(), response);
  });
}

}  // namespace busan::metrics
