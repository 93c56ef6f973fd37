#include "client/status_messages.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace busan::client {

grpc::Status ExplainStatus(const grpc::Status& status,
                           absl::string_view service,
                           absl::string_view target) {
  const std::string who = absl::StrCat(service, " at ", target);
  std::string message;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      message = absl::StrCat(who, " is unreachable or not serving (",
                             status.error_message(),
                             "); is it running at that address?");
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      message = absl::StrCat(who, " did not answer before the deadline (",
                             status.error_message(), ")");
      break;
    case grpc::StatusCode::UNAUTHENTICATED:
      message =
          absl::StrCat(who, " did not accept the credentials (",
                       status.error_message(), "); check the bearer token");
      break;
    case grpc::StatusCode::PERMISSION_DENIED:
      message =
          absl::StrCat(who, " denied the call (", status.error_message(), ")");
      break;
    default:
      return status;
  }
  return grpc::Status(status.error_code(), message, status.error_details());
}

}  // namespace busan::client
