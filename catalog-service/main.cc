// catalog-service: serves busan.catalog.v1.CatalogService on RocksDB.
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "common/server/service_main.h"

namespace {

using busan::catalog::Catalog;
using busan::catalog::CatalogApi;

class CatalogModule final : public busan::server::ServiceModule {
 public:
  CatalogModule(std::unique_ptr<Catalog> catalog,
                const busan::server::Authorizer* authorizer)
      : catalog_(std::move(catalog)), api_(catalog_.get(), authorizer) {}

  std::vector<busan::server::NamedService> Services() override {
    return {{"busan.catalog.v1.CatalogService", &api_}};
  }
  void BeginShutdown() override { catalog_->watch_hub().Shutdown(); }
  absl::Status Close() override {
    catalog_->writer().Stop();
    return catalog_->Flush();
  }
  const busan::store::Database& database() const override {
    return catalog_->database();
  }
  const busan::store::SerializedWriter& writer() const override {
    return catalog_->writer();
  }

 private:
  std::unique_ptr<Catalog> catalog_;
  CatalogApi api_;
};

}  // namespace

int main(int argc, char** argv) {
  busan::server::ServerConfig defaults;
  defaults.address = "0.0.0.0:50051";
  defaults.data_dir = "var/catalog";
  return busan::server::ServiceMain(
      "catalog-service", argc, argv, defaults,
      [](const busan::server::ServerConfig& config,
         const busan::server::Authorizer* authorizer)
          -> absl::StatusOr<std::unique_ptr<busan::server::ServiceModule>> {
        busan::catalog::CatalogOptions options{config.store_options()};
        options.max_watch_streams =
            static_cast<size_t>(config.max_watch_streams);
        options.revisions_per_resource =
            static_cast<uint64_t>(config.revisions_per_resource);
        absl::StatusOr<std::unique_ptr<Catalog>> catalog =
            Catalog::Open(options);
        if (!catalog.ok()) return catalog.status();
        return std::make_unique<CatalogModule>(std::move(*catalog), authorizer);
      });
}
