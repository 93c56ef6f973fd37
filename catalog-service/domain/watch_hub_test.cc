// Unit tests of WatchHub: ordered delivery, the replay boundary reported at
// subscribe time, cutting off slow readers, shutdown and wake-ups.
#include "catalog-service/domain/watch_hub.h"

#include <atomic>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

EventPtr Event(int64_t sequence) {
  auto event = std::make_shared<v1::ChangeEvent>();
  event->set_sequence(sequence);
  event->set_kind(v1::ChangeEvent::CREATED);
  event->set_name("projects/p" + std::to_string(sequence));
  return event;
}

std::vector<EventPtr> Events(int64_t first, int64_t last) {
  std::vector<EventPtr> events;
  for (int64_t s = first; s <= last; ++s) events.push_back(Event(s));
  return events;
}

std::vector<int64_t> Sequences(const std::deque<EventPtr>& events) {
  std::vector<int64_t> out;
  for (const EventPtr& event : events) out.push_back(event->sequence());
  return out;
}

TEST(WatchHubTest, DeliversInPublishOrder) {
  WatchHub hub;
  uint64_t last = 99;
  auto subscription = hub.Subscribe([] {}, &last);
  EXPECT_EQ(last, 0u);
  EXPECT_EQ(hub.subscriber_count(), 1u);
  hub.Publish(Events(1, 2));
  hub.Publish(Events(3, 3));
  hub.Publish({});
  hub.Publish(Events(4, 6));
  std::deque<EventPtr> out;
  EXPECT_THAT(subscription->Drain(&out), IsOk());
  EXPECT_THAT(Sequences(out), ElementsAre(1, 2, 3, 4, 5, 6));
  EXPECT_EQ(out[2]->name(), "projects/p3");

  // Drain moves: a second drain finds nothing new.
  out.clear();
  EXPECT_THAT(subscription->Drain(&out), IsOk());
  EXPECT_TRUE(out.empty());
}

TEST(WatchHubTest, DrainAppendsToWhatTheCallerHolds) {
  WatchHub hub;
  uint64_t last = 0;
  auto subscription = hub.Subscribe([] {}, &last);
  hub.Publish(Events(1, 1));
  std::deque<EventPtr> out = {Event(0)};
  ASSERT_OK(subscription->Drain(&out));
  EXPECT_THAT(Sequences(out), ElementsAre(0, 1));
}

TEST(WatchHubTest, EverySubscriberGetsEveryEvent) {
  WatchHub hub;
  uint64_t last = 0;
  auto a = hub.Subscribe([] {}, &last);
  auto b = hub.Subscribe([] {}, &last);
  EXPECT_EQ(hub.subscriber_count(), 2u);
  hub.Publish(Events(1, 3));
  std::deque<EventPtr> from_a, from_b;
  ASSERT_OK(a->Drain(&from_a));
  ASSERT_OK(b->Drain(&from_b));
  EXPECT_THAT(Sequences(from_a), ElementsAre(1, 2, 3));
  EXPECT_THAT(Sequences(from_b), ElementsAre(1, 2, 3));
  // Both see the same immutable event objects.
  EXPECT_EQ(from_a[0].get(), from_b[0].get());
}

TEST(WatchHubTest, SubscribeReportsLastPublishedSequence) {
  WatchHub hub;
  hub.SetLastPublished(41);
  uint64_t last = 0;
  auto early = hub.Subscribe([] {}, &last);
  EXPECT_EQ(last, 41u);
  hub.Publish(Events(42, 44));
  auto late = hub.Subscribe([] {}, &last);
  EXPECT_EQ(last, 44u);

  // The late subscriber only sees what was published after it subscribed,
  // so replaying (after, last] from the log leaves no gap or duplicate.
  hub.Publish(Events(45, 45));
  std::deque<EventPtr> from_early, from_late;
  ASSERT_OK(early->Drain(&from_early));
  ASSERT_OK(late->Drain(&from_late));
  EXPECT_THAT(Sequences(from_early), ElementsAre(42, 43, 44, 45));
  EXPECT_THAT(Sequences(from_late), ElementsAre(45));
}

TEST(WatchHubTest, OverflowClosesWithResourceExhaustedKeepingQueuedEvents) {
  WatchHub hub(/*capacity=*/3);
  uint64_t last = 0;
  auto slow = hub.Subscribe([] {}, &last);
  auto fast = hub.Subscribe([] {}, &last);
  hub.Publish(Events(1, 2));
  std::deque<EventPtr> from_fast;
  ASSERT_OK(fast->Drain(&from_fast));
  hub.Publish(Events(3, 4));  // slow would hold 4 > 3: cut off
  hub.Publish(Events(5, 5));  // after closing: ignored for slow

  std::deque<EventPtr> from_slow;
  EXPECT_THAT(slow->Drain(&from_slow),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("start_after_sequence")));
  // What was queued before the cut-off is still handed over, in order, and
  // nothing past the cut-off, so the reader resumes from sequence 2.
  EXPECT_THAT(Sequences(from_slow), ElementsAre(1, 2));
  // Closed stays closed.
  from_slow.clear();
  EXPECT_THAT(slow->Drain(&from_slow),
              StatusIs(absl::StatusCode::kResourceExhausted, _));
  EXPECT_TRUE(from_slow.empty());

  // The fast reader was not affected.
  ASSERT_OK(fast->Drain(&from_fast));
  EXPECT_THAT(Sequences(from_fast), ElementsAre(1, 2, 3, 4, 5));
}

TEST(WatchHubTest, ExactlyCapacityIsNotOverflow) {
  WatchHub hub(/*capacity=*/3);
  uint64_t last = 0;
  auto subscription = hub.Subscribe([] {}, &last);
  hub.Publish(Events(1, 3));
  std::deque<EventPtr> out;
  EXPECT_THAT(subscription->Drain(&out), IsOk());
  EXPECT_THAT(Sequences(out), ElementsAre(1, 2, 3));
}

TEST(WatchHubTest, OneBatchLargerThanCapacityClosesAtOnce) {
  WatchHub hub(/*capacity=*/2);
  uint64_t last = 0;
  auto subscription = hub.Subscribe([] {}, &last);
  hub.Publish(Events(1, 3));
  std::deque<EventPtr> out;
  EXPECT_THAT(subscription->Drain(&out),
              StatusIs(absl::StatusCode::kResourceExhausted, _));
  EXPECT_TRUE(out.empty());
}

TEST(WatchHubTest, ShutdownClosesWithUnavailableAndRefusesNewSubscribers) {
  WatchHub hub;
  uint64_t last = 0;
  int wakes = 0;
  auto subscription = hub.Subscribe([&wakes] { ++wakes; }, &last);
  hub.Publish(Events(1, 2));
  hub.Shutdown();
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_EQ(wakes, 2);  // one for the events, one for the close

  std::deque<EventPtr> out;
  EXPECT_THAT(subscription->Drain(&out),
              StatusIs(absl::StatusCode::kUnavailable, _));
  EXPECT_THAT(Sequences(out), ElementsAre(1, 2));

  uint64_t later_last = 0;
  auto later = hub.Subscribe([] {}, &later_last);
  ASSERT_NE(later, nullptr);
  EXPECT_EQ(later_last, 2u);
  EXPECT_EQ(hub.subscriber_count(), 0u);
  out.clear();
  EXPECT_THAT(later->Drain(&out), StatusIs(absl::StatusCode::kUnavailable, _));
  EXPECT_TRUE(out.empty());

  // Publishing after shutdown reaches nobody.
  hub.Publish(Events(3, 3));
  EXPECT_THAT(later->Drain(&out), StatusIs(absl::StatusCode::kUnavailable, _));
  EXPECT_TRUE(out.empty());
}

TEST(WatchHubTest, UnsubscribeStopsDelivery) {
  WatchHub hub;
  uint64_t last = 0;
  int wakes = 0;
  auto gone = hub.Subscribe([&wakes] { ++wakes; }, &last);
  auto stays = hub.Subscribe([] {}, &last);
  hub.Publish(Events(1, 1));
  hub.Unsubscribe(gone);
  EXPECT_EQ(hub.subscriber_count(), 1u);
  hub.Publish(Events(2, 2));
  EXPECT_EQ(wakes, 1);

  std::deque<EventPtr> out;
  EXPECT_THAT(gone->Drain(&out), IsOk());
  EXPECT_THAT(Sequences(out), ElementsAre(1));
  out.clear();
  ASSERT_OK(stays->Drain(&out));
  EXPECT_THAT(Sequences(out), ElementsAre(1, 2));

  // Unsubscribing twice, or after shutdown, is harmless.
  hub.Unsubscribe(gone);
  hub.Shutdown();
  hub.Unsubscribe(stays);
  EXPECT_EQ(hub.subscriber_count(), 0u);
}

TEST(WatchHubTest, WakeIsCalledPerPublishAndOnCloseOnly) {
  WatchHub hub(/*capacity=*/2);
  uint64_t last = 0;
  int wakes = 0;
  auto subscription = hub.Subscribe([&wakes] { ++wakes; }, &last);
  EXPECT_EQ(wakes, 0);
  hub.Publish(Events(1, 1));
  EXPECT_EQ(wakes, 1);
  hub.Publish({});  // nothing to deliver: no wake
  EXPECT_EQ(wakes, 1);
  hub.Publish(Events(2, 3));  // overflow closes: the reader is woken
  EXPECT_EQ(wakes, 2);
  hub.Publish(Events(4, 4));  // already closed: no further wake
  hub.Shutdown();
  EXPECT_EQ(wakes, 2);
}

TEST(WatchHubTest, WakeMayDrainWithoutDeadlock) {
  WatchHub hub;
  uint64_t last = 0;
  std::shared_ptr<Subscription> subscription;
  std::deque<EventPtr> seen;
  subscription =
      hub.Subscribe([&] { ASSERT_OK(subscription->Drain(&seen)); }, &last);
  hub.Publish(Events(1, 2));
  hub.Publish(Events(3, 3));
  EXPECT_THAT(Sequences(seen), ElementsAre(1, 2, 3));
}

TEST(WatchHubTest, ConcurrentReaderSeesEveryEventInOrder) {
  WatchHub hub(/*capacity=*/100000);
  uint64_t last = 0;
  std::atomic<int> wakes{0};
  auto subscription = hub.Subscribe([&wakes] { ++wakes; }, &last);
  constexpr int kEvents = 2000;
  std::vector<int64_t> received;
  std::thread reader([&] {
    while (received.size() < static_cast<size_t>(kEvents)) {
      std::deque<EventPtr> out;
      ASSERT_OK(subscription->Drain(&out));
      for (const EventPtr& event : out) received.push_back(event->sequence());
      std::this_thread::yield();
    }
  });
  for (int i = 1; i <= kEvents; ++i) hub.Publish(Events(i, i));
  reader.join();
  ASSERT_EQ(received.size(), static_cast<size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) ASSERT_EQ(received[i], i + 1);
  EXPECT_EQ(wakes.load(), kEvents);
}

}  // namespace
}  // namespace busan::catalog
