// DomainModule: the ServiceModule (service.h) of a service whose domain
// object owns its store and write pipeline (Catalog, Metrics) and whose API
// serves that object: what catalog_module and metrics_module share. Each
// adds how it is opened and, if it needs one, its own BeginShutdown.
#ifndef BUSAN_COMMON_SERVER_DOMAIN_MODULE_H_
#define BUSAN_COMMON_SERVER_DOMAIN_MODULE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/server/service.h"

namespace busan::server {

template <typename Domain, typename Api>
class DomainModule : public ServiceModule {
 public:
  std::vector<NamedService> Services() override {
    return {{service_name_, &api_}};
  }
  // The writer finishes what it has queued, then the store is flushed.
  absl::Status Close() override {
    domain_->writer().Stop();
    return domain_->Flush();
  }
  const store::Database& database() const override {
    return domain_->database();
  }
  const store::SerializedWriter& writer() const override {
    return domain_->writer();
  }

 protected:
  // `service_name` is the gRPC service Api implements.
  DomainModule(std::unique_ptr<Domain> domain, const Authorizer* authorizer,
               std::string service_name)
      : domain_(std::move(domain)),
        api_(domain_.get(), authorizer),
        service_name_(std::move(service_name)) {}
  Domain& domain() { return *domain_; }

 private:
  std::unique_ptr<Domain> domain_;
  Api api_;
  const std::string service_name_;
};

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_DOMAIN_MODULE_H_
