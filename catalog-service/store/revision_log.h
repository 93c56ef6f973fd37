// RevisionLog keeps the immutable revisions of catalog resources (AIP-162)
// in their own column family:
//
//   {name}                          span: revision count and the oldest
//                                   retained sequence (two big-endian
//                                   uint64)
//   {name}@{big-endian sequence}    Revision record
//
// '@' never occurs in a name, so "{name}@" selects one resource's
// revisions, in commit order. Revisions are added in the batch of the write
// they record. Retention trims the oldest beyond the newest N per resource
// in that same batch, always from the front, so the span's oldest sequence
// lets a seek land past the trimmed keys instead of walking their
// tombstones.
#ifndef BUSAN_CATALOG_SERVICE_STORE_REVISION_LOG_H_
#define BUSAN_CATALOG_SERVICE_STORE_REVISION_LOG_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "busan/catalog/v1/catalog.pb.h"

namespace busan::store {
class Database;
class KvTxn;
}  // namespace busan::store

namespace busan::catalog {

class RevisionLog {
 public:
  // `per_resource`: revisions kept per resource; 0 keeps every one.
  RevisionLog(const store::Database* database, int family,
              uint64_t per_resource)
      : database_(database), family_(family), per_resource_(per_resource) {}

  // Adds `revision` of the resource `name` (its revision_id being
  // `sequence`, larger than any before) to the write `kv`, with the
  // trimming it makes due, reading what it needs there.
  absl::Status Add(absl::string_view name, uint64_t sequence,
                   const v1::Revision& revision, store::KvTxn* kv) const;

  // The revision `sequence` of `name`. NOT_FOUND "<name>@<sequence> not
  // found" when it never existed or was trimmed.
  absl::Status Read(absl::string_view name, uint64_t sequence,
                    v1::Revision* revision) const;

  // Up to `limit` revisions of `name`, newest first, with a sequence below
  // `before` (0: no bound) and, when `read_time` is set, created at or
  // before it. When older ones remain, `*next_before` is the `before` that
  // lists them (the last returned one's sequence), else 0.
  absl::Status List(absl::string_view name, uint64_t before,
                    std::optional<absl::Time> read_time, int limit,
                    std::vector<v1::Revision>* revisions,
                    uint64_t* next_before) const;

 private:
  const store::Database* database_;
  const int family_;
  const uint64_t per_resource_;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_STORE_REVISION_LOG_H_
