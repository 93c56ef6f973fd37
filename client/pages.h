// Walking the pages of a List call: the one loop behind busanctl's --all
// and history, the seed loader's reads and the combined dashboard.
#ifndef BUSAN_CLIENT_PAGES_H_
#define BUSAN_CLIENT_PAGES_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <set>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "client/catalog_resources.h"
#include "client/channel.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::client {

// Calls `list(page_token, &page)` from `page_token` on, hands each page to
// `each(page)`, and follows next_page_token until it is empty or `each`
// returns false. `list` makes one call with that token (a fresh context
// each time). The first failed call ends the walk with its status.
// INTERNAL when the server hands out a next_page_token it handed out
// before: walking on would never end.
template <typename Response, typename List, typename Each>
grpc::Status WalkPages(std::string page_token, List list, Each each) {
  std::set<std::string> tokens_seen;
  while (true) {
    Response page;
    grpc::Status status = list(page_token, &page);
    if (!status.ok()) return status;
    page_token = std::move(*page.mutable_next_page_token());
    if (!each(page) || page_token.empty()) return status;
    if (!tokens_seen.insert(page_token).second) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "the server returned the same next_page_token twice");
    }
  }
}

// One List call (`all` false), or every page from params.page_token on
// merged into one response that keeps the first page's total_size
// (WalkPages). `list(context, params, response)` makes one call;
// `items(response)` is the response's repeated field.
template <typename Response, typename ListFn, typename ItemsFn>
absl::StatusOr<Response> ListPages(const CallOptions& call, ListParams params,
                                   bool all, ListFn list, ItemsFn items) {
  auto list_from = [&](const std::string& page_token, Response* page) {
    params.page_token = page_token;
    return list(NewUnaryContext(call).get(), params, page);
  };
  Response result;
  if (!all) {
    RETURN_IF_ERROR(FromGrpcStatus(list_from(params.page_token, &result)));
    return result;
  }
  bool first = true;
  RETURN_IF_ERROR(FromGrpcStatus(
      WalkPages<Response>(params.page_token, list_from, [&](Response& page) {
        if (first) result.set_total_size(page.total_size());
        first = false;
        items(&result)->MergeFrom(*items(&page));
        return true;
      })));
  return result;
}

}  // namespace busan::client

#endif  // BUSAN_CLIENT_PAGES_H_
