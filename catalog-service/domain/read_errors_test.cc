// A record that cannot be read is not a record that is absent: when a read
// fails (an I/O error: UNAVAILABLE; bytes that do not decode: DATA_LOSS), a
// write that depends on it fails with that error and changes nothing (a
// create must not overwrite what it could not see).
#include <memory>
#include <string>

#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/catalog.h"
#include "catalog-service/store/catalog_schema.h"
#include "common/testing/raw_store.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::busan::testing::StatusIs;

class ReadErrorsTest : public ::testing::Test {
 protected:
  void Open() {
    catalog_.reset();
    CatalogOptions options;
    options.data_dir = dir_.Sub("db");
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

}  // namespace
}  // namespace busan::catalog
