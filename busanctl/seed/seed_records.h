// Loader internals shared by the catalog and metrics halves of `seed`
// (seed.cc, seed_metrics.cc): syncing one named record through the standard
// methods of its API traits class (CatalogResource<R> or MetricsResource<R>).
#ifndef BUSAN_BUSANCTL_SEED_SEED_RECORDS_H_
#define BUSAN_BUSANCTL_SEED_SEED_RECORDS_H_

#include <grpcpp/support/status.h>

#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "busanctl/connection.h"
#include "busanctl/seed/seed.h"
#include "busanctl/typed_client.h"
#include "client/input_fields.h"
#include "common/status/status_macros.h"
#include "common/uuid/uuid.h"

namespace busan::ctl {

// `status` with `what` (the record's name) in front, so a failure of one
// record out of hundreds says which one.
inline absl::Status AboutRecord(const std::string& what,
                                const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

// Adds one change to `summary`: "created NAME" counts as created, and so
// on; `verb` is "created", "updated" or "recorded" (counted as created).
inline void NoteChange(SeedSummary* summary, absl::string_view verb,
                       const std::string& what) {
  if (verb == "updated") {
    ++summary->updated;
  } else {
    ++summary->created;
  }
  summary->changes.push_back(absl::StrCat(verb, " ", what));
}

// Once a project has dated status reports (RecordProjectStatus), its stage
// and progress are theirs: the seed states what was published before them
// and leaves both as the reports set them.
template <typename R>
void KeepReportedStatus(const R& stored, R* wanted) {
  if constexpr (std::is_same_v<R, catalog::v1::Project>) {
    if (stored.status_updates_size() == 0) return;
    wanted->set_stage(stored.stage());
    if (stored.has_progress_basis_points()) {
      wanted->set_progress_basis_points(stored.progress_basis_points());
    } else {
      wanted->clear_progress_basis_points();
    }
  }
}

// Makes the service hold `record`'s input fields (see seed.h): Get, then
// Create (NOT_FOUND), Update with every input field and the stored etag
// (input fields differ; kept instead under SeedMode::kCreateOnly) or
// nothing (equal).
template <typename Api>
absl::Status SyncResource(const typename Api::Resource& record,
                          typename Api::Stub& stub, const CallOptions& call,
                          SeedMode mode, SeedSummary* summary) {
  using R = typename Api::Resource;
  R stored;
  const grpc::Status got =
      Api::Get(stub, NewUnaryContext(call).get(), record.name(), &stored);

  if (got.error_code() == grpc::StatusCode::NOT_FOUND) {
    absl::StatusOr<NameParts> where = SplitResourceName(
        record.name(), Api::kCollection, Api::kParentCollection);
    if (!where.ok()) return where.status();
    R created;
    RETURN_IF_ERROR(AboutRecord(
        record.name(), Api::Create(stub, NewUnaryContext(call).get(), *where,
                                   record, uuid::NewRandom(), &created)));
    NoteChange(summary, "created", record.name());
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(AboutRecord(record.name(), got));

  R wanted = record;
  KeepReportedStatus(stored, &wanted);
  if (!InputFieldsDiffer(stored, wanted)) {
    ++summary->unchanged;
    return absl::OkStatus();
  }
  if (mode == SeedMode::kCreateOnly) {
    ++summary->kept;
    return absl::OkStatus();
  }
  wanted.set_etag(stored.etag());
  R updated;
  RETURN_IF_ERROR(AboutRecord(
      record.name(), Api::Update(stub, NewUnaryContext(call).get(), wanted,
                                 InputFieldMask(*R::descriptor()),
                                 uuid::NewRandom(), &updated)));
  NoteChange(summary, "updated", record.name());
  return absl::OkStatus();
}

// SyncResource for each of `records`, in order.
template <typename Api, typename Records>
absl::Status SyncResources(const Records& records, typename Api::Stub& stub,
                           const CallOptions& call, SeedMode mode,
                           SeedSummary* summary) {
  for (const auto& record : records) {
    RETURN_IF_ERROR(SyncResource<Api>(record, stub, call, mode, summary));
  }
  return absl::OkStatus();
}

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_SEED_SEED_RECORDS_H_
