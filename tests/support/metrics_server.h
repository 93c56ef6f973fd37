// An in-process metrics-service on a free loopback port with its own temp
// data directory, for integration tests. Stopped and removed on destruction.
#ifndef BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_
#define BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "busan/admin/v1/admin.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "common/server/admin_api.h"
#include "common/server/auth.h"
#include "common/server/grpc_server.h"
#include "common/testing/temp_dir.h"
#include "metrics-service/api/metrics_api.h"
#include "metrics-service/domain/metrics.h"
#include "tests/support/call_recorder.h"

namespace busan::testing {

class MetricsServer {
 public:
  // Starts the server; aborts the test binary if it cannot (a broken
  // environment, not a test outcome). With `authorizer` (not owned; must
  // outlive the server) calls need a bearer token, as with
  // --auth_tokens_file.
  // With `recorder` (not owned; must outlive the server) every call the
  // server receives is recorded (call_recorder.h).
  explicit MetricsServer(metrics::MetricsOptions options = {},
                         const server::Authorizer* authorizer = nullptr,
                         CallRecorder* recorder = nullptr);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  std::string address() const { return server_->address(); }
  metrics::Metrics& metrics() { return *metrics_; }
  const std::string& data_dir() const { return data_dir_; }
  std::unique_ptr<metrics::v1::MetricsService::Stub> NewStub() const;
  // busan.admin.v1.AdminService on the same port, taking backups into
  // backup_dir() (a directory of the fixture's own).
  std::unique_ptr<admin::v1::AdminService::Stub> NewAdminStub() const;
  const std::string& backup_dir() const { return backup_dir_; }

  // Stops serving, as SIGTERM would. Idempotent.
  void Stop();

 private:
  TempDir dir_;
  std::string data_dir_;
  std::string backup_dir_;
  std::unique_ptr<metrics::Metrics> metrics_;
  std::unique_ptr<metrics::MetricsApi> api_;
  std::unique_ptr<server::AdminApi> admin_;
  std::unique_ptr<server::GrpcServer> server_;
};

// A fresh random canonical UUID for request_id fields (defined with the
// catalog fixture in busan_test_support).
std::string NewRequestId();

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_
