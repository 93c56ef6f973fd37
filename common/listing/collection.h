// What a List call asks for (ListQuery) and what it lists (Collection):
// plain data, free of storage headers. A service's store describes each of
// its collections (families, key prefixes, counts); the domain adds only
// how a filter narrows the scan (IndexFor, NarrowFor), and the list engine
// (list_engine.h) walks them.
#ifndef BUSAN_COMMON_LISTING_COLLECTION_H_
#define BUSAN_COMMON_LISTING_COLLECTION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "common/query/filter.h"
#include "google/protobuf/descriptor.h"

namespace busan::listing {

struct ListQuery {
  std::string parent;
  std::string filter;
  std::string order_by;
  int32_t page_size = 0;
  std::string page_token;
};

// The part of an index family a filter's candidates are under.
struct IndexScan {
  std::string prefix;
  // True when the filter matches exactly the records under `prefix` (it is
  // the one equality the index is on), so their count is the result's size.
  bool exact = false;
};

// Maps a filter to the index prefix that holds every candidate it can
// match, or nullopt to scan the family.
using IndexFor = std::optional<IndexScan> (*)(const query::Filter& filter);
// Maps a filter to text appended to a collection's key prefix that narrows
// the scan of the family itself (e.g. one city's rankings), or nullopt.
using NarrowFor = std::optional<std::string> (*)(const query::Filter& filter);

// What is listed: a family (optionally one parent's key prefix) and how a
// filter maps to a prefix of the index family whose key suffixes are
// primary keys of `family`.
struct Collection {
  int family = -1;
  std::string key_prefix = "";  // "" for the whole family
  const google::protobuf::Descriptor* type = nullptr;
  int index_family = -1;
  // Null: no index, filters scan the family.
  IndexFor index_for = nullptr;
  // Used without an index; null: the whole key_prefix is scanned.
  NarrowFor narrow_for = nullptr;
  // The counter family (common/store/counters.h) in which the store keeps,
  // under CountKey(family, prefix), how many records each counted prefix
  // holds: the whole collection ("") and each index prefix. With it,
  // total_size of an unfiltered list or of an exact index filter is one
  // read; -1 (or any other filter): the first page counts by scanning.
  int count_family = -1;
};

}  // namespace busan::listing

#endif  // BUSAN_COMMON_LISTING_COLLECTION_H_
