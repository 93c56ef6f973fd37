#include "busanctl/options.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/files/read_file.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

constexpr int64_t kMaxTimeoutSeconds = 86400;

// INVALID_ARGUMENT naming `flag` unless `token` can travel in gRPC
// metadata.
absl::Status CheckToken(absl::string_view flag, absl::string_view token) {
  for (char c : token) {
    if (c < 0x21 || c > 0x7E) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", flag, ": only printable ASCII without spaces is allowed"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

void DefineGlobalFlags(cli::FlagSet* flags, GlobalOptions* options) {
  flags->String("catalog", &options->catalog,
                "catalog-service address, HOST:PORT");
  flags->String("metrics", &options->metrics,
                "metrics-service address, HOST:PORT");
  flags->String("token", &options->token,
                "bearer token sent as 'authorization: Bearer TOKEN'");
  flags->String("token_file", &options->token_file,
                "file holding the bearer token (instead of --token)");
  flags->Int("timeout", &options->timeout_seconds,
             "deadline of each call, in seconds");
  flags->String("tls_ca_file", &options->tls_ca_file,
                "PEM roots of the servers' certificates; turns TLS on");
  flags->String("tls_cert_file", &options->tls_cert_file,
                "PEM client certificate, for servers that require mTLS");
  flags->String("tls_key_file", &options->tls_key_file,
                "PEM key of --tls_cert_file");
  flags->String("tls_server_name", &options->tls_server_name,
                "name expected in the servers' certificates, when it is not "
                "the address's host");
  flags->String("output", &options->output, "output format: table or json");
  flags->FlagFile("flagfile",
                  "read global flags from PATH, one --flag=value per line");
  flags->Bool("help", &options->help, "print usage and exit");
}

absl::Status ValidateGlobalOptions(const GlobalOptions& options) {
  if (options.output != "table" && options.output != "json") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--output: must be table or json, not \"", options.output, "\""));
  }
  if (options.timeout_seconds < 1 ||
      options.timeout_seconds > kMaxTimeoutSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout: must be 1..", kMaxTimeoutSeconds, " seconds"));
  }
  if (options.catalog.empty()) {
    return absl::InvalidArgumentError("--catalog: must not be empty");
  }
  if (options.metrics.empty()) {
    return absl::InvalidArgumentError("--metrics: must not be empty");
  }
  return CheckToken("token", options.token);
}

absl::Status LoadTokenFile(GlobalOptions* options) {
  if (options->token_file.empty()) return absl::OkStatus();
  if (!options->token.empty()) {
    return absl::InvalidArgumentError(
        "--token and --token_file: give one of them, not both");
  }
  absl::StatusOr<std::string> contents = files::ReadFile(options->token_file);
  if (!contents.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--token_file: ", contents.status().message()));
  }
  absl::string_view token = absl::StripAsciiWhitespace(*contents);
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--token_file: \"", options->token_file, "\" is empty"));
  }
  RETURN_IF_ERROR(CheckToken("token_file", token));
  options->token = std::string(token);
  return absl::OkStatus();
}

client::ClientOptions ToClientOptions(const GlobalOptions& options) {
  client::ClientOptions client;
  client.catalog.target = options.catalog;
  client.metrics.target = options.metrics;
  for (client::ChannelOptions* channel : {&client.catalog, &client.metrics}) {
    channel->tls.ca_file = options.tls_ca_file;
    channel->tls.cert_file = options.tls_cert_file;
    channel->tls.key_file = options.tls_key_file;
    channel->tls.server_name = options.tls_server_name;
  }
  client.call.timeout = std::chrono::seconds(options.timeout_seconds);
  client.call.token = options.token;
  return client;
}

OutputFormat ToOutputFormat(const GlobalOptions& options) {
  return options.output == "json" ? OutputFormat::kJson : OutputFormat::kTable;
}

void DefineCommandFlags(uint32_t which, cli::FlagSet* flags,
                        CommandFlags* values) {
  if (which & kJsonFlag) {
    flags->String("json", &values->json,
                  "the resource as proto3 JSON, or @FILE to read it from FILE");
  }
  if (which & kUpdateMaskFlag) {
    flags->String("update_mask", &values->update_mask,
                  "comma-separated fields to update (default: the top-level "
                  "fields present in --json)");
  }
  if (which & kEtagFlag) {
    flags->String("etag", &values->etag,
                  "fail with ABORTED unless the stored etag is this one");
  }
  if (which & kCreateOnlyFlag) {
    flags->Bool("create_only", &values->create_only,
                "create what is missing, never change an existing record "
                "(for a live service: edits made since survive)");
  }
  if (which & kForceFlag) {
    flags->Bool("force", &values->force,
                "also delete what refers to the resource");
  }
  if (which & kListFlags) {
    flags->String("filter", &values->filter,
                  "AIP-160 filter, e.g. 'origin = NEW AND budget_krw > 0'");
    flags->String("order_by", &values->order_by,
                  "sort order, e.g. 'budget_krw desc, name'");
    flags->Int("page_size", &values->page_size,
               "items per page (server default 50, at most 1000)");
    flags->String("page_token", &values->page_token,
                  "continue a listing from a previous next_page_token");
    flags->Bool("all", &values->all, "walk every page and print all items");
  }
  if (which & kParentFlag) {
    flags->String("parent", &values->parent,
                  "strategies/STRATEGY, or strategies/- for all");
  }
  if (which & kStartAfterFlag) {
    flags->Int("start_after", &values->start_after,
               "replay retained changes after this sequence (0: only new)");
  }
  if (which & kIndexFlag) {
    flags->String("index", &values->index,
                  "ranking index, indices/INDEX (or just INDEX)");
  }
  if (which & kCityFlag) {
    flags->String("city", &values->city, "city id, e.g. busan");
  }
  if (which & kSeriesFlag) {
    flags->String("series", &values->series,
                  "meeting series, meeting-series/SERIES (or just SERIES); "
                  "may be left out when only one series exists");
  }
  if (which & kDateRangeFlags) {
    flags->String("start_date", &values->start_date,
                  "count only meetings on or after this date, YYYY-MM-DD");
    flags->String("end_date", &values->end_date,
                  "count only meetings on or before this date, YYYY-MM-DD");
  }
  if (which & kGroupByFlag) {
    flags->String("group_by", &values->group_by,
                  "fund, strategy, project or year");
  }
  if (which & kHtmlFlag) {
    flags->String("html", &values->html,
                  "also write a self-contained HTML report to this file");
  }
  if (which & kAtFlag) {
    flags->String("at", &values->at,
                  "only what was written by this RFC 3339 time, e.g. "
                  "2026-03-01T00:00:00+09:00");
  }
}

}  // namespace busan::ctl
