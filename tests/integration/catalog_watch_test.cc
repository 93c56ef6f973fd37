// WatchCatalog over real gRPC streams (live changes, replay, retention,
// shutdown, slow readers), idempotent retries seen through the change
// stream, the List page-size cap, and durability of everything across a
// restart on the same data directory.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "busan/catalog/v1/catalog.grpc.pb.h"
#include "catalog-service/api/catalog_api.h"
#include "catalog-service/domain/catalog.h"
#include "common/server/grpc_server.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
#include "tests/support/unary_call.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::catalog::v1;
using Stub = v1::CatalogService::Stub;
using ::absl::StatusCode;
using ::testing::HasSubstr;
using ::testing::StartsWith;

MATCHER_P(EqualsProto, expected, "") {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(expected, arg)) return true;
  *result_listener << "differences: " << diff;
  return false;
}

auto HasCode(StatusCode code) { return StatusIs(code, ::testing::_); }

// Small write helpers; each fails the test when the call fails.
v1::Plan CreatePlan(Stub& stub, const std::string& id,
                    const std::string& request_id = "") {
  v1::CreatePlanRequest request;
  request.set_plan_id(id);
  request.mutable_plan()->set_display_name("Plan " + id);
  request.mutable_plan()->set_display_name_ko("부산 " + id);
  request.set_request_id(request_id);
  v1::Plan response;
  EXPECT_OK(Call(stub, &Stub::CreatePlan, request, &response)) << id;
  return response;
}

v1::Strategy CreateStrategy(Stub& stub, const std::string& id,
                            const std::string& plan) {
  v1::CreateStrategyRequest request;
  request.set_strategy_id(id);
  request.mutable_strategy()->set_plan(plan);
  request.mutable_strategy()->set_display_name("Strategy " + id);
  v1::Strategy response;
  EXPECT_OK(Call(stub, &Stub::CreateStrategy, request, &response)) << id;
  return response;
}

v1::Initiative CreateInitiative(Stub& stub, const std::string& parent,
                                const std::string& id) {
  v1::CreateInitiativeRequest request;
  request.set_parent(parent);
  request.set_initiative_id(id);
  request.mutable_initiative()->set_display_name("Initiative " + id);
  v1::Initiative response;
  EXPECT_OK(Call(stub, &Stub::CreateInitiative, request, &response)) << id;
  return response;
}

grpc::Status TryCreateProject(Stub& stub, const std::string& id,
                              const v1::Project& project, v1::Project* out,
                              const std::string& request_id = "") {
  v1::CreateProjectRequest request;
  request.set_project_id(id);
  *request.mutable_project() = project;
  request.set_request_id(request_id);
  return Call(stub, &Stub::CreateProject, request, out);
}

v1::Project CreateProject(Stub& stub, const std::string& id,
                          const std::string& strategy,
                          const std::string& initiative = "",
                          const std::string& request_id = "") {
  v1::Project project;
  project.set_strategy(strategy);
  project.set_initiative(initiative);
  project.set_display_name("Project " + id);
  project.set_budget_krw(1000);
  project.set_origin(v1::Project::NEW);
  v1::Project response;
  EXPECT_OK(TryCreateProject(stub, id, project, &response, request_id)) << id;
  return response;
}

grpc::Status TryUpdateProject(Stub& stub, const v1::Project& patch,
                              const std::vector<std::string>& paths,
                              v1::Project* out,
                              const std::string& request_id = "") {
  v1::UpdateProjectRequest request;
  *request.mutable_project() = patch;
  for (const std::string& path : paths) {
    request.mutable_update_mask()->add_paths(path);
  }
  request.set_request_id(request_id);
  return Call(stub, &Stub::UpdateProject, request, out);
}

v1::Project RenameProject(Stub& stub, const std::string& name,
                          const std::string& display_name,
                          const std::string& request_id = "") {
  v1::Project patch;
  patch.set_name(name);
  patch.set_display_name(display_name);
  v1::Project response;
  EXPECT_OK(
      TryUpdateProject(stub, patch, {"display_name"}, &response, request_id))
      << name;
  return response;
}

grpc::Status DeleteProject(Stub& stub, const std::string& name,
                           const std::string& etag = "",
                           const std::string& request_id = "") {
  v1::DeleteProjectRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_request_id(request_id);
  google::protobuf::Empty response;
  return Call(stub, &Stub::DeleteProject, request, &response);
}

// One WatchCatalog stream read by a background thread into a queue the
// test polls with deadlines.
class EventStream {
 public:
  EventStream(Stub& stub, int64_t start_after_sequence, bool read = true) {
    v1::WatchCatalogRequest request;
    request.set_start_after_sequence(start_after_sequence);
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(120));
    reader_ = stub.WatchCatalog(&context_, request);
    if (read) StartReading();
  }
  ~EventStream() {
    context_.TryCancel();
    if (thread_.joinable()) thread_.join();
  }

  // Starts (or, after ReadOne, resumes) reading in the background.
  void StartReading() {
    thread_ = std::thread([this] {
      v1::ChangeEvent event;
      while (reader_->Read(&event)) {
        std::lock_guard<std::mutex> lock(mutex_);
        events_.push_back(event);
        changed_.notify_all();
      }
      grpc::Status status = reader_->Finish();
      std::lock_guard<std::mutex> lock(mutex_);
      status_ = status;
      done_ = true;
      changed_.notify_all();
    });
  }

  // Waits until `count` events arrived (true) or the stream ended or the
  // timeout passed (false).
  bool WaitForCount(size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      return events_.size() >= count || done_;
    }) && events_.size() >= count;
  }
  // Waits for an event named `name` at index >= `from`; returns its index
  // or -1.
  int WaitForName(const std::string& name, size_t from,
                  std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    int found = -1;
    changed_.wait_for(lock, timeout, [&] {
      for (size_t i = from; i < events_.size(); ++i) {
        if (events_[i].name() == name) {
          found = static_cast<int>(i);
          return true;
        }
      }
      return done_;
    });
    return found;
  }
  bool WaitForEnd(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return done_; });
  }

  std::vector<v1::ChangeEvent> events() {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_.size();
  }
  grpc::Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }
  grpc::ClientReader<v1::ChangeEvent>& reader() { return *reader_; }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::ChangeEvent>> reader_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<v1::ChangeEvent> events_;
  grpc::Status status_;
  bool done_ = false;
};

constexpr std::chrono::milliseconds kWait(10000);

// Makes sure a live stream is subscribed: writes pings until one arrives,
// then a marker plan, and returns the index just after the marker's event
// (every later write shows up from there on). `*marker_sequence` gets the
// marker's sequence.
size_t Establish(Stub& stub, EventStream& stream, int64_t* marker_sequence,
                 const std::string& tag = "x") {
  static int counter = 0;
  bool subscribed = false;
  for (int attempt = 0; attempt < 100 && !subscribed; ++attempt) {
    CreatePlan(stub, absl::StrCat("ping-", tag, "-", counter++));
    subscribed = stream.WaitForCount(1, std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(subscribed) << "the watch stream never delivered an event";
  const std::string marker = absl::StrCat("marker-", tag, "-", counter++);
  const v1::Plan created = CreatePlan(stub, marker);
  const int index = stream.WaitForName(created.name(), 0, kWait);
  EXPECT_GE(index, 0) << "marker event missing";
  if (index < 0) return 0;
  *marker_sequence = stream.events()[index].sequence();
  return static_cast<size_t>(index) + 1;
}

void ExpectConsecutive(const std::vector<v1::ChangeEvent>& events) {
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), events[i - 1].sequence() + 1)
        << "at " << i << ": " << events[i].name();
  }
}

// ---------------------------------------------------------------------------

class CatalogWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stub_ = server_.NewStub();
    CreatePlan(*stub_, "p");
    CreateStrategy(*stub_, "s", "plans/p");
  }
  CatalogServer server_;
  std::unique_ptr<Stub> stub_;
};

TEST_F(CatalogWatchTest, FromZeroStreamsOnlyLaterChangesInCommitOrder) {
  CreatePlan(*stub_, "before-one");
  CreatePlan(*stub_, "before-two");

  EventStream stream(*stub_, 0);
  int64_t marker = 0;
  const size_t start = Establish(*stub_, stream, &marker);

  const v1::Initiative initiative =
      CreateInitiative(*stub_, "strategies/s", "i");
  const v1::Project created =
      CreateProject(*stub_, "x", "strategies/s", "strategies/s/initiatives/i");
  const v1::Project renamed = RenameProject(*stub_, "projects/x", "부산 X");
  ASSERT_OK(DeleteProject(*stub_, "projects/x", renamed.etag()));
  const v1::Plan last = CreatePlan(*stub_, "last");

  ASSERT_GE(stream.WaitForName(last.name(), start, kWait), 0);
  std::vector<v1::ChangeEvent> events = stream.events();
  for (const v1::ChangeEvent& event : events) {
    EXPECT_THAT(event.name(), ::testing::Not(StartsWith("plans/before")))
        << "a change from before the call was streamed";
    EXPECT_GT(event.commit_time().seconds(), 1'600'000'000);
  }
  ExpectConsecutive(events);
  events.erase(events.begin(), events.begin() + start);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].sequence(), marker + 1);

  EXPECT_EQ(events[0].kind(), v1::ChangeEvent::CREATED);
  EXPECT_EQ(events[0].name(), "strategies/s/initiatives/i");
  ASSERT_TRUE(events[0].has_initiative());
  EXPECT_THAT(events[0].initiative(), EqualsProto(initiative));

  EXPECT_EQ(events[1].kind(), v1::ChangeEvent::CREATED);
  EXPECT_EQ(events[1].name(), "projects/x");
  ASSERT_TRUE(events[1].has_project());
  EXPECT_THAT(events[1].project(), EqualsProto(created));

  EXPECT_EQ(events[2].kind(), v1::ChangeEvent::UPDATED);
  EXPECT_EQ(events[2].name(), "projects/x");
  EXPECT_THAT(events[2].project(), EqualsProto(renamed));
  EXPECT_EQ(events[2].project().display_name(), "부산 X");

  // A deletion carries the last state.
  EXPECT_EQ(events[3].kind(), v1::ChangeEvent::DELETED);
  EXPECT_EQ(events[3].name(), "projects/x");
  ASSERT_TRUE(events[3].has_project());
  EXPECT_THAT(events[3].project(), EqualsProto(renamed));

  EXPECT_EQ(events[4].kind(), v1::ChangeEvent::CREATED);
  ASSERT_TRUE(events[4].has_plan());
  EXPECT_THAT(events[4].plan(), EqualsProto(last));
}

TEST_F(CatalogWatchTest, ForceDeletesStreamADeletionForEverythingRemoved) {
  CreateInitiative(*stub_, "strategies/s", "i");
  CreateProject(*stub_, "a", "strategies/s", "strategies/s/initiatives/i");
  CreateProject(*stub_, "b", "strategies/s");
  const v1::Project b_renamed = RenameProject(*stub_, "projects/b", "B2");
  v1::GetProjectRequest get;
  get.set_name("projects/a");
  v1::Project a_now;
  ASSERT_OK(Call(*stub_, &Stub::GetProject, get, &a_now));
  v1::GetStrategyRequest get_strategy;
  get_strategy.set_name("strategies/s");
  v1::Strategy strategy_now;
  ASSERT_OK(Call(*stub_, &Stub::GetStrategy, get_strategy, &strategy_now));

  EventStream stream(*stub_, 0);
  int64_t marker = 0;
  const size_t start = Establish(*stub_, stream, &marker);
  v1::DeleteStrategyRequest request;
  request.set_name("strategies/s");
  request.set_force(true);
  google::protobuf::Empty empty;
  ASSERT_OK(Call(*stub_, &Stub::DeleteStrategy, request, &empty));
  ASSERT_TRUE(stream.WaitForCount(start + 4, kWait));

  std::vector<v1::ChangeEvent> events = stream.events();
  ExpectConsecutive(events);
  events.erase(events.begin(), events.begin() + start);
  std::set<std::string> names;
  for (const v1::ChangeEvent& event : events) {
    EXPECT_EQ(event.kind(), v1::ChangeEvent::DELETED) << event.name();
    EXPECT_THAT(event.commit_time(), EqualsProto(events[0].commit_time()))
        << "one atomic write";
    names.insert(event.name());
    if (event.name() == "projects/b") {
      EXPECT_THAT(event.project(), EqualsProto(b_renamed));
    }
    if (event.name() == "projects/a") {
      EXPECT_THAT(event.project(), EqualsProto(a_now));
    }
    if (event.name() == "strategies/s") {
      ASSERT_TRUE(event.has_strategy());
      EXPECT_EQ(event.strategy().etag(), strategy_now.etag());
      EXPECT_EQ(event.strategy().display_name(), "Strategy s");
    }
    if (event.name() == "strategies/s/initiatives/i") {
      EXPECT_TRUE(event.has_initiative());
    }
  }
  EXPECT_EQ(names,
            (std::set<std::string>{"projects/a", "projects/b", "strategies/s",
                                   "strategies/s/initiatives/i"}));
}

TEST_F(CatalogWatchTest, ForceDeletingAnInitiativeStreamsTheDetachedProjects) {
  CreateInitiative(*stub_, "strategies/s", "i");
  const v1::Project a =
      CreateProject(*stub_, "a", "strategies/s", "strategies/s/initiatives/i");
  const v1::Project b =
      CreateProject(*stub_, "b", "strategies/s", "strategies/s/initiatives/i");
  CreateProject(*stub_, "c", "strategies/s");

  EventStream stream(*stub_, 0);
  int64_t marker = 0;
  const size_t start = Establish(*stub_, stream, &marker);
  v1::DeleteInitiativeRequest request;
  request.set_name("strategies/s/initiatives/i");
  request.set_force(true);
  google::protobuf::Empty empty;
  ASSERT_OK(Call(*stub_, &Stub::DeleteInitiative, request, &empty));
  const v1::Plan end = CreatePlan(*stub_, "end");
  ASSERT_GE(stream.WaitForName(end.name(), start, kWait), 0);

  std::vector<v1::ChangeEvent> events = stream.events();
  events.erase(events.begin(), events.begin() + start);
  ExpectConsecutive(events);
  ASSERT_EQ(events.size(), 4u);
  std::set<std::string> updated;
  for (int i = 0; i < 3; ++i) {
    const v1::ChangeEvent& event = events[i];
    if (event.kind() == v1::ChangeEvent::UPDATED) {
      updated.insert(event.name());
      ASSERT_TRUE(event.has_project());
      EXPECT_TRUE(event.project().initiative().empty());
      v1::GetProjectRequest get;
      get.set_name(event.name());
      v1::Project now;
      ASSERT_OK(Call(*stub_, &Stub::GetProject, get, &now));
      EXPECT_THAT(event.project(), EqualsProto(now));
    } else {
      EXPECT_EQ(event.kind(), v1::ChangeEvent::DELETED);
      EXPECT_EQ(event.name(), "strategies/s/initiatives/i");
      EXPECT_TRUE(event.has_initiative());
    }
  }
  EXPECT_EQ(updated, (std::set<std::string>{a.name(), b.name()}));
  EXPECT_EQ(events[3].name(), end.name());
}

TEST_F(CatalogWatchTest, ResumeReplaysRetainedEventsThenGoesLive) {
  EventStream live(*stub_, 0);
  int64_t marker = 0;
  const size_t start = Establish(*stub_, live, &marker);
  for (int i = 0; i < 10; ++i) {
    if (i % 2 == 0) {
      CreateProject(*stub_, absl::StrCat("r", i), "strategies/s");
    } else {
      RenameProject(*stub_, absl::StrCat("projects/r", i - 1),
                    absl::StrCat("Renamed ", i));
    }
  }
  ASSERT_TRUE(live.WaitForCount(start + 10, kWait));
  std::vector<v1::ChangeEvent> original = live.events();
  original.erase(original.begin(), original.begin() + start);
  original.resize(10);
  ExpectConsecutive(original);
  ASSERT_EQ(original[0].sequence(), marker + 1);

  // From the middle: the rest of the ten, identical, then live.
  EventStream resumed(*stub_, original[2].sequence());
  ASSERT_TRUE(resumed.WaitForCount(7, kWait));
  std::vector<v1::ChangeEvent> replayed = resumed.events();
  for (int i = 0; i < 7; ++i) {
    EXPECT_THAT(replayed[i], EqualsProto(original[i + 3])) << i;
  }
  // From the latest sequence: nothing to replay, only what comes next.
  EventStream latest(*stub_, original[9].sequence());
  const v1::Plan next = CreatePlan(*stub_, "next");
  ASSERT_GE(resumed.WaitForName(next.name(), 7, kWait), 0);
  replayed = resumed.events();
  ASSERT_EQ(replayed.size(), 8u);
  EXPECT_EQ(replayed[7].sequence(), original[9].sequence() + 1);
  EXPECT_EQ(replayed[7].kind(), v1::ChangeEvent::CREATED);
  ASSERT_GE(live.WaitForName(next.name(), start + 10, kWait), 0);
  EXPECT_THAT(live.events().back(), EqualsProto(replayed[7]));
  ASSERT_TRUE(latest.WaitForCount(1, kWait));
  EXPECT_THAT(latest.events()[0], EqualsProto(replayed[7]));

  // From 1: the whole history, strictly one apart.
  EventStream everything(*stub_, 1);
  const int64_t newest = replayed[7].sequence();
  ASSERT_TRUE(everything.WaitForCount(static_cast<size_t>(newest - 1), kWait));
  std::vector<v1::ChangeEvent> all = everything.events();
  EXPECT_EQ(all.front().sequence(), 2);
  EXPECT_EQ(all.back().sequence(), newest);
  ExpectConsecutive(all);
  EXPECT_EQ(all.front().name(), "strategies/s");  // after plans/p
}

TEST_F(CatalogWatchTest, ConcurrentWritesAreStreamedOnceInCommitOrder) {
  EventStream live(*stub_, 0);
  int64_t marker = 0;
  const size_t start = Establish(*stub_, live, &marker);
  constexpr int kThreads = 4;
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::unique_ptr<Stub> stub = server_.NewStub();
      for (int i = 0; i < kEach; ++i) {
        CreateProject(*stub, absl::StrCat("w", t, "-", i), "strategies/s");
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(live.WaitForCount(start + kThreads * kEach, kWait));
  std::vector<v1::ChangeEvent> events = live.events();
  events.erase(events.begin(), events.begin() + start);
  ASSERT_EQ(events.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(events.front().sequence(), marker + 1);
  ExpectConsecutive(events);
  // Each writer's own changes keep their order; none is missing or doubled.
  std::vector<int> next(kThreads, 0);
  for (const v1::ChangeEvent& event : events) {
    int t = -1, i = -1;
    ASSERT_EQ(sscanf(event.name().c_str(), "projects/w%d-%d", &t, &i), 2)
        << event.name();
    ASSERT_GE(t, 0);
    ASSERT_LT(t, kThreads);
    EXPECT_EQ(i, next[t]) << event.name();
    next[t] = i + 1;
    EXPECT_EQ(event.kind(), v1::ChangeEvent::CREATED);
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kEach);

  // A replay of the same range (more than one read of the log) is identical.
  EventStream replay(*stub_, marker);
  ASSERT_TRUE(replay.WaitForCount(events.size(), kWait));
  std::vector<v1::ChangeEvent> replayed = replay.events();
  for (size_t i = 0; i < events.size(); ++i) {
    ASSERT_THAT(replayed[i], EqualsProto(events[i])) << i;
  }
  // ... and then goes on live.
  const v1::Plan after = CreatePlan(*stub_, "after");
  ASSERT_TRUE(replay.WaitForCount(events.size() + 1, kWait));
  EXPECT_EQ(replay.events()[events.size()].name(), after.name());
  EXPECT_EQ(replay.events()[events.size()].sequence(),
            events.back().sequence() + 1);
}

TEST_F(CatalogWatchTest, BadStartSequencesAreRefused) {
  EventStream negative(*stub_, -1);
  ASSERT_TRUE(negative.WaitForEnd(kWait));
  EXPECT_THAT(negative.status(), StatusIs(StatusCode::kInvalidArgument,
                                          HasSubstr("start_after_sequence")));
  EXPECT_EQ(negative.size(), 0u);

  EventStream live(*stub_, 0);
  int64_t marker = 0;
  Establish(*stub_, live, &marker);
  for (int64_t ahead : {marker + 1, marker + 1000, int64_t{INT64_MAX}}) {
    EventStream future(*stub_, ahead);
    ASSERT_TRUE(future.WaitForEnd(kWait)) << ahead;
    EXPECT_THAT(future.status(), HasCode(StatusCode::kOutOfRange)) << ahead;
    EXPECT_EQ(future.size(), 0u);
  }
  // The latest sequence itself is fine.
  EventStream current(*stub_, marker);
  EXPECT_FALSE(current.WaitForEnd(std::chrono::milliseconds(200)));
}

TEST_F(CatalogWatchTest, RetriedWritesPublishNoSecondChange) {
  EventStream stream(*stub_, 0);
  int64_t marker = 0;
  const size_t start = Establish(*stub_, stream, &marker);

  const std::string create_id = NewRequestId();
  const v1::Project first =
      CreateProject(*stub_, "once", "strategies/s", "", create_id);
  const v1::Project again =
      CreateProject(*stub_, "once", "strategies/s", "", create_id);
  EXPECT_THAT(again, EqualsProto(first));
  const std::string update_id = NewRequestId();
  const v1::Project renamed =
      RenameProject(*stub_, "projects/once", "Renamed", update_id);
  EXPECT_THAT(RenameProject(*stub_, "projects/once", "Renamed", update_id),
              EqualsProto(renamed));
  const std::string delete_id = NewRequestId();
  ASSERT_OK(DeleteProject(*stub_, "projects/once", "", delete_id));
  ASSERT_OK(DeleteProject(*stub_, "projects/once", "", delete_id));
  const v1::Plan end = CreatePlan(*stub_, "end");

  ASSERT_GE(stream.WaitForName(end.name(), start, kWait), 0);
  std::vector<v1::ChangeEvent> events = stream.events();
  events.erase(events.begin(), events.begin() + start);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind(), v1::ChangeEvent::CREATED);
  EXPECT_EQ(events[1].kind(), v1::ChangeEvent::UPDATED);
  EXPECT_EQ(events[2].kind(), v1::ChangeEvent::DELETED);
  EXPECT_EQ(events[3].name(), end.name());
  ExpectConsecutive(events);
}

TEST_F(CatalogWatchTest, StoppingTheServerEndsStreamsWithUnavailable) {
  EventStream stream(*stub_, 0);
  int64_t marker = 0;
  Establish(*stub_, stream, &marker);
  EventStream replaying(*stub_, 1);
  ASSERT_TRUE(replaying.WaitForCount(2, kWait));
  server_.Stop();
  ASSERT_TRUE(stream.WaitForEnd(kWait));
  EXPECT_THAT(stream.status(), HasCode(StatusCode::kUnavailable));
  ASSERT_TRUE(replaying.WaitForEnd(kWait));
  EXPECT_THAT(replaying.status(), HasCode(StatusCode::kUnavailable));
}

TEST(CatalogSlowWatchTest, AReaderThatNeverReadsIsCutOff) {
  CatalogServer server;
  std::unique_ptr<Stub> stub = server.NewStub();
  CreatePlan(*stub, "p");
  CreateStrategy(*stub, "s", "plans/p");
  v1::Project project;
  project.set_strategy("strategies/s");
  project.set_display_name("Big");
  project.set_description(std::string(2000, 'd'));
  v1::Project created;
  ASSERT_OK(TryCreateProject(*stub, "big", project, &created));

  // A channel with a small receive window, so the transport cannot hide a
  // stalled reader for long.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  std::unique_ptr<Stub> slow_stub =
      v1::CatalogService::NewStub(grpc::CreateCustomChannel(
          server.address(), grpc::InsecureChannelCredentials(), args));
  EventStream slow(*slow_stub, 0, /*read=*/false);
  // Read exactly one event to know the stream is subscribed, then stop.
  std::mutex mutex;
  std::condition_variable cv;
  bool got_one = false;
  std::thread first_read([&] {
    v1::ChangeEvent event;
    const bool ok = slow.reader().Read(&event);
    std::lock_guard<std::mutex> lock(mutex);
    got_one = ok;
    cv.notify_all();
  });
  bool subscribed = false;
  for (int i = 0; i < 100 && !subscribed; ++i) {
    CreatePlan(*stub, absl::StrCat("ping-", i));
    std::unique_lock<std::mutex> lock(mutex);
    subscribed = cv.wait_for(lock, std::chrono::milliseconds(100),
                             [&] { return got_one; });
  }
  first_read.join();
  ASSERT_TRUE(subscribed);

  // A reader that keeps up on another stream is not affected.
  EventStream fast(*stub, 0);
  int64_t marker = 0;
  const size_t fast_start = Establish(*stub, fast, &marker, "fast");

  constexpr int kWrites = 5000;
  for (int i = 0; i < kWrites; ++i) {
    v1::Project patch;
    patch.set_name("projects/big");
    patch.set_stage(i % 2 ? v1::Project::PLANNED : v1::Project::IN_PROGRESS);
    v1::Project updated;
    ASSERT_OK(TryUpdateProject(*stub, patch, {"stage"}, &updated)) << i;
  }
  ASSERT_TRUE(fast.WaitForCount(fast_start + kWrites, kWait));
  EXPECT_FALSE(fast.WaitForEnd(std::chrono::milliseconds(1)));
  std::vector<v1::ChangeEvent> fast_events = fast.events();
  ExpectConsecutive(fast_events);

  // The slow reader gets what was buffered, then RESOURCE_EXHAUSTED.
  slow.StartReading();
  ASSERT_TRUE(slow.WaitForEnd(std::chrono::seconds(30)))
      << "the stalled stream was never cut off; " << slow.size()
      << " events buffered";
  EXPECT_THAT(slow.status(), HasCode(StatusCode::kResourceExhausted));
  EXPECT_LT(slow.size(), static_cast<size_t>(kWrites));
  ExpectConsecutive(slow.events());

  // The server is healthy: it still serves reads, writes and new streams.
  v1::GetProjectRequest get;
  get.set_name("projects/big");
  v1::Project got;
  EXPECT_OK(Call(*stub, &Stub::GetProject, get, &got));
  EventStream after(*stub, 0);
  int64_t after_marker = 0;
  Establish(*stub, after, &after_marker, "after");
  EXPECT_GT(after_marker, marker + kWrites);
}

// ---------------------------------------------------------------------------
// A long history on a server that keeps only 10 events.

TEST(CatalogHistoryTest, TrimmedHistoryIsOutOfRangeAndPageSizeIsCapped) {
  catalog::CatalogOptions options;
  options.change_retention = 10;
  CatalogServer server(options);
  std::unique_ptr<Stub> stub = server.NewStub();
  EventStream live(*stub, 0);
  int64_t marker = 0;
  Establish(*stub, live, &marker);
  constexpr int kPlans = 1040;
  for (int i = 0; i < kPlans; ++i) {
    v1::CreatePlanRequest request;
    request.set_plan_id(absl::StrCat("h", 10000 + i));
    request.mutable_plan()->set_display_name("History");
    v1::Plan response;
    ASSERT_OK(Call(*stub, &Stub::CreatePlan, request, &response)) << i;
  }
  ASSERT_GE(live.WaitForName("plans/h" + std::to_string(10000 + kPlans - 1), 0,
                             kWait),
            0);
  const int64_t latest = live.events().back().sequence();
  ASSERT_GT(latest, 1034);

  EventStream from_start(*stub, 1);
  ASSERT_TRUE(from_start.WaitForEnd(kWait));
  EXPECT_THAT(from_start.status(), StatusIs(StatusCode::kOutOfRange,
                                            HasSubstr("start_after_sequence")));
  EXPECT_EQ(from_start.size(), 0u);

  // The last ten are still there.
  EventStream recent(*stub, latest - 10);
  ASSERT_TRUE(recent.WaitForCount(10, kWait));
  std::vector<v1::ChangeEvent> events = recent.events();
  EXPECT_EQ(events.front().sequence(), latest - 9);
  EXPECT_EQ(events.back().sequence(), latest);
  ExpectConsecutive(events);

  // page_size above 1,000 is clamped to 1,000.
  v1::ListPlansRequest list;
  list.set_page_size(5000);
  v1::ListPlansResponse first;
  ASSERT_OK(Call(*stub, &Stub::ListPlans, list, &first));
  const int total = first.total_size();
  EXPECT_GT(total, kPlans);
  EXPECT_EQ(first.plans_size(), 1000);
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  v1::ListPlansResponse second;
  ASSERT_OK(Call(*stub, &Stub::ListPlans, list, &second));
  EXPECT_EQ(second.plans_size(), total - 1000);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_LT(first.plans(999).name(), second.plans(0).name());
}

// ---------------------------------------------------------------------------
// Restart on the same data directory.

// A catalog server on a directory the test owns, so a second one can be
// started on the same data after the first is gone.
class ServerOnDir {
 public:
  explicit ServerOnDir(const std::string& data_dir) {
    catalog::CatalogOptions options;
    options.data_dir = data_dir;
    auto catalog = catalog::Catalog::Open(options);
    EXPECT_TRUE(catalog.ok()) << catalog.status();
    if (!catalog.ok()) return;
    catalog_ = std::move(*catalog);
    api_ = std::make_unique<catalog::CatalogApi>(catalog_.get(), nullptr);
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.data_dir = data_dir;
    auto server = server::GrpcServer::Start(
        config, {{"busan.catalog.v1.CatalogService", api_.get()}});
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return;
    server_ = std::move(*server);
  }
  ~ServerOnDir() {
    if (server_ != nullptr) {
      catalog_->watch_hub().Shutdown();
      server_->Shutdown(absl::Seconds(5));
    }
    server_.reset();
    api_.reset();
    catalog_.reset();
  }
  bool ok() const { return server_ != nullptr; }
  std::unique_ptr<Stub> NewStub() const {
    return v1::CatalogService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
  }

 private:
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::CatalogApi> api_;
  std::unique_ptr<server::GrpcServer> server_;
};

struct Snapshot {
  v1::ListPlansResponse plans;
  v1::ListStrategiesResponse strategies;
  v1::ListInitiativesResponse initiatives;
  v1::ListProjectsResponse projects;
};

Snapshot TakeSnapshot(Stub& stub) {
  Snapshot snapshot;
  v1::ListPlansRequest plans;
  plans.set_page_size(1000);
  EXPECT_OK(Call(stub, &Stub::ListPlans, plans, &snapshot.plans));
  v1::ListStrategiesRequest strategies;
  strategies.set_page_size(1000);
  EXPECT_OK(
      Call(stub, &Stub::ListStrategies, strategies, &snapshot.strategies));
  v1::ListInitiativesRequest initiatives;
  initiatives.set_parent("strategies/-");
  initiatives.set_page_size(1000);
  EXPECT_OK(
      Call(stub, &Stub::ListInitiatives, initiatives, &snapshot.initiatives));
  v1::ListProjectsRequest projects;
  projects.set_page_size(1000);
  EXPECT_OK(Call(stub, &Stub::ListProjects, projects, &snapshot.projects));
  return snapshot;
}

TEST(CatalogRestartTest, EverythingSurvivesARestart) {
  TempDir dir;
  const std::string data_dir = dir.Sub("catalog");
  const std::string request_id = NewRequestId();
  Snapshot before;
  std::vector<v1::ChangeEvent> history;
  std::set<std::string> etags;
  v1::Project with_request_id;
  {
    ServerOnDir server(data_dir);
    ASSERT_TRUE(server.ok());
    std::unique_ptr<Stub> stub = server.NewStub();
    EventStream stream(*stub, 0);
    int64_t marker = 0;
    const size_t start = Establish(*stub, stream, &marker, "restart");
    CreatePlan(*stub, "p");
    CreateStrategy(*stub, "s", "plans/p");
    CreateInitiative(*stub, "strategies/s", "i");
    CreateProject(*stub, "a", "strategies/s", "strategies/s/initiatives/i");
    CreateProject(*stub, "b", "strategies/s");
    v1::Project korean;
    korean.set_strategy("strategies/s");
    korean.set_display_name("Korean");
    korean.set_display_name_ko("부산");
    korean.add_tags("해양");
    v1::Project korean_created;
    ASSERT_OK(TryCreateProject(*stub, "k", korean, &korean_created));
    RenameProject(*stub, "projects/a", "A renamed");
    ASSERT_OK(DeleteProject(*stub, "projects/b"));
    with_request_id =
        CreateProject(*stub, "idem", "strategies/s", "", request_id);
    const v1::Plan end = CreatePlan(*stub, "end");
    ASSERT_GE(stream.WaitForName(end.name(), start, kWait), 0);
    history = stream.events();
    before = TakeSnapshot(*stub);
    for (const v1::ChangeEvent& event : history) {
      if (event.has_project()) etags.insert(event.project().etag());
      if (event.has_plan()) etags.insert(event.plan().etag());
    }
  }

  ServerOnDir server(data_dir);
  ASSERT_TRUE(server.ok());
  std::unique_ptr<Stub> stub = server.NewStub();
  const Snapshot after = TakeSnapshot(*stub);
  EXPECT_THAT(after.plans, EqualsProto(before.plans));
  EXPECT_THAT(after.strategies, EqualsProto(before.strategies));
  EXPECT_THAT(after.initiatives, EqualsProto(before.initiatives));
  EXPECT_THAT(after.projects, EqualsProto(before.projects));
  ASSERT_EQ(after.projects.projects_size(), 3);
  EXPECT_EQ(after.strategies.strategies(0).project_count(), 3);
  EXPECT_EQ(after.strategies.strategies(0).total_budget_krw(), 2000);

  // A retried write is still answered from its first outcome.
  const v1::Project retried =
      CreateProject(*stub, "idem", "strategies/s", "", request_id);
  EXPECT_THAT(retried, EqualsProto(with_request_id));
  EXPECT_THAT(TakeSnapshot(*stub).projects, EqualsProto(before.projects));

  // The change history replays across the restart, and new changes carry
  // new sequences and new etags.
  const int64_t last_sequence = history.back().sequence();
  ASSERT_GE(history.size(), 10u);
  EventStream replay(*stub, history.front().sequence());
  const size_t replay_count = history.size() - 1;
  ASSERT_TRUE(replay.WaitForCount(replay_count, kWait));
  std::vector<v1::ChangeEvent> replayed = replay.events();
  for (size_t i = 0; i < replay_count; ++i) {
    EXPECT_THAT(replayed[i], EqualsProto(history[i + 1])) << i;
  }
  const v1::Project renamed = RenameProject(*stub, "projects/k", "K2");
  EXPECT_EQ(etags.count(renamed.etag()), 0u) << "etag reused after restart";
  ASSERT_TRUE(replay.WaitForCount(replay_count + 1, kWait));
  const v1::ChangeEvent next = replay.events()[replay_count];
  EXPECT_EQ(next.sequence(), last_sequence + 1);
  EXPECT_EQ(next.name(), "projects/k");
  EXPECT_EQ(next.project().display_name_ko(), "부산");
}

TEST(CatalogRestartTest, ASecondOpenOfALiveDataDirIsRefused) {
  TempDir dir;
  const std::string data_dir = dir.Sub("catalog");
  ServerOnDir server(data_dir);
  ASSERT_TRUE(server.ok());
  std::unique_ptr<Stub> stub = server.NewStub();
  CreatePlan(*stub, "p");
  catalog::CatalogOptions options;
  options.data_dir = data_dir;
  auto second = catalog::Catalog::Open(options);
  EXPECT_FALSE(second.ok());
  v1::GetPlanRequest get;
  get.set_name("plans/p");
  v1::Plan plan;
  EXPECT_OK(Call(*stub, &Stub::GetPlan, get, &plan));
  CreatePlan(*stub, "q");
}

}  // namespace
}  // namespace busan::testing
