#include "client/metrics_resources.h"

namespace busan::client {

namespace v1 = ::busan::metrics::v1;
using ::google::protobuf::FieldMask;

// The five standard methods of parent type R, whose request messages name it
// `field` and its id `field_id`.
#define BUSAN_DEFINE_METRICS_RESOURCE(R, Plural, field)                        \
  grpc::Status MetricsResource<v1::R>::Get(                                    \
      MetricsStub& stub, grpc::ClientContext* context,                         \
      const std::string& name, v1::R* out) {                                   \
    v1::Get##R##Request request;                                               \
    request.set_name(name);                                                    \
    return stub.Get##R(context, request, out);                                 \
  }                                                                            \
  grpc::Status MetricsResource<v1::R>::Create(                                 \
      MetricsStub& stub, grpc::ClientContext* context, const NameParts& where, \
      const v1::R& resource, const std::string& request_id, v1::R* out) {      \
    v1::Create##R##Request request;                                            \
    request.set_##field##_id(where.id);                                        \
    *request.mutable_##field() = resource;                                     \
    request.set_request_id(request_id);                                        \
    return stub.Create##R(context, request, out);                              \
  }                                                                            \
  grpc::Status MetricsResource<v1::R>::Update(                                 \
      MetricsStub& stub, grpc::ClientContext* context, const v1::R& resource,  \
      const FieldMask& mask, const std::string& request_id, v1::R* out) {      \
    v1::Update##R##Request request;                                            \
    *request.mutable_##field() = resource;                                     \
    *request.mutable_update_mask() = mask;                                     \
    request.set_request_id(request_id);                                        \
    return stub.Update##R(context, request, out);                              \
  }                                                                            \
  grpc::Status MetricsResource<v1::R>::Delete(                                 \
      MetricsStub& stub, grpc::ClientContext* context,                         \
      const std::string& name, const std::string& etag, bool force,            \
      const std::string& request_id) {                                         \
    v1::Delete##R##Request request;                                            \
    request.set_name(name);                                                    \
    request.set_etag(etag);                                                    \
    request.set_force(force);                                                  \
    request.set_request_id(request_id);                                        \
    google::protobuf::Empty empty;                                             \
    return stub.Delete##R(context, request, &empty);                           \
  }                                                                            \
  grpc::Status MetricsResource<v1::R>::List(                                   \
      MetricsStub& stub, grpc::ClientContext* context,                         \
      const ListParams& params, v1::List##Plural##Response* out) {             \
    v1::List##Plural##Request request;                                         \
    request.set_page_size(params.page_size);                                   \
    request.set_page_token(params.page_token);                                 \
    request.set_filter(params.filter);                                         \
    request.set_order_by(params.order_by);                                     \
    return stub.List##Plural(context, request, out);                           \
  }

BUSAN_DEFINE_METRICS_RESOURCE(RankingIndex, RankingIndices, index)
BUSAN_DEFINE_METRICS_RESOURCE(MeetingSeries, MeetingSeries, series)
BUSAN_DEFINE_METRICS_RESOURCE(Fund, Funds, fund)
#undef BUSAN_DEFINE_METRICS_RESOURCE

// Record and List of event type E, whose Record request names it `field`.
#define BUSAN_DEFINE_METRICS_EVENT(E, Plural, field)                       \
  grpc::Status MetricsEvent<v1::E>::Record(                                \
      MetricsStub& stub, grpc::ClientContext* context, const v1::E& event, \
      const std::string& request_id, v1::E* out) {                         \
    v1::Record##E##Request request;                                        \
    request.set_request_id(request_id);                                    \
    *request.mutable_##field() = event;                                    \
    return stub.Record##E(context, request, out);                          \
  }                                                                        \
  grpc::Status MetricsEvent<v1::E>::List(                                  \
      MetricsStub& stub, grpc::ClientContext* context,                     \
      const ListParams& params, v1::List##Plural##Response* out) {         \
    v1::List##Plural##Request request;                                     \
    request.set_parent(params.parent);                                     \
    request.set_page_size(params.page_size);                               \
    request.set_page_token(params.page_token);                             \
    request.set_filter(params.filter);                                     \
    request.set_order_by(params.order_by);                                 \
    return stub.List##Plural(context, request, out);                       \
  }

BUSAN_DEFINE_METRICS_EVENT(Ranking, Rankings, ranking)
BUSAN_DEFINE_METRICS_EVENT(Meeting, Meetings, meeting)
BUSAN_DEFINE_METRICS_EVENT(FundFlow, FundFlows, flow)
#undef BUSAN_DEFINE_METRICS_EVENT

}  // namespace busan::client
