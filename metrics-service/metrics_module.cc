#include "metrics-service/metrics_module.h"

#include <utility>

namespace busan::metrics {

absl::StatusOr<std::unique_ptr<MetricsModule>> MetricsModule::Open(
    const MetricsOptions& options, const server::Authorizer* authorizer) {
  absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Open(options);
  if (!metrics.ok()) return metrics.status();
  return std::unique_ptr<MetricsModule>(new MetricsModule(
      std::move(*metrics), authorizer, "busan.metrics.v1.MetricsService"));
}

absl::StatusOr<std::unique_ptr<server::ServiceModule>> MetricsModule::FromFlags(
    const server::ServerConfig& config, const server::Authorizer* authorizer) {
  absl::StatusOr<std::unique_ptr<MetricsModule>> module =
      Open(config.store_options(), authorizer);
  if (!module.ok()) return module.status();
  return std::unique_ptr<server::ServiceModule>(std::move(*module));
}

}  // namespace busan::metrics
