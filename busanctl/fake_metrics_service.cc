#include "busanctl/fake_metrics_service.h"

#include <google/protobuf/util/field_mask_util.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "busanctl/fake_metrics_state.h"

namespace busan::ctl {
namespace fake_metrics {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::RepeatedPtrField;

grpc::Status Error(grpc::StatusCode code, std::string message) {
  return grpc::Status(code, std::move(message));
}

std::string Authorization(const grpc::ServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  return it == metadata.end()
             ? ""
             : std::string(it->second.data(), it->second.size());
}

grpc::Status ParseFilter(const std::string& filter, Terms* terms) {
  if (absl::StripAsciiWhitespace(filter).empty()) return grpc::Status::OK;
  for (absl::string_view term : absl::StrSplit(filter, " AND ")) {
    std::vector<std::string> sides = absl::StrSplit(term, " = ");
    if (sides.size() != 2) {
      return Error(grpc::StatusCode::INVALID_ARGUMENT,
                   absl::StrCat("filter: the fake understands only "
                                "`field = value AND ...`, not \"",
                                filter, "\""));
    }
    std::string field(absl::StripAsciiWhitespace(sides[0]));
    std::string value(absl::StripAsciiWhitespace(sides[1]));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    terms->emplace_back(std::move(field), std::move(value));
  }
  return grpc::Status::OK;
}

grpc::Status Matches(const Message& item, const Terms& terms, bool* match) {
  *match = true;
  const auto* reflection = item.GetReflection();
  for (const auto& [name, literal] : terms) {
    const FieldDescriptor* field = item.GetDescriptor()->FindFieldByName(name);
    if (field == nullptr || field->is_repeated()) {
      return Error(grpc::StatusCode::INVALID_ARGUMENT,
                   absl::StrCat("filter: unknown field \"", name, "\""));
    }
    std::string value;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        value = reflection->GetString(item, field);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        value = absl::StrCat(reflection->GetInt32(item, field));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        value = absl::StrCat(reflection->GetInt64(item, field));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        value = reflection->GetEnum(item, field)->name();
        break;
      default:
        return Error(grpc::StatusCode::INVALID_ARGUMENT,
                     absl::StrCat("filter: cannot compare \"", name, "\""));
    }
    if (value != literal) *match = false;
  }
  return grpc::Status::OK;
}

std::string RankingName(const v1::Ranking& r) {
  return absl::StrCat(r.index(), "/editions/", r.edition(), "/cities/",
                      r.city());
}

void StoreRanking(State& state, v1::Ranking ranking) {
  ranking.set_name(RankingName(ranking));
  ranking.mutable_create_time()->set_seconds(1700000000);
  const auto key = [](const v1::Ranking& r) {
    return std::make_tuple(r.index(), r.edition(), r.city());
  };
  auto& all = state.rankings;
  auto it = std::lower_bound(all.begin(), all.end(), ranking,
                             [&](const v1::Ranking& a, const v1::Ranking& b) {
                               return key(a) < key(b);
                             });
  if (it != all.end() && key(*it) == key(ranking)) {
    *it = std::move(ranking);
  } else {
    all.insert(it, std::move(ranking));
  }
}

void StoreMeeting(State& state, v1::Meeting meeting) {
  meeting.set_name(
      absl::StrCat(meeting.series(), "/meetings/", meeting.first_number()));
  meeting.mutable_create_time()->set_seconds(1700000000);
  auto& all = state.meetings;
  auto it = std::find_if(all.begin(), all.end(), [&](const v1::Meeting& m) {
    return std::make_pair(m.series(), m.first_number()) >
           std::make_pair(meeting.series(), meeting.first_number());
  });
  all.insert(it, std::move(meeting));
}

v1::FundFlow StoreFlow(State& state, v1::FundFlow flow) {
  flow.set_name(
      absl::StrCat(flow.fund(), "/flows/", ++state.flow_numbers[flow.fund()]));
  flow.mutable_create_time()->set_seconds(1700000000);
  state.flows.push_back(flow);
  return flow;
}

}  // namespace fake_metrics

namespace {

namespace v1 = ::busan::metrics::v1;
using fake_metrics::Authorization;
using fake_metrics::Error;
using fake_metrics::Lock;
using fake_metrics::State;
using fake_metrics::StoreFlow;
using fake_metrics::StoreMeeting;
using fake_metrics::StoreRanking;
using ::google::protobuf::RepeatedPtrField;

// Standard methods of the parents, as in FakeCatalogService.

template <typename R>
grpc::Status CreateParent(State& state, const grpc::ServerContext* context,
                          const std::string& method, const std::string& name,
                          const R& resource, const std::string& request_id,
                          R* out) {
  Lock lock(state.mu);
  ++state.calls;
  state.writes.push_back(
      {method, name, request_id, {}, "", Authorization(context)});
  if (grpc::Status f = state.FailureFor(name); !f.ok()) return f;
  auto& items = state.Parents<R>();
  if (items.count(name) > 0) {
    return Error(grpc::StatusCode::ALREADY_EXISTS, name + " exists");
  }
  R stored = resource;
  stored.set_name(name);
  stored.set_etag(absl::StrCat(state.next_etag++));
  stored.mutable_create_time()->set_seconds(1700000000);
  items[name] = stored;
  *out = stored;
  return grpc::Status::OK;
}

template <typename R>
grpc::Status GetParent(State& state, const std::string& name, R* out) {
  Lock lock(state.mu);
  ++state.calls;
  auto& items = state.Parents<R>();
  auto it = items.find(name);
  if (it == items.end()) {
    return Error(grpc::StatusCode::NOT_FOUND, name + " not found");
  }
  *out = it->second;
  return grpc::Status::OK;
}

template <typename R, typename Request, typename Response>
grpc::Status ListParents(State& state, const Request& request,
                         Response* response, RepeatedPtrField<R>* out) {
  Lock lock(state.mu);
  ++state.calls;
  int offset = 0;
  if (!request.page_token().empty() &&
      !absl::SimpleAtoi(request.page_token(), &offset)) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT, "page_token");
  }
  const int size = request.page_size() > 0 ? request.page_size() : 50;
  int index = 0;
  for (const auto& [name, item] : state.Parents<R>()) {
    if (index >= offset && index < offset + size) *out->Add() = item;
    ++index;
  }
  if (offset + size < index) {
    response->set_next_page_token(absl::StrCat(offset + size));
  }
  response->set_total_size(index);
  return grpc::Status::OK;
}

template <typename R>
grpc::Status UpdateParent(State& state, const grpc::ServerContext* context,
                          const std::string& method, const R& resource,
                          const google::protobuf::FieldMask& mask,
                          const std::string& request_id, R* out) {
  Lock lock(state.mu);
  ++state.calls;
  state.writes.push_back({method,
                          resource.name(),
                          request_id,
                          {mask.paths().begin(), mask.paths().end()},
                          resource.etag(),
                          Authorization(context)});
  if (grpc::Status f = state.FailureFor(resource.name()); !f.ok()) return f;
  auto& items = state.Parents<R>();
  auto it = items.find(resource.name());
  if (it == items.end()) {
    return Error(grpc::StatusCode::NOT_FOUND, resource.name());
  }
  if (!resource.etag().empty() && resource.etag() != it->second.etag()) {
    return Error(grpc::StatusCode::ABORTED, "etag: stale");
  }
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(resource, mask, options,
                                                        &it->second);
  it->second.set_etag(absl::StrCat(state.next_etag++));
  *out = it->second;
  return grpc::Status::OK;
}

template <typename R>
grpc::Status DeleteParent(State& state, const grpc::ServerContext* context,
                          const std::string& method, const std::string& name,
                          const std::string& etag,
                          const std::string& request_id) {
  Lock lock(state.mu);
  ++state.calls;
  state.writes.push_back(
      {method, name, request_id, {}, etag, Authorization(context)});
  auto& items = state.Parents<R>();
  auto it = items.find(name);
  if (it == items.end()) return Error(grpc::StatusCode::NOT_FOUND, name);
  if (!etag.empty() && etag != it->second.etag()) {
    return Error(grpc::StatusCode::ABORTED, "etag: stale");
  }
  items.erase(it);
  return grpc::Status::OK;
}

template <typename R>
const char* MetricsCollection();
template <>
const char* MetricsCollection<v1::RankingIndex>() {
  return "indices";
}
template <>
const char* MetricsCollection<v1::MeetingSeries>() {
  return "meeting-series";
}
template <>
const char* MetricsCollection<v1::Fund>() {
  return "funds";
}

}  // namespace

FakeMetricsService::FakeMetricsService() : state_(std::make_unique<State>()) {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
  address_ = absl::StrCat("127.0.0.1:", port);
}

FakeMetricsService::~FakeMetricsService() { server_->Shutdown(); }

std::vector<FakeMetricsService::Write> FakeMetricsService::writes() const {
  Lock lock(state_->mu);
  return state_->writes;
}

int FakeMetricsService::call_count() const {
  Lock lock(state_->mu);
  return state_->calls;
}

std::vector<std::string> FakeMetricsService::list_filters() const {
  Lock lock(state_->mu);
  return state_->list_filters;
}

v1::GetMeetingStatsRequest FakeMetricsService::last_stats_request() const {
  Lock lock(state_->mu);
  return state_->last_stats;
}

std::vector<v1::Ranking> FakeMetricsService::rankings() const {
  Lock lock(state_->mu);
  return state_->rankings;
}

std::vector<v1::Meeting> FakeMetricsService::meetings() const {
  Lock lock(state_->mu);
  return state_->meetings;
}

std::vector<v1::FundFlow> FakeMetricsService::flows() const {
  Lock lock(state_->mu);
  return state_->flows;
}

void FakeMetricsService::FailWritesTo(const std::string& name,
                                      grpc::Status status) {
  Lock lock(state_->mu);
  state_->failures[name] = std::move(status);
}

#define BUSAN_FAKE_PUT_PARENT(R)                                   \
  void FakeMetricsService::Put(const v1::R& resource) {            \
    Lock lock(state_->mu);                                         \
    v1::R stored = resource;                                       \
    stored.set_etag(absl::StrCat(state_->next_etag++));            \
    state_->Parents<v1::R>()[resource.name()] = std::move(stored); \
  }
BUSAN_FAKE_PUT_PARENT(RankingIndex)
BUSAN_FAKE_PUT_PARENT(MeetingSeries)
BUSAN_FAKE_PUT_PARENT(Fund)
#undef BUSAN_FAKE_PUT_PARENT

void FakeMetricsService::Put(const v1::Ranking& ranking) {
  Lock lock(state_->mu);
  StoreRanking(*state_, ranking);
}

void FakeMetricsService::Put(const v1::Meeting& meeting) {
  Lock lock(state_->mu);
  StoreMeeting(*state_, meeting);
}

void FakeMetricsService::Put(const v1::FundFlow& flow) {
  Lock lock(state_->mu);
  StoreFlow(*state_, flow);
}

#define BUSAN_FAKE_PARENT_METHODS(R, Plural, field, items)                     \
  grpc::Status FakeMetricsService::Create##R(                                  \
      grpc::ServerContext* context, const v1::Create##R##Request* request,     \
      v1::R* out) {                                                            \
    return CreateParent(                                                       \
        *state_, context, "Create" #R,                                         \
        absl::StrCat(MetricsCollection<v1::R>(), "/", request->field##_id()),  \
        request->field(), request->request_id(), out);                         \
  }                                                                            \
  grpc::Status FakeMetricsService::Get##R(                                     \
      grpc::ServerContext*, const v1::Get##R##Request* request, v1::R* out) {  \
    return GetParent(*state_, request->name(), out);                           \
  }                                                                            \
  grpc::Status FakeMetricsService::List##Plural(                               \
      grpc::ServerContext*, const v1::List##Plural##Request* request,          \
      v1::List##Plural##Response* response) {                                  \
    return ListParents<v1::R>(*state_, *request, response,                     \
                              response->mutable_##items());                    \
  }                                                                            \
  grpc::Status FakeMetricsService::Update##R(                                  \
      grpc::ServerContext* context, const v1::Update##R##Request* request,     \
      v1::R* out) {                                                            \
    return UpdateParent(*state_, context, "Update" #R, request->field(),       \
                        request->update_mask(), request->request_id(), out);   \
  }                                                                            \
  grpc::Status FakeMetricsService::Delete##R(                                  \
      grpc::ServerContext* context, const v1::Delete##R##Request* request,     \
      google::protobuf::Empty*) {                                              \
    return DeleteParent<v1::R>(*state_, context, "Delete" #R, request->name(), \
                               request->etag(), request->request_id());        \
  }

BUSAN_FAKE_PARENT_METHODS(RankingIndex, RankingIndices, index, indices)
BUSAN_FAKE_PARENT_METHODS(MeetingSeries, MeetingSeries, series, meeting_series)
BUSAN_FAKE_PARENT_METHODS(Fund, Funds, fund, funds)
#undef BUSAN_FAKE_PARENT_METHODS

}  // namespace busan::ctl
