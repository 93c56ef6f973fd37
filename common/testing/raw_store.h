// Edits a closed store's raw contents, for tests of what an older or a
// damaged store holds, without the test itself naming RocksDB.
#ifndef BUSAN_COMMON_TESTING_RAW_STORE_H_
#define BUSAN_COMMON_TESTING_RAW_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store/database.h"

namespace busan::testing {

// Deletes every key of column family `family` of the store at `path`
// (opened with `families`); returns how many there were.
absl::StatusOr<int> ClearFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family);

// Overwrites every value of column family `family` of the closed store at
// `path` with bytes that do not decode as a record; returns how many.
absl::StatusOr<int> CorruptFamily(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family);

// The names ("/000012.sst") of the table files that hold column family
// `family` of the closed store at `path`, once its memtable is flushed:
// for a disk fault aimed at one family's records.
absl::StatusOr<std::vector<std::string>> TableFilesOf(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family);

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_RAW_STORE_H_
