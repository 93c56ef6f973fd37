#include "common/store/backups.h"

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/testing/faulty_env.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "common/testing/wait_until.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"

namespace busan::store {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

std::string Key(int i) { return absl::StrFormat("k%06d", i); }

class BackupsTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::unique_ptr<Database>> OpenAt(
      const std::string& path, rocksdb::Env* env = nullptr) {
    DatabaseOptions options;
    options.path = path;
    options.env = env;
    options.column_families = {{"default"}, {"other"}};
    return Database::Open(options);
  }
  // Writes key `i` in both families, in one synced batch.
  absl::Status Put(Database& db, int i) {
    rocksdb::WriteBatch batch;
    for (int family : {0, 1}) {
      if (!batch.Put(db.Family(family), Key(i), "v").ok()) {
        return absl::InternalError("batch");
      }
    }
    return db.Write(&batch);
  }
  // A backup, in dir_/backups, of a store holding key 1; its path.
  std::string BackUpKeyOne() {
    absl::StatusOr<std::unique_ptr<Database>> db = OpenAt(dir_.Sub("live"));
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return "";
    EXPECT_OK(Put(**db, 1));
    const std::string backups = dir_.Sub("backups");
    EXPECT_OK(CreateBackup(**db, backups).status());
    return backups;
  }
  bool Has(const Database& db, int family, int i) {
    std::string value;
    return db.Get(family, Key(i), &value).ok();
  }

  busan::testing::TempDir dir_;
};

TEST_F(BackupsTest, ABackupUnderConcurrentWritesHoldsEveryAcknowledgedOne) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db, OpenAt(dir_.Sub("live")));
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      if (!Put(*db, i).ok()) return;
      acknowledged.store(i + 1);
    }
  });
  while (acknowledged.load() < 200) std::this_thread::yield();
  const int before = acknowledged.load();
  ASSERT_OK_AND_ASSIGN(BackupInfo backup,
                       CreateBackup(*db, dir_.Sub("backups")));
  stop.store(true);
  writer.join();
  EXPECT_EQ(backup.id, 1u);
  EXPECT_GT(backup.file_count, 0u);

  ASSERT_OK(RestoreBackup(dir_.Sub("backups"), 0, dir_.Sub("restored")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> restored,
                       OpenAt(dir_.Sub("restored")));
  // Every write acknowledged before the backup began is there; what is
  // there is a prefix of the writes, the same in both families.
  int present = 0;
  while (Has(*restored, 0, present)) ++present;
  EXPECT_GE(present, before);
  EXPECT_LE(present, acknowledged.load());
  for (int i = 0; i < acknowledged.load() + 1; ++i) {
    EXPECT_EQ(Has(*restored, 1, i), i < present) << i;
  }
}

TEST_F(BackupsTest, ListsBackupsAndRestoresEachOne) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db, OpenAt(dir_.Sub("live")));
  // Missing parents are made too.
  const std::string backups = dir_.Sub("backups/of/live");
  ASSERT_OK_AND_ASSIGN(std::vector<BackupInfo> none, ListBackups(backups));
  EXPECT_TRUE(none.empty());
  ASSERT_OK(Put(*db, 1));
  ASSERT_OK(CreateBackup(*db, backups).status());
  ASSERT_OK(Put(*db, 2));
  ASSERT_OK(CreateBackup(*db, backups).status());

  ASSERT_OK_AND_ASSIGN(std::vector<BackupInfo> listed, ListBackups(backups));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, 1u);
  EXPECT_EQ(listed[1].id, 2u);
  EXPECT_LE(listed[0].unix_time, listed[1].unix_time);

  ASSERT_OK(RestoreBackup(backups, 1, dir_.Sub("first")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> first,
                       OpenAt(dir_.Sub("first")));
  EXPECT_TRUE(Has(*first, 0, 1));
  EXPECT_FALSE(Has(*first, 0, 2));
  ASSERT_OK(RestoreBackup(backups, 0, dir_.Sub("latest")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> latest,
                       OpenAt(dir_.Sub("latest")));
  EXPECT_TRUE(Has(*latest, 0, 2));
}

// What a shipping tool reads: the newest verified backup's number, in a
// file RocksDB's engine leaves alone when it opens, takes and purges.
TEST_F(BackupsTest, NamesTheNewestVerifiedBackupInItsDirectory) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db, OpenAt(dir_.Sub("live")));
  const std::string backups = dir_.Sub("backups");
  const std::string latest = backups + "/" + kLatestVerifiedFile;
  for (int i = 1; i <= 3; ++i) {
    ASSERT_OK(Put(*db, i));
    ASSERT_OK(CreateBackup(*db, backups, /*keep=*/2).status());
    EXPECT_EQ(dir_.Read("backups/LATEST_VERIFIED"), absl::StrCat(i, "\n"));
  }
  EXPECT_FALSE(std::filesystem::exists(latest + ".tmp"));
  ASSERT_OK_AND_ASSIGN(std::vector<BackupInfo> listed, ListBackups(backups));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].id, 3u);
  ASSERT_OK(RestoreBackup(backups, 0, dir_.Sub("restored")));
}

TEST_F(BackupsTest, KeepsOnlyTheNewestWhenAskedTo) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db, OpenAt(dir_.Sub("live")));
  const std::string backups = dir_.Sub("backups");
  for (int i = 1; i <= 3; ++i) {
    ASSERT_OK(Put(*db, i));
    ASSERT_OK(CreateBackup(*db, backups, /*keep=*/2).status());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<BackupInfo> listed, ListBackups(backups));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, 2u);
  EXPECT_EQ(listed[1].id, 3u);
  EXPECT_THAT(RestoreBackup(backups, 1, dir_.Sub("purged")),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(RestoreBackup(backups, 2, dir_.Sub("second")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> second,
                       OpenAt(dir_.Sub("second")));
  EXPECT_TRUE(Has(*second, 0, 2));
  EXPECT_FALSE(Has(*second, 0, 3));
}

TEST_F(BackupsTest, ARestoreNeverOverwritesAndNamesWhatIsMissing) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db, OpenAt(dir_.Sub("live")));
  ASSERT_OK(Put(*db, 1));
  const std::string backups = dir_.Sub("backups");
  ASSERT_OK(CreateBackup(*db, backups).status());
  std::filesystem::create_directories(dir_.Sub("occupied"));
  dir_.Write("occupied/KEEP", "data");
  EXPECT_THAT(RestoreBackup(backups, 0, dir_.Sub("occupied")),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(RestoreBackup(backups, 7, dir_.Sub("new")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(RestoreBackup(dir_.Sub("nowhere"), 0, dir_.Sub("new")),
              StatusIs(absl::StatusCode::kNotFound));
}

// A volume's root holds lost+found; the store lives in a directory below
// it, which a restore creates whole.
TEST_F(BackupsTest, ARestoreBelowAVolumeRootWithLostAndFound) {
  const std::string backups = BackUpKeyOne();
  ASSERT_FALSE(::testing::Test::HasFailure());
  std::filesystem::create_directories(dir_.Sub("volume/lost+found"));

  ASSERT_OK(RestoreBackup(backups, 0, dir_.Sub("volume/db")));
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("volume/db.restoring")));
  EXPECT_TRUE(std::filesystem::is_directory(dir_.Sub("volume/lost+found")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> restored,
                       OpenAt(dir_.Sub("volume/db")));
  EXPECT_TRUE(Has(*restored, 0, 1));
  // Directories above a new data directory are made too.
  EXPECT_OK(RestoreBackup(backups, 0, dir_.Sub("new/volume/db")));
}

// What a restore killed midway leaves (part of the files, in the staging
// directory) is neither opened as a store nor in the way: the next restore
// starts afresh and completes. And an empty data directory gives way.
TEST_F(BackupsTest, ARestoreAfterOneKilledMidwayStartsAfresh) {
  const std::string backups = BackUpKeyOne();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const std::string data_dir = dir_.Sub("volume/db");
  EXPECT_EQ(RestoreStagingDir(data_dir + "/"), data_dir + ".restoring");
  std::filesystem::create_directories(RestoreStagingDir(data_dir));
  dir_.Write("volume/db.restoring/000007.sst", "the first half of a file");
  std::filesystem::create_directories(data_dir);  // empty

  ASSERT_OK(RestoreBackup(backups, 0, data_dir));
  EXPECT_FALSE(std::filesystem::exists(RestoreStagingDir(data_dir)));
  EXPECT_FALSE(std::filesystem::exists(data_dir + "/000007.sst"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> restored, OpenAt(data_dir));
  EXPECT_TRUE(Has(*restored, 0, 1));
}

TEST_F(BackupsTest, AStoppedBackupEndsDuringItsCopyAndKeepsNothing) {
  busan::testing::FaultyEnv disk;  // outlives the store
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db,
                       OpenAt(dir_.Sub("live"), disk.env()));
  // Ten table files, each copy read taking a second: a copy of ten seconds
  // at least, which only a stop ends sooner.
  for (int file = 0; file < 5; ++file) {
    ASSERT_OK(Put(*db, file));
    ASSERT_OK(db->Flush());
  }
  disk.Inject(
      {.file_suffix = ".sst", .sequential_read_delay = absl::Seconds(1)});
  BackupStopper stopper;
  absl::StatusOr<BackupInfo> stopped;
  std::thread backup(
      [&] { stopped = CreateBackup(*db, dir_.Sub("backups"), 0, &stopper); });
  // The copy has begun: it is reading the first table file.
  EXPECT_TRUE(
      busan::testing::WaitUntil([&] { return disk.delayed_reads() > 0; },
                                absl::Seconds(30), absl::Milliseconds(1)))
      << "the backup did not begin to read a table file within 30s";
  stopper.Stop();
  backup.join();
  EXPECT_THAT(stopped.status(), StatusIs(absl::StatusCode::kUnavailable,
                                         HasSubstr("backup stopped")));
  EXPECT_LT(disk.delayed_reads(), 10) << "the copy ran to its end";
  disk.Inject({});
  ASSERT_OK_AND_ASSIGN(std::vector<BackupInfo> kept,
                       ListBackups(dir_.Sub("backups")));
  EXPECT_TRUE(kept.empty());
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("backups/LATEST_VERIFIED")));

  // A stopped stopper refuses the next backup before it copies anything.
  EXPECT_THAT(CreateBackup(*db, dir_.Sub("backups"), 0, &stopper).status(),
              StatusIs(absl::StatusCode::kUnavailable));
  // Without one, backups go on as before; the stopped one left no trace,
  // not even its number.
  ASSERT_OK_AND_ASSIGN(BackupInfo taken,
                       CreateBackup(*db, dir_.Sub("backups")));
  EXPECT_EQ(taken.id, 1u);
  EXPECT_EQ(dir_.Read("backups/LATEST_VERIFIED"), "1\n");
}

}  // namespace
}  // namespace busan::store
