#include "client/busan_client.h"

#include "client/channel.h"

namespace busan::client {

absl::StatusOr<std::unique_ptr<BusanClient>> BusanClient::Create(
    const ClientOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> catalog =
      NewChannel(options.catalog);
  if (!catalog.ok()) return catalog.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> metrics =
      NewChannel(options.metrics);
  if (!metrics.ok()) return metrics.status();
  std::unique_ptr<BusanClient> client(new BusanClient(options));
  client->catalog_channel_ = *std::move(catalog);
  client->metrics_channel_ = *std::move(metrics);
  client->catalog_ =
      catalog::v1::CatalogService::NewStub(client->catalog_channel_);
  client->metrics_ =
      metrics::v1::MetricsService::NewStub(client->metrics_channel_);
  return client;
}

std::unique_ptr<grpc::ClientContext> BusanClient::UnaryContext() const {
  return NewUnaryContext(options_.call);
}

std::unique_ptr<grpc::ClientContext> BusanClient::StreamContext() const {
  return NewStreamContext(options_.call);
}

}  // namespace busan::client
