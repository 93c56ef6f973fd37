// Small rules shared by the per-resource operation files of Catalog.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_COMMON_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_CATALOG_COMMON_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog-service/domain/resource_names.h"
#include "catalog-service/store/write_txn.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"

namespace busan::catalog {

using resource::CheckEtag;

// ALREADY_EXISTS when the record is present; a read that failed is
// returned as it is (UNAVAILABLE for an I/O error), never taken for absent.
inline absl::Status CheckAbsent(WriteTxn& txn, const ResourceRef& ref) {
  ASSIGN_OR_RETURN(const bool exists, txn.Exists(ref));
  if (!exists) return absl::OkStatus();
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
