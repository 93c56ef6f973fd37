// `busanctl admin ...`: backups of both services' stores (needs a token with
// the role admin when the services check tokens).
//
//   admin backup [catalog|metrics]        take a verified backup now
//   admin list-backups [catalog|metrics]  the backups each service keeps
//   admin restore BACKUP_DIR DATA_DIR [BACKUP_ID]
//
// backup and list-backups ask the services (busan.admin.v1.AdminService),
// both unless one is named. restore runs here, offline, without calling a
// service: it writes backup BACKUP_ID (the newest when omitted) of
// BACKUP_DIR into DATA_DIR, which must be absent or empty, for a service to
// be started on; a live store is never overwritten.
#include <google/protobuf/util/time_util.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "busan/admin/v1/admin.grpc.pb.h"
#include "busanctl/command.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/store/backups.h"

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

class BackupCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[catalog|metrics]";

  absl::Status Parse(const Invocation& invocation) override {
    return ParseTargets(invocation, kSynopsis, &services_);
  }

  // Services are backed up one after the other; the first failure stops
  // (backups already taken are kept and were printed).
  absl::Status Execute(Context& context) override {
    Table table = BackupTable();
    std::vector<std::pair<std::string, Backup>> taken;
    absl::Status status;
    for (const Target& target : TargetsOf(context, services_)) {
      Backup backup;
      status = FromService(
          target,
          AdminService::NewStub(target.channel)
              ->CreateBackup(NewUnaryContext(context.call()).get(),
                             admin::v1::CreateBackupRequest(), &backup));
      if (!status.ok()) break;
      AddBackupRow(target.label, backup, &table);
      taken.emplace_back(target.label, std::move(backup));
    }
    if (context.format() == OutputFormat::kJson) {
      RETURN_IF_ERROR(PrintPerService(context, taken));
    } else if (table.row_count() > 0) {
      context.out() << table.Render(context.width());
    }
    return status;
  }

 private:
  std::vector<std::string> services_;
};

class ListBackupsCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[catalog|metrics]";

  absl::Status Parse(const Invocation& invocation) override {
    return ParseTargets(invocation, kSynopsis, &services_);
  }

  // Each service is asked even when another fails: what could be listed is
  // printed, then the first failure is the command's.
  absl::Status Execute(Context& context) override {
    Table table = BackupTable();
    std::vector<std::pair<std::string, admin::v1::ListBackupsResponse>> lists;
    absl::Status first_failure;
    for (const Target& target : TargetsOf(context, services_)) {
      admin::v1::ListBackupsResponse response;
      absl::Status status = FromService(
          target,
          AdminService::NewStub(target.channel)
              ->ListBackups(NewUnaryContext(context.call()).get(),
                            admin::v1::ListBackupsRequest(), &response));
      if (!status.ok()) {
        first_failure.Update(status);
        continue;
      }
      for (const Backup& backup : response.backups()) {
        AddBackupRow(target.label, backup, &table);
      }
      lists.emplace_back(target.label, std::move(response));
    }
    if (context.format() == OutputFormat::kJson) {
      RETURN_IF_ERROR(PrintPerService(context, lists));
    } else if (table.row_count() > 0) {
      context.out() << table.Render(context.width());
    } else if (first_failure.ok()) {
      context.out() << "no backups\n";
    }
    return first_failure;
  }

 private:
  std::vector<std::string> services_;
};

class RestoreCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "BACKUP_DIR DATA_DIR [BACKUP_ID]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 2, 3, kSynopsis));
    backup_dir_ = invocation.args[0];
    data_dir_ = invocation.args[1];
    if (backup_dir_.empty() || data_dir_.empty()) {
      return absl::InvalidArgumentError(
          "BACKUP_DIR and DATA_DIR must not be empty");
    }
    if (invocation.args.size() == 3 &&
        (!absl::SimpleAtoi(invocation.args[2], &backup_id_) ||
         backup_id_ == 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("BACKUP_ID: expected a backup number such as 3, got \"",
                       invocation.args[2], "\""));
    }
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    RETURN_IF_ERROR(store::RestoreBackup(backup_dir_, backup_id_, data_dir_));
    context.out() << "restored "
                  << (backup_id_ == 0 ? std::string("the newest backup")
                                      : absl::StrCat("backup ", backup_id_))
                  << " of " << backup_dir_ << " into " << data_dir_
                  << "; start the service with --data_dir=" << data_dir_
                  << "\n";
    return absl::OkStatus();
  }

 private:
  std::string backup_dir_;
  std::string data_dir_;
  uint32_t backup_id_ = 0;  // 0: the newest
};

}  // namespace

void AddAdminCommands(std::vector<CommandSpec>* table) {
  table->push_back({"admin", "backup", BackupCommand::kSynopsis,
                    "take a verified backup of both services' stores (or "
                    "one); needs role admin",
                    0, [] { return std::make_unique<BackupCommand>(); }});
  table->push_back({"admin", "list-backups", ListBackupsCommand::kSynopsis,
                    "the backups each service keeps in its --backup_dir", 0,
                    [] { return std::make_unique<ListBackupsCommand>(); }});
  table->push_back({"admin", "restore", RestoreCommand::kSynopsis,
                    "offline: restore a backup into an empty data directory "
                    "for a service to start on",
                    0, [] { return std::make_unique<RestoreCommand>(); }});
}

}  // namespace busan::ctl
