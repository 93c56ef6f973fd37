// WatchHub fans committed change events out to live WatchCatalog streams.
//
// Each subscription has a bounded queue: a reader that falls more than
// `capacity` events behind is cut off (its subscription closes with
// RESOURCE_EXHAUSTED) instead of making the server buffer without bound.
// The catalog publishes under its write lock, so every subscription sees
// events in commit order.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_WATCH_HUB_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_WATCH_HUB_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "busan/catalog/v1/catalog.pb.h"

namespace busan::catalog {

using EventPtr = std::shared_ptr<const v1::ChangeEvent>;

class Subscription {
 public:
  // `wake` is called (without locks held) when events arrive or the
  // subscription closes; it must not block.
  Subscription(size_t capacity, std::function<void()> wake)
      : capacity_(capacity), wake_(std::move(wake)) {}

  // Moves the queued events into `out`. Returns the closing status once the
  // queue is drained and the subscription is closed, else OK.
  absl::Status Drain(std::deque<EventPtr>* out);

 private:
  friend class WatchHub;
  void Push(const std::vector<EventPtr>& events);
  void Close(absl::Status reason);

  const size_t capacity_;
  const std::function<void()> wake_;
  std::mutex mutex_;
  std::deque<EventPtr> queue_;
  absl::Status closed_;  // OK while open
  bool is_closed_ = false;
};

class WatchHub {
 public:
  // `capacity`: events a subscription may fall behind before it is cut off.
  // `max_subscriptions`: live subscriptions; more are refused.
  explicit WatchHub(size_t capacity = 4096, size_t max_subscriptions = 1000)
      : capacity_(capacity), max_subscriptions_(max_subscriptions) {}

  // Registers a subscription for every event published from now on. When
  // `max_subscriptions` are live, the subscription comes back closed with
  // RESOURCE_EXHAUSTED (and after shutdown, with UNAVAILABLE).
  // `*last_published` receives the newest sequence published before it, so
  // the caller can replay (after, last_published] from the change log
  // without gaps or duplicates.
  std::shared_ptr<Subscription> Subscribe(std::function<void()> wake,
                                          uint64_t* last_published);
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);

  // Delivers committed events (in sequence order) to every subscription.
  void Publish(const std::vector<EventPtr>& events);

  // Sets the sequence that counts as already published (at open).
  void SetLastPublished(uint64_t sequence);

  // Closes every subscription with UNAVAILABLE and refuses new ones; for
  // server shutdown.
  void Shutdown();

  size_t subscriber_count();

 private:
  const size_t capacity_;
  const size_t max_subscriptions_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Subscription>> subscriptions_;
  uint64_t last_published_ = 0;
  bool shut_down_ = false;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_WATCH_HUB_H_
