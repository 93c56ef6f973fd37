// ListEngine serves every List method: it compiles the filter and order_by,
// picks a secondary index when the filter pins an indexed field, walks the
// candidates on one RocksDB snapshot, and issues signed page tokens.
//
// Cost: with the default order (by name), a page reads O(page) candidate
// keys. The first page also needs total_size (the count then travels in the
// token): one counter read when the collection keeps counts and the filter
// is empty or exactly an indexed equality, else a pass over every
// candidate. A custom order_by reads every candidate.
// Pages resume strictly after the last returned sort key, so walking all
// pages returns every item that exists throughout the walk exactly once,
// whatever is written in between (an item whose order_by field changes
// mid-walk may move across the cursor).
#ifndef BUSAN_COMMON_LISTING_LIST_ENGINE_H_
#define BUSAN_COMMON_LISTING_LIST_ENGINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/listing/collection.h"
#include "common/paging/page_token.h"
#include "common/query/filter.h"
#include "common/store/database.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace busan::listing {

// Where the count of the records under `prefix` of `family` is kept, in a
// collection's count_family: "{family}/{prefix}".
std::string CountKey(int family, absl::string_view prefix);

class ListEngine {
 public:
  ListEngine(const store::Database* database,
             const paging::PageTokenCodec* tokens)
      : database_(database), tokens_(tokens) {}

  // Appends one page to `items` (a RepeatedPtrField of collection.type).
  // INVALID_ARGUMENT for a bad filter, order_by, page_size or page_token.
  template <typename T>
  absl::Status List(const Collection& collection, const ListQuery& query,
                    google::protobuf::RepeatedPtrField<T>* items,
                    std::string* next_page_token, int32_t* total_size) const {
    return ListInto(
        collection, query, [items] { return items->Add(); },
        [items] { items->RemoveLast(); }, next_page_token, total_size);
  }

  // List() for callers that hold the items type-erased: `add` appends an
  // empty item to the output, `drop` removes the last.
  absl::Status ListInto(const Collection& collection, const ListQuery& query,
                        absl::FunctionRef<google::protobuf::Message*()> add,
                        absl::FunctionRef<void()> drop,
                        std::string* next_page_token,
                        int32_t* total_size) const;

 private:
  const store::Database* database_;
  const paging::PageTokenCodec* tokens_;
};

}  // namespace busan::listing

#endif  // BUSAN_COMMON_LISTING_LIST_ENGINE_H_
