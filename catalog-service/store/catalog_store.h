// CatalogStore owns catalog-service's RocksDB completely: the key layout
// (catalog_schema.h), the secondary indexes, the change log and its
// trimming, and the one way to write, Submit(transaction).
//
// A write's body changes records through a WriteTxn (store::ResourceTxn:
// the contract every write follows); Submit turns that into one atomic,
// idempotent, durable batch and, once durable,
// publishes the transaction's change events in commit order. Reads see the
// last synced state.
#ifndef BUSAN_CATALOG_SERVICE_STORE_CATALOG_STORE_H_
#define BUSAN_CATALOG_SERVICE_STORE_CATALOG_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/store/catalog_schema.h"
#include "catalog-service/store/revision_log.h"
#include "catalog-service/store/write_txn.h"
#include "common/resource/write_call.h"
#include "common/store/record_store.h"
#include "common/store/store_options.h"

namespace busan::catalog {

using EventPtr = std::shared_ptr<const v1::ChangeEvent>;

class CatalogStore : public store::RecordStore {
 public:
  // Called on the commit thread with each write's events once it is
  // durable, in commit order.
  using Publish = std::function<void(const std::vector<EventPtr>&)>;

  // Keeps the last `change_retention` change events and the newest
  // `revisions_per_resource` revisions of each resource (0: all).
  // FAILED_PRECONDITION when the directory is locked or unusable.
  static absl::StatusOr<std::unique_ptr<CatalogStore>> Open(
      const store::StoreOptions& options, uint64_t change_retention,
      uint64_t revisions_per_resource, Publish publish);
  // Completes queued writes first.
  ~CatalogStore() override;

  // Queues `body` for the commit thread, which runs it on a fresh
  // transaction and commits what it gathered as one atomic, idempotent
  // write (see resource::WriteContext), then completes `call` once it is
  // durable. Nothing is written when `body` fails; `call` gets its status.
  template <typename Response>
  using Body = absl::AnyInvocable<absl::Status(WriteTxn&, Response*)>;
  template <typename Response>
  void Submit(resource::WriteCall<Response> call, Body<Response> body);

  // Ids of the strategies of a plan, the projects of a strategy or of an
  // initiative, and the initiatives of a strategy, in id order.
  absl::StatusOr<std::vector<std::string>> StrategyIdsOfPlan(
      absl::string_view plan_id) const;
  absl::StatusOr<std::vector<std::string>> ProjectIdsOfStrategy(
      absl::string_view strategy_id) const;
  absl::StatusOr<std::vector<std::string>> ProjectIdsOfInitiative(
      absl::string_view strategy_id, absl::string_view initiative_id) const;
  absl::StatusOr<std::vector<std::string>> InitiativeIdsOfStrategy(
      absl::string_view strategy_id) const;

  // Revisions of the resource `name` (see RevisionLog).
  const RevisionLog& revisions() const { return *revisions_; }

  // Change log. Events with sequence > `after`, at most `limit`, in order.
  // OUT_OF_RANGE when events after `after` are no longer retained.
  absl::Status ReadChanges(uint64_t after, int limit,
                           std::vector<v1::ChangeEvent>* events) const;
  // The sequence of the last committed change (0 for none).
  uint64_t last_sequence() const { return last_sequence_; }

 private:
  // Counts the records of a store written before counts were kept (once:
  // the counts are marked built in the same atomic write).
  absl::Status BuildCountsIfMissing();
  CatalogStore(uint64_t change_retention, Publish publish)
      : change_retention_(change_retention), publish_(std::move(publish)) {}

  // Keys of `family` under `prefix`, the prefix removed.
  absl::StatusOr<std::vector<std::string>> KeysUnder(
      int family, const std::string& prefix) const;
  void TrimChangeLog();

  const uint64_t change_retention_;
  const Publish publish_;
  std::unique_ptr<RevisionLog> revisions_;
  // Both are only touched inside serialized writes (and Open).
  uint64_t last_sequence_ = 0;
  uint64_t first_retained_ = 1;
};

template <typename Response>
void CatalogStore::Submit(resource::WriteCall<Response> call,
                          Body<Response> body) {
  // What the write leaves for the hooks that follow it on the commit
  // thread: once applied (the sequence) and once durable (the events).
  struct Outcome {
    uint64_t last_sequence = 0;
    std::vector<EventPtr> events;
  };
  auto outcome = std::make_shared<Outcome>();
  writer().SubmitWrite(
      std::move(call.context),
      [this, outcome, body = std::move(body)](
          const store::WriteContext& context, store::KvTxn* kv,
          google::protobuf::Message* response) mutable -> absl::Status {
        WriteTxn txn(this, kv, revisions_.get(), context, absl::Now(),
                     last_sequence_);
        if (absl::Status status = body(txn, static_cast<Response*>(response));
            !status.ok()) {
          return status;
        }
        if (absl::Status status = txn.Build(&outcome->events); !status.ok()) {
          return status;
        }
        outcome->last_sequence = txn.last_sequence();
        return absl::OkStatus();
      },
      call.response,
      [this, outcome] {
        last_sequence_ = outcome->last_sequence;
        TrimChangeLog();
      },
      [this, outcome] { publish_(outcome->events); }, std::move(call.done));
}

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_STORE_CATALOG_STORE_H_
