#include "common/server/handler_util.h"
#include "metrics-service/api/metrics_api.h"

namespace busan::metrics {

using server::ListQueryOf;
using server::ServeRead;
using server::ServeWrite;

MetricsApi::Reactor* MetricsApi::RecordMeeting(
    Context* context, const v1::RecordMeetingRequest* request,
    v1::Meeting* response) {
  return ServeWrite(context, auth_, *request, response, [&](auto call) {
    metrics_->RecordMeeting(request->meeting(), std::move(call));
  });
}

MetricsApi::Reactor* MetricsApi::ListMeetings(
    Context* context, const v1::ListMeetingsRequest* request,
    v1::ListMeetingsResponse* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->ListMeetings(ListQueryOf(*request, request->parent()),
                                  response);
  });
}

MetricsApi::Reactor* MetricsApi::GetMeetingStats(
    Context* context, const v1::GetMeetingStatsRequest* request,
    v1::MeetingStats* response) {
  return ServeRead(context, auth_, [&] {
    return metrics_->GetMeetingStats(*request, response);
  });
}

}  // namespace busan::metrics
