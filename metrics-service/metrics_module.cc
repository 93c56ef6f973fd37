#include "metrics-service/metrics_module.h"

#include <utility>

namespace busan::metrics {

MetricsModule::MetricsModule(std::unique_ptr<Metrics> metrics,
                             const server::Authorizer* authorizer)
    : metrics_(std::move(metrics)), api_(metrics_.get(), authorizer) {}

absl::StatusOr<std::unique_ptr<MetricsModule>> MetricsModule::Open(
    const MetricsOptions& options, const server::Authorizer* authorizer) {
  absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Open(options);
  if (!metrics.ok()) return metrics.status();
  return std::unique_ptr<MetricsModule>(
      new MetricsModule(std::move(*metrics), authorizer));
}

absl::StatusOr<std::unique_ptr<server::ServiceModule>> MetricsModule::FromFlags(
    const server::ServerConfig& config, const server::Authorizer* authorizer) {
  absl::StatusOr<std::unique_ptr<MetricsModule>> module =
      Open(config.store_options(), authorizer);
  if (!module.ok()) return module.status();
  return std::unique_ptr<server::ServiceModule>(std::move(*module));
}

std::vector<server::NamedService> MetricsModule::Services() {
  return {{"busan.metrics.v1.MetricsService", &api_}};
}

absl::Status MetricsModule::Close() {
  metrics_->writer().Stop();
  return metrics_->Flush();
}

const store::Database& MetricsModule::database() const {
  return metrics_->database();
}

const store::SerializedWriter& MetricsModule::writer() const {
  return metrics_->writer();
}

}  // namespace busan::metrics
