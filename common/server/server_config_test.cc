#include "common/server/server_config.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

absl::StatusOr<ServerConfig> Parse(std::vector<const char*> args,
                                   bool* help = nullptr) {
  args.insert(args.begin(), "svc");
  ServerConfig defaults;
  defaults.address = "0.0.0.0:50051";
  defaults.data_dir = "var/x";
  bool ignored = false;
  std::string usage;
  return ParseServerFlags("svc", static_cast<int>(args.size()), args.data(),
                          defaults, help ? help : &ignored, &usage);
}

TEST(ServerConfigTest, DefaultsAndOverrides) {
  ASSERT_OK_AND_ASSIGN(ServerConfig config, Parse({}));
  EXPECT_EQ(config.address, "0.0.0.0:50051");
  ASSERT_OK_AND_ASSIGN(config, Parse({"--address=127.0.0.1:0", "--data_dir",
                                      "/tmp/d", "--drain_seconds=3"}));
  EXPECT_EQ(config.address, "127.0.0.1:0");
  EXPECT_EQ(config.data_dir, "/tmp/d");
  EXPECT_EQ(config.drain_timeout, absl::Seconds(3));
  EXPECT_EQ(config.backup_dir, "");
  ASSERT_OK_AND_ASSIGN(
      config, Parse({"--backup_dir=/srv/backups", "--backups_to_keep=7"}));
  EXPECT_EQ(config.backup_dir, "/srv/backups");
  EXPECT_EQ(config.backups_to_keep, 7);
}

TEST(ServerConfigTest, StoreMemoryIsSetInMebibytesAndReachesTheStore) {
  ASSERT_OK_AND_ASSIGN(ServerConfig config, Parse({}));
  EXPECT_EQ(config.store_options().block_cache_bytes, size_t{64} << 20);
  EXPECT_EQ(config.store_options().write_buffer_bytes, size_t{64} << 20);
  ASSERT_OK_AND_ASSIGN(config,
                       Parse({"--block_cache_mb=16", "--write_buffer_mb=8",
                              "--max_writes_per_sync=2"}));
  const store::StoreOptions store = config.store_options();
  EXPECT_EQ(store.block_cache_bytes, size_t{16} << 20);
  EXPECT_EQ(store.write_buffer_bytes, size_t{8} << 20);
  EXPECT_EQ(store.data_dir, "var/x");
  EXPECT_EQ(store.writer.max_writes_per_sync, 2u);
  for (const char* flag : {"block_cache_mb", "write_buffer_mb"}) {
    const std::string zero = absl::StrCat("--", flag, "=0");
    EXPECT_THAT(Parse({zero.c_str()}),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(flag)));
  }
}

TEST(ServerConfigTest, RefusesBadValuesNamingTheFlag) {
  EXPECT_THAT(Parse({"--nope=1"}), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("--nope")));
  EXPECT_THAT(
      Parse({"--address=localhost"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--address")));
  EXPECT_THAT(
      Parse({"--address=h:70000"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--address")));
  EXPECT_THAT(
      Parse({"--data_dir="}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--data_dir")));
  EXPECT_THAT(Parse({"--tls_cert_file=a"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--tls_key_file")));
  EXPECT_THAT(Parse({"--drain_seconds=-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--drain_seconds")));
  EXPECT_THAT(
      Parse({"--data_dir=/srv/d", "--backup_dir=/srv/d/"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--backup_dir")));
  EXPECT_THAT(Parse({"--backups_to_keep=-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--backups_to_keep")));
  EXPECT_THAT(Parse({"stray"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("stray")));
}

TEST(ServerConfigTest, MetricsAddressIsOffByDefaultAndMustBeHostPort) {
  ASSERT_OK_AND_ASSIGN(ServerConfig config, Parse({}));
  EXPECT_EQ(config.metrics_address, "");
  ASSERT_OK_AND_ASSIGN(config, Parse({"--metrics_address=127.0.0.1:0"}));
  EXPECT_EQ(config.metrics_address, "127.0.0.1:0");
  for (const char* bad :
       {"--metrics_address=nonsense", "--metrics_address=:9090",
        "--metrics_address=h:65536"}) {
    EXPECT_THAT(Parse({bad}), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("--metrics_address")))
        << bad;
  }
}

TEST(ServerConfigTest, HelpSkipsValidation) {
  bool help = false;
  ASSERT_OK_AND_ASSIGN(ServerConfig config, Parse({"--help"}, &help));
  EXPECT_TRUE(help);
}

}  // namespace
}  // namespace busan::server
