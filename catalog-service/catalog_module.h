// catalog-service's part of the bootstrap (common/server/service.h): the
// catalog, its API, and how the flags open them. The binary and the tests
// start the service through it the same way.
#ifndef BUSAN_CATALOG_SERVICE_CATALOG_MODULE_H_
#define BUSAN_CATALOG_SERVICE_CATALOG_MODULE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "common/server/domain_module.h"

namespace busan::catalog {

class CatalogModule final : public server::DomainModule<Catalog, CatalogApi> {
 public:
  // Opens the catalog with `options`; `authorizer` as ModuleFactory's.
  static absl::StatusOr<std::unique_ptr<CatalogModule>> Open(
      const CatalogOptions& options, const server::Authorizer* authorizer);
  // What the binary opens: the catalog options of its flags.
  static absl::StatusOr<std::unique_ptr<server::ServiceModule>> FromFlags(
      const server::ServerConfig& config, const server::Authorizer* authorizer);

  Catalog& catalog() { return domain(); }
  // Ends the WatchCatalog streams before the drain.
  void BeginShutdown() override;

 private:
  using DomainModule::DomainModule;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_CATALOG_MODULE_H_
