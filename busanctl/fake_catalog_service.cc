#include "busanctl/fake_catalog_service.h"

#include <google/protobuf/util/field_mask_util.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace busan::ctl {

namespace v1 = ::busan::catalog::v1;

struct FakeCatalogService::State {
  mutable std::mutex mu;
  std::tuple<
      std::map<std::string, v1::Plan>, std::map<std::string, v1::Strategy>,
      std::map<std::string, v1::Initiative>, std::map<std::string, v1::Project>>
      items;
  std::vector<Write> writes;
  std::map<std::string, grpc::Status> failures;
  int64_t next_etag = 1;
  std::vector<v1::ChangeEvent> watch_events;
  grpc::Status watch_end;
  int64_t watch_start_after = -1;

  template <typename R>
  std::map<std::string, R>& Items() {
    return std::get<std::map<std::string, R>>(items);
  }
};

namespace {

std::string Authorization(const grpc::ServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  return it == metadata.end()
             ? ""
             : std::string(it->second.data(), it->second.size());
}

// A stand-in for the derived figures the real service computes, so tests
// see output-only fields that differ from the seed records.
template <typename R>
void SetDerived(R* resource) {
  if constexpr (std::is_same_v<R, v1::Strategy> ||
                std::is_same_v<R, v1::Initiative> ||
                std::is_same_v<R, v1::Plan>) {
    resource->set_project_count(1);
    resource->set_total_budget_krw(1000);
  }
}

template <typename R>
grpc::Status Get(FakeCatalogService::State& state, const std::string& name,
                 R* out) {
  std::lock_guard<std::mutex> lock(state.mu);
  auto& items = state.Items<R>();
  auto it = items.find(name);
  if (it == items.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, name + " not found");
  }
  *out = it->second;
  return grpc::Status::OK;
}

template <typename R>
grpc::Status Create(FakeCatalogService::State& state,
                    const grpc::ServerContext* context,
                    const std::string& method, const std::string& name,
                    const R& resource, const std::string& request_id, R* out) {
  std::lock_guard<std::mutex> lock(state.mu);
  state.writes.push_back(
      {method, name, request_id, {}, "", Authorization(context)});
  if (auto f = state.failures.find(name); f != state.failures.end())
    return f->second;
  auto& items = state.Items<R>();
  if (items.count(name) > 0) {
    return grpc::Status(grpc::StatusCode::ALREADY_EXISTS, name + " exists");
  }
  R stored = resource;
  stored.set_name(name);
  stored.set_etag(absl::StrCat(state.next_etag++));
  stored.mutable_create_time()->set_seconds(1700000000);
  SetDerived(&stored);
  items[name] = stored;
  *out = stored;
  return grpc::Status::OK;
}

template <typename R>
grpc::Status Update(FakeCatalogService::State& state,
                    const grpc::ServerContext* context,
                    const std::string& method, const R& resource,
                    const google::protobuf::FieldMask& mask,
                    const std::string& request_id, R* out) {
  std::lock_guard<std::mutex> lock(state.mu);
  state.writes.push_back({method,
                          resource.name(),
                          request_id,
                          {mask.paths().begin(), mask.paths().end()},
                          resource.etag(),
                          Authorization(context)});
  if (auto f = state.failures.find(resource.name());
      f != state.failures.end()) {
    return f->second;
  }
  auto& items = state.Items<R>();
  auto it = items.find(resource.name());
  if (it == items.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, resource.name());
  }
  if (!resource.etag().empty() && resource.etag() != it->second.etag()) {
    return grpc::Status(grpc::StatusCode::ABORTED, "etag: stale");
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
grpc::Status Delete(FakeCatalogService::State& state,
                    const grpc::ServerContext* context,
                    const std::string& method, const std::string& name,
                    const std::string& etag, const std::string& request_id) {
  std::lock_guard<std::mutex> lock(state.mu);
  state.writes.push_back(
      {method, name, request_id, {}, etag, Authorization(context)});
  auto& items = state.Items<R>();
  auto it = items.find(name);
  if (it == items.end()) return grpc::Status(grpc::StatusCode::NOT_FOUND, name);
  if (!etag.empty() && etag != it->second.etag()) {
    return grpc::Status(grpc::StatusCode::ABORTED, "etag: stale");
  }
  items.erase(it);
  return grpc::Status::OK;
}

// Pages are offsets into the name-ordered map; the token is the offset.
template <typename R, typename Request, typename Response>
grpc::Status List(FakeCatalogService::State& state, const Request& request,
                  Response* response,
                  google::protobuf::RepeatedPtrField<R>* out) {
  std::lock_guard<std::mutex> lock(state.mu);
  const auto& items = state.Items<R>();
  int offset = 0;
  if (!request.page_token().empty() &&
      !absl::SimpleAtoi(request.page_token(), &offset)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_token");
  }
  const int size = request.page_size() > 0 ? request.page_size() : 50;
  int index = 0;
  for (const auto& [name, item] : items) {
    if (index >= offset && index < offset + size) *out->Add() = item;
    ++index;
  }
  if (offset + size < index) {
    response->set_next_page_token(absl::StrCat(offset + size));
  }
  response->set_total_size(index);
  return grpc::Status::OK;
}

}  // namespace

FakeCatalogService::FakeCatalogService() : state_(std::make_unique<State>()) {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
  address_ = absl::StrCat("127.0.0.1:", port);
}

FakeCatalogService::~FakeCatalogService() { server_->Shutdown(); }

std::vector<FakeCatalogService::Write> FakeCatalogService::writes() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->writes;
}

std::map<std::string, v1::Project> FakeCatalogService::projects() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->Items<v1::Project>();
}

void FakeCatalogService::FailWritesTo(const std::string& name,
                                      grpc::Status status) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->failures[name] = std::move(status);
}

void FakeCatalogService::Put(const v1::Project& project) {
  std::lock_guard<std::mutex> lock(state_->mu);
  v1::Project stored = project;
  stored.set_etag(absl::StrCat(state_->next_etag++));
  state_->Items<v1::Project>()[project.name()] = stored;
}

void FakeCatalogService::ScriptWatch(std::vector<v1::ChangeEvent> events,
                                     grpc::Status end) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->watch_events = std::move(events);
  state_->watch_end = std::move(end);
}

int64_t FakeCatalogService::watch_start_after() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->watch_start_after;
}

grpc::Status FakeCatalogService::WatchCatalog(
    grpc::ServerContext*, const v1::WatchCatalogRequest* request,
    grpc::ServerWriter<v1::ChangeEvent>* writer) {
  std::vector<v1::ChangeEvent> events;
  grpc::Status end;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->watch_start_after = request->start_after_sequence();
    events = state_->watch_events;
    end = state_->watch_end;
  }
  for (const v1::ChangeEvent& event : events) writer->Write(event);
  return end;
}

#define BUSAN_FAKE_METHODS(R, Plural, lower, items, NameOf)                   \
  grpc::Status FakeCatalogService::Get##R(                                    \
      grpc::ServerContext*, const v1::Get##R##Request* request, v1::R* out) { \
    return Get(*state_, request->name(), out);                                \
  }                                                                           \
  grpc::Status FakeCatalogService::Create##R(                                 \
      grpc::ServerContext* context, const v1::Create##R##Request* request,    \
      v1::R* out) {                                                           \
    return Create(*state_, context, "Create" #R, NameOf, request->lower(),    \
                  request->request_id(), out);                                \
  }                                                                           \
  grpc::Status FakeCatalogService::Update##R(                                 \
      grpc::ServerContext* context, const v1::Update##R##Request* request,    \
      v1::R* out) {                                                           \
    return Update(*state_, context, "Update" #R, request->lower(),            \
                  request->update_mask(), request->request_id(), out);        \
  }                                                                           \
  grpc::Status FakeCatalogService::Delete##R(                                 \
      grpc::ServerContext* context, const v1::Delete##R##Request* request,    \
      google::protobuf::Empty*) {                                             \
    return Delete<v1::R>(*state_, context, "Delete" #R, request->name(),      \
                         request->etag(), request->request_id());             \
  }                                                                           \
  grpc::Status FakeCatalogService::List##Plural(                              \
      grpc::ServerContext*, const v1::List##Plural##Request* request,         \
      v1::List##Plural##Response* response) {                                 \
    return List<v1::R>(*state_, *request, response,                           \
                       response->mutable_##items());                          \
  }

BUSAN_FAKE_METHODS(Plan, Plans, plan, plans, "plans/" + request->plan_id())
BUSAN_FAKE_METHODS(Strategy, Strategies, strategy, strategies,
                   "strategies/" + request->strategy_id())
BUSAN_FAKE_METHODS(Initiative, Initiatives, initiative, initiatives,
                   request->parent() + "/initiatives/" +
                       request->initiative_id())
BUSAN_FAKE_METHODS(Project, Projects, project, projects,
                   "projects/" + request->project_id())
#undef BUSAN_FAKE_METHODS

grpc::Status FakeCatalogService::BatchGetProjects(
    grpc::ServerContext*, const v1::BatchGetProjectsRequest* request,
    v1::BatchGetProjectsResponse* response) {
  for (const std::string& name : request->names()) {
    grpc::Status status = Get(*state_, name, response->add_projects());
    if (!status.ok()) return status;
  }
  return grpc::Status::OK;
}

}  // namespace busan::ctl
