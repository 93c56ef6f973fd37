// `busanctl health`: asks both services' standard gRPC health check
// (grpc.health.v1) whether they serve, for scripts and container
// entrypoints that wait for a deployment to come up.
//
// Prints one line per service ("catalog-service  HOST:PORT  SERVING") or,
// with --output=json, {"catalog-service": {"target": ..., "status": ...,
// "error": ...}, ...}. Exits 0 when both are SERVING, 1 otherwise
// (NOT_SERVING while starting or draining; UNREACHABLE, with the reason).
#include <google/protobuf/struct.pb.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busanctl/command.h"
#include "client/health.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

struct Answer {
  std::string service;  // "catalog-service"
  std::string target;
  std::string status;  // "SERVING", "NOT_SERVING", ... or "UNREACHABLE"
  std::string error;   // why the check failed, when it did
  bool serving() const { return status == "SERVING"; }
};

Answer Ask(Context& context, const client::ChannelOptions& channel,
           const std::shared_ptr<grpc::Channel>& connection) {
  Answer answer;
  answer.service = channel.service_label;
  answer.target = channel.target;
  std::unique_ptr<grpc::ClientContext> call = context.client().UnaryContext();
  absl::StatusOr<client::ServingStatus> status =
      client::CheckHealth(connection, "", call.get());
  if (!status.ok()) {
    answer.status = "UNREACHABLE";
    answer.error = std::string(status.status().message());
    return answer;
  }
  answer.status = std::string(client::ServingStatusName(*status));
  return answer;
}

class HealthCommand : public Command {
 public:
  absl::Status Parse(const Invocation& invocation) override {
    return ExpectArgs(invocation, 0, 0, "");
  }

  absl::Status Execute(Context& context) override {
    const client::ClientOptions& options = context.client().options();
    const Answer answers[] = {
        Ask(context, options.catalog, context.client().catalog_channel()),
        Ask(context, options.metrics, context.client().metrics_channel()),
    };
    std::vector<std::string> failing;
    google::protobuf::Struct json;
    for (const Answer& a : answers) {
      if (context.format() == OutputFormat::kTable) {
        context.out() << a.service << "  " << a.target << "  " << a.status
                      << (a.error.empty() ? "" : ": ") << a.error << "\n";
      }
      google::protobuf::Struct& entry =
          *(*json.mutable_fields())[a.service].mutable_struct_value();
      (*entry.mutable_fields())["target"].set_string_value(a.target);
      (*entry.mutable_fields())["status"].set_string_value(a.status);
      if (!a.error.empty()) {
        (*entry.mutable_fields())["error"].set_string_value(a.error);
      }
      if (!a.serving()) {
        failing.push_back(absl::StrCat(a.service, " ", a.status));
      }
    }
    if (context.format() == OutputFormat::kJson) {
      RETURN_IF_ERROR(PrintMessage(context, json));
    }
    if (!failing.empty()) {
      return absl::UnavailableError(
          absl::StrCat("not serving: ", absl::StrJoin(failing, "; ")));
    }
    return absl::OkStatus();
  }
};

}  // namespace

void AddHealthCommand(std::vector<CommandSpec>* table) {
  table->push_back({"health", "", "",
                    "whether both services are up and serving "
                    "(grpc.health.v1); exit 1 if not",
                    0, [] { return std::make_unique<HealthCommand>(); }});
}

}  // namespace busan::ctl
