#include "common/listing/list_engine.h"

#include <string>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "common/store/counters.h"
#include "common/store/record_codec.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"

namespace busan::listing {
namespace {

using ::busan::testing::StatusIs;
using catalog::v1::Project;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

enum { kMeta = 0, kRecords, kIndex, kCounts };

// Projects stored under "{group}/{id}" with an index "o/{origin}/" whose
// suffix is the primary key.
class ListEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::DatabaseOptions options;
    options.path = dir_.Sub("db");
    options.column_families = {{"default", nullptr},
                               {"records", nullptr},
                               {"index", nullptr},
                               {"counts", nullptr}};
    ASSERT_OK_AND_ASSIGN(db_, store::Database::Open(options));
    tokens_ = std::make_unique<paging::PageTokenCodec>(std::string(32, 'k'));
  }

  void Put(const std::string& group, const std::string& id, int64_t budget,
           Project::Origin origin) {
    Project project;
    project.set_name("projects/" + id);
    project.set_budget_krw(budget);
    project.set_origin(origin);
    project.set_strategy(group);
    const std::string key = group + "/" + id;
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(
        batch.Put(db_->Family(kRecords), key, store::EncodeRecord(project))
            .ok());
    ASSERT_TRUE(batch
                    .Put(db_->Family(kIndex),
                         "o/" + std::to_string(origin) + "/" + key, "")
                    .ok());
    ASSERT_OK(db_->Write(&batch));
  }

  // Walks every page and returns the ids in the order returned.
  std::vector<std::string> Walk(const Collection& collection, ListQuery query,
                                int32_t* total = nullptr) {
    std::vector<std::string> names;
    ListEngine engine(db_.get(), tokens_.get());
    for (int page = 0; page < 100; ++page) {
      google::protobuf::RepeatedPtrField<Project> items;
      std::string next;
      int32_t total_size = -1;
      absl::Status status =
          engine.List(collection, query, &items, &next, &total_size);
      EXPECT_OK(status);
      if (!status.ok()) break;
      if (page == 0 && total) *total = total_size;
      for (const Project& p : items) names.push_back(p.name().substr(9));
      if (next.empty()) break;
      query.page_token = next;
    }
    return names;
  }

  busan::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<paging::PageTokenCodec> tokens_;
};

TEST_F(ListEngineTest, PagesUnderAParentPrefixReturnEachItemOnce) {
  for (const char* id : {"a", "b", "c", "d", "e"})
    Put("g1", id, 1, Project::NEW);
  for (const char* id : {"a", "z"}) Put("g0", id, 1, Project::NEW);
  for (const char* id : {"x"}) Put("g2", id, 1, Project::NEW);
  Collection collection{kRecords, "g1/", Project::descriptor()};
  ListQuery query;
  query.page_size = 2;
  int32_t total = 0;
  EXPECT_THAT(Walk(collection, query, &total),
              ElementsAreArray({"a", "b", "c", "d", "e"}));
  EXPECT_EQ(total, 5);
}

TEST_F(ListEngineTest, IndexScanAndNarrowedScanAndFilter) {
  Put("g1", "a", 5, Project::NEW);
  Put("g1", "b", 7, Project::EXPANDED);
  Put("g2", "c", 9, Project::NEW);
  Put("g2", "d", 11, Project::NEW);
  Collection by_origin{
      kRecords, "", Project::descriptor(), kIndex,
      [](const query::Filter& filter) -> std::optional<IndexScan> {
        if (filter.RequiredEquality("origin") == "NEW") {
          return IndexScan{"o/1/"};
        }
        return std::nullopt;
      }};
  ListQuery query;
  query.page_size = 1;
  query.filter = "origin = NEW AND budget_krw > 5";
  int32_t total = 0;
  EXPECT_THAT(Walk(by_origin, query, &total), ElementsAreArray({"c", "d"}));
  EXPECT_EQ(total, 2);

  Collection narrowed{kRecords, "", Project::descriptor()};
  narrowed.narrow_for =
      [](const query::Filter& filter) -> std::optional<std::string> {
    std::optional<std::string> group = filter.RequiredEquality("strategy");
    if (!group) return std::nullopt;
    return *group + "/";
  };
  query.filter = "strategy = \"g2\"";
  EXPECT_THAT(Walk(narrowed, query, &total), ElementsAreArray({"c", "d"}));
  EXPECT_EQ(total, 2);
}

// With a kept count, total_size is read, not counted: a planted count that
// disagrees with the records shows which one the engine used.
TEST_F(ListEngineTest, KeptCountsAnswerTotalSizeOfExactAndEmptyFilters) {
  for (const char* id : {"a", "b", "c", "d", "e"})
    Put("g", id, 1, Project::NEW);
  Put("g", "f", 1, Project::EXPANDED);
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch
                  .Put(db_->Family(kCounts), CountKey(kRecords, ""),
                       store::EncodeCounter(40))
                  .ok());
  ASSERT_TRUE(batch
                  .Put(db_->Family(kCounts), CountKey(kIndex, "o/1/"),
                       store::EncodeCounter(50))
                  .ok());
  ASSERT_OK(db_->Write(&batch));
  Collection collection{
      kRecords, "", Project::descriptor(), kIndex,
      [](const query::Filter& filter) -> std::optional<IndexScan> {
        if (filter.RequiredEquality("origin") != "NEW") {
          return std::nullopt;
        }
        return IndexScan{"o/1/", filter.SoleEquality("origin").has_value()};
      }};
  collection.count_family = kCounts;
  ListQuery query;
  query.page_size = 2;
  int32_t total = 0;
  EXPECT_EQ(Walk(collection, query, &total).size(), 6u);
  EXPECT_EQ(total, 40);
  query.filter = "origin = NEW";
  EXPECT_EQ(Walk(collection, query, &total).size(), 5u);
  EXPECT_EQ(total, 50);
  // Not exact (a second condition) or not indexed: counted by the scan.
  query.filter = "origin = NEW AND budget_krw = 1";
  EXPECT_EQ(Walk(collection, query, &total).size(), 5u);
  EXPECT_EQ(total, 5);
  query.filter = "budget_krw = 1";
  EXPECT_EQ(Walk(collection, query, &total).size(), 6u);
  EXPECT_EQ(total, 6);
}

TEST_F(ListEngineTest, CustomOrderPagesInOrderAndTokensAreBoundToTheQuery) {
  const int64_t budgets[] = {30, 10, 20, 10, 40};
  const char* ids[] = {"a", "b", "c", "d", "e"};
  for (int i = 0; i < 5; ++i) Put("g", ids[i], budgets[i], Project::NEW);
  Collection collection{kRecords, "", Project::descriptor()};
  ListQuery query;
  query.page_size = 2;
  query.order_by = "budget_krw desc";
  EXPECT_THAT(Walk(collection, query),
              ElementsAreArray({"e", "a", "c", "b", "d"}));

  ListEngine engine(db_.get(), tokens_.get());
  google::protobuf::RepeatedPtrField<Project> items;
  std::string next;
  int32_t total = 0;
  ASSERT_OK(engine.List(collection, query, &items, &next, &total));
  ASSERT_FALSE(next.empty());
  query.page_token = next;
  query.order_by = "budget_krw";
  EXPECT_THAT(
      engine.List(collection, query, &items, &next, &total),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  query.page_size = -1;
  EXPECT_THAT(
      engine.List(collection, query, &items, &next, &total),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

}  // namespace
}  // namespace busan::listing
