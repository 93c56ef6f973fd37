#include "common/cli/flags.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <charconv>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/files/read_file.h"

namespace busan::cli {
namespace {

bool LooksLikeNegativeNumber(absl::string_view arg) {
  return arg.size() > 1 && arg[0] == '-' &&
         std::isdigit(static_cast<unsigned char>(arg[1]));
}

std::string Placeholder(bool is_bool, bool is_int, bool is_file) {
  if (is_bool) return "";
  if (is_file) return "=PATH";
  return is_int ? "=INT" : "=VALUE";
}

}  // namespace

FlagSet::FlagSet(std::string program) : program_(std::move(program)) {}

void FlagSet::String(std::string name, std::string* target, std::string help) {
  std::string shown = target->empty() ? "" : absl::StrCat("\"", *target, "\"");
  Add(std::move(name), Kind::kString, target, std::move(help),
      std::move(shown));
}

void FlagSet::Int(std::string name, int64_t* target, std::string help) {
  std::string shown = *target == 0 ? "" : absl::StrCat(*target);
  Add(std::move(name), Kind::kInt, target, std::move(help), std::move(shown));
}

void FlagSet::Bool(std::string name, bool* target, std::string help) {
  std::string shown = *target ? "true" : "";
  Add(std::move(name), Kind::kBool, target, std::move(help), std::move(shown));
}

void FlagSet::FlagFile(std::string name, std::string help) {
  Add(std::move(name), Kind::kFlagFile, this, std::move(help), "");
}

void FlagSet::Add(std::string name, Kind kind, void* target, std::string help,
                  std::string default_value) {
  assert(!name.empty() && target != nullptr);
  assert(index_.find(name) == index_.end() && "flag registered twice");
  index_.emplace(name, flags_.size());
  flags_.push_back(Flag{std::move(name), kind, target, std::move(help),
                        std::move(default_value)});
}

absl::Status FlagSet::Set(const Flag& flag, absl::string_view value) const {
  switch (flag.kind) {
    case Kind::kString:
      *static_cast<std::string*>(flag.target) = std::string(value);
      return absl::OkStatus();
    case Kind::kInt: {
      int64_t parsed = 0;
      const char* end = value.data() + value.size();
      auto [ptr, ec] = std::from_chars(value.data(), end, parsed, 10);
      if (ec == std::errc::result_out_of_range) {
        return absl::InvalidArgumentError(absl::StrCat(
            "flag --", flag.name, ": \"", value, "\" is out of range"));
      }
      if (value.empty() || ec != std::errc() || ptr != end) {
        return absl::InvalidArgumentError(absl::StrCat(
            "flag --", flag.name, ": \"", value, "\" is not an integer"));
      }
      *static_cast<int64_t*>(flag.target) = parsed;
      return absl::OkStatus();
    }
    case Kind::kBool:
      if (value == "true" || value == "1") {
        *static_cast<bool*>(flag.target) = true;
      } else if (value == "false" || value == "0") {
        *static_cast<bool*>(flag.target) = false;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", flag.name, ": \"", value,
                         "\" is not a boolean (use true or false)"));
      }
      return absl::OkStatus();
    case Kind::kFlagFile:
      return absl::InternalError("a flag file is parsed, not set");
  }
  return absl::InternalError("unreachable flag kind");
}

absl::StatusOr<std::vector<std::string>> FlagSet::Parse(
    int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return Parse(args);
}

absl::StatusOr<std::vector<std::string>> FlagSet::Parse(
    const std::vector<std::string>& args) {
  std::vector<std::string> positional;
  if (absl::Status s = ParseArgs(args, &positional, nullptr); !s.ok()) {
    return s;
  }
  return positional;
}

absl::Status FlagSet::ParseArgs(const std::vector<std::string>& args,
                                std::vector<std::string>* positional,
                                const Flag* flag_file) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--" && flag_file == nullptr) {
      positional->insert(positional->end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg.size() < 2 || arg[0] != '-' || LooksLikeNegativeNumber(arg)) {
      if (flag_file != nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("\"", arg, "\" is not --flag=value"));
      }
      positional->push_back(arg);
      continue;
    }
    if (arg[1] != '-') {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown flag ", arg, " (flags are written --name or --name=value)"));
    }
    absl::string_view body = absl::string_view(arg).substr(2);
    size_t eq = body.find('=');
    absl::string_view name = body.substr(0, eq);
    auto it = index_.find(name);
    if (name.empty() || it == index_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    const Flag& flag = flags_[it->second];
    if (flag.kind == Kind::kFlagFile && flag_file != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " may not appear in a flag file"));
    }
    if (eq == absl::string_view::npos && flag_file != nullptr &&
        flag.kind != Kind::kBool) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " needs =value"));
    }
    absl::Status set;
    if (eq != absl::string_view::npos) {
      absl::string_view value = body.substr(eq + 1);
      set = flag.kind == Kind::kFlagFile ? ParseFlagFile(flag, value)
                                         : Set(flag, value);
    } else if (flag.kind == Kind::kBool) {
      *static_cast<bool*>(flag.target) = true;
    } else if (i + 1 < args.size()) {
      set = flag.kind == Kind::kFlagFile ? ParseFlagFile(flag, args[++i])
                                         : Set(flag, args[++i]);
    } else {
      set = absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " needs a value"));
    }
    if (!set.ok()) return set;
  }
  return absl::OkStatus();
}

absl::Status FlagSet::ParseFlagFile(const Flag& flag, absl::string_view path) {
  const std::string prefix = absl::StrCat("flag --", flag.name, ": ");
  absl::StatusOr<std::string> contents = files::ReadFile(std::string(path));
  if (!contents.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(prefix, contents.status().message()));
  }
  int line_number = 0;
  std::vector<std::string> none;
  for (absl::string_view line : absl::StrSplit(*contents, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    absl::Status parsed = ParseArgs({std::string(line)}, &none, &flag);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(prefix, path, ":", line_number, ": ", parsed.message()));
    }
  }
  return absl::OkStatus();
}

std::string FlagSet::Usage() const {
  std::vector<std::string> syntax;
  size_t width = 0;
  for (const Flag& flag : flags_) {
    syntax.push_back(absl::StrCat(
        "--", flag.name,
        Placeholder(flag.kind == Kind::kBool, flag.kind == Kind::kInt,
                    flag.kind == Kind::kFlagFile)));
    width = std::max(width, syntax.back().size());
  }
  std::string out;
  for (size_t i = 0; i < flags_.size(); ++i) {
    const Flag& flag = flags_[i];
    absl::StrAppend(&out, "  ", syntax[i],
                    std::string(width - syntax[i].size() + 2, ' '), flag.help);
    if (!flag.default_value.empty()) {
      absl::StrAppend(&out, " (default ", flag.default_value, ")");
    }
    out += '\n';
  }
  return out;
}

}  // namespace busan::cli
