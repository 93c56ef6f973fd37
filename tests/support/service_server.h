// An in-process service (catalog-service or metrics-service) on a free
// loopback port with its own temp data and backup directories, for
// integration tests: the service's API and busan.admin.v1.AdminService, as
// the binary serves them. Stopped and removed on destruction.
//
// Traits says what differs between the services:
//   Domain, Options, Api, Service   the domain object, its options, the
//                                   gRPC handlers and the generated service
//   kServiceName, kDataDir          "busan.catalog.v1.CatalogService",
//   "catalog" BeginShutdown(Domain&)          ends long-lived streams before a
//   drain
// (CatalogServer and MetricsServer are the two instances.)
#ifndef BUSAN_TESTS_SUPPORT_SERVICE_SERVER_H_
#define BUSAN_TESTS_SUPPORT_SERVICE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "busan/admin/v1/admin.grpc.pb.h"
#include "common/server/admin_api.h"
#include "common/server/auth.h"
#include "common/server/grpc_server.h"
#include "common/testing/temp_dir.h"
#include "tests/support/call_recorder.h"

namespace busan::testing {

template <typename Traits>
class ServiceServer {
 public:
  using Domain = typename Traits::Domain;
  using Stub = typename Traits::Service::Stub;

  // Starts the server; aborts the test binary if it cannot (a broken
  // environment, not a test outcome). The store is in a temp directory of
  // the fixture's own unless options.data_dir names one (which then
  // outlives the server, e.g. to reopen it). With `authorizer` (not owned; must
  // outlive the server) calls need a bearer token, as with
  // --auth_tokens_file. With `recorder` (not owned; must outlive the
  // server) every call the server receives is recorded (call_recorder.h).
  explicit ServiceServer(typename Traits::Options options = {},
                         const server::Authorizer* authorizer = nullptr,
                         CallRecorder* recorder = nullptr)
      : data_dir_(options.data_dir.empty() ? dir_.Sub(Traits::kDataDir)
                                           : options.data_dir),
        backup_dir_(dir_.Sub("backups")) {
    options.data_dir = data_dir_;
    domain_ = OrAbort(Domain::Open(options), "open the store");
    api_ = std::make_unique<typename Traits::Api>(domain_.get(), authorizer);
    admin_ = std::make_unique<server::AdminApi>(
        &domain_->database(), backup_dir_, 0, authorizer, nullptr);
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.data_dir = data_dir_;
    server::InterceptorFactories interceptors;
    if (recorder != nullptr) interceptors.push_back(recorder->NewFactory());
    server_ = OrAbort(server::GrpcServer::Start(
                          config,
                          {{Traits::kServiceName, api_.get()},
                           {"busan.admin.v1.AdminService", admin_.get()}},
                          std::move(interceptors)),
                      "start the server");
    // As the binary does, with a short period so that tests see changes
    // soon.
    server_->MonitorWrites(
        [store = &domain_->database()] { return store->WriteHealth(); },
        absl::Milliseconds(100), nullptr);
  }
  ~ServiceServer() { Stop(); }
  ServiceServer(const ServiceServer&) = delete;
  ServiceServer& operator=(const ServiceServer&) = delete;

  std::string address() const { return server_->address(); }
  Domain& domain() { return *domain_; }
  const std::string& data_dir() const { return data_dir_; }
  std::unique_ptr<Stub> NewStub() const {
    return Traits::Service::NewStub(Channel());
  }
  // busan.admin.v1.AdminService on the same port, taking backups into
  // backup_dir() (a directory of the fixture's own).
  std::unique_ptr<admin::v1::AdminService::Stub> NewAdminStub() const {
    return admin::v1::AdminService::NewStub(Channel());
  }
  const std::string& backup_dir() const { return backup_dir_; }

  // Stops serving, as SIGTERM would (long-lived streams end first); calls
  // still running after `drain` are cancelled. Idempotent.
  void Stop(absl::Duration drain = absl::Seconds(5)) {
    if (server_ == nullptr || stopped_) return;
    stopped_ = true;
    Traits::BeginShutdown(*domain_);
    server_->Shutdown(drain);
  }

 private:
  template <typename T>
  static T OrAbort(absl::StatusOr<T> result, const char* what) {
    if (!result.ok()) {
      fprintf(stderr, "cannot %s: %s\n", what,
              result.status().ToString().c_str());
      abort();
    }
    return std::move(*result);
  }
  std::shared_ptr<grpc::Channel> Channel() const {
    return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  }

  TempDir dir_;
  std::string data_dir_;
  std::string backup_dir_;
  std::unique_ptr<Domain> domain_;
  std::unique_ptr<typename Traits::Api> api_;
  std::unique_ptr<server::AdminApi> admin_;
  std::unique_ptr<server::GrpcServer> server_;
  bool stopped_ = false;
};

// A fresh random canonical UUID for request_id fields.
std::string NewRequestId();

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_SERVICE_SERVER_H_
