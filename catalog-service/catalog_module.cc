#include "catalog-service/catalog_module.h"

#include <utility>

namespace busan::catalog {

absl::StatusOr<std::unique_ptr<CatalogModule>> CatalogModule::Open(
    const CatalogOptions& options, const server::Authorizer* authorizer) {
  absl::StatusOr<std::unique_ptr<Catalog>> catalog = Catalog::Open(options);
  if (!catalog.ok()) return catalog.status();
  return std::unique_ptr<CatalogModule>(new CatalogModule(
      std::move(*catalog), authorizer, "busan.catalog.v1.CatalogService"));
}

absl::StatusOr<std::unique_ptr<server::ServiceModule>> CatalogModule::FromFlags(
    const server::ServerConfig& config, const server::Authorizer* authorizer) {
  CatalogOptions options{config.store_options()};
  options.max_watch_streams = static_cast<size_t>(config.max_watch_streams);
  options.revisions_per_resource =
      static_cast<uint64_t>(config.revisions_per_resource);
  absl::StatusOr<std::unique_ptr<CatalogModule>> module =
      Open(options, authorizer);
  if (!module.ok()) return module.status();
  return std::unique_ptr<server::ServiceModule>(std::move(*module));
}

void CatalogModule::BeginShutdown() { catalog().watch_hub().Shutdown(); }

}  // namespace busan::catalog
