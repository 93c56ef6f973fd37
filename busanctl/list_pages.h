// Walking the pages of a List call, for the list commands and the seed
// loader alike.
#ifndef BUSAN_BUSANCTL_LIST_PAGES_H_
#define BUSAN_BUSANCTL_LIST_PAGES_H_

#include <grpcpp/client_context.h>

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "busanctl/connection.h"
#include "busanctl/typed_client.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::ctl {

// One List call (`all` false), or every page from params.page_token on
// merged into one response that keeps the first page's total_size.
// `list(context, params, response)` makes one call; `items(response)` is
// the response's repeated field. INTERNAL when the server hands out the same
// next_page_token twice (walking on would never end).
template <typename Response, typename ListFn, typename ItemsFn>
absl::StatusOr<Response> ListPages(const CallOptions& call, ListParams params,
                                   bool all, ListFn list, ItemsFn items) {
  Response result;
  std::set<std::string> tokens_seen;
  for (bool first = true;; first = false) {
    Response page;
    RETURN_IF_ERROR(
        FromGrpcStatus(list(NewUnaryContext(call).get(), params, &page)));
    if (!all) return page;
    if (first) result.set_total_size(page.total_size());
    items(&result)->MergeFrom(*items(&page));
    if (page.next_page_token().empty()) return result;
    if (!tokens_seen.insert(page.next_page_token()).second) {
      return absl::InternalError(
          "the server returned the same next_page_token twice");
    }
    params.page_token = page.next_page_token();
  }
}

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_LIST_PAGES_H_
