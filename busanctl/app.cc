#include "busanctl/app.h"

#include <algorithm>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busanctl/command.h"
#include "busanctl/options.h"
#include "common/cli/flags.h"

namespace busan::ctl {
namespace {

constexpr int kExitFailedCall = 1;
constexpr int kExitUsage = 2;

std::vector<CommandSpec> CommandTable() {
  std::vector<CommandSpec> table;
  AddDashboardCommand(&table);
  AddCatalogCommands(&table);
  AddRankingCommands(&table);
  AddMeetingCommands(&table);
  AddFundCommands(&table);
  AddWatchCommand(&table);
  AddSeedCommand(&table);
  AddHealthCommand(&table);
  AddAdminCommands(&table);
  return table;
}

// "projects update", "seed".
std::string Words(const CommandSpec& spec) {
  return spec.verb.empty() ? spec.group
                           : absl::StrCat(spec.group, " ", spec.verb);
}

const CommandSpec* Find(const std::vector<CommandSpec>& table,
                        const std::string& group, const std::string& verb) {
  for (const CommandSpec& spec : table) {
    if (spec.group == group && spec.verb == verb) return &spec;
  }
  return nullptr;
}

std::string GlobalFlagsUsage() {
  GlobalOptions defaults;
  cli::FlagSet flags("busanctl");
  DefineGlobalFlags(&flags, &defaults);
  return flags.Usage();
}

// The command list (of one group, when `group` is not empty).
std::string CommandList(const std::vector<CommandSpec>& table,
                        const std::string& group) {
  size_t width = 0;
  for (const CommandSpec& spec : table) {
    if (group.empty() || spec.group == group) {
      width = std::max(width, Words(spec).size());
    }
  }
  std::string out;
  for (const CommandSpec& spec : table) {
    if (!group.empty() && spec.group != group) continue;
    const std::string words = Words(spec);
    absl::StrAppend(&out, "  ", words,
                    std::string(width - words.size() + 2, ' '), spec.summary,
                    "\n");
  }
  return out;
}

std::string GlobalUsage(const std::vector<CommandSpec>& table,
                        const std::string& group = "") {
  return absl::StrCat(
      "usage: busanctl [flags] ", group.empty() ? "COMMAND" : group,
      " ... [flags]\n\ncommands:\n", CommandList(table, group), "\nflags:\n",
      GlobalFlagsUsage(),
      "\nRun 'busanctl COMMAND --help' for a command's arguments and flags.\n");
}

std::string Synopsis(const CommandSpec& spec) {
  return absl::StrCat("usage: busanctl ", Words(spec),
                      spec.synopsis.empty() ? "" : " ", spec.synopsis, "\n");
}

std::string CommandUsage(const CommandSpec& spec) {
  CommandFlags defaults;
  cli::FlagSet flags(Words(spec));
  DefineCommandFlags(spec.flags, &flags, &defaults);
  std::string out = absl::StrCat(Synopsis(spec), "  ", spec.summary, "\n");
  if (spec.flags != 0) absl::StrAppend(&out, "\nflags:\n", flags.Usage());
  absl::StrAppend(&out, "\nglobal flags:\n", GlobalFlagsUsage());
  return out;
}

// What a usage error of one command prints after the message: the synopsis
// and where to find the rest.
std::string ShortUsage(const CommandSpec& spec) {
  return absl::StrCat(Synopsis(spec), "Run 'busanctl ", Words(spec),
                      " --help' for its flags.\n");
}

}  // namespace

int RunBusanctl(const std::vector<std::string>& args,
                const Terminal& terminal) {
  const std::vector<CommandSpec> table = CommandTable();
  const auto usage_error = [&](absl::string_view message,
                               const std::string& usage) {
    *terminal.err << "busanctl: " << message << "\n\n" << usage;
    return kExitUsage;
  };

  // Pass 1 finds the command words. It knows every flag of every command so
  // that the value in "--filter 'x = 1'" is not taken for a word.
  GlobalOptions scan_options;
  CommandFlags scan_flags;
  cli::FlagSet scan("busanctl");
  DefineGlobalFlags(&scan, &scan_options);
  DefineCommandFlags(kAllCommandFlags, &scan, &scan_flags);
  absl::StatusOr<std::vector<std::string>> words = scan.Parse(args);
  if (!words.ok())
    return usage_error(words.status().message(), GlobalUsage(table));
  if (words->empty()) {
    if (scan_options.help) {
      *terminal.out << GlobalUsage(table);
      return 0;
    }
    return usage_error("missing command", GlobalUsage(table));
  }

  const std::string& group = (*words)[0];
  size_t consumed = 1;
  const CommandSpec* spec = Find(table, group, "");
  if (spec == nullptr) {
    const bool known =
        std::any_of(table.begin(), table.end(),
                    [&](const CommandSpec& s) { return s.group == group; });
    if (!known) {
      return usage_error(absl::StrCat("unknown command \"", group, "\""),
                         GlobalUsage(table));
    }
    if (words->size() < 2) {
      if (scan_options.help) {
        *terminal.out << GlobalUsage(table, group);
        return 0;
      }
      return usage_error(absl::StrCat("missing subcommand for ", group),
                         GlobalUsage(table, group));
    }
    spec = Find(table, group, (*words)[1]);
    if (spec == nullptr) {
      return usage_error(
          absl::StrCat("unknown subcommand \"", group, " ", (*words)[1], "\""),
          GlobalUsage(table, group));
    }
    consumed = 2;
  }

  // Pass 2 accepts only the command's own flags.
  GlobalOptions options;
  Invocation invocation;
  cli::FlagSet flags(absl::StrCat("busanctl ", Words(*spec)));
  DefineGlobalFlags(&flags, &options);
  DefineCommandFlags(spec->flags, &flags, &invocation.flags);
  absl::StatusOr<std::vector<std::string>> positional = flags.Parse(args);
  if (!positional.ok()) {
    return usage_error(positional.status().message(), ShortUsage(*spec));
  }
  if (options.help) {
    *terminal.out << CommandUsage(*spec);
    return 0;
  }
  if (absl::Status s = ValidateGlobalOptions(options); !s.ok()) {
    return usage_error(s.message(), ShortUsage(*spec));
  }
  if (absl::Status s = LoadTokenFile(&options); !s.ok()) {
    return usage_error(s.message(), ShortUsage(*spec));
  }
  invocation.args.assign(positional->begin() + consumed, positional->end());

  std::unique_ptr<Command> command = spec->make();
  if (absl::Status s = command->Parse(invocation); !s.ok()) {
    return usage_error(s.message(), ShortUsage(*spec));
  }
  absl::StatusOr<std::unique_ptr<client::BusanClient>> client =
      client::BusanClient::Create(ToClientOptions(options));
  if (!client.ok()) {
    return usage_error(absl::StrCat("--", client.status().message()),
                       ShortUsage(*spec));
  }
  Context context(*std::move(client), options, terminal.out, terminal.width);
  if (absl::Status s = command->Execute(context); !s.ok()) {
    terminal.out->flush();
    *terminal.err << "error: " << absl::StatusCodeToString(s.code()) << ": "
                  << s.message() << "\n";
    return kExitFailedCall;
  }
  return 0;
}

RunResult RunBusanctlCaptured(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int status = RunBusanctl(args, {&out, &err, 0});
  return {status, out.str(), err.str()};
}

}  // namespace busan::ctl
