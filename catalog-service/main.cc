// catalog-service: serves busan.catalog.v1.CatalogService on RocksDB.
#include "catalog-service/catalog_module.h"
#include "common/server/service_main.h"

int main(int argc, char** argv) {
  busan::server::ServerConfig defaults;
  defaults.address = "0.0.0.0:50051";
  defaults.data_dir = "var/catalog";
  return busan::server::ServiceMain("catalog-service", argc, argv, defaults,
                                    busan::catalog::CatalogModule::FromFlags);
}
