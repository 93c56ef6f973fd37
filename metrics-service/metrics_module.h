// metrics-service's part of the bootstrap (common/server/service.h): the
// metrics store, its API, and how the flags open them. The binary and the tests
// start the service through it the same way.
#ifndef BUSAN_METRICS_SERVICE_METRICS_MODULE_H_
#define BUSAN_METRICS_SERVICE_METRICS_MODULE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/server/domain_module.h"
#include "metrics-service/api/metrics_api.h"
#include "metrics-service/domain/metrics.h"

namespace busan::metrics {

class MetricsModule final : public server::DomainModule<Metrics, MetricsApi> {
 public:
  // Opens the metrics store with `options`; `authorizer` as ModuleFactory's.
  static absl::StatusOr<std::unique_ptr<MetricsModule>> Open(
      const MetricsOptions& options, const server::Authorizer* authorizer);
  // What the binary opens: the store options of its flags.
  static absl::StatusOr<std::unique_ptr<server::ServiceModule>> FromFlags(
      const server::ServerConfig& config, const server::Authorizer* authorizer);

  Metrics& metrics() { return domain(); }

 private:
  using DomainModule::DomainModule;
};

}  // namespace busan::metrics

#endif  // BUSAN_METRICS_SERVICE_METRICS_MODULE_H_
