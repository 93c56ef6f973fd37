// MetricsApi implements busan.metrics.v1.MetricsService with gRPC's callback
// API; handlers only map requests onto the Metrics domain and back, after
// checking the caller's bearer token (server::Deny) first.
#ifndef BUSAN_METRICS_SERVICE_API_METRICS_API_H_
#define BUSAN_METRICS_SERVICE_API_METRICS_API_H_

#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/server/auth.h"
#include "metrics-service/domain/metrics.h"

namespace busan::metrics {

class MetricsApi final : public v1::MetricsService::CallbackService {
 public:
  // `auth` (not owned; null allows every call) decides who may call what.
  MetricsApi(Metrics* metrics, const server::Authorizer* auth)
      : metrics_(metrics), auth_(auth) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;
  using Empty = google::protobuf::Empty;

  Reactor* CreateRankingIndex(Context*, const v1::CreateRankingIndexRequest*,
                              v1::RankingIndex*) override;
  Reactor* GetRankingIndex(Context*, const v1::GetRankingIndexRequest*,
                           v1::RankingIndex*) override;
  Reactor* ListRankingIndices(Context*, const v1::ListRankingIndicesRequest*,
                              v1::ListRankingIndicesResponse*) override;
  Reactor* UpdateRankingIndex(Context*, const v1::UpdateRankingIndexRequest*,
                              v1::RankingIndex*) override;
  Reactor* DeleteRankingIndex(Context*, const v1::DeleteRankingIndexRequest*,
                              Empty*) override;
  Reactor* RecordRanking(Context*, const v1::RecordRankingRequest*,
                         v1::Ranking*) override;
  Reactor* ListRankings(Context*, const v1::ListRankingsRequest*,
                        v1::ListRankingsResponse*) override;
  Reactor* GetRankingTrend(Context*, const v1::GetRankingTrendRequest*,
                           v1::RankingTrend*) override;

  Reactor* CreateMeetingSeries(Context*, const v1::CreateMeetingSeriesRequest*,
                               v1::MeetingSeries*) override;
  Reactor* GetMeetingSeries(Context*, const v1::GetMeetingSeriesRequest*,
                            v1::MeetingSeries*) override;
  Reactor* ListMeetingSeries(Context*, const v1::ListMeetingSeriesRequest*,
                             v1::ListMeetingSeriesResponse*) override;
  Reactor* UpdateMeetingSeries(Context*, const v1::UpdateMeetingSeriesRequest*,
                               v1::MeetingSeries*) override;
  Reactor* DeleteMeetingSeries(Context*, const v1::DeleteMeetingSeriesRequest*,
                               Empty*) override;
  Reactor* RecordMeeting(Context*, const v1::RecordMeetingRequest*,
                         v1::Meeting*) override;
  Reactor* ListMeetings(Context*, const v1::ListMeetingsRequest*,
                        v1::ListMeetingsResponse*) override;
  Reactor* GetMeetingStats(Context*, const v1::GetMeetingStatsRequest*,
                           v1::MeetingStats*) override;

  Reactor* CreateFund(Context*, const v1::CreateFundRequest*,
                      v1::Fund*) override;
  Reactor* GetFund(Context*, const v1::GetFundRequest*, v1::Fund*) override;
  Reactor* ListFunds(Context*, const v1::ListFundsRequest*,
                     v1::ListFundsResponse*) override;
  Reactor* UpdateFund(Context*, const v1::UpdateFundRequest*,
                      v1::Fund*) override;
  Reactor* DeleteFund(Context*, const v1::DeleteFundRequest*, Empty*) override;
  Reactor* RecordFundFlow(Context*, const v1::RecordFundFlowRequest*,
                          v1::FundFlow*) override;
  Reactor* ListFundFlows(Context*, const v1::ListFundFlowsRequest*,
                         v1::ListFundFlowsResponse*) override;
  Reactor* GetFundTotals(Context*, const v1::GetFundTotalsRequest*,
                         v1::FundTotals*) override;
  Reactor* SummarizeFunds(Context*, const v1::SummarizeFundsRequest*,
                          v1::SummarizeFundsResponse*) override;

 private:
  // The standard methods of the three parents (RankingIndex,
  // MeetingSeries, Fund), written once (parent_handlers.cc); each override
  // passes its request's fields.
  template <typename T, typename Request>
  Reactor* CreateParent(Context* context, const Request& request,
                        const std::string& id, const T& record, T* response);
  template <typename T>
  Reactor* GetParent(Context* context, const std::string& name, T* response);
  template <typename T, typename Request, typename Response>
  Reactor* ListParents(Context* context, const Request& request,
                       Response* response,
                       google::protobuf::RepeatedPtrField<T>* items);
  template <typename T, typename Request>
  Reactor* UpdateParent(Context* context, const Request& request,
                        const T& patch, T* response);
  template <typename T, typename Request>
  Reactor* DeleteParent(Context* context, const Request& request,
                        Empty* response);

  Metrics* metrics_;
  const server::Authorizer* auth_;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_API_METRICS_API_H_
