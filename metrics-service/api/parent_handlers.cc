// The standard methods of the three parent resources (ranking indices,
// meeting series, funds): one template each, and one line per RPC.
#include <string>

#include "common/server/handler_util.h"
#include "metrics-service/api/metrics_api.h"

namespace busan::metrics {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

template <typename T, typename Request>
MetricsApi::Reactor* MetricsApi::CreateParent(Context* context,
                                              const Request& request,
                                              const std::string& id,
                                              const T& record, T* response) {
  return ServeWrite(context, auth_, request, response, [&](auto call) {
    metrics_->Create<T>(id, record, std::move(call));
  });
}

template <typename T>
MetricsApi::Reactor* MetricsApi::GetParent(Context* context,
                                           const std::string& name,
                                           T* response) {
  return ServeRead(context, auth_,
                   [&] { return metrics_->Get<T>(name, response); });
}

template <typename T, typename Request, typename Response>
MetricsApi::Reactor* MetricsApi::ListParents(
    Context* context, const Request& request, Response* response,
    google::protobuf::RepeatedPtrField<T>* items) {
  return ServeRead(context, auth_, [&] {
    return metrics_->List<T>(ListQueryOf(request), response, items);
  });
}

template <typename T, typename Request>
MetricsApi::Reactor* MetricsApi::UpdateParent(Context* context,
                                              const Request& request,
                                              const T& patch, T* response) {
  return ServeWrite(context, auth_, request, response, [&](auto call) {
    metrics_->Update<T>(patch, request.update_mask(), std::move(call));
  });
}

template <typename T, typename Request>
MetricsApi::Reactor* MetricsApi::DeleteParent(Context* context,
                                              const Request& request,
                                              Empty* response) {
  return ServeWrite(context, auth_, request, response, [&](auto call) {
    metrics_->Delete<T>(request.name(), request.etag(), request.force(),
                        std::move(call));
  });
}

// Ranking indices.
MetricsApi::Reactor* MetricsApi::CreateRankingIndex(
    Context* context, const v1::CreateRankingIndexRequest* request,
    v1::RankingIndex* response) {
  return CreateParent(context, *request, request->index_id(), request->index(),
                      response);
}
MetricsApi::Reactor* MetricsApi::GetRankingIndex(
    Context* context, const v1::GetRankingIndexRequest* request,
    v1::RankingIndex* response) {
  return GetParent(context, request->name(), response);
}
MetricsApi::Reactor* MetricsApi::ListRankingIndices(
    Context* context, const v1::ListRankingIndicesRequest* request,
    v1::ListRankingIndicesResponse* response) {
  return ListParents(context, *request, response, response->mutable_indices());
}
MetricsApi::Reactor* MetricsApi::UpdateRankingIndex(
    Context* context, const v1::UpdateRankingIndexRequest* request,
    v1::RankingIndex* response) {
  return UpdateParent(context, *request, request->index(), response);
}
MetricsApi::Reactor* MetricsApi::DeleteRankingIndex(
    Context* context, const v1::DeleteRankingIndexRequest* request,
    Empty* response) {
  return DeleteParent<v1::RankingIndex>(context, *request, response);
}

// Meeting series.
MetricsApi::Reactor* MetricsApi::CreateMeetingSeries(
    Context* context, const v1::CreateMeetingSeriesRequest* request,
    v1::MeetingSeries* response) {
  return CreateParent(context, *request, request->series_id(),
                      request->series(), response);
}
MetricsApi::Reactor* MetricsApi::GetMeetingSeries(
    Context* context, const v1::GetMeetingSeriesRequest* request,
    v1::MeetingSeries* response) {
  return GetParent(context, request->name(), response);
}
MetricsApi::Reactor* MetricsApi::ListMeetingSeries(
    Context* context, const v1::ListMeetingSeriesRequest* request,
    v1::ListMeetingSeriesResponse* response) {
  return ListParents(context, *request, response,
                     response->mutable_meeting_series());
}
MetricsApi::Reactor* MetricsApi::UpdateMeetingSeries(
    Context* context, const v1::UpdateMeetingSeriesRequest* request,
    v1::MeetingSeries* response) {
  return UpdateParent(context, *request, request->series(), response);
}
MetricsApi::Reactor* MetricsApi::DeleteMeetingSeries(
    Context* context, const v1::DeleteMeetingSeriesRequest* request,
    Empty* response) {
  return DeleteParent<v1::MeetingSeries>(context, *request, response);
}

// Funds.
MetricsApi::Reactor* MetricsApi::CreateFund(
    Context* context, const v1::CreateFundRequest* request,
    v1::Fund* response) {
  return CreateParent(context, *request, request->fund_id(), request->fund(),
                      response);
}
MetricsApi::Reactor* MetricsApi::GetFund(Context* context,
                                         const v1::GetFundRequest* request,
                                         v1::Fund* response) {
  return GetParent(context, request->name(), response);
}
MetricsApi::Reactor* MetricsApi::ListFunds(Context* context,
                                           const v1::ListFundsRequest* request,
                                           v1::ListFundsResponse* response) {
  return ListParents(context, *request, response, response->mutable_funds());
}
MetricsApi::Reactor* MetricsApi::UpdateFund(
    Context* context, const v1::UpdateFundRequest* request,
    v1::Fund* response) {
  return UpdateParent(context, *request, request->fund(), response);
}
MetricsApi::Reactor* MetricsApi::DeleteFund(
    Context* context, const v1::DeleteFundRequest* request, Empty* response) {
  return DeleteParent<v1::Fund>(context, *request, response);
}

}  // namespace busan::metrics
