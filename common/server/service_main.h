// ServiceMain is the whole life of a service binary, so each main.cc is a
// few lines: parse flags and load the bearer tokens file (exit 2 on misuse),
// open the service's state
// (exit 1 when the data directory is unusable or locked), serve, and on
// SIGTERM or SIGINT stop accepting, drain in-flight calls (bounded), close
// the state cleanly and exit 0.
#ifndef BUSAN_COMMON_SERVER_SERVICE_MAIN_H_
#define BUSAN_COMMON_SERVER_SERVICE_MAIN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/server/auth.h"
#include "common/server/grpc_server.h"
#include "common/server/server_config.h"
#include "common/store/database.h"
#include "common/store/serialized_writer.h"

namespace busan::server {

// What a service contributes to the shared bootstrap. The bootstrap adds
// what every service has over its store: busan.admin.v1.AdminService
// (backups), health that follows the store, and the storage and write
// pipeline gauges on /metrics.
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
  // changing health. Polled every second while serving.
  virtual absl::Status WritesAccepted() const {
    return database().WriteHealth();
  }
  // Prometheus text appended to each /metrics scrape: by default the
  // storage and write pipeline gauges. Called on the metrics endpoint's
  // thread while the service serves.
  virtual std::string ExtraMetrics() const;
};

// Opens the service's state. `authorizer` is loaded from
// --auth_tokens_file (null when the flag is not given, so every call is
// allowed); it outlives the module, and the module hands it to its API.
using ModuleFactory =
    std::function<absl::StatusOr<std::unique_ptr<ServiceModule>>(
        const ServerConfig&, const Authorizer* authorizer)>;

// Runs a service binary to completion and returns its exit code.
int ServiceMain(const std::string& program, int argc, char** argv,
                ServerConfig defaults, const ModuleFactory& open_module);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_SERVICE_MAIN_H_
