#include "tests/support/service_target.h"

#include <signal.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace busan::testing {

namespace {

const char* NameOf(TargetKind kind) {
  switch (kind) {
    case TargetKind::kInProcess:
      return "InProcess";
    case TargetKind::kBinary:
      return "Binary";
  }
  return "Unknown";
}

}  // namespace

std::string TargetKindName(const ::testing::TestParamInfo<TargetKind>& info) {
  return NameOf(info.param);
}

void PrintTo(TargetKind kind, std::ostream* out) { *out << NameOf(kind); }

std::shared_ptr<grpc::Channel> ServiceTarget::NewChannel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

absl::StatusOr<std::unique_ptr<BinaryTarget>> BinaryTarget::Start(
    const std::string& path) {
  std::unique_ptr<BinaryTarget> target(new BinaryTarget());
  // Warnings only: a line per call would make a failing test's output all
  // access log.
  target->process_ = std::make_unique<ChildProcess>(
      path,
      std::vector<std::string>{"--address=127.0.0.1:0",
                               "--data_dir=" + target->dir_.Sub("data"),
                               "--backup_dir=" + target->dir_.Sub("backups"),
                               "--log_level=warning"});
  const std::string program = path.substr(path.rfind('/') + 1);
  const std::optional<std::string> serving = target->process_->WaitForLine(
      program + ": serving on", absl::Seconds(30));
  if (!serving) {
    return absl::UnavailableError(absl::StrCat(
        path, " did not start serving:\n", target->process_->Output()));
  }
  target->address_ = ServingAddress(*serving);
  return target;
}

absl::Status BinaryTarget::Stop() {
  if (stopped_) return *stopped_;
  process_->Signal(SIGTERM);
  const std::optional<int> code = process_->Wait(absl::Seconds(30));
  if (!code) {
    process_->Signal(SIGKILL);
    process_->Wait(absl::Seconds(10));
    stopped_ = absl::DeadlineExceededError(absl::StrCat(
        "no exit 30 s after SIGTERM; killed. Output:\n", process_->Output()));
  } else if (*code != 0) {
    stopped_ = absl::InternalError(absl::StrCat(
        "exit code ", *code, " after SIGTERM. Output:\n", process_->Output()));
  } else {
    stopped_ = absl::OkStatus();
  }
  return *stopped_;
}

}  // namespace busan::testing
