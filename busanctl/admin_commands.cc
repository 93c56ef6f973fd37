// `busanctl admin ...`: backups of both services' stores (needs a token with
// the role admin when the services check tokens).
//
//   admin backup [catalog|metrics]        take a verified backup now
//   admin list-backups [catalog|metrics]  the backups each service keeps
//
// Both ask the services (busan.admin.v1.AdminService), both unless one is
// named. A backup is put in place offline by busan-restore, beside the
// stopped service (busan-restore/main.cc).
#include <google/protobuf/util/time_util.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "busanctl/command.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

using admin::v1::AdminService;
using admin::v1::Backup;

// One service a command talks to.
struct Target {
  std::string label;  // "catalog-service"
  std::shared_ptr<grpc::Channel> channel;
};

// The services named by the optional argument: "catalog", "metrics", or
// both when there is none.
absl::Status ParseTargets(const Invocation& invocation,
                          const std::string& synopsis,
                          std::vector<std::string>* services) {
  RETURN_IF_ERROR(ExpectArgs(invocation, 0, 1, synopsis));
  if (invocation.args.empty()) {
    *services = {"catalog", "metrics"};
    return absl::OkStatus();
  }
  const std::string& service = invocation.args[0];
  if (service != "catalog" && service != "metrics") {
    return absl::InvalidArgumentError(absl::StrCat(
        "service: expected catalog or metrics, got \"", service, "\""));
  }
  *services = {service};
  return absl::OkStatus();
}

std::vector<Target> TargetsOf(Context& context,
                              const std::vector<std::string>& services) {
  const client::ClientOptions& options = context.client().options();
  std::vector<Target> targets;
  for (const std::string& service : services) {
    if (service == "catalog") {
      targets.push_back(
          {options.catalog.service_label, context.client().catalog_channel()});
    } else {
      targets.push_back(
          {options.metrics.service_label, context.client().metrics_channel()});
    }
  }
  return targets;
}

// `status` with the service named first, unless the client already did.
absl::Status FromService(const Target& target, const grpc::Status& status) {
  absl::Status converted = FromGrpcStatus(status);
  if (converted.ok() || absl::StartsWith(converted.message(), target.label)) {
    return converted;
  }
  return absl::Status(converted.code(),
                      absl::StrCat(target.label, ": ", converted.message()));
}

Table BackupTable() {
  return Table({{"SERVICE"},
                {"BACKUP", Table::Align::kLeft, 40, true},
                {"CREATED"},
                {"SIZE (BYTES)", Table::Align::kRight},
                {"FILES", Table::Align::kRight}});
}

void AddBackupRow(const std::string& service, const Backup& backup,
                  Table* table) {
  table->AddRow(
      {service, backup.name(),
       google::protobuf::util::TimeUtil::ToString(backup.create_time()),
       GroupThousands(static_cast<int64_t>(backup.size_bytes())),
       GroupThousands(backup.file_count())});
}

// {"catalog-service": RESPONSE, ...} for --output=json, each response's
// fields in their .proto order.
template <typename Message>
absl::Status PrintPerService(
    Context& context,
    const std::vector<std::pair<std::string, Message>>& responses) {
  std::string json = "{";
  for (const auto& [service, message] : responses) {
    ASSIGN_OR_RETURN(std::string text, ToJson(message, /*multiline=*/true));
    absl::StripTrailingAsciiWhitespace(&text);
    absl::StrAppend(&json, json.size() > 1 ? "," : "", "\n \"", service,
                    "\": ", absl::StrReplaceAll(text, {{"\n", "\n "}}));
  }
  context.out() << json << (responses.empty() ? "}\n" : "\n}\n");
  return absl::OkStatus();
}

// `admin backup` and `admin list-backups`: one AdminService call per
// service named (both by default). Every service is asked even when another
// fails; what succeeded is printed, then the first failure is the
// command's.
template <typename Response>
class PerServiceCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[catalog|metrics]";
  // Makes the call on `stub`.
  using Call = std::function<grpc::Status(AdminService::Stub&,
                                          grpc::ClientContext*, Response*)>;
  // Adds the table rows of one service's response.
  using Rows =
      std::function<void(const std::string& service, const Response&, Table*)>;

  PerServiceCommand(Call call, Rows rows, std::string when_empty)
      : call_(std::move(call)),
        rows_(std::move(rows)),
        when_empty_(std::move(when_empty)) {}

  absl::Status Parse(const Invocation& invocation) override {
    return ParseTargets(invocation, kSynopsis, &services_);
  }

  absl::Status Execute(Context& context) override {
    Table table = BackupTable();
    std::vector<std::pair<std::string, Response>> answers;
    absl::Status first_failure;
    for (const Target& target : TargetsOf(context, services_)) {
      Response response;
      const absl::Status status = FromService(
          target, call_(*AdminService::NewStub(target.channel),
                        NewUnaryContext(context.call()).get(), &response));
      if (!status.ok()) {
        first_failure.Update(status);
        continue;
      }
      rows_(target.label, response, &table);
      answers.emplace_back(target.label, std::move(response));
    }
    if (context.format() == OutputFormat::kJson) {
      RETURN_IF_ERROR(PrintPerService(context, answers));
    } else if (table.row_count() > 0) {
      context.out() << table.Render(context.width());
    } else if (first_failure.ok()) {
      context.out() << when_empty_ << "\n";
    }
    return first_failure;
  }

 private:
  const Call call_;
  const Rows rows_;
  const std::string when_empty_;
  std::vector<std::string> services_;
};

std::unique_ptr<Command> NewBackupCommand() {
  return std::make_unique<PerServiceCommand<Backup>>(
      [](AdminService::Stub& stub, grpc::ClientContext* call, Backup* backup) {
        return stub.CreateBackup(call, admin::v1::CreateBackupRequest(),
                                 backup);
      },
      [](const std::string& service, const Backup& backup, Table* table) {
        AddBackupRow(service, backup, table);
      },
      "");
}

std::unique_ptr<Command> NewListBackupsCommand() {
  using admin::v1::ListBackupsResponse;
  return std::make_unique<PerServiceCommand<ListBackupsResponse>>(
      [](AdminService::Stub& stub, grpc::ClientContext* call,
         ListBackupsResponse* list) {
        return stub.ListBackups(call, admin::v1::ListBackupsRequest(), list);
      },
      [](const std::string& service, const ListBackupsResponse& list,
         Table* table) {
        for (const Backup& backup : list.backups()) {
          AddBackupRow(service, backup, table);
        }
      },
      "no backups");
}

}  // namespace

void AddAdminCommands(std::vector<CommandSpec>* table) {
  constexpr const char* kServices = PerServiceCommand<Backup>::kSynopsis;
  table->push_back({"admin", "backup", kServices,
                    "take a verified backup of both services' stores (or "
                    "one); needs role admin",
                    0, NewBackupCommand});
  table->push_back({"admin", "list-backups", kServices,
                    "the backups each service keeps in its --backup_dir", 0,
                    NewListBackupsCommand});
}

}  // namespace busan::ctl
