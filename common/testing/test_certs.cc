#include "common/testing/test_certs.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/testing/child_process.h"

namespace busan::testing {
namespace {

constexpr char kOpenssl[] = "/usr/bin/openssl";

absl::Status Openssl(const std::vector<std::string>& args) {
  if (access(kOpenssl, X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(kOpenssl,
                     " is missing: run scripts/setup, which installs "
                     "Debian's openssl package"));
  }
  RunResult result = RunBinary(kOpenssl, args, absl::Seconds(60));
  if (result.exit_code != 0) {
    return absl::InternalError(absl::StrCat("openssl ", args[0], " failed (",
                                            result.exit_code,
                                            "): ", result.output));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status TestCerts::MakeCa(const std::string& name) {
  return Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                  Key(name), "-out", Pem(name), "-days", "2", "-subj",
                  absl::StrCat("/CN=Busan test ", name), "-addext",
                  "basicConstraints=critical,CA:TRUE", "-addext",
                  "keyUsage=critical,keyCertSign,cRLSign"});
}

absl::Status TestCerts::Issue(const std::string& name, const std::string& ca,
                              const std::string& alt_names,
                              const std::string& usage) {
  const std::string extensions = dir_ + "/" + name + ".ext";
  const std::string request = dir_ + "/" + name + ".csr";
  std::ofstream(extensions) << "subjectAltName=" << alt_names << "\n"
                            << "basicConstraints=CA:FALSE\n"
                            << "keyUsage=critical,digitalSignature,"
                               "keyAgreement\n"
                            << "extendedKeyUsage=" << usage << "\n";
  if (absl::Status made = Openssl({"req", "-new", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:prime256v1", "-nodes",
                                   "-keyout", Key(name), "-out", request,
                                   "-subj", absl::StrCat("/CN=", name)});
      !made.ok()) {
    return made;
  }
  return Openssl({"x509", "-req", "-in", request, "-CA", Pem(ca), "-CAkey",
                  Key(ca), "-set_serial", absl::StrCat(++serial_), "-days", "2",
                  "-extfile", extensions, "-out", Pem(name)});
}

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace busan::testing
