// Certificates made at test time with the openssl command-line tool
// (Debian's openssl package): certificate authorities and certificates
// they sign, as PEM files in a directory.
#ifndef BUSAN_COMMON_TESTING_TEST_CERTS_H_
#define BUSAN_COMMON_TESTING_TEST_CERTS_H_

#include <string>

#include "absl/status/status.h"

namespace busan::testing {

class TestCerts {
 public:
  // Files go to `dir` (which must exist and outlive the files' use).
  explicit TestCerts(std::string dir) : dir_(std::move(dir)) {}

  // NAME.key and NAME.pem: a self-signed CA.
  absl::Status MakeCa(const std::string& name);
  // NAME.key and NAME.pem signed by the CA `ca`, for `alt_names` (e.g.
  // "DNS:localhost,IP:127.0.0.1") and `usage` ("serverAuth" or
  // "clientAuth").
  absl::Status Issue(const std::string& name, const std::string& ca,
                     const std::string& alt_names, const std::string& usage);

  std::string Key(const std::string& name) const {
    return dir_ + "/" + name + ".key";
  }
  std::string Pem(const std::string& name) const {
    return dir_ + "/" + name + ".pem";
  }

 private:
  std::string dir_;
  int serial_ = 1000;
};

// The contents of `path` ("" when unreadable).
std::string ReadTestFile(const std::string& path);

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_TEST_CERTS_H_
