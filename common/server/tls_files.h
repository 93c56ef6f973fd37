// TlsFiles: the server's TLS certificate chain, private key and client CA,
// checked before use and handed to gRPC through in-memory files, so that
// they rotate without a restart and a bad new set never replaces a good
// one.
//
// gRPC's file watcher re-reads a set of paths every few seconds and would
// install whatever it finds, even a file that is not PEM or a key that
// does not match its certificate (failing every new handshake). So the
// watcher reads /proc/self/fd/N of memfds holding the last set that
// passed the checks; Reload() re-reads the configured files, checks them,
// and swaps new memfds in with dup2(), atomically for the watcher.
#ifndef BUSAN_COMMON_SERVER_TLS_FILES_H_
#define BUSAN_COMMON_SERVER_TLS_FILES_H_

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"

namespace busan::server {

struct TlsPaths {
  std::string cert_file;       // PEM certificate chain
  std::string key_file;        // PEM private key of its first certificate
  std::string client_ca_file;  // PEM CA bundle; empty: no client certificates
};

class TlsFiles {
 public:
  // Reads and checks the files. INVALID_ARGUMENT naming the flag
  // (--tls_cert_file, --tls_key_file, --tls_client_ca_file) and the
  // problem, never the key.
  static absl::StatusOr<std::unique_ptr<TlsFiles>> Load(TlsPaths paths);
  ~TlsFiles();
  TlsFiles(const TlsFiles&) = delete;
  TlsFiles& operator=(const TlsFiles&) = delete;

  // What gRPC reads: paths of the in-memory copies ("" for no client CA).
  std::string cert_path() const { return FdPath(cert_fd_); }
  std::string key_path() const { return FdPath(key_fd_); }
  std::string client_ca_path() const {
    return ca_fd_ < 0 ? "" : FdPath(ca_fd_);
  }

  // Re-reads and checks the configured files; when they pass, they are in
  // force for new connections within gRPC's re-read period. On error (as
  // Load's) the set in force stays.
  absl::Status Reload();

 private:
  TlsFiles() = default;
  static std::string FdPath(int fd);

  TlsPaths paths_;
  std::mutex mutex_;  // serializes Reload
  int cert_fd_ = -1, key_fd_ = -1, ca_fd_ = -1;
};

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_TLS_FILES_H_
