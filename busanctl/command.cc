#include "busanctl/command.h"

#include "absl/strings/str_cat.h"

namespace busan::ctl {

Context::Context(std::unique_ptr<client::BusanClient> client,
                 const GlobalOptions& options, std::ostream* out, int width)
    : client_(std::move(client)),
      format_(ToOutputFormat(options)),
      out_(out),
      width_(width) {}

template <>
CatalogStub& Context::stub<CatalogStub>() {
  return catalog();
}

template <>
MetricsStub& Context::stub<MetricsStub>() {
  return metrics();
}

absl::Status ExpectArgs(const Invocation& invocation, int min, int max,
                        const std::string& synopsis) {
  const int n = static_cast<int>(invocation.args.size());
  if (n < min) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing arguments; expected ", synopsis));
  }
  if (max >= 0 && n > max) {
    return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"",
                                                   invocation.args[max],
                                                   "\"; expected ", synopsis));
  }
  return absl::OkStatus();
}

absl::Status PrintMessage(Context& context,
                          const google::protobuf::Message& message) {
  if (context.format() == OutputFormat::kJson) {
    absl::StatusOr<std::string> json = ToJson(message, /*multiline=*/true);
    if (!json.ok()) return json.status();
    context.out() << *json << "\n";
  } else {
    context.out() << RenderKeyValues(message);
  }
  return absl::OkStatus();
}

}  // namespace busan::ctl
