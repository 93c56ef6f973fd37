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

MetricsApi::Reactor* MetricsApi::CreateMeetingSeries(
    Context* context, const v1::CreateMeetingSeriesRequest* request,
    v1::MeetingSeries* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->Create<v1::MeetingSeries>(
                        request->series_id(), request->series(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::GetMeetingSeries(
    Context* context, const v1::GetMeetingSeriesRequest* request,
    v1::MeetingSeries* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               metrics_->Get<v1::MeetingSeries>(request->name(), response));
}

MetricsApi::Reactor* MetricsApi::ListMeetingSeries(
    Context* context, const v1::ListMeetingSeriesRequest* request,
    v1::ListMeetingSeriesResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  int32_t total = 0;
  absl::Status status = metrics_->List<v1::MeetingSeries>(
      ListQueryOf(*request), response->mutable_meeting_series(),
      response->mutable_next_page_token(), &total);
  response->set_total_size(total);
  return Reply(context, status);
}

MetricsApi::Reactor* MetricsApi::UpdateMeetingSeries(
    Context* context, const v1::UpdateMeetingSeriesRequest* request,
    v1::MeetingSeries* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->Update<v1::MeetingSeries>(
                        request->series(), request->update_mask(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::DeleteMeetingSeries(
    Context* context, const v1::DeleteMeetingSeriesRequest* request, Empty*) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(context, metrics_->writer(),
                         [this, request, write = WriteContextOf(*request)] {
                           return metrics_->Delete<v1::MeetingSeries>(
                               request->name(), request->etag(),
                               request->force(), write);
                         });
}

MetricsApi::Reactor* MetricsApi::RecordMeeting(
    Context* context, const v1::RecordMeetingRequest* request,
    v1::Meeting* response) {
  if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
  return CommitThenReply(
      context, metrics_->writer(),
      [this, request, response, write = WriteContextOf(*request)] {
        return Into(metrics_->RecordMeeting(request->meeting(), write),
                    response);
      });
}

MetricsApi::Reactor* MetricsApi::ListMeetings(
    Context* context, const v1::ListMeetingsRequest* request,
    v1::ListMeetingsResponse* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context,
               metrics_->ListMeetings(ListQueryOf(*request, request->parent()),
                                      response));
}

MetricsApi::Reactor* MetricsApi::GetMeetingStats(
    Context* context, const v1::GetMeetingStatsRequest* request,
    v1::MeetingStats* response) {
  if (auto* denied = Deny(context, auth_, Access::kRead)) return denied;
  return Reply(context, metrics_->GetMeetingStats(*request, response));
}

}  // namespace busan::metrics
