#include "common/server/handler_util.h"
#include "metrics-service/api/metrics_api.h"

namespace busan::metrics {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

MetricsApi::Reactor* MetricsApi::RecordRanking(
    Context* context, const v1::RecordRankingRequest* request,
    v1::Ranking* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    metrics_->RecordRanking(request->ranking(), std::move(call));
  });
}

MetricsApi::Reactor* MetricsApi::ListRankings(
    Context* context, const v1::ListRankingsRequest* request,
    v1::ListRankingsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->ListRankings(ListQueryOf(*request, request->parent()),
                                  response);
  });
}

MetricsApi::Reactor* MetricsApi::GetRankingTrend(
    Context* context, const v1::GetRankingTrendRequest* request,
    v1::RankingTrend* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->GetRankingTrend(request->index(), request->city(),
                                     response);
  });
}

}  // namespace busan::metrics
