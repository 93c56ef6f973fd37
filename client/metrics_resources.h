// The MetricsService methods behind one uniform face, like
// catalog_resources.h does for the catalog:
//   - MetricsResource<R> for the named parents (ranking indices, meeting
//     series, funds): the same static interface as CatalogResource<R>, so
//     the generic commands and the seed loader serve both services;
//   - MetricsEvent<E> for the events recorded under them (rankings,
//     meetings, fund flows): Record and List.
#ifndef BUSAN_CLIENT_METRICS_RESOURCES_H_
#define BUSAN_CLIENT_METRICS_RESOURCES_H_

#include <google/protobuf/field_mask.pb.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <string>

#include "absl/strings/string_view.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "client/catalog_resources.h"

namespace busan::client {

using MetricsStub = metrics::v1::MetricsService::StubInterface;

template <typename R>
struct MetricsResource;

template <>
struct MetricsResource<metrics::v1::RankingIndex> {
  using Stub = MetricsStub;
  using Resource = metrics::v1::RankingIndex;
  using ListResponse = metrics::v1::ListRankingIndicesResponse;
  static constexpr absl::string_view kCollection = "indices";
  static constexpr absl::string_view kPlural = "ranking indices";
  static constexpr absl::string_view kSingular = "ranking index";
  static constexpr absl::string_view kParentCollection = "";
  static constexpr bool kHasForce = true;
  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_indices();
  }
};

template <>
struct MetricsResource<metrics::v1::MeetingSeries> {
  using Stub = MetricsStub;
  using Resource = metrics::v1::MeetingSeries;
  using ListResponse = metrics::v1::ListMeetingSeriesResponse;
  static constexpr absl::string_view kCollection = "meeting-series";
  static constexpr absl::string_view kPlural = "meeting series";
  static constexpr absl::string_view kSingular = "meeting series";
  static constexpr absl::string_view kParentCollection = "";
  static constexpr bool kHasForce = true;
  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_meeting_series();
  }
};

template <>
struct MetricsResource<metrics::v1::Fund> {
  using Stub = MetricsStub;
  using Resource = metrics::v1::Fund;
  using ListResponse = metrics::v1::ListFundsResponse;
  static constexpr absl::string_view kCollection = "funds";
  static constexpr absl::string_view kPlural = "funds";
  static constexpr absl::string_view kSingular = "fund";
  static constexpr absl::string_view kParentCollection = "";
  static constexpr bool kHasForce = true;
  BUSAN_CLIENT_RESOURCE_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_funds();
  }
};

template <typename E>
struct MetricsEvent;

// Each event type: the collection of its parent, the parent's name in the
// event (Parent), Record (with a request_id) and List (params.parent is the
// parent's name).
#define BUSAN_METRICS_EVENT_METHODS                                           \
  static grpc::Status Record(MetricsStub& stub, grpc::ClientContext* context, \
                             const Event& event,                              \
                             const std::string& request_id, Event* out);      \
  static grpc::Status List(MetricsStub& stub, grpc::ClientContext* context,   \
                           const ListParams& params, ListResponse* out);

template <>
struct MetricsEvent<metrics::v1::Ranking> {
  using Event = metrics::v1::Ranking;
  using ListResponse = metrics::v1::ListRankingsResponse;
  static constexpr absl::string_view kParentCollection = "indices";
  static const std::string& Parent(const Event& e) { return e.index(); }
  BUSAN_METRICS_EVENT_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_rankings();
  }
};

template <>
struct MetricsEvent<metrics::v1::Meeting> {
  using Event = metrics::v1::Meeting;
  using ListResponse = metrics::v1::ListMeetingsResponse;
  static constexpr absl::string_view kParentCollection = "meeting-series";
  static const std::string& Parent(const Event& e) { return e.series(); }
  BUSAN_METRICS_EVENT_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_meetings();
  }
};

template <>
struct MetricsEvent<metrics::v1::FundFlow> {
  using Event = metrics::v1::FundFlow;
  using ListResponse = metrics::v1::ListFundFlowsResponse;
  static constexpr absl::string_view kParentCollection = "funds";
  static const std::string& Parent(const Event& e) { return e.fund(); }
  BUSAN_METRICS_EVENT_METHODS
  static auto* Items(ListResponse* response) {
    return response->mutable_flows();
  }
};

#undef BUSAN_METRICS_EVENT_METHODS

}  // namespace busan::client

#endif  // BUSAN_CLIENT_METRICS_RESOURCES_H_
