#include "common/server/tls_files.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/files/read_file.h"

namespace busan::server {
namespace {

struct PemSet {
  std::string cert, key, ca;
};

absl::Status Bad(const char* flag, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("flag --", flag, ": ", why));
}

// The certificates of a PEM bundle, in order (empty when none parses).
std::vector<X509*> ParseCertificates(const std::string& pem) {
  std::vector<X509*> certificates;
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return certificates;
  while (X509* certificate =
             PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    certificates.push_back(certificate);
  }
  BIO_free(bio);
  return certificates;
}

void Free(std::vector<X509*>& certificates) {
  for (X509* certificate : certificates) X509_free(certificate);
}

absl::StatusOr<PemSet> ReadAndCheck(const TlsPaths& paths) {
  PemSet set;
  const struct {
    const char* flag;
    const std::string& path;
    std::string* out;
  } files[] = {{"tls_cert_file", paths.cert_file, &set.cert},
               {"tls_key_file", paths.key_file, &set.key},
               {"tls_client_ca_file", paths.client_ca_file, &set.ca}};
  for (const auto& file : files) {
    if (file.path.empty()) continue;
    absl::StatusOr<std::string> contents = files::ReadFile(file.path);
    if (!contents.ok()) return Bad(file.flag, contents.status().message());
    *file.out = std::move(*contents);
  }

  std::vector<X509*> chain = ParseCertificates(set.cert);
  if (chain.empty()) {
    return Bad("tls_cert_file", absl::StrCat("\"", paths.cert_file,
                                             "\" holds no PEM certificate"));
  }
  BIO* bio = BIO_new_mem_buf(set.key.data(), static_cast<int>(set.key.size()));
  EVP_PKEY* key = bio == nullptr
                      ? nullptr
                      : PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  const bool matches = key != nullptr && X509_check_private_key(chain[0], key);
  EVP_PKEY_free(key);
  Free(chain);
  if (key == nullptr) {
    return Bad("tls_key_file", absl::StrCat("\"", paths.key_file,
                                            "\" holds no PEM private key"));
  }
  if (!matches) {
    return Bad("tls_key_file",
               absl::StrCat("\"", paths.key_file,
                            "\" does not match the certificate in \"",
                            paths.cert_file, "\""));
  }
  if (!paths.client_ca_file.empty()) {
    std::vector<X509*> authorities = ParseCertificates(set.ca);
    const bool any = !authorities.empty();
    Free(authorities);
    if (!any) {
      return Bad("tls_client_ca_file",
                 absl::StrCat("\"", paths.client_ca_file,
                              "\" holds no PEM certificate"));
    }
  }
  return set;
}

// A memfd holding `contents`; -1 on failure.
int MemoryFile(const char* name, const std::string& contents) {
  const int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) return -1;
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n =
        write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) {
      close(fd);
      return -1;
    }
    written += static_cast<size_t>(n);
  }
  return fd;
}

// Makes `*slot` refer to a memfd with `contents`: the first time by
// creating one, later by dup2() of a new one onto the same number, so that
// its /proc/self/fd path switches contents atomically.
absl::Status Install(const char* name, const std::string& contents, int* slot) {
  const int fd = MemoryFile(name, contents);
  if (fd < 0) return absl::InternalError("cannot hold TLS files in memory");
  if (*slot < 0) {
    *slot = fd;
    return absl::OkStatus();
  }
  const bool swapped = dup3(fd, *slot, O_CLOEXEC) == *slot;
  close(fd);
  if (!swapped) return absl::InternalError("cannot swap TLS files in memory");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<TlsFiles>> TlsFiles::Load(TlsPaths paths) {
  std::unique_ptr<TlsFiles> files(new TlsFiles());
  files->paths_ = std::move(paths);
  if (absl::Status loaded = files->Reload(); !loaded.ok()) return loaded;
  return files;
}

TlsFiles::~TlsFiles() {
  for (int fd : {cert_fd_, key_fd_, ca_fd_}) {
    if (fd >= 0) close(fd);
  }
}

absl::Status TlsFiles::Reload() {
  std::lock_guard<std::mutex> lock(mutex_);
  absl::StatusOr<PemSet> set = ReadAndCheck(paths_);
  if (!set.ok()) return set.status();
  // gRPC reads the files one by one: a re-read that falls between these
  // swaps sees a new key beside the old certificate, and its next re-read
  // (seconds later) corrects it.
  if (absl::Status s = Install("tls-key", set->key, &key_fd_); !s.ok()) {
    return s;
  }
  if (absl::Status s = Install("tls-cert", set->cert, &cert_fd_); !s.ok()) {
    return s;
  }
  if (!paths_.client_ca_file.empty()) {
    if (absl::Status s = Install("tls-ca", set->ca, &ca_fd_); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string TlsFiles::FdPath(int fd) {
  return absl::StrCat("/proc/self/fd/", fd);
}

}  // namespace busan::server
