// metrics-service: serves busan.metrics.v1.MetricsService on RocksDB.
#include "common/server/service_main.h"
#include "metrics-service/metrics_module.h"

int main(int argc, char** argv) {
  busan::server::ServerConfig defaults;
  defaults.address = "0.0.0.0:50052";
  defaults.data_dir = "var/metrics";
  return busan::server::ServiceMain("metrics-service", argc, argv, defaults,
                                    busan::metrics::MetricsModule::FromFlags);
}
