// BusanClient: both services behind one object, for busanctl and for other
// C++ services. It owns one channel per service (retries, keepalive, TLS and
// clear error messages applied; see channel.h) and makes call contexts with
// the configured deadline and bearer token.
//
//   busan::client::ClientOptions options;
//   options.catalog.target = "catalog:50051";
//   options.metrics.target = "metrics:50052";
//   auto client = busan::client::BusanClient::Create(options);
//   auto context = (*client)->UnaryContext();
//   grpc::Status status = (*client)->catalog().GetProject(context.get(), ...);
#ifndef BUSAN_CLIENT_BUSAN_CLIENT_H_
#define BUSAN_CLIENT_BUSAN_CLIENT_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>

#include "absl/status/statusor.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "busan/metrics/v1/metrics.grpc.pb.h"
#include "client/options.h"

namespace busan::client {

using CatalogStub = catalog::v1::CatalogService::StubInterface;
using MetricsStub = metrics::v1::MetricsService::StubInterface;

struct ClientOptions {
  // The contract's default ports on this host.
  ClientOptions() {
    catalog.target = "localhost:50051";
    catalog.service_label = "catalog-service";
    metrics.target = "localhost:50052";
    metrics.service_label = "metrics-service";
  }
  ChannelOptions catalog;
  ChannelOptions metrics;
  CallOptions call;
};

class BusanClient {
 public:
  // INVALID_ARGUMENT when the TLS settings cannot be used (see NewChannel).
  // Does not connect: channels connect on their first call.
  static absl::StatusOr<std::unique_ptr<BusanClient>> Create(
      const ClientOptions& options);

  CatalogStub& catalog() { return *catalog_; }
  MetricsStub& metrics() { return *metrics_; }
  // The channels under the stubs, for calls outside the two APIs (the
  // health check: client/health.h).
  const std::shared_ptr<grpc::Channel>& catalog_channel() const {
    return catalog_channel_;
  }
  const std::shared_ptr<grpc::Channel>& metrics_channel() const {
    return metrics_channel_;
  }
  const ClientOptions& options() const { return options_; }

  // A context for one unary call: the deadline and token of options().call.
  std::unique_ptr<grpc::ClientContext> UnaryContext() const;
  // A context for a server stream: the token, no deadline.
  std::unique_ptr<grpc::ClientContext> StreamContext() const;

 private:
  explicit BusanClient(const ClientOptions& options) : options_(options) {}

  ClientOptions options_;
  std::shared_ptr<grpc::Channel> catalog_channel_;
  std::shared_ptr<grpc::Channel> metrics_channel_;
  std::unique_ptr<CatalogStub> catalog_;
  std::unique_ptr<MetricsStub> metrics_;
};

}  // namespace busan::client

#endif  // BUSAN_CLIENT_BUSAN_CLIENT_H_
