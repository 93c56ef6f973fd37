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

MetricsApi::Reactor* MetricsApi::CreateRankingIndex(
    Context* context, const v1::CreateRankingIndexRequest* request,
    v1::RankingIndex* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->Create<v1::RankingIndex>(request->index_id(),
                                                       request->index(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::GetRankingIndex(
    Context* context, const v1::GetRankingIndexRequest* request,
    v1::RankingIndex* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               metrics_->Get<v1::RankingIndex>(request->name(), response));
}

MetricsApi::Reactor* MetricsApi::ListRankingIndices(
    Context* context, const v1::ListRankingIndicesRequest* request,
    v1::ListRankingIndicesResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  int32_t total = 0;
  absl::Status status = metrics_->List<v1::RankingIndex>(
      ListQueryOf(*request), response->mutable_indices(),
      response->mutable_next_page_token(), &total);
  response->set_total_size(total);
  return Reply(context, status);
}

MetricsApi::Reactor* MetricsApi::UpdateRankingIndex(
    Context* context, const v1::UpdateRankingIndexRequest* request,
    v1::RankingIndex* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->Update<v1::RankingIndex>(
                        request->index(), request->update_mask(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::DeleteRankingIndex(
    Context* context, const v1::DeleteRankingIndexRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, metrics_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return metrics_->Delete<v1::RankingIndex>(
                               request->name(), request->etag(),
                               request->force(), write);
                         });
}

MetricsApi::Reactor* MetricsApi::RecordRanking(
    Context* context, const v1::RecordRankingRequest* request,
    v1::Ranking* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->RecordRanking(request->ranking(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::ListRankings(
    Context* context, const v1::ListRankingsRequest* request,
    v1::ListRankingsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               metrics_->ListRankings(ListQueryOf(*request, request->parent()),
                                      response));
}

MetricsApi::Reactor* MetricsApi::GetRankingTrend(
    Context* context, const v1::GetRankingTrendRequest* request,
    v1::RankingTrend* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, metrics_->GetRankingTrend(request->index(),
                                                  request->city(), response));
}

}  // namespace busan::metrics
