// An in-process metrics-service for integration tests (service_server.h).
#ifndef BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_
#define BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_

#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "metrics-service/domain/metrics.h"
#include "metrics-service/metrics_module.h"
#include "tests/support/service_server.h"

namespace busan::testing {

struct MetricsTraits {
  using Module = metrics::MetricsModule;
  using Domain = metrics::Metrics;
  using Options = metrics::MetricsOptions;
  using Service = metrics::v1::MetricsService;
  static constexpr char kDataDir[] = "metrics";
  static Domain& DomainOf(Module& module) { return module.metrics(); }
};

class MetricsServer : public ServiceServer<MetricsTraits> {
 public:
  using ServiceServer::ServiceServer;
  metrics::Metrics& metrics() { return domain(); }
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_
