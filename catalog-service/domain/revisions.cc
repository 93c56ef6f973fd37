#include "catalog-service/domain/revisions.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/domain/resource_names.h"
#include "common/paging/page_token.h"
#include "common/status/status_macros.h"
#include "google/protobuf/util/time_util.h"

namespace busan::catalog {
namespace {

using google::protobuf::util::TimeUtil;

const google::protobuf::Message* ResourceOf(const v1::Revision& revision) {
  switch (revision.resource_case()) {
    case v1::Revision::kPlan:
      return &revision.plan();
    case v1::Revision::kStrategy:
      return &revision.strategy();
    case v1::Revision::kInitiative:
      return &revision.initiative();
    case v1::Revision::kProject:
      return &revision.project();
    case v1::Revision::RESOURCE_NOT_SET:
      break;
  }
  return nullptr;
}

// Revision ids are change sequences, written in canonical decimal.
absl::StatusOr<uint64_t> ParseRevisionId(absl::string_view id) {
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(id, &sequence) || sequence == 0 ||
      absl::StrCat(sequence) != id) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: revision id \"", id,
                     "\" is not a revision id (a positive decimal number)"));
  }
  return sequence;
}

}  // namespace

bool NamesRevision(absl::string_view name) {
  return name.find('@') != absl::string_view::npos;
}

absl::Status GetRevisionOf(const CatalogStore& store, absl::string_view name,
                           ResourceKind kind, google::protobuf::Message* out) {
  const size_t at = name.find('@');
  ASSIGN_OR_RETURN(const ResourceRef ref,
                   ParseName("name", name.substr(0, at), kind));
  ASSIGN_OR_RETURN(const uint64_t sequence,
                   ParseRevisionId(name.substr(at + 1)));
  v1::Revision revision;
  RETURN_IF_ERROR(store.revisions().Read(ref.name, sequence, &revision));
  const google::protobuf::Message* resource = ResourceOf(revision);
  if (resource == nullptr ||
      resource->GetDescriptor() != out->GetDescriptor()) {
    return absl::DataLossError(
        absl::StrCat(name, " holds no ", out->GetDescriptor()->name()));
  }
  out->CopyFrom(*resource);
  return absl::OkStatus();
}

absl::Status ListRevisions(const CatalogStore& store, ResourceKind kind,
                           const v1::ListRevisionsRequest& request,
                           v1::ListRevisionsResponse* response) {
  ASSIGN_OR_RETURN(const ResourceRef ref,
                   ParseName("name", request.name(), kind));
  ASSIGN_OR_RETURN(const int page_size,
                   paging::EffectivePageSize(request.page_size()));
  std::optional<absl::Time> read_time;
  if (request.has_read_time()) {
    const google::protobuf::Timestamp& time = request.read_time();
    if (time.seconds() < TimeUtil::kTimestampMinSeconds ||
        time.seconds() > TimeUtil::kTimestampMaxSeconds || time.nanos() < 0 ||
        time.nanos() > 999999999) {
      return absl::InvalidArgumentError(
          "read_time: not a valid timestamp (0001-01-01 to 9999-12-31)");
    }
    read_time =
        absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  }
  // A token is bound to the resource and the read time it was issued for.
  const uint64_t fingerprint = paging::QueryFingerprint(
      {"revisions", ref.name, request.read_time().SerializeAsString()});
  uint64_t before = 0;
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(
        const internal::v1::PageCursor cursor,
        store.page_tokens().Decode(request.page_token(), fingerprint));
    before = SequenceFromKey(cursor.last_sort_key());
  }
  std::vector<v1::Revision> revisions;
  uint64_t next_before = 0;
  RETURN_IF_ERROR(store.revisions().List(ref.name, before, read_time, page_size,
                                         &revisions, &next_before));
  for (v1::Revision& revision : revisions) {
    *response->add_revisions() = std::move(revision);
  }
  if (next_before != 0) {
    internal::v1::PageCursor cursor;
    cursor.set_query_fingerprint(fingerprint);
    cursor.set_last_sort_key(SequenceKey(next_before));
    response->set_next_page_token(store.page_tokens().Encode(cursor));
  }
  return absl::OkStatus();
}

}  // namespace busan::catalog
