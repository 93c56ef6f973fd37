// `busanctl watch`: prints the catalog's change events as JSON lines.
#include <memory>

#include "busanctl/command.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

class WatchCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[--start_after=SEQUENCE]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    if (invocation.flags.start_after < 0) {
      return absl::InvalidArgumentError("--start_after: must not be negative");
    }
    request_.set_start_after_sequence(invocation.flags.start_after);
    return absl::OkStatus();
  }

  // Runs until the server ends the stream (OUT_OF_RANGE when start_after is
  // older than the retained history, RESOURCE_EXHAUSTED when this reader
  // fell behind) or the process is interrupted. One JSON object per line,
  // flushed as it arrives, whatever --output says. No deadline applies.
  absl::Status Execute(Context& context) override {
    auto call = NewStreamContext(context.call());
    auto reader = context.catalog().WatchCatalog(call.get(), request_);
    catalog::v1::ChangeEvent event;
    while (reader->Read(&event)) {
      ASSIGN_OR_RETURN(std::string line, ToJson(event, /*multiline=*/false));
      context.out() << line << std::endl;
    }
    return FromGrpcStatus(reader->Finish());
  }

 private:
  catalog::v1::WatchCatalogRequest request_;
};

}  // namespace

void AddWatchCommand(std::vector<CommandSpec>* table) {
  table->push_back({"watch", "", WatchCommand::kSynopsis,
                    "stream catalog changes as JSON lines until interrupted",
                    kStartAfterFlag,
                    [] { return std::make_unique<WatchCommand>(); }});
}

}  // namespace busan::ctl
