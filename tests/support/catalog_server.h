// An in-process catalog-service for integration tests (service_server.h).
#ifndef BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_
#define BUSAN_TESTS_SUPPORT_CATALOG_SERVER_H_

#include <string>

#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/catalog_module.h"
#include "catalog-service/domain/catalog.h"
#include "gtest/gtest.h"
#include "tests/support/service_server.h"

namespace busan::testing {

struct CatalogTraits {
  using Module = catalog::CatalogModule;
  using Domain = catalog::Catalog;
  using Options = catalog::CatalogOptions;
  using Service = catalog::v1::CatalogService;
  static constexpr char kDataDir[] = "catalog";
  static Domain& DomainOf(Module& module) { return module.catalog(); }
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
