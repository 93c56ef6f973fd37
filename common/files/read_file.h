// Reading a whole configuration file (tokens, certificates) with an error
// that says which file and why, for the flag that named it to prefix.
#ifndef BUSAN_COMMON_FILES_READ_FILE_H_
#define BUSAN_COMMON_FILES_READ_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace busan::files {

// The bytes of the file at `path`. INVALID_ARGUMENT
// `cannot read "PATH": REASON` when it cannot be opened or read (missing,
// unreadable, a directory).
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace busan::files

#endif  // BUSAN_COMMON_FILES_READ_FILE_H_
