// metrics-service's part of the bootstrap (common/server/service.h): the
// metrics store, its API, and how the flags open them. The binary and the tests
// start the service through it the same way.
#ifndef BUSAN_METRICS_SERVICE_METRICS_MODULE_H_
#define BUSAN_METRICS_SERVICE_METRICS_MODULE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "common/server/service.h"
#include "metrics-service/api/metrics_api.h"
#include "metrics-service/domain/metrics.h"

namespace busan::metrics {

class MetricsModule final : public server::ServiceModule {
 public:
  // Opens the metrics store with `options`; `authorizer` as ModuleFactory's.
  static absl::StatusOr<std::unique_ptr<MetricsModule>> Open(
      const MetricsOptions& options, const server::Authorizer* authorizer);
  // What the binary opens: the store options of its flags.
  static absl::StatusOr<std::unique_ptr<server::ServiceModule>> FromFlags(
      const server::ServerConfig& config, const server::Authorizer* authorizer);

  Metrics& metrics() { return *metrics_; }

  std::vector<server::NamedService> Services() override;
  absl::Status Close() override;
  const store::Database& database() const override;
  const store::SerializedWriter& writer() const override;

 private:
  MetricsModule(std::unique_ptr<Metrics> metrics,
                const server::Authorizer* authorizer);

  std::unique_ptr<Metrics> metrics_;
  MetricsApi api_;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_METRICS_MODULE_H_
