// metrics-service: serves busan.metrics.v1.MetricsService on RocksDB.
#include "common/server/service_main.h"
#include "metrics-service/api/metrics_api.h"
#include "metrics-service/domain/metrics.h"

namespace {

using busan::metrics::Metrics;
using busan::metrics::MetricsApi;

class MetricsModule final : public busan::server::ServiceModule {
 public:
  MetricsModule(std::unique_ptr<Metrics> metrics,
                const busan::server::Authorizer* authorizer)
      : metrics_(std::move(metrics)), api_(metrics_.get(), authorizer) {}

  std::vector<busan::server::NamedService> Services() override {
    return {{"busan.metrics.v1.MetricsService", &api_}};
  }
  absl::Status Close() override {
    metrics_->writer().Stop();
    return metrics_->Flush();
  }
  const busan::store::Database& database() const override {
    return metrics_->database();
  }
  const busan::store::SerializedWriter& writer() const override {
    return metrics_->writer();
  }

 private:
  std::unique_ptr<Metrics> metrics_;
  MetricsApi api_;
};

}  // namespace

int main(int argc, char** argv) {
  busan::server::ServerConfig defaults;
  defaults.address = "0.0.0.0:50052";
  defaults.data_dir = "var/metrics";
  return busan::server::ServiceMain(
      "metrics-service", argc, argv, defaults,
      [](const busan::server::ServerConfig& config,
         const busan::server::Authorizer* authorizer)
          -> absl::StatusOr<std::unique_ptr<busan::server::ServiceModule>> {
        absl::StatusOr<std::unique_ptr<Metrics>> metrics =
            Metrics::Open(config.store_options());
        if (!metrics.ok()) return metrics.status();
        return std::make_unique<MetricsModule>(std::move(*metrics), authorizer);
      });
}
