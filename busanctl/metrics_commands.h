// Pieces shared by the metrics commands (ranking_commands.cc,
// meeting_commands.cc, fund_commands.cc): `GROUP record --json=...` for each
// event type, listing the events under one parent, and reading parent names
// from flags or arguments.
#ifndef BUSAN_BUSANCTL_METRICS_COMMANDS_H_
#define BUSAN_BUSANCTL_METRICS_COMMANDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busanctl/command.h"
#include "busanctl/json_input.h"
#include "busanctl/resource_commands.h"
#include "busanctl/typed_client.h"
#include "client/input_fields.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/uuid/uuid.h"

namespace busan::ctl {

// `value` (a full name, or just the id) as a name of `collection`.
// INVALID_ARGUMENT starting with `what` ("--index", "FUND") when it is not of
// the form COLLECTION/ID with a valid id.
absl::StatusOr<std::string> ParseParentName(absl::string_view what,
                                            absl::string_view collection,
                                            const std::string& value);

// Records one event given as JSON. Output-only fields in the JSON (name,
// create_time) are dropped, so the output of `list --output=json` can be
// edited and sent back. Prints the event as stored.
template <typename E>
class RecordCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "--json=JSON";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    ASSIGN_OR_RETURN(const std::string json, RequiredJson(invocation));
    RETURN_IF_ERROR(ParseJsonMessage(json, &event_));
    resource::ClearOutputOnlyFields(&event_);
    request_id_ = uuid::NewRandom();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    E recorded;
    RETURN_IF_ERROR(FromGrpcStatus(MetricsEvent<E>::Record(
        context.metrics(), NewUnaryContext(context.call()).get(), event_,
        request_id_, &recorded)));
    return PrintMessage(context, recorded);
  }

 private:
  E event_;
  std::string request_id_;
};

// Lists the events of type E under params.parent (one page, or all of them)
// and prints them as List commands do.
template <typename E>
absl::Status ListEvents(Context& context, const ListParams& params, bool all) {
  using Api = MetricsEvent<E>;
  using Response = typename Api::ListResponse;
  MetricsStub& stub = context.metrics();
  ASSIGN_OR_RETURN(
      Response response,
      ListPages<Response>(
          context.call(), params, all,
          [&stub](grpc::ClientContext* call, const ListParams& p,
                  Response* out) { return Api::List(stub, call, p, out); },
          [](Response* r) { return Api::Items(r); }));
  return PrintList(context, response, *Api::Items(&response));
}

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_METRICS_COMMANDS_H_
