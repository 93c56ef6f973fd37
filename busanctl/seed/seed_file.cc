// Reading seed files (declared in seed.h; validation is in
// seed_validation.cc).
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "busanctl/seed/seed.h"

namespace busan::ctl {
namespace {

// Keeps the first parse error, positioned as PATH:LINE:COLUMN (1-based).
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit FirstErrorCollector(std::string path) : path_(std::move(path)) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!first_.empty()) return;
    first_ = line < 0 ? absl::StrCat(path_, ": ", message)
                      : absl::StrCat(path_, ":", line + 1, ":", column + 1,
                                     ": ", message);
  }

  const std::string& first() const { return first_; }

 private:
  std::string path_;
  std::string first_;
};

}  // namespace

absl::StatusOr<seed::v1::Seed> ReadSeedFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << file.rdbuf();

  seed::v1::Seed seed;
  FirstErrorCollector errors(path);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(contents.str(), &seed)) {
    return absl::InvalidArgumentError(
        errors.first().empty() ? absl::StrCat(path, ": does not parse")
                               : errors.first());
  }
  return seed;
}

absl::StatusOr<seed::v1::Seed> ReadSeedFiles(
    const std::vector<std::string>& paths) {
  seed::v1::Seed merged;
  for (const std::string& path : paths) {
    absl::StatusOr<seed::v1::Seed> seed = ReadSeedFile(path);
    if (!seed.ok()) return seed.status();
    if (absl::Status s = ValidateSeed(*seed); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
    }
    merged.MergeFrom(*seed);
  }
  // Each file is valid alone; a name may still repeat across files.
  if (absl::Status s = ValidateSeed(merged); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "seed files define a resource twice (positions count across files): ",
        s.message()));
  }
  return merged;
}

}  // namespace busan::ctl
