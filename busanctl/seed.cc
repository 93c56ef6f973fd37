#include "busanctl/seed.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/str_cat.h"
#include "busanctl/request_id.h"
#include "busanctl/resource_fields.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;

// `status` with the record's name in front, so a failure of one record out of
// hundreds says which one.
absl::Status AboutRecord(const std::string& name, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(name, ": ", status.error_message()));
}

// Makes the service hold `record`'s input fields (see seed.h).
template <typename R>
absl::Status SyncRecord(const R& record, CatalogStub& stub,
                        const CallOptions& call, SeedSummary* summary) {
  using Api = CatalogResource<R>;
  R stored;
  const grpc::Status got =
      Api::Get(stub, NewUnaryContext(call).get(), record.name(), &stored);

  if (got.error_code() == grpc::StatusCode::NOT_FOUND) {
    absl::StatusOr<NameParts> where = SplitName<R>(record.name());
    if (!where.ok()) return where.status();
    R created;
    RETURN_IF_ERROR(AboutRecord(
        record.name(),
        Api::Create(stub, NewUnaryContext(call).get(), *where, record,
                    NewRandomRequestId(), &created)));
    ++summary->created;
    summary->changes.push_back(absl::StrCat("created ", record.name()));
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(AboutRecord(record.name(), got));

  if (!InputFieldsDiffer(stored, record)) {
    ++summary->unchanged;
    return absl::OkStatus();
  }
  R wanted = record;
  wanted.set_etag(stored.etag());
  R updated;
  RETURN_IF_ERROR(AboutRecord(
      record.name(), Api::Update(stub, NewUnaryContext(call).get(), wanted,
                                 InputFieldMask(*R::descriptor()),
                                 NewRandomRequestId(), &updated)));
  ++summary->updated;
  summary->changes.push_back(absl::StrCat("updated ", record.name()));
  return absl::OkStatus();
}

template <typename R>
absl::Status SyncAll(const google::protobuf::RepeatedPtrField<R>& records,
                     CatalogStub& stub, const CallOptions& call,
                     SeedSummary* summary) {
  for (const R& record : records) {
    RETURN_IF_ERROR(SyncRecord(record, stub, call, summary));
  }
  return absl::OkStatus();
}

}  // namespace

std::string SeedSummary::ToString() const {
  return absl::StrCat("seed: created ", created, ", updated ", updated,
                      ", unchanged ", unchanged);
}

absl::Status LoadCatalogSeed(const seed::v1::Seed& seed, CatalogStub& stub,
                             const CallOptions& call, SeedSummary* summary) {
  RETURN_IF_ERROR(SyncAll<v1::Plan>(seed.plans(), stub, call, summary));
  RETURN_IF_ERROR(
      SyncAll<v1::Strategy>(seed.strategies(), stub, call, summary));
  RETURN_IF_ERROR(
      SyncAll<v1::Initiative>(seed.initiatives(), stub, call, summary));
  return SyncAll<v1::Project>(seed.projects(), stub, call, summary);
}

}  // namespace busan::ctl
