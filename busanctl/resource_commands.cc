#include "busanctl/resource_commands.h"

#include <cstdint>

namespace busan::ctl {

absl::StatusOr<std::string> RequiredJson(const Invocation& invocation) {
  if (invocation.flags.json.empty()) {
    return absl::InvalidArgumentError(
        "--json is required (the resource as JSON, or @FILE)");
  }
  return ReadJsonArgument(invocation.flags.json);
}

absl::StatusOr<bool> ParseListFlags(const Invocation& invocation,
                                    ListParams* params) {
  const CommandFlags& flags = invocation.flags;
  if (flags.page_size < 0 || flags.page_size > INT32_MAX) {
    return absl::InvalidArgumentError(
        "--page_size: must be 0 (server default) or positive");
  }
  params->page_size = static_cast<int32_t>(flags.page_size);
  params->page_token = flags.page_token;
  params->filter = flags.filter;
  params->order_by = flags.order_by;
  return flags.all;
}

}  // namespace busan::ctl
