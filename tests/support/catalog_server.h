// An in-process catalog-service for integration tests (service_server.h).
#ifndef BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
#define BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_

#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "tests/support/service_server.h"

namespace busan::testing {

struct CatalogTraits {
  using Domain = catalog::Catalog;
  using Options = catalog::CatalogOptions;
  using Api = catalog::CatalogApi;
  using Service = catalog::v1::CatalogService;
  static constexpr char kServiceName[] = "busan.catalog.v1.CatalogService";
  static constexpr char kDataDir[] = "catalog";
  static void BeginShutdown(Domain& catalog) { catalog.watch_hub().Shutdown(); }
};

class CatalogServer : public ServiceServer<CatalogTraits> {
 public:
  using ServiceServer::ServiceServer;
  catalog::Catalog& catalog() { return domain(); }
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
