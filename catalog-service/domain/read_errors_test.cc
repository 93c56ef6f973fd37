// A record that cannot be read is not a record that is absent: when a read
// fails (an I/O error: UNAVAILABLE; bytes that do not decode: DATA_LOSS), a
// write that depends on it fails with that error and changes nothing (a
// create must not overwrite what it could not see).
#include <memory>
#include <string>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/catalog.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/testing/faulty_env.h"
#include "common/testing/raw_store.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::StatusIs;

class ReadErrorsTest : public ::testing::Test {
 protected:
  // `block_cache_bytes` 0 keeps no block after its read: every lookup of a
  // stored record reads its table file, which `disk_` can then fail.
  void Open(size_t block_cache_bytes = 64 << 20) {
    catalog_.reset();
    CatalogOptions options;
    options.data_dir = dir_.Sub("db");
    options.env = disk_.env();
    options.block_cache_bytes = block_cache_bytes;
    absl::StatusOr<std::unique_ptr<Catalog>> catalog = Catalog::Open(options);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
  }

  absl::StatusOr<v1::Plan> CreatePlan(const std::string& display_name) {
    v1::Plan plan;
    plan.set_display_name(display_name);
    WriteContext context;
    context.method = "busan.catalog.v1.CreatePlanRequest";
    return catalog_->CreatePlan("p", plan, context);
  }

  busan::testing::TempDir dir_;
  busan::testing::FaultyEnv disk_;  // outlives the store
  std::unique_ptr<Catalog> catalog_;
};

// A stored plan whose bytes do not decode: reading it fails with DATA_LOSS,
// not NOT_FOUND, so a create of the same id must fail rather than write
// over it. (Deterministic, unlike a disk fault aimed at a table file:
// RocksDB may answer such a read from data it already holds.)
TEST_F(ReadErrorsTest,
       ACreateOverARecordThatCannotBeReadFailsAndWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(Open());
  ASSERT_OK(CreatePlan("original").status());
  catalog_.reset();
  ASSERT_OK_AND_ASSIGN(const int corrupted,
                       busan::testing::CorruptFamily(
                           dir_.Sub("db"), CatalogColumnFamilies(), kPlans));
  ASSERT_EQ(corrupted, 1);
  ASSERT_NO_FATAL_FAILURE(Open());

  v1::Plan stored;
  EXPECT_THAT(catalog_->GetPlan("plans/p", &stored),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(CreatePlan("replacement").status(),
              StatusIs(absl::StatusCode::kDataLoss));
  // Nothing was written: the record is as unreadable as before.
  EXPECT_THAT(catalog_->GetPlan("plans/p", &stored),
              StatusIs(absl::StatusCode::kDataLoss));
}

// The disk fails every read of the table file that holds the stored plan
// (and only that one): the read is UNAVAILABLE (worth a retry), never
// NOT_FOUND, so a create of the same id fails instead of writing over a
// record it could not see. Once the disk is back, the record is the one
// stored.
TEST_F(ReadErrorsTest, ACreateOverARecordTheDiskCannotReadIsUnavailable) {
  ASSERT_NO_FATAL_FAILURE(Open());
  ASSERT_OK(CreatePlan("original").status());
  catalog_.reset();
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> plans,
                       busan::testing::TableFilesOf(
                           dir_.Sub("db"), CatalogColumnFamilies(), kPlans));
  ASSERT_EQ(plans.size(), 1u);
  ASSERT_NO_FATAL_FAILURE(Open(/*block_cache_bytes=*/0));

  disk_.Inject({.fail_lookups = true, .file_suffix = plans[0]});
  v1::Plan stored;
  EXPECT_THAT(catalog_->GetPlan("plans/p", &stored),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(CreatePlan("replacement").status(),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_GT(disk_.failures(), 0);
  disk_.Inject({});

  ASSERT_OK(catalog_->GetPlan("plans/p", &stored));
  EXPECT_EQ(stored.display_name(), "original");
}

}  // namespace
}  // namespace busan::catalog
