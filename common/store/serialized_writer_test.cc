#include "common/store/serialized_writer.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/notification.h"
#include "busan/internal/v1/internal.pb.h"
#include "common/store/database.h"
#include "common/testing/faulty_env.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using Response = internal::v1::PageCursor;  // any message will do

class SerializedWriterTest : public ::testing::Test {
 protected:
  void Open(WriterOptions options = {}, rocksdb::Env* env = nullptr) {
    DatabaseOptions database;
    database.path = dir_.Sub("db");
    database.column_families = {{"default"}, {"requests"}};
    database.env = env;
    auto db = Database::Open(database);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    writer_ = std::make_unique<SerializedWriter>(db_.get(), 1, options);
  }

  // A write of `key` (value "v"), as a domain call made on the commit
  // thread would do it.
  absl::Status PutKey(const std::string& key,
                      absl::AnyInvocable<void()> after_durable = nullptr) {
    return writer_
        ->Write<Response>(
            WriteContext{},
            [&](KvTxn* kv, Response*) {
              kv->Put(0, key, "v");
              return absl::OkStatus();
            },
            [] {}, std::move(after_durable))
        .status();
  }

  // Submits a write of `key`; its outcome lands in `*done_status`, and
  // `*completed` counts completions.
  void SubmitPut(const std::string& key, absl::Status* done_status,
                 std::atomic<int>* completed) {
    writer_->Submit([this, key] { return PutKey(key); },
                    [done_status, completed](absl::Status status) {
                      *done_status = std::move(status);
                      completed->fetch_add(1);
                    });
  }

  // Occupies the commit thread until `release` is notified.
  void BlockCommitThread(absl::Notification* started,
                         absl::Notification* release) {
    writer_->Submit(
        [started, release] {
          started->Notify();
          release->WaitForNotification();
          return absl::OkStatus();
        },
        [](absl::Status) {});
    started->WaitForNotification();
  }

  bool Stored(const std::string& key) {
    std::string value;
    return db_->Get(0, key, &value).ok();
  }

  busan::testing::TempDir dir_;
  busan::testing::FaultyEnv disk_;  // outlives the database using it
  std::unique_ptr<Database> db_;
  std::unique_ptr<SerializedWriter> writer_;
};

TEST_F(SerializedWriterTest, WritesQueuedDuringASyncShareTheNextOne) {
  Open();
  absl::Notification started, release;
  BlockCommitThread(&started, &release);
  constexpr int kWrites = 50;
  std::vector<absl::Status> results(kWrites, absl::UnknownError("pending"));
  std::atomic<int> completed{0};
  for (int i = 0; i < kWrites; ++i) {
    SubmitPut(absl::StrCat("k", i), &results[i], &completed);
  }
  release.Notify();
  writer_->Stop();
  ASSERT_EQ(completed.load(), kWrites);
  for (int i = 0; i < kWrites; ++i) {
    EXPECT_OK(results[i]);
    EXPECT_TRUE(Stored(absl::StrCat("k", i)));
  }
  // All 50 were queued behind the blocked group: one sync took them all.
  EXPECT_EQ(writer_->group_syncs(), 1u);
}

TEST_F(SerializedWriterTest, OneSyncPerWriteWhenGroupingIsOff) {
  Open({.max_writes_per_sync = 1});
  absl::Notification started, release;
  BlockCommitThread(&started, &release);
  std::vector<absl::Status> results(5);
  std::atomic<int> completed{0};
  for (int i = 0; i < 5; ++i) {
    SubmitPut(absl::StrCat("k", i), &results[i], &completed);
  }
  release.Notify();
  writer_->Stop();
  for (const absl::Status& result : results) EXPECT_OK(result);
  EXPECT_EQ(writer_->group_syncs(), 5u);
}

TEST_F(SerializedWriterTest, OtherThreadsSeeAWriteOnlyOnceItIsSynced) {
  Open();
  // Both jobs below must land in one group: queue them while the commit
  // thread is busy, or it may take the first alone and sync it at once.
  absl::Notification started, unblock;
  BlockCommitThread(&started, &unblock);
  absl::Notification applied, release, durable;
  std::atomic<int> completed{0};
  absl::Status first;
  // The first write is applied, then the second holds the group open
  // before the sync.
  writer_->Submit([this] { return PutKey("early"); },
                  [&](absl::Status status) {
                    first = status;
                    durable.Notify();
                  });
  writer_->Submit(
      [&] {
        // The commit thread itself reads its unsynced write.
        EXPECT_TRUE(Stored("early"));
        applied.Notify();
        release.WaitForNotification();
        return absl::OkStatus();
      },
      [&](absl::Status) { completed.fetch_add(1); });
  unblock.Notify();
  applied.WaitForNotification();
  EXPECT_FALSE(Stored("early")) << "a reader saw a write not yet synced";
  EXPECT_FALSE(durable.HasBeenNotified());
  release.Notify();
  durable.WaitForNotification();
  EXPECT_OK(first);
  EXPECT_TRUE(Stored("early"));
  // The second write's callback may still be running on the commit thread:
  // it must finish before the locals it touches go out of scope.
  writer_->Stop();
  EXPECT_EQ(completed.load(), 1);
}

TEST_F(SerializedWriterTest, RefusesAtOnceBeyondTheQueueBound) {
  Open({.max_queued_writes = 2});
  absl::Notification started, release;
  BlockCommitThread(&started, &release);
  std::vector<absl::Status> results(3, absl::UnknownError("pending"));
  std::atomic<int> completed{0};
  for (int i = 0; i < 3; ++i) {
    SubmitPut(absl::StrCat("k", i), &results[i], &completed);
  }
  // The third was answered inline, while the commit thread is still busy.
  EXPECT_EQ(completed.load(), 1);
  EXPECT_THAT(results[2], StatusIs(absl::StatusCode::kResourceExhausted));
  release.Notify();
  writer_->Stop();
  EXPECT_OK(results[0]);
  EXPECT_OK(results[1]);
  EXPECT_FALSE(Stored("k2"));
}

TEST_F(SerializedWriterTest, StopCompletesQueuedWritesAndRefusesLaterOnes) {
  Open();
  absl::Notification started, release;
  BlockCommitThread(&started, &release);
  absl::Status queued = absl::UnknownError("pending");
  std::atomic<int> completed{0};
  SubmitPut("queued", &queued, &completed);
  std::thread stopper([this] { writer_->Stop(); });
  // Stop waits for the queue; once it has begun, submissions are refused
  // inline (earlier attempts were queued and complete normally).
  std::atomic<bool> refused{false};
  while (!refused.load()) {
    writer_->Submit([this] { return PutKey("late"); },
                    [&refused](absl::Status status) {
                      if (absl::IsUnavailable(status)) refused.store(true);
                    });
  }
  release.Notify();
  stopper.join();
  EXPECT_OK(queued);
  EXPECT_EQ(completed.load(), 1);
}

TEST_F(SerializedWriterTest, AFailedSyncAcknowledgesNothingAndStopsWrites) {
  Open({}, disk_.env());
  ASSERT_OK(PutKey("before"));  // direct: synced on its own
  ASSERT_OK(db_->WriteHealth());

  disk_.Inject({.fail_syncs = true, .file_suffix = ".log"});
  absl::Notification done;
  absl::Status result;
  bool published = false;
  writer_->Submit([&] { return PutKey("lost", [&] { published = true; }); },
                  [&](absl::Status status) {
                    result = status;
                    done.Notify();
                  });
  done.WaitForNotification();
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_FALSE(published) << "an undurable write was published";
  EXPECT_FALSE(Stored("lost"));
  EXPECT_THAT(db_->WriteHealth(), StatusIs(absl::StatusCode::kUnavailable));

  // RocksDB now refuses writes even once the disk is healthy again; reads
  // of what was synced keep working.
  disk_.Inject({});
  EXPECT_THAT(PutKey("after"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(Stored("before"));
}

}  // namespace
}  // namespace busan::store
