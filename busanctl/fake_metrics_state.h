// Internals of FakeMetricsService shared by its two source files
// (fake_metrics_service.cc: set-up, accessors, parents;
// fake_metrics_events.cc: rankings, meetings, fund flows).
#ifndef BUSAN_BUSANCTL_FAKE_METRICS_STATE_H_
#define BUSAN_BUSANCTL_FAKE_METRICS_STATE_H_

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "busanctl/fake_metrics_service.h"

namespace busan::ctl {

// Everything the fake stores, behind one mutex.
struct FakeMetricsService::State {
  mutable std::mutex mu;
  std::tuple<std::map<std::string, metrics::v1::RankingIndex>,
             std::map<std::string, metrics::v1::MeetingSeries>,
             std::map<std::string, metrics::v1::Fund>>
      parents;
  std::vector<metrics::v1::Ranking> rankings;  // by (index, edition, city)
  std::vector<metrics::v1::Meeting> meetings;  // by (series, first_number)
  std::vector<metrics::v1::FundFlow> flows;    // in recording order
  std::map<std::string, int> flow_numbers;     // last flow number per fund
  std::vector<Write> writes;
  std::map<std::string, grpc::Status> failures;
  std::vector<std::string> list_filters;
  metrics::v1::GetMeetingStatsRequest last_stats;
  int64_t next_etag = 1;
  int calls = 0;

  template <typename R>
  std::map<std::string, R>& Parents() {
    return std::get<std::map<std::string, R>>(parents);
  }
  template <typename R>
  bool Has(const std::string& name) {
    return Parents<R>().count(name) > 0;
  }
  // The failure set for `name`, or OK.
  grpc::Status FailureFor(const std::string& name) const {
    auto it = failures.find(name);
    return it == failures.end() ? grpc::Status::OK : it->second;
  }
};

namespace fake_metrics {

namespace v1 = ::busan::metrics::v1;
using State = FakeMetricsService::State;
using Lock = std::lock_guard<std::mutex>;

grpc::Status Error(grpc::StatusCode code, std::string message);

// The authorization metadata of a call, or "".
std::string Authorization(const grpc::ServerContext* context);

// A filter of `field = literal` terms joined by AND; a literal in double
// quotes is a string.
using Terms = std::vector<std::pair<std::string, std::string>>;
grpc::Status ParseFilter(const std::string& filter, Terms* terms);
// Sets *match to whether `item` satisfies every term.
grpc::Status Matches(const google::protobuf::Message& item, const Terms& terms,
                     bool* match);

// The page of `items` under `parent` (compared with parent_of) that match
// the request's filter; page tokens are offsets.
template <typename T, typename Request, typename Response, typename ParentOf>
grpc::Status Page(const std::vector<T>& items, const Request& request,
                  ParentOf parent_of, Response* response,
                  google::protobuf::RepeatedPtrField<T>* out) {
  Terms terms;
  if (grpc::Status s = ParseFilter(request.filter(), &terms); !s.ok()) return s;
  std::vector<const T*> matched;
  for (const T& item : items) {
    if (parent_of(item) != request.parent()) continue;
    bool match = false;
    if (grpc::Status s = Matches(item, terms, &match); !s.ok()) return s;
    if (match) matched.push_back(&item);
  }
  int offset = 0;
  if (!request.page_token().empty() &&
      !absl::SimpleAtoi(request.page_token(), &offset)) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT, "page_token");
  }
  const int size = request.page_size() > 0 ? request.page_size() : 50;
  const int total = static_cast<int>(matched.size());
  for (int i = offset; i < std::min(total, offset + size); ++i) {
    *out->Add() = *matched[i];
  }
  if (offset + size < total) {
    response->set_next_page_token(absl::StrCat(offset + size));
  }
  response->set_total_size(total);
  return grpc::Status::OK;
}

// Event storage, shared by Record* and Put: each sets the event's name and
// create_time and keeps the store's order.
std::string RankingName(const v1::Ranking& ranking);
void StoreRanking(State& state, v1::Ranking ranking);
void StoreMeeting(State& state, v1::Meeting meeting);
v1::FundFlow StoreFlow(State& state, v1::FundFlow flow);

// Logs a Record* call and checks its parent; OK to go on recording.
template <typename R>
grpc::Status BeginRecord(State& state, const grpc::ServerContext* context,
                         const std::string& method, const std::string& parent,
                         const std::string& request_id) {
  ++state.calls;
  state.writes.push_back(
      {method, parent, request_id, {}, "", Authorization(context)});
  if (grpc::Status f = state.FailureFor(parent); !f.ok()) return f;
  if (!state.Has<R>(parent)) {
    return Error(grpc::StatusCode::FAILED_PRECONDITION,
                 absl::StrCat(parent, " does not exist"));
  }
  return grpc::Status::OK;
}

}  // namespace fake_metrics
}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_FAKE_METRICS_STATE_H_
