// SerializedWriter runs a service's writes one at a time, each as one
// atomic, idempotent, durable RocksDB batch:
//   1. a malformed request_id is refused;
//   2. a request_id seen before (within the retention) replays its stored
//      response, or is refused if the payload differs;
//   3. the body reads what it needs and fills the batch and the response;
//   4. the request record joins the batch, which is applied; the response
//      is acknowledged only once the batch is synced.
// One writer at a time makes read-check-write sequences (etags, referential
// rules, overflow checks on counters) exact without transactions.
//
// Servers hand writes over with Submit: they run on the writer's commit
// thread, which applies up to `max_writes_per_sync` queued writes in order,
// then syncs the WAL once for all of them (group commit) and only then
// completes them. gRPC's threads never wait on an fsync, and the throughput
// of durable writes grows with the number of concurrent writers. Write()
// (used directly by tests and tools) syncs each write itself.
#ifndef BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_
#define BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_

#include <atomic>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/request_log.h"
#include "common/validation/validators.h"
#include "rocksdb/write_batch.h"

namespace busan::store {

// Identifies a write for idempotency (AIP-155). Empty request_id: none.
struct WriteContext {
  std::string request_id;
  std::string method;  // one name per RPC method, e.g. the request type
  std::string digest;  // RequestDigest of the request
};

struct WriterOptions {
  // Writes applied before one WAL sync; 1 syncs every write on its own.
  size_t max_writes_per_sync = 128;
  // Submitted writes waiting for the commit thread; beyond this Submit
  // refuses at once with RESOURCE_EXHAUSTED instead of queuing unbounded.
  size_t max_queued_writes = 4096;
  // How long a request_id's outcome is kept for replay.
  absl::Duration request_retention = absl::Hours(24);
};

class SerializedWriter {
 public:
  SerializedWriter(Database* database, int requests_family,
                   WriterOptions options = {});
  // Stop()s.
  ~SerializedWriter();
  SerializedWriter(const SerializedWriter&) = delete;
  SerializedWriter& operator=(const SerializedWriter&) = delete;

  // Runs `body` as described above and returns once the write is durable
  // (or, on the commit thread, once applied: the group's sync follows).
  // `after_write` runs right after the batch is applied, before any later
  // write (e.g. to advance in-memory sequences); `after_durable` runs once
  // it is synced, in commit order (e.g. to publish change events). Neither
  // runs when the body or the write fails.
  template <typename Response>
  absl::StatusOr<Response> Write(
      const WriteContext& context,
      absl::FunctionRef<absl::Status(rocksdb::WriteBatch*, Response*)> body,
      absl::FunctionRef<void()> after_write = [] {},
      absl::AnyInvocable<void()> after_durable = nullptr);

  // What a submitted write does on the commit thread (typically a domain
  // call that ends in Write), and how it is completed: with the write's own
  // status when that is an error, else with OK once its group is synced, or
  // UNAVAILABLE when the sync failed. `done` runs on the commit thread, or
  // inline when the write is refused (queue full: RESOURCE_EXHAUSTED;
  // stopped: UNAVAILABLE).
  using Apply = absl::AnyInvocable<absl::Status()>;
  using Done = absl::AnyInvocable<void(absl::Status)>;
  void Submit(Apply apply, Done done);

  // Completes every queued write, then ends the commit thread; later
  // submissions are refused. Idempotent.
  void Stop();

  const WriterOptions& options() const { return options_; }
  // WAL syncs the commit thread made (one per group that wrote); submitted
  // writes it acknowledged (their ratio is the mean group size); writes
  // refused because the queue was full; writes queued now.
  uint64_t group_syncs() const { return group_syncs_.load(); }
  uint64_t writes_acknowledged() const { return acknowledged_.load(); }
  uint64_t writes_refused() const { return refused_.load(); }
  size_t queued_writes() const;

 private:
  struct Job {
    Apply apply;
    Done done;
  };

  template <typename Response>
  absl::StatusOr<Response> WriteLocked(
      const WriteContext& context,
      absl::FunctionRef<absl::Status(rocksdb::WriteBatch*, Response*)> body,
      absl::FunctionRef<void()> after_write);
  // After a write succeeded: its after_durable hook now (synced already) or
  // after the group's sync (on the commit thread).
  void WhenDurable(absl::AnyInvocable<void()> hook);
  // The commit thread's loop.
  void CommitLoop();
  // Waits for queued jobs and moves up to max_writes_per_sync into `group`;
  // false once stopped and drained.
  bool NextGroup(std::vector<Job>* group);
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mutex_) {
    return stopping_ || !queue_.empty();
  }
  // Applies `group` in order, syncs once and completes every job.
  void CommitGroup(std::vector<Job>* group);

  Database* database_;
  RequestLog requests_;
  const WriterOptions options_;
  // Held by whoever writes: a direct Write, or the commit thread for a
  // whole group.
  std::mutex mutex_;
  // The after_durable hooks of the group being applied (commit thread).
  std::vector<absl::AnyInvocable<void()>> deferred_;

  mutable absl::Mutex queue_mutex_;
  std::deque<Job> queue_ ABSL_GUARDED_BY(queue_mutex_);
  bool stopping_ ABSL_GUARDED_BY(queue_mutex_) = false;
  std::atomic<uint64_t> group_syncs_{0};
  std::atomic<uint64_t> acknowledged_{0};
  std::atomic<uint64_t> refused_{0};
  std::thread commit_thread_;
};

template <typename Response>
absl::StatusOr<Response> SerializedWriter::Write(
    const WriteContext& context,
    absl::FunctionRef<absl::Status(rocksdb::WriteBatch*, Response*)> body,
    absl::FunctionRef<void()> after_write,
    absl::AnyInvocable<void()> after_durable) {
  RETURN_IF_ERROR(validation::CheckRequestId("request_id", context.request_id));
  absl::StatusOr<Response> response;
  if (database_->OnCommitThread()) {
    // The commit thread holds mutex_ for its whole group.
    response = WriteLocked(context, body, after_write);
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    response = WriteLocked(context, body, after_write);
  }
  if (response.ok() && after_durable) WhenDurable(std::move(after_durable));
  return response;
}

template <typename Response>
absl::StatusOr<Response> SerializedWriter::WriteLocked(
    const WriteContext& context,
    absl::FunctionRef<absl::Status(rocksdb::WriteBatch*, Response*)> body,
    absl::FunctionRef<void()> after_write) {
  Response response;
  if (!context.request_id.empty()) {
    ASSIGN_OR_RETURN(bool replayed,
                     requests_.Replay(context.request_id, context.method,
                                      context.digest, &response));
    if (replayed) return response;
  }
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(body(&batch, &response));
  if (!context.request_id.empty()) {
    requests_.Record(context.request_id, context.method, context.digest,
                     response, &batch);
  }
  RETURN_IF_ERROR(database_->Write(&batch));
  after_write();
  return response;
}

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_
