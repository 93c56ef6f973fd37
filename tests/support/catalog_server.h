// An in-process catalog-service on a free loopback port with its own temp
// data directory, for integration tests. Stopped and removed on destruction.
#ifndef BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
#define BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "busan/admin/v1/admin.grpc.pb.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "common/server/admin_api.h"
#include "common/server/auth.h"
#include "common/server/grpc_server.h"
#include "common/testing/temp_dir.h"
#include "tests/support/call_recorder.h"

namespace busan::testing {

class CatalogServer {
 public:
  // Starts the server; aborts the test binary if it cannot (a broken
  // environment, not a test outcome). With `authorizer` (not owned; must
  // outlive the server) calls need a bearer token, as with
  // --auth_tokens_file.
  // With `recorder` (not owned; must outlive the server) every call the
  // server receives is recorded (call_recorder.h).
  explicit CatalogServer(catalog::CatalogOptions options = {},
                         const server::Authorizer* authorizer = nullptr,
                         CallRecorder* recorder = nullptr);
  ~CatalogServer();

  std::string address() const { return server_->address(); }
  catalog::Catalog& catalog() { return *catalog_; }
  const std::string& data_dir() const { return data_dir_; }
  std::unique_ptr<catalog::v1::CatalogService::Stub> NewStub() const;
  // busan.admin.v1.AdminService on the same port, taking backups into
  // backup_dir() (a directory of the fixture's own).
  std::unique_ptr<admin::v1::AdminService::Stub> NewAdminStub() const;
  const std::string& backup_dir() const { return backup_dir_; }

  // Stops serving (ends watch streams first), as SIGTERM would.
  void Stop();

 private:
  TempDir dir_;
  std::string data_dir_;
  std::string backup_dir_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::CatalogApi> api_;
  std::unique_ptr<server::AdminApi> admin_;
  std::unique_ptr<server::GrpcServer> server_;
};

// A fresh random canonical UUID for request_id fields.
std::string NewRequestId();

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
