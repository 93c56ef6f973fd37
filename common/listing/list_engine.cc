#include "common/listing/list_engine.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/query/ordering.h"
#include "common/status/status_macros.h"
#include "common/store/counters.h"
#include "common/store/record_codec.h"

namespace busan::listing {
namespace {

using google::protobuf::Message;

// Walks the candidates of one collection in primary-key order, either
// straight through the collection's family or through an index prefix whose
// key suffix is the primary key.
class Candidates {
 public:
  Candidates(const store::Database* database, const Collection& collection,
             std::optional<std::string> index_prefix,
             std::string primary_prefix, const rocksdb::Snapshot* snapshot)
      : database_(database),
        collection_(collection),
        index_prefix_(std::move(index_prefix)),
        primary_prefix_(std::move(primary_prefix)),
        snapshot_(snapshot),
        it_(database->NewIterator(
            index_prefix_ ? collection.index_family : collection.family,
            snapshot)) {}

  // Positions at the first candidate whose primary key is > `after` (or the
  // first candidate when `after` is empty). Primary keys are whole keys of
  // the collection's family, parent prefix included.
  void SeekAfter(absl::string_view after) {
    if (after.empty()) {
      it_->Seek(Prefix());
      return;
    }
    it_->Seek(index_prefix_ ? absl::StrCat(*index_prefix_, after)
                            : std::string(after));
    if (Valid() && PrimaryKey() == after) it_->Next();
  }
  bool Valid() const {
    return it_->Valid() && it_->key().starts_with(Prefix());
  }
  void Next() { it_->Next(); }
  absl::string_view PrimaryKey() const {
    absl::string_view key(it_->key().data(), it_->key().size());
    if (index_prefix_) return key.substr(index_prefix_->size());
    return key;
  }
  // Decodes the current candidate into `record`.
  absl::Status Load(Message* record) const {
    record->Clear();
    if (index_prefix_) {
      return database_->GetRecord(collection_.family, PrimaryKey(), record,
                                  snapshot_);
    }
    return store::DecodeRecord(
        absl::string_view(it_->value().data(), it_->value().size()), record);
  }
  absl::Status status() const {
    return store::FromRocksStatus(it_->status(), "listing");
  }

 private:
  const std::string& Prefix() const {
    return index_prefix_ ? *index_prefix_ : primary_prefix_;
  }
  const store::Database* database_;
  const Collection& collection_;
  std::optional<std::string> index_prefix_;
  std::string primary_prefix_;
  const rocksdb::Snapshot* snapshot_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// Where the collection keeps the number of matches of `filter`, when it
// does (see Collection::count_family).
std::optional<std::string> CountKeyOf(const Collection& collection,
                                      const std::optional<IndexScan>& index,
                                      const query::Filter& filter) {
  if (collection.count_family < 0) return std::nullopt;
  if (index) {
    if (!index->exact) return std::nullopt;
    return CountKey(collection.index_family, index->prefix);
  }
  if (!filter.empty()) return std::nullopt;
  return CountKey(collection.family, collection.key_prefix);
}

// What one page has taken so far.
struct Page {
  int32_t total = 0;  // matches seen (all of them, when the scan completes)
  int taken = 0;
  bool more = false;  // a match beyond the page exists
  std::string last_key;
};

std::unique_ptr<Message> NewRecord(const Collection& collection) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(collection.type)
          ->New());
}

// Key order is name order: resumes after `after`, stops after one extra
// match, or (`count_all`) scans on to count every match.
absl::Status TakeInKeyOrder(const Collection& collection,
                            Candidates& candidates, const query::Filter& filter,
                            int page_size, absl::string_view after,
                            bool count_all, absl::FunctionRef<Message*()> add,
                            absl::FunctionRef<void()> drop, Page* page) {
  std::unique_ptr<Message> scratch = NewRecord(collection);
  candidates.SeekAfter(after);
  for (; candidates.Valid(); candidates.Next()) {
    const bool room = page->taken < page_size;
    Message* slot = room ? add() : scratch.get();
    RETURN_IF_ERROR(candidates.Load(slot));
    if (!filter.Matches(*slot)) {
      if (room) drop();
      continue;
    }
    ++page->total;
    if (room) {
      ++page->taken;
      page->last_key = std::string(candidates.PrimaryKey());
    } else {
      page->more = true;
      if (!count_all) break;
    }
  }
  return candidates.status();
}

// A custom order needs every match: keeps those whose sort key is after
// `after` (all on a first page), then takes the smallest page_size + 1.
absl::Status TakeInSortOrder(const Collection& collection,
                             Candidates& candidates,
                             const query::Filter& filter,
                             const query::Ordering& ordering, int page_size,
                             std::optional<absl::string_view> after,
                             absl::FunctionRef<Message*()> add, Page* page) {
  std::vector<std::pair<std::string, std::unique_ptr<Message>>> matches;
  for (candidates.SeekAfter(""); candidates.Valid(); candidates.Next()) {
    std::unique_ptr<Message> record = NewRecord(collection);
    RETURN_IF_ERROR(candidates.Load(record.get()));
    if (!filter.Matches(*record)) continue;
    ++page->total;
    std::string key = ordering.SortKey(*record);
    if (after && key <= *after) continue;
    matches.emplace_back(std::move(key), std::move(record));
  }
  RETURN_IF_ERROR(candidates.status());
  const size_t keep = std::min(matches.size(), size_t(page_size) + 1);
  std::partial_sort(
      matches.begin(), matches.begin() + keep, matches.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  page->more = matches.size() > size_t(page_size);
  for (size_t i = 0; i < keep && page->taken < page_size; ++i, ++page->taken) {
    Message* slot = add();
    slot->GetReflection()->Swap(slot, matches[i].second.get());
    page->last_key = std::move(matches[i].first);
  }
  return absl::OkStatus();
}

// The family prefix a scan without an index walks: the collection's,
// narrowed when the filter pins a leading part of the key.
std::string PrimaryPrefix(const Collection& collection,
                          const query::Filter& filter) {
  std::string prefix = collection.key_prefix;
  if (collection.narrow_for) {
    if (std::optional<std::string> narrower = collection.narrow_for(filter)) {
      prefix += *narrower;
    }
  }
  return prefix;
}

}  // namespace

std::string CountKey(int family, absl::string_view prefix) {
  return absl::StrCat(family, "/", prefix);
}

absl::Status ListEngine::ListInto(const Collection& collection,
                                  const ListQuery& query,
                                  absl::FunctionRef<Message*()> add,
                                  absl::FunctionRef<void()> drop,
                                  std::string* next_page_token,
                                  int32_t* total_size) const {
  ASSIGN_OR_RETURN(const int page_size,
                   paging::EffectivePageSize(query.page_size));
  ASSIGN_OR_RETURN(query::Filter filter,
                   query::Filter::Compile(query.filter, collection.type));
  ASSIGN_OR_RETURN(query::Ordering ordering,
                   query::Ordering::Parse(query.order_by, collection.type));
  const uint64_t fingerprint =
      paging::QueryFingerprint({collection.type->full_name(), query.parent,
                                query.filter, ordering.Canonical()});
  internal::v1::PageCursor cursor;
  const bool first_page = query.page_token.empty();
  if (!first_page) {
    ASSIGN_OR_RETURN(cursor, tokens_->Decode(query.page_token, fingerprint));
  }

  const std::shared_ptr<const rocksdb::Snapshot> snapshot =
      database_->ReadSnapshot();
  const std::optional<IndexScan> index =
      collection.index_for ? collection.index_for(filter) : std::nullopt;
  // A custom order reads every candidate anyway, and counts as it goes.
  const std::optional<std::string> count_key =
      first_page && ordering.IsByNameOnly()
          ? CountKeyOf(collection, index, filter)
          : std::nullopt;
  Candidates candidates(
      database_, collection,
      index ? std::optional<std::string>(index->prefix) : std::nullopt,
      index ? collection.key_prefix : PrimaryPrefix(collection, filter),
      snapshot.get());
  Page page;
  if (ordering.IsByNameOnly()) {
    // A first page without a kept count scans on to count.
    RETURN_IF_ERROR(TakeInKeyOrder(collection, candidates, filter, page_size,
                                   cursor.last_sort_key(),
                                   first_page && !count_key, add, drop, &page));
  } else {
    RETURN_IF_ERROR(TakeInSortOrder(
        collection, candidates, filter, ordering, page_size,
        first_page ? std::nullopt
                   : std::optional<absl::string_view>(cursor.last_sort_key()),
        add, &page));
  }
  int32_t total = page.total;

  if (count_key) {
    ASSIGN_OR_RETURN(const int64_t kept,
                     store::ReadCounter(*database_, collection.count_family,
                                        *count_key, snapshot.get()));
    total = static_cast<int32_t>(
        std::min<int64_t>(kept, std::numeric_limits<int32_t>::max()));
  }
  *total_size = first_page ? total : cursor.total_size();
  if (page.more) {
    cursor.set_query_fingerprint(fingerprint);
    cursor.set_last_sort_key(page.last_key);
    cursor.set_total_size(*total_size);
    *next_page_token = tokens_->Encode(cursor);
  }
  return absl::OkStatus();
}

}  // namespace busan::listing
