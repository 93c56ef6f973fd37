// An in-process catalog-service for integration tests (service_server.h).
#ifndef BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
#define BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_

#include <string>

#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "gtest/gtest.h"
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

  // The project `name` as stored; an empty one, and a failed test, when
  // it cannot be read.
  catalog::v1::Project StoredProject(const std::string& name) {
    catalog::v1::Project project;
    EXPECT_TRUE(catalog().GetProject(name, &project).ok()) << name;
    return project;
  }
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
