// catalog-service's part of the bootstrap (common/server/service.h): the
// catalog, its API, and how the flags open them. The binary and the tests
// start the service through it the same way.
#ifndef BUSAN_CATALOG_SERVICE_CATALOG_MODULE_H_
#define BUSAN_CATALOG_SERVICE_CATALOG_MODULE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "common/server/service.h"

namespace busan::catalog {

class CatalogModule final : public server::ServiceModule {
 public:
  // Opens the catalog with `options`; `authorizer` as ModuleFactory's.
  static absl::StatusOr<std::unique_ptr<CatalogModule>> Open(
      const CatalogOptions& options, const server::Authorizer* authorizer);
  // What the binary opens: the catalog options of its flags.
  static absl::StatusOr<std::unique_ptr<server::ServiceModule>> FromFlags(
      const server::ServerConfig& config, const server::Authorizer* authorizer);

  Catalog& catalog() { return *catalog_; }

  std::vector<server::NamedService> Services() override;
  void BeginShutdown() override;
  absl::Status Close() override;
  const store::Database& database() const override;
  const store::SerializedWriter& writer() const override;

 private:
  CatalogModule(std::unique_ptr<Catalog> catalog,
                const server::Authorizer* authorizer);

  std::unique_ptr<Catalog> catalog_;
  CatalogApi api_;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_CATALOG_MODULE_H_
