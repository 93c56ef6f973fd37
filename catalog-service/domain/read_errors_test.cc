// A record that cannot be read is not a record that is absent: when the
// disk fails a read, a write that depends on it fails with UNAVAILABLE and
// changes nothing (a create must not overwrite what it could not see).
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

using ::busan::testing::FaultyEnv;
using ::busan::testing::StatusIs;

class ReadErrorsTest : public ::testing::Test {
 protected:
  void Open() {
    catalog_.reset();
    CatalogOptions options;
    options.data_dir = dir_.Sub("db");
    options.env = disk_.env();
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

  FaultyEnv disk_;  // outlives the catalog
  busan::testing::TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(ReadErrorsTest,
       ACreateOverARecordThatCannotBeReadFailsAndWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(Open());
  ASSERT_OK(CreatePlan("original").status());
  // The plan leaves the memtable for a table file, and a reopened store has
  // an empty block cache: reading the plan now goes to the disk.
  ASSERT_OK(catalog_->Flush());
  catalog_.reset();
  // Only the plans' table file fails, so the write's other reads (its
  // revision log, its counters) succeed and the plan's own read decides.
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> plan_files,
                       busan::testing::TableFilesOf(
                           dir_.Sub("db"), CatalogColumnFamilies(), kPlans));
  ASSERT_EQ(plan_files.size(), 1u);
  ASSERT_NO_FATAL_FAILURE(Open());

  disk_.Inject({.fail_reads = true, .file_suffix = plan_files[0]});
  EXPECT_THAT(CreatePlan("replacement").status(),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_GT(disk_.failures(), 0);

  disk_.Inject({});
  v1::Plan stored;
  ASSERT_OK(catalog_->GetPlan("plans/p", &stored));
  EXPECT_EQ(stored.display_name(), "original");
  EXPECT_THAT(CreatePlan("replacement").status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

}  // namespace
}  // namespace busan::catalog
