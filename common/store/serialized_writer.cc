#include "common/store/serialized_writer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/store/database.h"
#include "common/store/request_log.h"
#include "common/store/rocks_kv_txn.h"
#include "common/validation/validators.h"
#include "rocksdb/write_batch.h"

namespace busan::store {

SerializedWriter::SerializedWriter(Database* database, int requests_family,
                                   WriterOptions options)
    : database_(database),
      requests_(std::make_unique<RequestLog>(requests_family,
                                             options.request_retention)),
      options_(options) {
  commit_thread_ = std::thread([this] { CommitLoop(); });
}

SerializedWriter::~SerializedWriter() { Stop(); }

absl::Status SerializedWriter::WriteMessage(
    const WriteContext& context, MessageBody body,
    google::protobuf::Message* response, absl::FunctionRef<void()> after_write,
    absl::AnyInvocable<void()> after_durable) {
  absl::Status status;
  if (database_->OnCommitThread()) {
    // The commit thread holds mutex_ for its whole group.
    status = WriteLocked(context, body, response, after_write);
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    status = WriteLocked(context, body, response, after_write);
  }
  if (status.ok() && after_durable) WhenDurable(std::move(after_durable));
  return status;
}

absl::Status SerializedWriter::WriteLocked(
    const WriteContext& context, MessageBody body,
    google::protobuf::Message* response,
    absl::FunctionRef<void()> after_write) {
  RETURN_IF_ERROR(validation::CheckRequestId("request_id", context.request_id));
  rocksdb::WriteBatch batch;
  RocksKvTxn kv(database_, &batch);
  if (!context.request_id.empty()) {
    ASSIGN_OR_RETURN(bool replayed,
                     requests_->Replay(&kv, context.request_id, context.method,
                                       context.digest, response));
    if (replayed) return absl::OkStatus();
  }
  RETURN_IF_ERROR(body(&kv, response));
  if (!context.request_id.empty()) {
    requests_->Record(context.request_id, context.method, context.digest,
                      *response, &kv);
  }
  RETURN_IF_ERROR(database_->Write(&batch));
  after_write();
  return absl::OkStatus();
}

void SerializedWriter::SubmitWrite(WriteContext context, Body body,
                                   google::protobuf::Message* response,
                                   absl::AnyInvocable<void()> after_write,
                                   absl::AnyInvocable<void()> after_durable,
                                   Done done) {
  Submit(
      [this, context = std::move(context), body = std::move(body), response,
       after_write = std::move(after_write),
       after_durable = std::move(after_durable)]() mutable -> absl::Status {
        if (context.still_wanted) RETURN_IF_ERROR(context.still_wanted());
        RETURN_IF_ERROR(WriteLocked(
            context,
            [&](KvTxn* kv, google::protobuf::Message* out) {
              return body(context, kv, out);
            },
            response,
            [&] {
              if (after_write) after_write();
            }));
        if (after_durable) WhenDurable(std::move(after_durable));
        return absl::OkStatus();
      },
      std::move(done));
}

void SerializedWriter::Submit(Apply apply, Done done) {
  bool stopping;
  {
    absl::MutexLock lock(&queue_mutex_);
    stopping = stopping_;
    if (!stopping && queue_.size() < options_.max_queued_writes) {
      queue_.push_back({std::move(apply), std::move(done)});
      return;
    }
  }
  if (stopping) {
    done(absl::UnavailableError("the server is shutting down; retry"));
    return;
  }
  refused_.fetch_add(1);
  done(absl::ResourceExhaustedError(
      absl::StrCat("too many writes in flight (", options_.max_queued_writes,
                   " queued); retry with backoff")));
}

size_t SerializedWriter::queued_writes() const {
  absl::MutexLock lock(&queue_mutex_);
  return queue_.size();
}

void SerializedWriter::Stop() {
  {
    absl::MutexLock lock(&queue_mutex_);
    stopping_ = true;
  }
  if (commit_thread_.joinable()) commit_thread_.join();
}

void SerializedWriter::WhenDurable(absl::AnyInvocable<void()> hook) {
  if (database_->OnCommitThread()) {
    deferred_.push_back(std::move(hook));
  } else {
    hook();
  }
}

void SerializedWriter::CommitLoop() {
  database_->BindCommitThread();
  std::vector<Job> group;
  while (NextGroup(&group)) CommitGroup(&group);
}

bool SerializedWriter::NextGroup(std::vector<Job>* group) {
  group->clear();
  absl::MutexLock lock(&queue_mutex_);
  queue_mutex_.Await(absl::Condition(this, &SerializedWriter::HasWork));
  while (!queue_.empty() && group->size() < options_.max_writes_per_sync) {
    group->push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return !group->empty();
}

void SerializedWriter::CommitGroup(std::vector<Job>* group) {
  std::vector<absl::Status> results;
  results.reserve(group->size());
  absl::Status synced;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Job& job : *group) results.push_back(job.apply());
    const bool wrote = database_->has_pending_sync();
    synced = database_->SyncPending();
    if (wrote) group_syncs_.fetch_add(1);
    if (synced.ok()) {
      for (absl::AnyInvocable<void()>& hook : deferred_) hook();
    }
    deferred_.clear();
  }
  for (size_t i = 0; i < group->size(); ++i) {
    absl::Status result = std::move(results[i]);
    // A write the sync did not make durable must not be acknowledged; nor
    // a replay, which may have answered from this very group.
    if (result.ok() && !synced.ok()) {
      result = absl::UnavailableError(
          absl::StrCat("the write was not made durable (", synced.message(),
                       "); it may or may not have been applied: retry with "
                       "the same request_id"));
    }
    if (result.ok()) acknowledged_.fetch_add(1);
    (*group)[i].done(std::move(result));
  }
}

}  // namespace busan::store
