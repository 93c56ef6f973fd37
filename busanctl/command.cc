#include "busanctl/command.h"

#include "absl/strings/str_cat.h"

namespace busan::ctl {

Context::Context(const GlobalOptions& options, std::ostream* out, int width)
    : catalog_channel_{options.catalog},
      metrics_channel_{options.metrics},
      call_(ToCallOptions(options)),
      format_(ToOutputFormat(options)),
      out_(out),
      width_(width) {}

CatalogStub& Context::catalog() {
  if (catalog_ == nullptr) {
    catalog_ =
        catalog::v1::CatalogService::NewStub(NewChannel(catalog_channel_));
  }
  return *catalog_;
}

MetricsStub& Context::metrics() {
  if (metrics_ == nullptr) {
    metrics_ =
        metrics::v1::MetricsService::NewStub(NewChannel(metrics_channel_));
  }
  return *metrics_;
}

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
