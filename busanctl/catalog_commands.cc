// plans, strategies, initiatives and projects: the standard methods of each
// catalog resource as commands (resource_commands.h), plus
// projects batch-get and record-status, and the history of each.
#include <memory>
#include <string>
#include <vector>

#include "busanctl/command.h"
#include "busanctl/history_command.h"
#include "busanctl/report/catalog_tables.h"
#include "busanctl/resource_commands.h"
#include "busanctl/typed_client.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;

class BatchGetProjectsCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "NAME...";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, -1, kSynopsis));
    for (const std::string& arg : invocation.args) {
      request_.add_names(ExpandName<CatalogResource<v1::Project>>(arg));
    }
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    v1::BatchGetProjectsResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(context.catalog().BatchGetProjects(
        NewUnaryContext(context.call()).get(), request_, &response)));
    if (context.format() == OutputFormat::kJson) {
      ASSIGN_OR_RETURN(std::string json, ToJson(response, true));
      context.out() << json << "\n";
    } else {
      context.out() << ItemsTable(response.projects()).Render(context.width());
    }
    return absl::OkStatus();
  }

 private:
  v1::BatchGetProjectsRequest request_;
};

// projects record-status: one dated report, through RecordProjectStatus.
class RecordStatusCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "NAME --json=STATUS [--etag=ETAG]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    request_.set_name(
        ExpandName<CatalogResource<v1::Project>>(invocation.args[0]));
    ASSIGN_OR_RETURN(const std::string json, RequiredJson(invocation));
    RETURN_IF_ERROR(ParseJsonMessage(json, request_.mutable_status()));
    request_.set_etag(invocation.flags.etag);
    request_.set_request_id(uuid::NewRandom());
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    v1::Project project;
    RETURN_IF_ERROR(FromGrpcStatus(context.catalog().RecordProjectStatus(
        NewUnaryContext(context.call()).get(), request_, &project)));
    return PrintMessage(context, project);
  }

 private:
  v1::RecordProjectStatusRequest request_;
};

}  // namespace

void AddCatalogCommands(std::vector<CommandSpec>* table) {
  AddResourceCommands<CatalogResource<v1::Plan>>(table);
  AddResourceCommands<CatalogResource<v1::Strategy>>(table);
  AddResourceCommands<CatalogResource<v1::Initiative>>(table);
  AddResourceCommands<CatalogResource<v1::Project>>(table);
  table->push_back({"projects", "batch-get", BatchGetProjectsCommand::kSynopsis,
                    "show several projects, all or nothing", 0,
                    Make<BatchGetProjectsCommand>()});
  table->push_back(
      {"projects", "record-status", RecordStatusCommand::kSynopsis,
       "add a dated status report (date, stage, progress_basis_points, note, "
       "sources); the newest sets the project's stage and progress",
       kJsonFlag | kEtagFlag, Make<RecordStatusCommand>()});
  AddHistoryCommands(table);
}

}  // namespace busan::ctl
