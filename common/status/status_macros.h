// Early-return helpers for absl::Status and absl::StatusOr<T>.
//
// Debian's Abseil (20220623) ships neither absl/log nor status macros, so the
// project keeps these two here and nowhere else.
#ifndef BUSAN_COMMON_STATUS_STATUS_MACROS_H_
#define BUSAN_COMMON_STATUS_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define BUSAN_STATUS_CONCAT_INNER_(a, b) a##b
#define BUSAN_STATUS_CONCAT_(a, b) BUSAN_STATUS_CONCAT_INNER_(a, b)

// RETURN_IF_ERROR(expr): returns the status of `expr` from the enclosing
// function when it is not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::absl::Status busan_status_ = (expr);     \
    if (!busan_status_.ok()) return busan_status_; \
  } while (0)

// ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>);
// returns its status when not OK, else moves the value into `lhs`, which may
// be a declaration such as `auto value`.
#define ASSIGN_OR_RETURN(lhs, expr)                                      \
  auto BUSAN_STATUS_CONCAT_(busan_statusor_, __LINE__) = (expr);         \
  if (!BUSAN_STATUS_CONCAT_(busan_statusor_, __LINE__).ok())             \
    return BUSAN_STATUS_CONCAT_(busan_statusor_, __LINE__).status();     \
  lhs = std::move(*BUSAN_STATUS_CONCAT_(busan_statusor_, __LINE__))

#endif  // BUSAN_COMMON_STATUS_STATUS_MACROS_H_
