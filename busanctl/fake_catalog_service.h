// An in-memory CatalogService for busanctl's tests: standard methods over
// maps, etags that change on every write, update masks applied with
// FieldMaskUtil, a fake derived figure, and a log of every write it received
// so tests can check what the client sent. No validation beyond what the
// tests need (etag, ALREADY_EXISTS, NOT_FOUND).
#ifndef BUSAN_BUSANCTL_FAKE_CATALOG_SERVICE_H_
#define BUSAN_BUSANCTL_FAKE_CATALOG_SERVICE_H_

#include <grpcpp/server.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "busan/catalog/v1/catalog.grpc.pb.h"

namespace busan::ctl {

class FakeCatalogService final : public catalog::v1::CatalogService::Service {
 public:
  // One write as received.
  struct Write {
    std::string method;  // "CreateProject"
    std::string name;    // resource name (for Create: the name it gets)
    std::string request_id;
    std::vector<std::string> mask;  // Update only
    std::string etag;               // Update and Delete
    std::string authorization;      // the metadata value, if any
  };

  // Serves on a free loopback port until destroyed.
  FakeCatalogService();
  ~FakeCatalogService() override;

  // "127.0.0.1:PORT".
  const std::string& address() const { return address_; }

  std::vector<Write> writes() const;
  // Stored copies, as a Get would return them.
  std::map<std::string, catalog::v1::Project> projects() const;
  // Makes every write to resource `name` fail with `status`.
  void FailWritesTo(const std::string& name, grpc::Status status);
  // Stores `resource` directly, as if another client had written it.
  void Put(const catalog::v1::Project& project);
  // WatchCatalog sends `events`, then ends the stream with `end`.
  void ScriptWatch(std::vector<catalog::v1::ChangeEvent> events,
                   grpc::Status end);
  // start_after_sequence of the last WatchCatalog call (-1 before any).
  int64_t watch_start_after() const;

  // grpc::Status handlers; see catalog.proto.
#define BUSAN_FAKE_METHODS(R, Plural)                                       \
  grpc::Status Get##R(grpc::ServerContext*,                                 \
                      const catalog::v1::Get##R##Request*, catalog::v1::R*) \
      override;                                                             \
  grpc::Status Create##R(grpc::ServerContext*,                              \
                         const catalog::v1::Create##R##Request*,            \
                         catalog::v1::R*) override;                         \
  grpc::Status Update##R(grpc::ServerContext*,                              \
                         const catalog::v1::Update##R##Request*,            \
                         catalog::v1::R*) override;                         \
  grpc::Status Delete##R(grpc::ServerContext*,                              \
                         const catalog::v1::Delete##R##Request*,            \
                         google::protobuf::Empty*) override;                \
  grpc::Status List##Plural(grpc::ServerContext*,                           \
                            const catalog::v1::List##Plural##Request*,      \
                            catalog::v1::List##Plural##Response*) override;
  BUSAN_FAKE_METHODS(Plan, Plans)
  BUSAN_FAKE_METHODS(Strategy, Strategies)
  BUSAN_FAKE_METHODS(Initiative, Initiatives)
  BUSAN_FAKE_METHODS(Project, Projects)
#undef BUSAN_FAKE_METHODS
  grpc::Status BatchGetProjects(
      grpc::ServerContext*, const catalog::v1::BatchGetProjectsRequest*,
      catalog::v1::BatchGetProjectsResponse*) override;
  grpc::Status WatchCatalog(
      grpc::ServerContext*, const catalog::v1::WatchCatalogRequest*,
      grpc::ServerWriter<catalog::v1::ChangeEvent>*) override;

  // Stored resources and the write log (defined in the .cc file).
  struct State;

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_FAKE_CATALOG_SERVICE_H_
