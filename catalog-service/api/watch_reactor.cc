#include "catalog-service/api/watch_reactor.h"

#include "absl/strings/str_cat.h"
#include "catalog-service/api/catalog_api.h"
#include "common/server/handler_util.h"
#include "common/status/grpc_status.h"

namespace busan::catalog {
namespace {
constexpr int kReplayChunk = 128;
}  // namespace

grpc::ServerWriteReactor<v1::ChangeEvent>* CatalogApi::WatchCatalog(
    Context* context, const v1::WatchCatalogRequest* request) {
  // Refused before subscribing: an unauthenticated caller never holds a
  // slot in the hub nor sees a single event.
  if (auto* denied = server::DenyStream<v1::ChangeEvent>(
          context, auth_, server::Access::kRead)) {
    return denied;
  }
  return new WatchReactor(catalog_, request->start_after_sequence());
}

WatchReactor::WatchReactor(Catalog* catalog, int64_t start_after_sequence)
    : catalog_(catalog), link_(std::make_shared<Link>()) {
  std::weak_ptr<Link> weak = link_;
  subscription_ = catalog_->watch_hub().Subscribe(
      [weak] {
        if (std::shared_ptr<Link> link = weak.lock()) {
          std::lock_guard<std::mutex> lock(link->mutex);
          if (link->reactor != nullptr) link->reactor->Pump();
        }
      },
      &replay_until_);
  absl::Status status;
  if (start_after_sequence < 0) {
    status = absl::InvalidArgumentError(
        "start_after_sequence: must not be negative");
  } else if (static_cast<uint64_t>(start_after_sequence) > replay_until_) {
    status = absl::OutOfRangeError(absl::StrCat(
        "start_after_sequence: ", start_after_sequence,
        " is ahead of the latest committed sequence ", replay_until_));
  }
  replayed_through_ = start_after_sequence == 0
                          ? replay_until_
                          : static_cast<uint64_t>(start_after_sequence);
  if (!status.ok()) {
    finished_ = true;
    Finish(ToGrpcStatus(status));
    return;
  }
  {
    // Only now may hub wake-ups reach this reactor.
    std::lock_guard<std::mutex> lock(link_->mutex);
    link_->reactor = this;
  }
  Pump();
}

absl::Status WatchReactor::RefillFromLog() {
  std::vector<v1::ChangeEvent> events;
  const int wanted = static_cast<int>(
      std::min<uint64_t>(kReplayChunk, replay_until_ - replayed_through_));
  absl::Status status =
      catalog_->ReadChanges(replayed_through_, wanted, &events);
  if (!status.ok()) return status;
  if (events.empty()) {
    return absl::OutOfRangeError(
        "start_after_sequence: the change log was trimmed during replay; "
        "list again and watch from the latest sequence");
  }
  for (v1::ChangeEvent& event : events) {
    replayed_through_ = static_cast<uint64_t>(event.sequence());
    pending_.push_back(std::make_shared<v1::ChangeEvent>(std::move(event)));
  }
  return absl::OkStatus();
}

void WatchReactor::Pump() {
  absl::Status finish;
  bool write = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (writing_ || finished_) return;
    if (pending_.empty() && replayed_through_ < replay_until_) {
      finish = RefillFromLog();
    }
    if (finish.ok() && pending_.empty()) {
      finish = subscription_->Drain(&pending_);
    }
    if (finish.ok() && pending_.empty()) return;  // wait for a wake-up
    if (!pending_.empty()) {
      current_ = *pending_.front();
      pending_.pop_front();
      writing_ = write = true;
    } else {
      finished_ = true;
    }
  }
  if (write) {
    StartWrite(&current_);
  } else {
    Finish(ToGrpcStatus(finish));
  }
}

void WatchReactor::OnWriteDone(bool ok) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok) {
      // The client went away; nothing more can be written.
      if (finished_) return;
      finished_ = true;
    }
  }
  if (!ok) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled"));
    return;
  }
  Pump();
}

void WatchReactor::OnCancel() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (writing_ || finished_) return;  // OnWriteDone(false) will finish
    finished_ = true;
  }
  Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled"));
}

void WatchReactor::OnDone() {
  {
    std::lock_guard<std::mutex> lock(link_->mutex);
    link_->reactor = nullptr;
  }
  catalog_->watch_hub().Unsubscribe(subscription_);
  delete this;
}

}  // namespace busan::catalog
