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

// The names ("/000012.sst") of the table files that hold column family
// `family` of the closed store at `path`: to aim a disk fault at one family.
absl::StatusOr<std::vector<std::string>> TableFilesOf(
    const std::string& path,
    const std::vector<store::ColumnFamilySpec>& families, int family);

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_RAW_STORE_H_
