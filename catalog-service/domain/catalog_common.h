// Small rules shared by the per-resource operation files of Catalog.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_COMMON_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_COMMON_H_

#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/domain/resource_names.h"
#include "catalog-service/domain/write_txn.h"

namespace busan::catalog {

// ABORTED when the client sent an etag and it is not the stored one.
inline absl::Status CheckEtag(absl::string_view field, absl::string_view given,
                              absl::string_view stored, absl::string_view name) {
  if (given.empty() || given == stored) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(
      field, ": \"", given, "\" is stale; ", name, " is now at etag \"",
      stored, "\"; read it again and retry"));
}

// ALREADY_EXISTS when the record is present.
inline absl::Status CheckAbsent(WriteTxn& txn, const ResourceRef& ref) {
  if (!txn.Exists(ref)) return absl::OkStatus();
  return absl::AlreadyExistsError(absl::StrCat(ref.name, " already exists"));
}

// Turns a missing referenced parent into FAILED_PRECONDITION naming the
// field that refers to it.
inline absl::Status AsPrecondition(absl::string_view field,
                                   const absl::Status& status) {
  if (!absl::IsNotFound(status)) return status;
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": ", status.message()));
}

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_COMMON_H_
