#include "common/server/service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/store/backups.h"
#include "common/store/storage_metrics.h"

namespace busan::server {

std::string ServiceModule::ExtraMetrics() const {
  return store::StorageMetricsText(database()) +
         store::WriterMetricsText(writer());
}

Service::Service(ServerConfig config, ServiceHooks hooks)
    : config_(std::move(config)), hooks_(std::move(hooks)) {}

absl::StatusOr<std::unique_ptr<Service>> Service::Start(
    const ServerConfig& config, const ModuleFactory& open_module,
    ServiceHooks hooks) {
  std::unique_ptr<Service> service(new Service(config, std::move(hooks)));
  if (absl::Status layout = store::CheckNoStoreAbove(config.data_dir);
      !layout.ok()) {
    return absl::Status(layout.code(),
                        absl::StrCat("flag --data_dir: ", layout.message()));
  }
  if (!config.restore_from.empty()) {
    absl::Status restored =
        store::RestoreBackup(config.restore_from, 0, config.data_dir);
    if (!restored.ok()) {
      return absl::Status(restored.code(), absl::StrCat("flag --restore_from: ",
                                                        restored.message()));
    }
    service->restored_ = true;
    service->Log(LogLevel::kInfo, "restored",
                 {{"program", service->hooks_.program},
                  {"backup_dir", config.restore_from},
                  {"data_dir", config.data_dir}});
  }

  absl::StatusOr<std::unique_ptr<ServiceModule>> module =
      open_module(config, service->hooks_.authorizer);
  if (!module.ok()) return module.status();
  service->module_ = std::move(*module);
  ServiceModule* opened = service->module_.get();
  service->admin_ = std::make_unique<AdminApi>(
      &opened->database(), config.backup_dir,
      static_cast<uint32_t>(config.backups_to_keep), service->hooks_.authorizer,
      service->hooks_.logger);

  std::vector<NamedService> services = opened->Services();
  services.push_back({"busan.admin.v1.AdminService", service->admin_.get()});
  absl::StatusOr<std::unique_ptr<GrpcServer>> server = GrpcServer::Start(
      config, services, std::move(service->hooks_.interceptors),
      [opened] { return opened->ExtraMetrics(); }, service->hooks_.logger);
  if (!server.ok()) {
    // Nothing served yet: close what was opened, and say why it stopped.
    service->stopped_ = opened->Close();
    return server.status();
  }
  service->server_ = std::move(*server);
  service->server_->MonitorWrites([opened] { return opened->WritesAccepted(); },
                                  service->hooks_.write_check_interval,
                                  service->hooks_.logger);
  return service;
}

Service::~Service() {
  if (module_ != nullptr) Stop(config_.drain_timeout).IgnoreError();
}

std::vector<std::string> Service::ReloadedFiles() const {
  std::vector<std::string> files;
  for (const std::string& path :
       {config_.auth_tokens_file, config_.tls_cert_file, config_.tls_key_file,
        config_.tls_client_ca_file}) {
    if (!path.empty()) files.push_back(path);
  }
  return files;
}

void Service::Reload(const char* cause) {
  ReloadTokens(cause);
  ReloadTls(cause);
}

void Service::ReloadTokens(const char* cause) {
  Authorizer* authorizer = hooks_.authorizer;
  if (authorizer == nullptr || config_.auth_tokens_file.empty()) return;
  absl::Status reloaded = authorizer->ReloadFrom(config_.auth_tokens_file);
  const auto count = [authorizer](Access role) {
    return static_cast<int64_t>(authorizer->count_with_role(role));
  };
  const auto tokens = static_cast<int64_t>(authorizer->token_count());
  if (reloaded.ok()) {
    Log(LogLevel::kInfo, "tokens_reloaded",
        {{"cause", cause},
         {"tokens", tokens},
         {"read_only", count(Access::kRead)},
         {"admin", count(Access::kAdmin)}});
  } else {
    Log(LogLevel::kError, "tokens_reload_failed",
        {{"cause", cause},
         {"message",
          absl::StrCat("flag --auth_tokens_file: ", reloaded.message())},
         {"kept_tokens", tokens}});
  }
}

void Service::ReloadTls(const char* cause) {
  if (!server_->has_tls()) return;
  absl::Status reloaded = server_->ReloadTls();
  if (reloaded.ok()) {
    Log(LogLevel::kInfo, "tls_reloaded", {{"cause", cause}});
  } else {
    Log(LogLevel::kError, "tls_reload_failed",
        {{"cause", cause},
         {"message", reloaded.message()},
         {"kept", "the certificates in force"}});
  }
}

absl::Status Service::Stop(absl::Duration drain) {
  if (stopped_.has_value()) return *stopped_;
  module_->BeginShutdown();
  // A backup in progress would hold the drain for as long as its copy
  // takes, past the grace period: it is stopped, and its caller retries.
  admin_->StopBackups();
  server_->Shutdown(drain);
  stopped_ = module_->Close();
  return *stopped_;
}

void Service::Log(LogLevel level, absl::string_view event,
                  std::initializer_list<LogField> fields) const {
  if (hooks_.logger != nullptr) hooks_.logger->Log(level, event, fields);
}

}  // namespace busan::server
