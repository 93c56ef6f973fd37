// An in-process metrics-service for integration tests (service_server.h).
#ifndef BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_
#define BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_

#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "metrics-service/api/metrics_api.h"
#include "metrics-service/domain/metrics.h"
#include "tests/support/service_server.h"

namespace busan::testing {

struct MetricsTraits {
  using Domain = metrics::Metrics;
  using Options = metrics::MetricsOptions;
  using Api = metrics::MetricsApi;
  using Service = metrics::v1::MetricsService;
  static constexpr char kServiceName[] = "busan.metrics.v1.MetricsService";
  static constexpr char kDataDir[] = "metrics";
  static void BeginShutdown(Domain&) {}
};

class MetricsServer : public ServiceServer<MetricsTraits> {
 public:
  using ServiceServer::ServiceServer;
  metrics::Metrics& metrics() { return domain(); }
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_METRICS_SERVER_H_
