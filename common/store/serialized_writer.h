// SerializedWriter runs a service's writes one at a time, each as one
// atomic, idempotent, durable RocksDB batch:
//   1. a malformed request_id is refused;
//   2. a request_id seen before (within the retention) replays its stored
//      response, or is refused if the payload differs;
//   3. the body reads what it needs through a KvTxn (kv_txn.h) and makes
//      its changes there, gathered in one RocksDB batch, and fills the
//      response;
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
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/store/kv_txn.h"
#include "common/store/store_options.h"
#include "google/protobuf/message.h"

namespace busan::store {

class Database;
class RequestLog;

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
      absl::FunctionRef<absl::Status(KvTxn*, Response*)> body,
      absl::FunctionRef<void()> after_write = [] {},
      absl::AnyInvocable<void()> after_durable = nullptr) {
    Response response;
    absl::Status status = WriteMessage(
        context,
        [&](KvTxn* kv, google::protobuf::Message* out) {
          return body(kv, static_cast<Response*>(out));
        },
        &response, after_write, std::move(after_durable));
    if (!status.ok()) return status;
    return response;
  }

  // Write() for any response message; `response` is filled by the body or
  // by a replay.
  using MessageBody =
      absl::FunctionRef<absl::Status(KvTxn*, google::protobuf::Message*)>;
  absl::Status WriteMessage(const WriteContext& context, MessageBody body,
                            google::protobuf::Message* response,
                            absl::FunctionRef<void()> after_write,
                            absl::AnyInvocable<void()> after_durable);

  // How a submitted job is completed: with its own status when that is an
  // error, else with OK once its group is synced, or UNAVAILABLE when the
  // sync failed. `done` runs on the commit thread, or inline when the job
  // is refused (queue full: RESOURCE_EXHAUSTED; stopped: UNAVAILABLE).
  using Done = absl::AnyInvocable<void(absl::Status)>;

  // The asynchronous Write(), how servers write: queued for the commit
  // thread, which first asks context.still_wanted (a caller gone by then
  // gets its status, nothing done), then runs it as Write() does, filling
  // `response` (owned by the caller until `done`).
  using Body = absl::AnyInvocable<absl::Status(const WriteContext&, KvTxn*,
                                               google::protobuf::Message*)>;
  void SubmitWrite(WriteContext context, Body body,
                   google::protobuf::Message* response,
                   absl::AnyInvocable<void()> after_write,
                   absl::AnyInvocable<void()> after_durable, Done done);

  // Any job for the commit thread, completed as above (tests and tools).
  using Apply = absl::AnyInvocable<absl::Status()>;
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

  absl::Status WriteLocked(const WriteContext& context, MessageBody body,
                           google::protobuf::Message* response,
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
  std::unique_ptr<RequestLog> requests_;
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

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_SERIALIZED_WRITER_H_
