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
// With SeedMode::kCreateOnly (`seed --create_only`, a live cluster's seed
// Job) a record that exists with other input fields is left as it is.
//
// Metrics events carry no name; each is identified by its natural key and
// recorded only when missing (see LoadMetricsSeed).
//
// Each service's half of the Seed message has its own loader function with
// the SeedLoader shape; the command runs them in order (catalog, then
// metrics), sharing one summary, and skips a loader whose half is empty, so
// a catalog-only seed never needs metrics-service.
#ifndef BUSAN_BUSANCTL_SEED_SEED_H_
#define BUSAN_BUSANCTL_SEED_SEED_H_

#include <google/protobuf/message.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "busan/seed/v1/seed.pb.h"
#include "busanctl/connection.h"
#include "busanctl/typed_client.h"

namespace busan::ctl {

// The files `busanctl seed` loads, in this order, when given none; relative
// to the current directory.
inline constexpr absl::string_view kDefaultSeedFiles[] = {"data/catalog.txtpb",
                                                          "data/metrics.txtpb"};

// What a load does with a record that exists with other input fields.
enum class SeedMode {
  // Updates it to the file's fields (a ranking is replaced; a meeting,
  // append-only, fails the load): scripts/demo and tests, where the file
  // is the truth.
  kReconcile,
  // Leaves it as it is, counted as kept: a live cluster, where city staff
  // edit records through the API and an upgrade must not undo their edits.
  // Only what is missing is created (a record deleted since is created
  // again).
  kCreateOnly,
};

// What a load did.
struct SeedSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int kept = 0;  // differing, left as they are (SeedMode::kCreateOnly)
  // "created plans/x", "updated projects/y", "recorded funds/f/flows/3",
  // in the order they happened.
  std::vector<std::string> changes;

  // "seed: created N, updated M, unchanged K", then ", kept J" when J > 0.
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

// Checks what the server cannot check before the first write: every named
// record's name matches its resource pattern with valid ids and appears
// once; every event names its parent in the right form (rankings an
// indices/ID with a valid city id, meetings a meeting-series/ID, fund flows
// a funds/ID) and no two rankings or meetings share a natural key; no
// output-only field (etag, times, derived figures, event names) is set;
// every status report names a project (projects/ID) and no two are equal.
// INVALID_ARGUMENT naming the record, e.g. "projects[3].name: ...".
absl::Status ValidateSeed(const seed::v1::Seed& seed);

// Reads, validates and concatenates `paths` in order (so a later file may
// refer to resources of an earlier one). Errors are prefixed with the path.
absl::StatusOr<seed::v1::Seed> ReadSeedFiles(
    const std::vector<std::string>& paths);

// The SeedLoader for CatalogService: plans, then strategies, initiatives and
// projects, so every reference points at something loaded before it, then
// the projects' status reports, each recorded (RecordProjectStatus, a fresh
// request_id) only when its project holds no report with the same input
// fields. Reports are append-only: a seed report that was edited is added
// beside the old one, never replaces it. Each
// call gets its own context from `call`. `seed` should have passed
// ValidateSeed; a bad name is reported as INVALID_ARGUMENT before its call.
absl::Status LoadCatalogSeed(const seed::v1::Seed& seed, CatalogStub& stub,
                             const CallOptions& call, SeedSummary* summary,
                             SeedMode mode = SeedMode::kReconcile);

// The SeedLoader for MetricsService. Parents first (ranking indices, meeting
// series, funds: synced like catalog records), then the events, each
// recorded with a fresh request_id only when missing:
//   - a ranking is looked up by (index, edition, city) with ListRankings;
//     missing or with other input fields, it is recorded (RecordRanking
//     replaces; counted as created or updated);
//   - a meeting is looked up by (series, first_number) with ListMeetings;
//     missing, it is recorded. Meetings are append-only, so one recorded
//     with other input fields cannot be corrected by a seed: it is reported,
//     the load goes on, and the result is FAILED_PRECONDITION naming every
//     such meeting and the fields that differ;
//   - fund flows have no key: each fund's stored flows are listed once and
//     matched against the seed's as a multiset on their input fields
//     (UnmatchedFundFlows); only the unmatched ones are recorded.
// Stops at the first failed call, like LoadCatalogSeed.
absl::Status LoadMetricsSeed(const seed::v1::Seed& seed, MetricsStub& stub,
                             const CallOptions& call, SeedSummary* summary,
                             SeedMode mode = SeedMode::kReconcile);

// True when `seed` holds records for CatalogService / MetricsService.
bool HasCatalogRecords(const seed::v1::Seed& seed);
bool HasMetricsRecords(const seed::v1::Seed& seed);

// The positions in `wanted` of the flows that `stored` does not account for.
// A wanted flow is accounted for by a stored flow equal to it in every input
// field (fund, type, amount_krw, date, strategy, project, note, sources; not
// name or create_time), and each stored flow accounts for one wanted flow at
// most: two identical wanted flows need two identical stored ones. Positions
// are in increasing order; the earliest of identical flows are matched first.
std::vector<int> UnmatchedFundFlows(
    const std::vector<metrics::v1::FundFlow>& wanted,
    const std::vector<metrics::v1::FundFlow>& stored);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_SEED_SEED_H_
