// The shape every busanctl command has, and what it runs with.
//
// A command first parses its positional arguments and flags into the
// request it will send (Parse: any error is a usage error, exit status 2,
// and nothing has been sent), then performs its calls and prints the result
// (Execute: any error is a failed call, exit status 1).
#ifndef BUSAN_BUSANCTL_COMMAND_H_
#define BUSAN_BUSANCTL_COMMAND_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "busanctl/connection.h"
#include "busanctl/options.h"
#include "busanctl/report/output.h"
#include "busanctl/typed_client.h"

namespace busan::ctl {

// What the command line gave a command.
struct Invocation {
  // Positional arguments after the command words ("plans get").
  std::vector<std::string> args;
  CommandFlags flags;
};

// Connections and output settings shared by the commands of one run.
// Channels connect on their first call, so commands that never call a
// service never connect.
class Context {
 public:
  // `width` is the terminal width tables should fit in; 0 for no limit.
  Context(std::unique_ptr<client::BusanClient> client,
          const GlobalOptions& options, std::ostream* out, int width);

  client::BusanClient& client() { return *client_; }
  CatalogStub& catalog() { return client_->catalog(); }
  MetricsStub& metrics() { return client_->metrics(); }
  // catalog() or metrics(), chosen by type (CatalogStub or MetricsStub), for
  // commands written once over both services' resources.
  template <typename Stub>
  Stub& stub();
  const CallOptions& call() const { return client_->options().call; }
  OutputFormat format() const { return format_; }
  int width() const { return width_; }
  std::ostream& out() { return *out_; }

 private:
  std::unique_ptr<client::BusanClient> client_;
  OutputFormat format_;
  std::ostream* out_;
  int width_;
};

template <>
CatalogStub& Context::stub<CatalogStub>();
template <>
MetricsStub& Context::stub<MetricsStub>();

class Command {
 public:
  virtual ~Command() = default;
  // Validates arguments and builds the requests. Must not call a service.
  virtual absl::Status Parse(const Invocation& invocation) = 0;
  // Sends the requests and prints the outcome to context.out().
  virtual absl::Status Execute(Context& context) = 0;
};

// One entry of the command table.
struct CommandSpec {
  std::string group;     // "projects", "seed"
  std::string verb;      // "list"; empty for one-word commands such as "seed"
  std::string synopsis;  // arguments after the words: "NAME --json=JSON"
  std::string summary;   // one line for the command list
  uint32_t flags = 0;    // CommandFlag bits the command accepts
  std::function<std::unique_ptr<Command>()> make;
};

// Checks that there are between `min` and `max` positional arguments
// (max < 0: no upper bound). INVALID_ARGUMENT naming `synopsis` otherwise.
absl::Status ExpectArgs(const Invocation& invocation, int min, int max,
                        const std::string& synopsis);

// Prints a single resource: JSON, or a key: value block.
absl::Status PrintMessage(Context& context,
                          const google::protobuf::Message& message);

// Adds the catalog commands (plans, strategies, initiatives, projects).
void AddCatalogCommands(std::vector<CommandSpec>* table);
// Adds `watch`.
void AddWatchCommand(std::vector<CommandSpec>* table);
// Adds `seed`.
void AddSeedCommand(std::vector<CommandSpec>* table);
// Adds `indices` and `rankings`.
void AddRankingCommands(std::vector<CommandSpec>* table);
// Adds `meeting-series` and `meetings`.
void AddMeetingCommands(std::vector<CommandSpec>* table);
// Adds `funds`.
void AddFundCommands(std::vector<CommandSpec>* table);
// Adds `dashboard`.
void AddDashboardCommand(std::vector<CommandSpec>* table);
// Adds `health`.
void AddHealthCommand(std::vector<CommandSpec>* table);
// Adds `admin backup`, `admin list-backups` and `admin restore`.
void AddAdminCommands(std::vector<CommandSpec>* table);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_COMMAND_H_
