// The one place where a rocksdb::Status becomes an absl::Status, decided
// by its code and subcode only: RocksDB's message text is for people, and
// matching words in it misfiles errors (an I/O error about a "block" is
// not a held lock).
#ifndef BUSAN_COMMON_STORE_ROCKS_STATUS_H_
#define BUSAN_COMMON_STORE_ROCKS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace busan::store {

// Converts `status`; `context` says what was being done and leads the
// message ("writing: IO error: ..."). The codes, most specific first:
//   NotFound                         -> NOT_FOUND
//   Corruption                       -> DATA_LOSS
//   IOError with subcode NoSpace     -> RESOURCE_EXHAUSTED (disk full)
//   IOError, Busy, TryAgain,
//   TimedOut, ShutdownInProgress,
//   Incomplete                       -> UNAVAILABLE (retry the call later)
//   anything else (InvalidArgument, NotSupported, ...: a bug of ours)
//                                    -> INTERNAL
// A held data directory is found by Database::Open itself, not here.
absl::Status FromRocksStatus(const rocksdb::Status& status,
                             absl::string_view context);

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_ROCKS_STATUS_H_
