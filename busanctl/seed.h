// `busanctl seed`: an idempotent load of the shipped dataset through the
// public APIs.
//
// A seed file is a busan.seed.v1.Seed in protobuf text format. Each record
// carries its full resource name and only input fields. Loading makes the
// service hold exactly those input fields for every named record and never
// touches other resources:
//   - a record that does not exist is created (with a fresh request_id: a
//     lost reply is caught by the next run's Get, whereas an id derived from
//     the record would replay a stale create after the record was deleted);
//   - a record that exists with other input fields is updated with a mask of
//     every input field and the stored etag (a concurrent writer makes it
//     fail with ABORTED rather than be overwritten unseen);
//   - a record that exists with equal input fields is left alone.
// Running a seed twice therefore changes nothing the second time.
//
// Each service's half of the Seed message has its own loader function with
// the SeedLoader shape; the command runs them in order, sharing one summary.
#ifndef BUSAN_BUSANCTL_SEED_H_
#define BUSAN_BUSANCTL_SEED_H_

#include <google/protobuf/message.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/seed/v1/seed.pb.h"
#include "busanctl/catalog_resources.h"
#include "busanctl/connection.h"

namespace busan::ctl {

// The file `busanctl seed` loads when given none, relative to the current
// directory.
inline constexpr absl::string_view kDefaultSeedFile = "data/catalog.txtpb";

// What a load did.
struct SeedSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  // "created plans/x", "updated projects/y", in the order they happened.
  std::vector<std::string> changes;

  // "seed: created N, updated M, unchanged K".
  std::string ToString() const;
};

// Applies one service's part of `seed`, adding what it did to `summary`.
// Stops at the first failed call and returns its status, prefixed with the
// record's name; records before it stay applied (rerunning is safe).
using SeedLoader =
    std::function<absl::Status(const seed::v1::Seed&, SeedSummary*)>;

// Reads and parses one seed file. INVALID_ARGUMENT when it cannot be read
// ("cannot read PATH: ...") or does not parse
// ("PATH:LINE:COLUMN: message", 1-based, e.g. an unknown field name).
absl::StatusOr<seed::v1::Seed> ReadSeedFile(const std::string& path);

// Checks what the server cannot check before the first write: every record's
// name matches its resource pattern with valid ids, no name appears twice,
// and no output-only field (etag, times, derived figures) is set.
// INVALID_ARGUMENT naming the record, e.g. "projects[3].name: ...".
absl::Status ValidateSeed(const seed::v1::Seed& seed);

// Reads, validates and concatenates `paths` in order (so a later file may
// refer to resources of an earlier one). Errors are prefixed with the path.
absl::StatusOr<seed::v1::Seed> ReadSeedFiles(
    const std::vector<std::string>& paths);

// The SeedLoader for CatalogService: plans, then strategies, initiatives and
// projects, so every reference points at something loaded before it. Each
// call gets its own context from `call`. `seed` should have passed
// ValidateSeed; a bad name is reported as INVALID_ARGUMENT before its call.
absl::Status LoadCatalogSeed(const seed::v1::Seed& seed, CatalogStub& stub,
                             const CallOptions& call, SeedSummary* summary);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_SEED_H_
