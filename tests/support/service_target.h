// The service an API test talks to, wherever it runs: in this process
// (ServiceServer, service_server.h) or as the built binary in a child
// process. Both serve on a free loopback port with data and backup
// directories of their own, so one test body runs against either: a
// TEST_P over TargetKind, its names ending /InProcess or /Binary.
#ifndef BUSAN_TESTS_SUPPORT_SERVICE_TARGET_H_
#define BUSAN_TESTS_SUPPORT_SERVICE_TARGET_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "common/testing/child_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "tests/support/service_server.h"

namespace busan::testing {

enum class TargetKind { kInProcess, kBinary };

// "InProcess" or "Binary", the last part of each test's name.
std::string TargetKindName(const ::testing::TestParamInfo<TargetKind>& info);
// The same in GoogleTest's messages ("GetParam() = Binary").
void PrintTo(TargetKind kind, std::ostream* out);

// The kind of target the including test file was built to test: the
// `busan_api_test` rule in tests/CMakeLists.txt builds each API test twice,
// as an integration suite against the in-process server and as an
// end-to-end suite that defines BUSAN_BINARY_TARGET and depends on the
// binary, so that the binary variant exists only in trees that build the
// binaries. (A namespace-scope constexpr has internal linkage, so the
// support library, built once, may see the other value.)
#ifdef BUSAN_BINARY_TARGET
constexpr TargetKind kBuiltTarget = TargetKind::kBinary;
#else
constexpr TargetKind kBuiltTarget = TargetKind::kInProcess;
#endif

// A running service as its clients see it.
class ServiceTarget {
 public:
  virtual ~ServiceTarget() = default;

  // "127.0.0.1:PORT".
  virtual const std::string& address() const = 0;
  // Stops the service as SIGTERM does: drains calls, then closes the
  // store. Returns an error saying why (for the binary, with its output)
  // when it did not stop cleanly. Idempotent; later calls to the service
  // fail.
  virtual absl::Status Stop() = 0;

  // A new plaintext channel to address().
  std::shared_ptr<grpc::Channel> NewChannel() const;
  // The service's own API: NewStub<catalog::v1::CatalogService>().
  template <typename GrpcService>
  std::unique_ptr<typename GrpcService::Stub> NewStub() const {
    return GrpcService::NewStub(NewChannel());
  }
  // busan.admin.v1.AdminService on the same port (backups go to a
  // directory of the target's own).
  std::unique_ptr<admin::v1::AdminService::Stub> NewAdminStub() const {
    return NewStub<admin::v1::AdminService>();
  }
};

// ServiceServer<Traits> (this process) as a ServiceTarget.
template <typename Traits>
class InProcessTarget final : public ServiceTarget {
 public:
  InProcessTarget() : address_(server_.address()) {}
  const std::string& address() const override { return address_; }
  absl::Status Stop() override { return server_.Shutdown(); }

 private:
  ServiceServer<Traits> server_;
  std::string address_;
};

// The service binary at a path, run as it is deployed but on a free
// loopback port, with --data_dir and --backup_dir in a temp directory of
// its own. Killed (SIGKILL) if destroyed without Stop().
class BinaryTarget final : public ServiceTarget {
 public:
  // Starts `path` and waits until it serves; an error with its output
  // when it does not within 30 s.
  static absl::StatusOr<std::unique_ptr<BinaryTarget>> Start(
      const std::string& path);

  const std::string& address() const override { return address_; }
  // SIGTERM, then the exit: an error unless it exits 0 within 30 s.
  absl::Status Stop() override;

 private:
  BinaryTarget() = default;

  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  std::string address_;
  std::optional<absl::Status> stopped_;
};

// Starts a target of `kind` for the service Traits describes (as
// ServiceServer takes it); `binary` is the path of its binary, for
// TargetKind::kBinary.
template <typename Traits>
absl::StatusOr<std::unique_ptr<ServiceTarget>> StartTarget(
    TargetKind kind, const std::string& binary) {
  if (kind == TargetKind::kInProcess) {
    return std::make_unique<InProcessTarget<Traits>>();
  }
  absl::StatusOr<std::unique_ptr<BinaryTarget>> started =
      BinaryTarget::Start(binary);
  if (!started.ok()) return started.status();
  return std::unique_ptr<ServiceTarget>(std::move(*started));
}

// One running target of each kind for a whole test suite, so that the
// binary costs one process per suite instead of one per test: started by
// the first test that asks (Get, in SetUp), stopped by StopAll (in
// TearDownTestSuite). Tests that share it keep apart by using ids of
// their own.
template <typename Traits>
class SharedTarget {
 public:
  explicit SharedTarget(std::string binary) : binary_(std::move(binary)) {}

  // The running target of `kind`, started now if it is not running.
  absl::StatusOr<ServiceTarget*> Get(TargetKind kind) {
    std::unique_ptr<ServiceTarget>& target = running_[kind];
    if (target == nullptr) {
      absl::StatusOr<std::unique_ptr<ServiceTarget>> started =
          StartTarget<Traits>(kind, binary_);
      if (!started.ok()) {
        running_.erase(kind);
        return started.status();
      }
      target = std::move(*started);
    }
    return target.get();
  }

  // Stops and forgets every running target; the first that did not stop
  // cleanly says why.
  absl::Status StopAll() {
    absl::Status result;
    for (auto& [kind, target] : running_) result.Update(target->Stop());
    running_.clear();
    return result;
  }

 private:
  std::string binary_;
  std::map<TargetKind, std::unique_ptr<ServiceTarget>> running_;
};

// The fixture of an API suite over TargetKind: its tests share one running
// service of each kind (SharedTarget) and keep apart by ids of their own:
// every id a test creates ends in the test's serial number (Id()). A
// suite's SetUpTestSuite calls StartSuite with its binary's path; a
// SetUp that adds to this one returns when this one failed
// (HasFatalFailure()).
template <typename Traits>
class SharedTargetTest : public ::testing::TestWithParam<TargetKind> {
 protected:
  static void StartSuite(std::string binary) {
    shared_ = new SharedTarget<Traits>(std::move(binary));
  }
  static void TearDownTestSuite() {
    EXPECT_OK(shared_->StopAll());
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(target_, shared_->Get(GetParam()));
  }

  // `base` made this test's own: "base-SERIAL".
  std::string Id(absl::string_view base) const {
    return absl::StrCat(base, "-", serial_);
  }

  ServiceTarget* target_ = nullptr;

 private:
  static inline SharedTarget<Traits>* shared_ = nullptr;
  static inline int tests_started_ = 0;
  const int serial_ = ++tests_started_;
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_SERVICE_TARGET_H_
