// An in-process service (catalog-service or metrics-service) on a free
// loopback port with its own temp data and backup directories, for
// integration tests: started as the binary starts it (server::Service with
// the service's module), so its API and busan.admin.v1.AdminService are
// what the binary serves. Stopped and removed on destruction.
//
// Traits says what differs between the services:
//   Module, Domain, Options, Service  the service's module, its domain
//                                     object and options, the generated
//                                     service
//   kDataDir                          "catalog", "metrics"
//   DomainOf(Module&)                 the module's domain object
// (CatalogServer and MetricsServer are the two instances.)
#ifndef BUSAN_TESTS_SUPPORT_SERVICE_SERVER_H_
#define BUSAN_TESTS_SUPPORT_SERVICE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "common/server/auth.h"
#include "common/server/service.h"
#include "common/testing/temp_dir.h"
#include "tests/support/call_recorder.h"

namespace busan::testing {

template <typename Traits>
class ServiceServer {
 public:
  using Module = typename Traits::Module;
  using Domain = typename Traits::Domain;
  using Stub = typename Traits::Service::Stub;

  // Starts the service as its binary does (server::Service, with the
  // service's module); aborts the test binary if it cannot (a broken
  // environment, not a test outcome). The store is in a temp directory of
  // the fixture's own unless options.data_dir names one (which then
  // outlives the server, e.g. to reopen it). With `authorizer` (not owned;
  // must outlive the server) calls need a bearer token, as with
  // --auth_tokens_file. With `recorder` (not owned; must outlive the
  // server) every call the server receives is recorded (call_recorder.h).
  explicit ServiceServer(typename Traits::Options options = {},
                         server::Authorizer* authorizer = nullptr,
                         CallRecorder* recorder = nullptr)
      : data_dir_(options.data_dir.empty() ? dir_.Sub(Traits::kDataDir)
                                           : options.data_dir),
        backup_dir_(dir_.Sub("backups")) {
    options.data_dir = data_dir_;
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.data_dir = data_dir_;
    config.backup_dir = backup_dir_;
    server::ServiceHooks hooks;
    hooks.program = Traits::kDataDir;
    hooks.authorizer = authorizer;
    // Tests see a change of the store's write health soon.
    hooks.write_check_interval = absl::Milliseconds(100);
    if (recorder != nullptr) {
      hooks.interceptors.push_back(recorder->NewFactory());
    }
    service_ = OrAbort(
        server::Service::Start(
            config,
            [&](const server::ServerConfig&, const server::Authorizer* auth)
                -> absl::StatusOr<std::unique_ptr<server::ServiceModule>> {
              absl::StatusOr<std::unique_ptr<Module>> module =
                  Module::Open(options, auth);
              if (!module.ok()) return module.status();
              module_ = module->get();
              return std::unique_ptr<server::ServiceModule>(std::move(*module));
            },
            std::move(hooks)),
        "start the service");
  }
  ~ServiceServer() { Stop(); }
  ServiceServer(const ServiceServer&) = delete;
  ServiceServer& operator=(const ServiceServer&) = delete;

  std::string address() const { return service_->server().address(); }
  Domain& domain() { return Traits::DomainOf(*module_); }
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

  // Stops serving, as SIGTERM would (long-lived streams end first, a
  // backup in progress is stopped); calls still running after `drain` are
  // cancelled; then the store is closed. Idempotent; returns the first
  // call's result (an error closing the store).
  absl::Status Shutdown(absl::Duration drain = absl::Seconds(5)) {
    stopped_ = true;
    return service_->Stop(drain);
  }
  // Shutdown() for tests that do not check how the store closed: an error
  // is printed, once.
  void Stop(absl::Duration drain = absl::Seconds(5)) {
    if (stopped_) return;
    const absl::Status closed = Shutdown(drain);
    if (!closed.ok()) {
      fprintf(stderr, "closing the store: %s\n", closed.ToString().c_str());
    }
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
  Module* module_ = nullptr;  // owned by service_
  std::unique_ptr<server::Service> service_;
  bool stopped_ = false;
};

// A fresh random canonical UUID for request_id fields.
std::string NewRequestId();

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_SERVICE_SERVER_H_
