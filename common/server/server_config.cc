#include "common/server/server_config.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/cli/flags.h"
#include "common/status/status_macros.h"

namespace busan::server {
namespace {

// Whether `a` and `b` spell the same directory ("d", "./d/" and "d/."
// do), without touching the file system.
bool SamePath(const std::string& a, const std::string& b) {
  const auto normal = [](const std::string& path) {
    std::filesystem::path p = std::filesystem::path(path).lexically_normal();
    return p.has_filename() ? p : p.parent_path();
  };
  return normal(a) == normal(b);
}

// INVALID_ARGUMENT naming `flag` unless `address` is HOST:PORT.
absl::Status CheckHostPort(const char* flag, const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", flag, ": \"", address,
                     "\" is not HOST:PORT (port 0-65535)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ServerConfig::Validate() const {
  RETURN_IF_ERROR(CheckHostPort("address", address));
  if (!metrics_address.empty()) {
    RETURN_IF_ERROR(CheckHostPort("metrics_address", metrics_address));
  }
  if (!health_address.empty()) {
    RETURN_IF_ERROR(CheckHostPort("health_address", health_address));
  }
  if (data_dir.empty()) {
    return absl::InvalidArgumentError("flag --data_dir: must not be empty");
  }
  if (!backup_dir.empty() && SamePath(backup_dir, data_dir)) {
    return absl::InvalidArgumentError(
        "flag --backup_dir: must not be the --data_dir");
  }
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "flag --tls_cert_file and --tls_key_file must be set together");
  }
  if (!tls_client_ca_file.empty() && tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "flag --tls_client_ca_file needs --tls_cert_file and --tls_key_file");
  }
  if (drain_timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "flag --drain_seconds: must not be negative");
  }
  const auto at_least = [](const char* flag, int64_t value,
                           int64_t minimum) -> absl::Status {
    if (value >= minimum) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", flag, ": must be at least ", minimum));
  };
  RETURN_IF_ERROR(at_least("max_writes_per_sync",
                           static_cast<int64_t>(writer.max_writes_per_sync),
                           1));
  RETURN_IF_ERROR(at_least("max_queued_writes",
                           static_cast<int64_t>(writer.max_queued_writes), 1));
  RETURN_IF_ERROR(at_least("request_id_retention_seconds",
                           absl::ToInt64Seconds(writer.request_retention), 1));
  RETURN_IF_ERROR(
      at_least("max_receive_message_bytes", max_receive_message_bytes, 1024));
  RETURN_IF_ERROR(
      at_least("max_concurrent_streams", max_concurrent_streams, 1));
  RETURN_IF_ERROR(at_least("memory_quota_bytes", memory_quota_bytes, 16 << 20));
  RETURN_IF_ERROR(at_least("max_watch_streams", max_watch_streams, 0));
  RETURN_IF_ERROR(
      at_least("revisions_per_resource", revisions_per_resource, 0));
  RETURN_IF_ERROR(at_least("block_cache_mb",
                           static_cast<int64_t>(block_cache_bytes >> 20), 1));
  RETURN_IF_ERROR(at_least("write_buffer_mb",
                           static_cast<int64_t>(write_buffer_bytes >> 20), 1));
  RETURN_IF_ERROR(at_least("backups_to_keep", backups_to_keep, 0));
  return absl::OkStatus();
}

namespace {

// The flags parsed into 64-bit integers (what cli::FlagSet takes), then
// narrowed into a ServerConfig once the command line is read.
struct IntegerFlags {
  explicit IntegerFlags(const ServerConfig& config)
      : drain_seconds(absl::ToInt64Seconds(config.drain_timeout)),
        writes_per_sync(
            static_cast<int64_t>(config.writer.max_writes_per_sync)),
        queued_writes(static_cast<int64_t>(config.writer.max_queued_writes)),
        retention_seconds(
            absl::ToInt64Seconds(config.writer.request_retention)),
        message_bytes(config.max_receive_message_bytes),
        streams(config.max_concurrent_streams),
        watch_streams(config.max_watch_streams),
        backups_to_keep(config.backups_to_keep),
        block_cache_mb(static_cast<int64_t>(config.block_cache_bytes >> 20)),
        write_buffer_mb(static_cast<int64_t>(config.write_buffer_bytes >> 20)),
        log_level(LogLevelName(config.log_level)) {}

  int64_t drain_seconds;
  int64_t writes_per_sync;
  int64_t queued_writes;
  int64_t retention_seconds;
  int64_t message_bytes;
  int64_t streams;
  int64_t watch_streams;
  int64_t backups_to_keep;
  int64_t block_cache_mb;
  int64_t write_buffer_mb;
  std::string log_level;
};

// Where and how the service listens, and who may call it.
void DefineServingFlags(cli::FlagSet& flags, ServerConfig& config,
                        IntegerFlags& values) {
  flags.String("address", &config.address, "HOST:PORT to serve gRPC on");
  flags.String("tls_cert_file", &config.tls_cert_file,
               "PEM server certificate; enables TLS with --tls_key_file");
  flags.String("tls_key_file", &config.tls_key_file, "PEM private key");
  flags.String("tls_client_ca_file", &config.tls_client_ca_file,
               "PEM CA bundle; when set, clients must present a certificate "
               "it signed (mTLS)");
  flags.String("metrics_address", &config.metrics_address,
               "HOST:PORT to serve Prometheus metrics on (/metrics); off when "
               "empty");
  flags.String("health_address", &config.health_address,
               "HOST:PORT to serve plaintext grpc.health.v1 only on (for "
               "probes); off when empty");
  flags.String("auth_tokens_file", &config.auth_tokens_file,
               "file of bearer tokens callers must present, one \"TOKEN "
               "[read|write]\" per line; off when empty");
  flags.String("log_level", &values.log_level,
               "least severe log lines written: debug (adds health checks), "
               "info (every call), warning, error");
  flags.Int("drain_seconds", &values.drain_seconds,
            "on SIGTERM, how long in-flight calls may finish");
  flags.Int("max_receive_message_bytes", &values.message_bytes,
            "largest request message accepted");
  flags.Int("max_concurrent_streams", &values.streams,
            "calls one connection may have open at once");
  flags.Int("memory_quota_bytes", &config.memory_quota_bytes,
            "memory gRPC may use for calls and buffers; beyond it new calls "
            "are refused");
  flags.Int("max_watch_streams", &values.watch_streams,
            "live WatchCatalog streams (catalog-service); more are refused "
            "with RESOURCE_EXHAUSTED");
}

// The store: where it is, its backups, its write pipeline and memory.
void DefineStorageFlags(cli::FlagSet& flags, ServerConfig& config,
                        IntegerFlags& values) {
  flags.String("data_dir", &config.data_dir,
               "RocksDB directory (created if missing)");
  flags.String("restore_from", &config.restore_from,
               "restore the newest backup in DIR into an empty --data_dir "
               "before serving");
  flags.String("backup_dir", &config.backup_dir,
               "directory AdminService.CreateBackup writes backups to; empty "
               "turns backups off");
  flags.Int("backups_to_keep", &values.backups_to_keep,
            "newest backups kept after each new one (0 keeps all)");
  flags.Int("max_writes_per_sync", &values.writes_per_sync,
            "writes committed together by one WAL sync (group commit); 1 "
            "syncs each write alone");
  flags.Int("max_queued_writes", &values.queued_writes,
            "writes waiting to commit; beyond it writes are refused at once "
            "with RESOURCE_EXHAUSTED");
  flags.Int("request_id_retention_seconds", &values.retention_seconds,
            "how long a request_id's outcome is kept, so that a retry "
            "replays it");
  flags.Int("revisions_per_resource", &config.revisions_per_resource,
            "revisions kept per plan, strategy, initiative and project "
            "(catalog-service), newest first; 0 keeps every one");
  flags.Int("block_cache_mb", &values.block_cache_mb,
            "RocksDB block cache in MiB: most of the memory a large data set "
            "costs");
  flags.Int("write_buffer_mb", &values.write_buffer_mb,
            "RocksDB memtables in MiB, all column families together: writes "
            "not yet flushed to disk");
}

// Narrows `values` into `config`: clamped into range here, so that
// Validate() then names a value out of range.
absl::Status Apply(const IntegerFlags& values, ServerConfig& config) {
  const auto narrow = [](int64_t value) {
    return static_cast<int>(std::clamp<int64_t>(value, -1, 1 << 30));
  };
  const auto mebibytes = [](int64_t value) {
    return static_cast<size_t>(std::clamp<int64_t>(value, 0, 1 << 20)) << 20;
  };
  config.drain_timeout = absl::Seconds(values.drain_seconds);
  config.writer.max_writes_per_sync =
      static_cast<size_t>(std::max<int64_t>(values.writes_per_sync, 0));
  config.writer.max_queued_writes =
      static_cast<size_t>(std::max<int64_t>(values.queued_writes, 0));
  config.writer.request_retention = absl::Seconds(values.retention_seconds);
  config.max_receive_message_bytes = narrow(values.message_bytes);
  config.max_concurrent_streams = narrow(values.streams);
  config.max_watch_streams = narrow(values.watch_streams);
  config.backups_to_keep = narrow(values.backups_to_keep);
  config.block_cache_bytes = mebibytes(values.block_cache_mb);
  config.write_buffer_bytes = mebibytes(values.write_buffer_mb);
  absl::StatusOr<LogLevel> level = ParseLogLevel(values.log_level);
  if (!level.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --log_level: ", level.status().message()));
  }
  config.log_level = *level;
  return config.Validate();
}

}  // namespace

absl::StatusOr<ServerConfig> ParseServerFlags(const std::string& program,
                                              int argc, const char* const* argv,
                                              ServerConfig config, bool* help,
                                              std::string* usage) {
  IntegerFlags values(config);
  cli::FlagSet flags(program);
  DefineServingFlags(flags, config, values);
  DefineStorageFlags(flags, config, values);
  flags.FlagFile("flagfile",
                 "read flags from PATH, one --flag=value per line; later "
                 "flags override it");
  flags.Bool("help", help, "print this help and exit");
  *usage = absl::StrCat("usage: ", program, " [flags]\n", flags.Usage());
  ASSIGN_OR_RETURN(std::vector<std::string> positional,
                   flags.Parse(argc, argv));
  if (*help) return config;
  if (!positional.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", positional[0], "\""));
  }
  RETURN_IF_ERROR(Apply(values, config));
  return config;
}

}  // namespace busan::server
