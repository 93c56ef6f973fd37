// ServerConfig: everything a service binary is configured with, read once
// from flags at the edge (main) and validated; library code never reads
// flags or the environment.
#ifndef BUSAN_COMMON_SERVER_SERVER_CONFIG_H_
#define BUSAN_COMMON_SERVER_SERVER_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/logger.h"
#include "common/store/serialized_writer.h"

namespace busan::server {

struct ServerConfig {
  // HOST:PORT to listen on; port 0 picks a free port (printed at start).
  std::string address;
  // RocksDB directory; created when missing.
  std::string data_dir;
  // When set, the newest backup in this directory (common/store/backups.h)
  // is restored into data_dir before the service opens it; data_dir must
  // then be absent or empty (a restore never overwrites data).
  std::string restore_from;
  // Where AdminService.CreateBackup puts backups (created when missing);
  // empty: backups are off. Not shared with another service or replica.
  std::string backup_dir;
  // How many of the newest backups CreateBackup keeps; 0 keeps them all.
  int backups_to_keep = 0;
  // TLS: cert and key together enable TLS; a client CA also requires and
  // verifies client certificates (mTLS).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // HOST:PORT of the Prometheus endpoint (text format on /metrics); empty
  // for none. Port 0 picks a free port (printed at start).
  std::string metrics_address;
  // HOST:PORT of a plaintext listener that serves only grpc.health.v1
  // (the same statuses as the main port), for probes that cannot speak TLS
  // or present a token, such as Kubernetes' native gRPC probes; empty for
  // none. Port 0 picks a free port (printed at start).
  std::string health_address;
  // Bearer tokens callers must present (format: common/server/auth.h);
  // empty for no authentication.
  std::string auth_tokens_file;
  // The least severe log lines written (JSON on stderr; see access_log.h).
  LogLevel log_level = LogLevel::kInfo;
  // How long SIGTERM waits for in-flight calls before cancelling them.
  absl::Duration drain_timeout = absl::Seconds(10);

  // Writes: group commit, the write queue bound (excess writes are refused
  // with RESOURCE_EXHAUSTED at once) and request_id retention.
  store::WriterOptions writer = {};
  // RocksDB's block cache (bytes; the flag is in MiB).
  size_t block_cache_bytes = 64 << 20;
  // RocksDB's memtables, all column families together (bytes; the flag is
  // in MiB).
  size_t write_buffer_bytes = 64 << 20;

  // Transport limits, so one caller cannot cost the server without bound.
  // Larger request messages are refused by gRPC (RESOURCE_EXHAUSTED).
  int max_receive_message_bytes = 4 << 20;
  // HTTP/2 streams (calls) one connection may have open at once.
  int max_concurrent_streams = 256;
  // Memory gRPC may use for its buffers and calls; beyond it new calls are
  // refused instead of the process growing.
  int64_t memory_quota_bytes = int64_t{512} << 20;
  // Live WatchCatalog streams (catalog-service); more are refused with
  // RESOURCE_EXHAUSTED.
  int max_watch_streams = 1000;
  // Revisions kept per catalog resource (catalog-service); 0 keeps all.
  int64_t revisions_per_resource = 1000;

  // INVALID_ARGUMENT naming the flag when a value is unusable.
  absl::Status Validate() const;

  // What the service's store opens with.
  store::StoreOptions store_options() const {
    return {.data_dir = data_dir,
            .writer = writer,
            .block_cache_bytes = block_cache_bytes,
            .write_buffer_bytes = write_buffer_bytes};
  }
};

// Parses a server's command line over `defaults`. INVALID_ARGUMENT for an
// unknown flag or a bad value (the caller prints it and exits 2). Sets
// `*help` when --help was given, with the usage text in `*usage`.
absl::StatusOr<ServerConfig> ParseServerFlags(const std::string& program,
                                              int argc, const char* const* argv,
                                              ServerConfig defaults, bool* help,
                                              std::string* usage);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_SERVER_CONFIG_H_
