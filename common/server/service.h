// Service: everything a service binary runs between its flags and its
// exit, as an object that main.cc and the tests start the same way (etcd's
// embed package is the model). It restores --restore_from when asked,
// opens the service's module, serves the module's gRPC services and
// busan.admin.v1.AdminService (backups), watches whether the store accepts
// writes, reloads the tokens and TLS files on demand, and stops as SIGTERM
// asks. ServiceMain (service_main.h) adds the flags, the signals and the
// lines scripts read on stdout.
#ifndef BUSAN_COMMON_SERVER_SERVICE_H_
#define BUSAN_COMMON_SERVER_SERVICE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/admin_api.h"
#include "common/server/auth.h"
#include "common/server/grpc_server.h"
#include "common/server/logger.h"
#include "common/server/server_config.h"
#include "common/store/database.h"
#include "common/store/serialized_writer.h"

namespace busan::server {

// What a service contributes to the shared bootstrap. The bootstrap adds
// what every service has over its store: busan.admin.v1.AdminService
// (backups), the watch on whether the store accepts writes, and the
// storage and write pipeline gauges on /metrics.
class ServiceModule {
 public:
  virtual ~ServiceModule() = default;
  // The gRPC services to register (owned by the module).
  virtual std::vector<NamedService> Services() = 0;
  // The service's store and its write pipeline; they outlive the server.
  virtual const store::Database& database() const = 0;
  virtual const store::SerializedWriter& writer() const = 0;
  // Called once shutdown starts, before draining: end long-lived streams.
  virtual void BeginShutdown() {}
  // Called after the server stopped: stop the writer, flush and close
  // storage.
  virtual absl::Status Close() = 0;
  // OK while the store accepts writes; an error (a disk fault) is logged
  // when it begins and when it clears (GrpcServer::MonitorWrites), without
  // changing health.
  virtual absl::Status WritesAccepted() const {
    return database().WriteHealth();
  }
  // Prometheus text appended to each /metrics scrape: by default the
  // storage and write pipeline gauges. Called on the metrics endpoint's
  // thread while the service serves.
  virtual std::string ExtraMetrics() const;
};

// Opens the service's state. `authorizer` (null: every call is allowed)
// outlives the module, and the module hands it to its API.
using ModuleFactory =
    std::function<absl::StatusOr<std::unique_ptr<ServiceModule>>(
        const ServerConfig&, const Authorizer* authorizer)>;

// What a caller adds to Start beyond the configuration.
struct ServiceHooks {
  // The binary's name, in log lines ("catalog-service").
  std::string program;
  // Bearer tokens (not owned; they outlive the service), loaded from
  // config.auth_tokens_file by the caller; null lets every call in.
  Authorizer* authorizer = nullptr;
  // Not owned, outlives the service; null logs nothing.
  const Logger* logger = nullptr;
  // Server interceptors ahead of the built-in ones (tests record calls).
  InterceptorFactories interceptors;
  // How often the store's write health is checked.
  absl::Duration write_check_interval = absl::Seconds(1);
};

class Service {
 public:
  // Checks config.data_dir (no store above it), restores
  // config.restore_from into it when set, opens the module and serves.
  // Fails with why (FAILED_PRECONDITION for a data directory that is
  // locked, unusable or would hide a store; the restore's error; the
  // bind's) and leaves nothing running.
  static absl::StatusOr<std::unique_ptr<Service>> Start(
      const ServerConfig& config, const ModuleFactory& open_module,
      ServiceHooks hooks = {});
  // Stops as Stop(config.drain_timeout) would, if not stopped yet.
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  GrpcServer& server() { return *server_; }
  ServiceModule& module() { return *module_; }
  AdminApi& admin() { return *admin_; }
  // Whether Start restored config.restore_from.
  bool restored() const { return restored_; }

  // The tokens and TLS files Reload() re-reads (those configured).
  std::vector<std::string> ReloadedFiles() const;
  // Re-reads them; a file that is refused leaves what is in force. Logs
  // each outcome with `cause` (SIGHUP, a changed file).
  void Reload(const char* cause);

  // As on SIGTERM: ends long-lived streams, stops a backup in progress
  // (its caller retries), drains calls for up to `drain`, stops serving,
  // then closes the store. Idempotent; returns the first call's result.
  // server() still names the address it served on.
  absl::Status Stop(absl::Duration drain);

 private:
  Service(ServerConfig config, ServiceHooks hooks);
  void Log(LogLevel level, absl::string_view event,
           std::initializer_list<LogField> fields) const;
  void ReloadTokens(const char* cause);
  void ReloadTls(const char* cause);

  const ServerConfig config_;
  ServiceHooks hooks_;  // its interceptors are moved to the server
  bool restored_ = false;
  // Declared in the order they are made: the module outlives the admin
  // API and the server, which call into it.
  std::unique_ptr<ServiceModule> module_;
  std::unique_ptr<AdminApi> admin_;
  std::unique_ptr<GrpcServer> server_;
  std::optional<absl::Status> stopped_;
};

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_SERVICE_H_
