// busanctl's flags: the global ones (where the services are, how to call
// them, how to print) and the per-command ones, each read once at the edge
// into plain structs.
#ifndef BUSAN_BUSANCTL_OPTIONS_H_
#define BUSAN_BUSANCTL_OPTIONS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "busanctl/connection.h"
#include "busanctl/report/output.h"
#include "common/cli/flags.h"

namespace busan::ctl {

// Flags every command accepts.
struct GlobalOptions {
  std::string catalog = "localhost:50051";
  std::string metrics = "localhost:50052";
  std::string token;
  std::string token_file;
  int64_t timeout_seconds = 10;
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_server_name;
  std::string output = "table";
  bool help = false;
};

// Registers --catalog, --metrics, --token, --token_file, --timeout, the --tls_*
// flags,
// --output, --flagfile (global flags from a file, e.g. a mounted ConfigMap)
// and --help.
void DefineGlobalFlags(cli::FlagSet* flags, GlobalOptions* options);

// INVALID_ARGUMENT naming the flag when a value is out of its domain:
// --output not table|json, --timeout not in 1..86400, an empty address, or a
// token with characters that cannot travel in gRPC metadata.
absl::Status ValidateGlobalOptions(const GlobalOptions& options);

// Reads --token_file into `options->token` (surrounding white space
// dropped), so a token mounted from a secret never shows in a process list.
// INVALID_ARGUMENT naming the flag when the file cannot be read, is empty or
// holds what cannot be a token, or when --token is given too.
absl::Status LoadTokenFile(GlobalOptions* options);

// The validated options as client settings (both channels and each call)
// and output format.
client::ClientOptions ToClientOptions(const GlobalOptions& options);
OutputFormat ToOutputFormat(const GlobalOptions& options);

// Flags particular to commands. Each command declares the subset it accepts
// (a bitwise OR of these), so `plans get X --force` is a usage error.
enum CommandFlag : uint32_t {
  kJsonFlag = 1u << 0,        // --json
  kUpdateMaskFlag = 1u << 1,  // --update_mask
  kEtagFlag = 1u << 2,        // --etag
  kForceFlag = 1u << 3,       // --force
  kListFlags = 1u << 4,   // --filter --order_by --page_size --page_token --all
  kParentFlag = 1u << 5,  // --parent
  kStartAfterFlag = 1u << 6,   // --start_after
  kIndexFlag = 1u << 7,        // --index
  kCityFlag = 1u << 8,         // --city
  kSeriesFlag = 1u << 9,       // --series
  kDateRangeFlags = 1u << 10,  // --start_date --end_date
  kGroupByFlag = 1u << 11,     // --group_by
  kHtmlFlag = 1u << 12,        // --html
  kAtFlag = 1u << 13,          // --at
  kCreateOnlyFlag = 1u << 14,  // --create_only
  kAllCommandFlags = (1u << 15) - 1,
};

struct CommandFlags {
  std::string json;
  std::string update_mask;
  std::string etag;
  bool force = false;
  std::string filter;
  std::string order_by;
  int64_t page_size = 0;
  std::string page_token;
  bool all = false;
  std::string parent = "strategies/-";
  int64_t start_after = 0;
  std::string index = "indices/smart-centres-index";
  std::string city = "busan";
  // Empty: the command picks the only series there is (see meetings usage).
  std::string series;
  std::string start_date;
  std::string end_date;
  std::string group_by = "fund";
  // Empty: no HTML report.
  std::string html;
  // RFC 3339 time; empty: now.
  std::string at;
  bool create_only = false;
};

// Registers the flags selected by `which` (CommandFlag bits).
void DefineCommandFlags(uint32_t which, cli::FlagSet* flags,
                        CommandFlags* values);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_OPTIONS_H_
