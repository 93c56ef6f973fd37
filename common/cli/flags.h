// A small declarative command-line flag parser shared by the servers and
// busanctl.
//
// Abseil's flag library exits with status 1 on an unknown flag, while the
// contract (docs: "Binaries, flags, exit codes") wants usage errors to exit 2
// with the message on stderr. FlagSet therefore only reports errors as
// absl::Status and leaves printing and exiting to the caller:
//
//   std::string address = "0.0.0.0:50051";
//   bool help = false;
//   busan::cli::FlagSet flags("catalog-service");
//   flags.String("address", &address, "HOST:PORT to serve gRPC on");
//   flags.Bool("help", &help, "print this help and exit");
//   absl::StatusOr<std::vector<std::string>> args = flags.Parse(argc, argv);
//   if (!args.ok()) { /* print args.status().message() and Usage(); exit 2 */ }
//
// Syntax: `--name=value` and `--name value` for string and integer flags;
// `--name`, `--name=true` and `--name=false` for booleans (a boolean never
// consumes the next argument, so `--force NAME` keeps NAME positional).
// Flags may appear anywhere among the positional arguments; `--` ends the
// flags and everything after it is positional. A lone `-` is positional, as
// is anything that looks like a negative number (`-5`). Other single-dash
// forms (`-h`, `-name`) are not supported and are reported as unknown flags.
// When a flag is given more than once, the last value wins.
//
// A FlagSet may also accept a flag file (FlagFile()): `--flagfile=PATH`
// reads one flag per line from PATH as if the lines stood in its place on
// the command line, so flags given after it override the file. That is how
// a deployment hands a server its settings from one mounted file (a
// Kubernetes ConfigMap) while the image fixes the rest.
#ifndef BUSAN_COMMON_CLI_FLAGS_H_
#define BUSAN_COMMON_CLI_FLAGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace busan::cli {

// A set of named flags, each bound to a variable owned by the caller. The
// variable's value at registration time is the flag's default (shown by
// Usage()); Parse() overwrites it only for flags that appear. Targets must
// outlive the FlagSet's last Parse().
//
// Not thread-safe; a FlagSet is meant to be built and parsed once at the
// start of main().
class FlagSet {
 public:
  // `program` names the binary or subcommand in messages and usage text.
  explicit FlagSet(std::string program);

  FlagSet(const FlagSet&) = delete;
  FlagSet& operator=(const FlagSet&) = delete;

  // Registers `--name`. `name` is the flag without dashes, e.g. "data_dir";
  // registering the same name twice is a programming error (asserted).
  void String(std::string name, std::string* target, std::string help);
  // A decimal integer in the int64 range (optional leading '-'). Values
  // outside the range are an error, never silently wrapped.
  void Int(std::string name, int64_t* target, std::string help);
  // `--name` sets true; `--name=true|false` (also 1|0) sets explicitly.
  void Bool(std::string name, bool* target, std::string help);
  // Registers `--name=PATH`, a file of flags: each line is blank, a comment
  // starting with `#`, or one `--flag=value` (surrounding white space is
  // ignored; `--flag value` and positional arguments are not accepted, nor
  // is a flag file naming another). Parse() reports a file it cannot read
  // and every bad line as `flag --name: PATH:LINE: ...`.
  void FlagFile(std::string name, std::string help);

  // Parses argv[1..argc) (argv[0], the program name, is skipped) and returns
  // the positional arguments in order. Returns INVALID_ARGUMENT, with a
  // message fit to print as is, for:
  //   - a flag that was not registered: `unknown flag --foo`
  //   - a string or integer flag without a value: `flag --x needs a value`
  //   - a malformed value: `flag --port: "abc" is not an integer`,
  //     `flag --port: "99999999999999999999" is out of range`,
  //     `flag --force: "maybe" is not a boolean (use true or false)`
  // On error, targets of flags parsed before the bad one may have been set.
  absl::StatusOr<std::vector<std::string>> Parse(int argc,
                                                 const char* const* argv);
  // The same for an argument list without the program name.
  absl::StatusOr<std::vector<std::string>> Parse(
      const std::vector<std::string>& args);

  // One line per flag, in registration order: name, value placeholder, help
  // and default, with the help texts aligned, e.g.
  //   "  --port=INT      port to listen on (default 50051)"
  // Ends with a newline unless no flag is registered (then empty).
  std::string Usage() const;

  // The name given to the constructor.
  const std::string& program() const { return program_; }

 private:
  enum class Kind { kString, kInt, kBool, kFlagFile };
  struct Flag {
    std::string name;
    Kind kind;
    void* target;
    std::string help;
    std::string default_value;  // As shown in Usage().
  };

  void Add(std::string name, Kind kind, void* target, std::string help,
           std::string default_value);
  // Stores `value` into the flag's target after checking its syntax.
  absl::Status Set(const Flag& flag, absl::string_view value) const;
  // Parses `args`, appending positional arguments to `positional`.
  // `flag_file` is null on the command line; inside a flag file it names
  // that flag, and positional arguments and nested flag files are refused.
  absl::Status ParseArgs(const std::vector<std::string>& args,
                         std::vector<std::string>* positional,
                         const Flag* flag_file);
  // Reads the flag file at `path` (named by `flag`) and parses its lines.
  absl::Status ParseFlagFile(const Flag& flag, absl::string_view path);

  std::string program_;
  std::vector<Flag> flags_;
  std::map<std::string, size_t, std::less<>> index_;  // name -> flags_ index
};

}  // namespace busan::cli

#endif  // BUSAN_COMMON_CLI_FLAGS_H_
