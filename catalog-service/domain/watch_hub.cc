#include "catalog-service/domain/watch_hub.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace busan::catalog {

absl::Status Subscription::Drain(std::deque<EventPtr>* out) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (!queue_.empty()) {
    out->push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return closed_;
}

void Subscription::Push(const std::vector<EventPtr>& events) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (is_closed_) return;
    if (queue_.size() + events.size() > capacity_) {
      // Cut off a slow reader; it resumes with start_after_sequence.
      is_closed_ = true;
      closed_ = absl::ResourceExhaustedError(
          absl::StrCat("watch reader fell more than ", capacity_,
                       " events behind; resume with start_after_sequence"));
    } else {
      queue_.insert(queue_.end(), events.begin(), events.end());
    }
  }
  wake_();
}

void Subscription::Close(absl::Status reason) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (is_closed_) return;
    is_closed_ = true;
    closed_ = std::move(reason);
  }
  wake_();
}

std::shared_ptr<Subscription> WatchHub::Subscribe(std::function<void()> wake,
                                                  uint64_t* last_published) {
  auto subscription =
      std::make_shared<Subscription>(capacity_, std::move(wake));
  std::lock_guard<std::mutex> lock(mutex_);
  *last_published = last_published_;
  if (shut_down_) {
    subscription->is_closed_ = true;
    subscription->closed_ = absl::UnavailableError("server is shutting down");
    return subscription;
  }
  if (subscriptions_.size() >= max_subscriptions_) {
    subscription->is_closed_ = true;
    subscription->closed_ = absl::ResourceExhaustedError(
        absl::StrCat("too many WatchCatalog streams (", max_subscriptions_,
                     " open); retry with backoff"));
    return subscription;
  }
  subscriptions_.push_back(subscription);
  return subscription;
}

void WatchHub::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscriptions_.erase(
      std::remove(subscriptions_.begin(), subscriptions_.end(), subscription),
      subscriptions_.end());
}

void WatchHub::Publish(const std::vector<EventPtr>& events) {
  if (events.empty()) return;
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    last_published_ = static_cast<uint64_t>(events.back()->sequence());
    targets = subscriptions_;
  }
  // Publish runs under the catalog's write lock, so pushes from successive
  // commits cannot interleave even though the hub lock is released here.
  for (const auto& subscription : targets) subscription->Push(events);
}

void WatchHub::SetLastPublished(uint64_t sequence) {
  std::lock_guard<std::mutex> lock(mutex_);
  last_published_ = sequence;
}

void WatchHub::Shutdown() {
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shut_down_ = true;
    targets.swap(subscriptions_);
  }
  for (const auto& subscription : targets) {
    subscription->Close(absl::UnavailableError("server is shutting down"));
  }
}

size_t WatchHub::subscriber_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return subscriptions_.size();
}

}  // namespace busan::catalog
