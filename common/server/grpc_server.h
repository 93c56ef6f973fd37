// GrpcServer is the one bootstrap both services share: listening port and
// credentials, health checking, reflection, the interceptor seam, and a
// bounded drain on shutdown.
#ifndef BUSAN_COMMON_SERVER_GRPC_SERVER_H_
#define BUSAN_COMMON_SERVER_GRPC_SERVER_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/server/call_metrics.h"
#include "common/server/logger.h"
#include "common/server/metrics_endpoint.h"
#include "common/server/server_config.h"
#include "common/server/tls_files.h"

namespace busan::server {

using InterceptorFactories = std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>;

// A service to register, with the full name health checks know it by
// (e.g. "busan.catalog.v1.CatalogService").
struct NamedService {
  std::string name;
  grpc::Service* service;
};

class GrpcServer {
 public:
  // Builds and starts a server for `services` (not owned; they must outlive
  // the server). Health reports the server ("") and every named service
  // SERVING once started, NOT_SERVING from the start of shutdown.
  // `interceptors` is where cross-cutting concerns (auth, metrics) plug in.
  // With config.metrics_address set, every call is also counted per method
  // and status code (CallMetrics, after `interceptors` so that it sees the
  // status they leave) and served for Prometheus on that address.
  // With config.health_address set, a second, plaintext listener there
  // serves only the health service, mirroring every status above.
  // FAILED_PRECONDITION when the address, the health address or the metrics
  // address cannot be bound; INVALID_ARGUMENT when TLS files cannot be read.
  // `extra_metrics`, when set, is appended to each scrape (it runs on the
  // endpoint's thread while the server serves). With `logger` (not owned,
  // outliving the server), every call gets an access log line
  // (access_log.h).
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const ServerConfig& config, const std::vector<NamedService>& services,
      InterceptorFactories interceptors = {},
      std::function<std::string()> extra_metrics = nullptr,
      const Logger* logger = nullptr);

  ~GrpcServer();

  // The bound port (useful with port 0).
  int port() const { return port_; }
  // "host:port" with the bound port.
  std::string address() const { return address_; }
  // "host:port" of the Prometheus endpoint with its bound port; empty when
  // config.metrics_address was not set.
  std::string metrics_address() const;
  // "host:port" of the health-only listener with its bound port; empty when
  // config.health_address was not set.
  std::string health_address() const { return health_address_; }

  // Checks `probe` (whether the store accepts writes) every `interval` on
  // a thread of its own and logs each change, with the reason, when
  // `logger` is set. Health does not follow it: a store that refuses
  // writes still serves reads (readiness), the process is not stuck
  // (liveness), and a restart would cut short RocksDB's own recovery. The
  // refusals show as UNAVAILABLE / RESOURCE_EXHAUSTED, in the
  // busan_store_writable gauge and in these lines. Call once; stops with
  // Shutdown.
  void MonitorWrites(std::function<absl::Status()> probe,
                     absl::Duration interval, const Logger* logger);

  // Re-reads the TLS files (see tls_files.h): OK when there is no TLS or
  // the new set is in force (for new connections, within a second); else
  // why not, with the set in force unchanged.
  absl::Status ReloadTls();
  bool has_tls() const { return tls_ != nullptr; }

  // Marks health NOT_SERVING, stops accepting calls, waits up to `drain`
  // for in-flight calls, then cancels what is left, and stops the metrics
  // endpoint and the health listener (which still answer, NOT_SERVING,
  // while calls drain). Idempotent.
  void Shutdown(absl::Duration drain);

 private:
  GrpcServer() = default;
  // Sets the overall status and every service's on both listeners;
  // refuses SERVING once shutdown began.
  void SetServing(bool serving);
  void MonitorLoop(std::function<absl::Status()> probe, absl::Duration interval,
                   const Logger* logger);

  // Declared before server_ so that they outlive it: its interceptors
  // record into call_metrics_ until the last call is gone.
  std::unique_ptr<CallMetrics> call_metrics_;
  // Before server_: its memfds are what the server's TLS reads.
  std::unique_ptr<TlsFiles> tls_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;
  std::vector<std::string> service_names_;
  int port_ = 0;
  std::string address_;
  std::string health_address_;
  bool shut_down_ = false;

  std::mutex serving_mutex_;
  bool draining_ = false;  // guarded by serving_mutex_
  absl::Notification stop_monitor_;
  std::thread monitor_;
};

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_GRPC_SERVER_H_
