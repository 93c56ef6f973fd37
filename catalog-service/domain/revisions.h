// Reading revisions (AIP-162): Get with "{name}@{revision_id}" and the
// List*Revisions methods. Revisions are written by the store with every
// write (store/revision_log.h); this layer parses names and ids, pages and
// hands out the resource a revision holds.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_REVISIONS_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_REVISIONS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/store/catalog_store.h"
#include "google/protobuf/message.h"

namespace busan::catalog {

// True when `name` asks for a revision ("{name}@{revision_id}").
bool NamesRevision(absl::string_view name);

// The resource of `kind` as revision "{name}@{revision_id}" stored it, into
// `out` (of that kind's type). INVALID_ARGUMENT "name: ..." for a malformed
// name or id, NOT_FOUND when there is no such revision.
absl::Status GetRevisionOf(const CatalogStore& store, absl::string_view name,
                           ResourceKind kind, google::protobuf::Message* out);

// One page of the revisions of `request.name`, a resource of `kind`.
absl::Status ListRevisions(const CatalogStore& store, ResourceKind kind,
                           const v1::ListRevisionsRequest& request,
                           v1::ListRevisionsResponse* response);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_REVISIONS_H_
