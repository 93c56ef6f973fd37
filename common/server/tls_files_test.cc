#include "common/server/tls_files.h"

#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/test_certs.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::ReadTestFile;
using ::busan::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

class TlsFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(certs_.MakeCa("ca"));
    ASSERT_OK(certs_.MakeCa("other-ca"));
    ASSERT_OK(certs_.Issue("first", "ca", "DNS:localhost", "serverAuth"));
    ASSERT_OK(certs_.Issue("second", "ca", "DNS:localhost", "serverAuth"));
  }
  TlsPaths Paths() {
    return {dir_.Sub("served-cert.pem"), dir_.Sub("served-key.pem"),
            dir_.Sub("served-ca.pem")};
  }
  void Use(const std::string& name, const std::string& ca) {
    dir_.Write("served-cert.pem", ReadTestFile(certs_.Pem(name)));
    dir_.Write("served-key.pem", ReadTestFile(certs_.Key(name)));
    dir_.Write("served-ca.pem", ReadTestFile(certs_.Pem(ca)));
  }

  busan::testing::TempDir dir_;
  busan::testing::TestCerts certs_{dir_.path()};
};

TEST_F(TlsFilesTest, ServesCheckedCopiesAndSwapsThemOnReload) {
  Use("first", "ca");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TlsFiles> files,
                       TlsFiles::Load(Paths()));
  const std::string cert_path = files->cert_path();
  EXPECT_EQ(ReadTestFile(cert_path), ReadTestFile(certs_.Pem("first")));
  EXPECT_EQ(ReadTestFile(files->client_ca_path()),
            ReadTestFile(certs_.Pem("ca")));

  Use("second", "other-ca");
  ASSERT_OK(files->Reload());
  // Same paths (what gRPC watches), new contents.
  EXPECT_EQ(files->cert_path(), cert_path);
  EXPECT_EQ(ReadTestFile(cert_path), ReadTestFile(certs_.Pem("second")));
  EXPECT_EQ(ReadTestFile(files->key_path()),
            ReadTestFile(certs_.Key("second")));
  EXPECT_EQ(ReadTestFile(files->client_ca_path()),
            ReadTestFile(certs_.Pem("other-ca")));
}

TEST_F(TlsFilesTest, ABadNewSetIsRefusedAndTheOldOneStays) {
  Use("first", "ca");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TlsFiles> files,
                       TlsFiles::Load(Paths()));
  // A key that is not the certificate's.
  dir_.Write("served-key.pem", ReadTestFile(certs_.Key("second")));
  EXPECT_THAT(files->Reload(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not match the certificate")));
  dir_.Write("served-key.pem", ReadTestFile(certs_.Key("first")));
  dir_.Write("served-ca.pem", "garbage\n");
  EXPECT_THAT(files->Reload(), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("--tls_client_ca_file")));
  dir_.Write("served-cert.pem", "");
  EXPECT_THAT(files->Reload(), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("--tls_cert_file")));
  EXPECT_EQ(ReadTestFile(files->cert_path()),
            ReadTestFile(certs_.Pem("first")));
  EXPECT_EQ(ReadTestFile(files->client_ca_path()),
            ReadTestFile(certs_.Pem("ca")));
}

TEST_F(TlsFilesTest, ErrorsNeverShowTheKey) {
  Use("first", "ca");
  dir_.Write("served-key.pem", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n");
  absl::StatusOr<std::unique_ptr<TlsFiles>> files = TlsFiles::Load(Paths());
  EXPECT_THAT(files, StatusIs(absl::StatusCode::kInvalidArgument,
                              Not(HasSubstr("c2VjcmV0"))));
}

}  // namespace
}  // namespace busan::server
