// Unit tests of the catalog storage layout: change-log sequence keys sort
// numerically, the column family list matches enum Family, the index
// keys each record contributes, and what each list walks.
#include "catalog-service/store/catalog_schema.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/listing/list_engine.h"
#include "common/store/database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::catalog {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// memcmp order, which is RocksDB's default bytewise comparator.
int Compare(const std::string& a, const std::string& b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

const std::vector<uint64_t>& Samples() {
  static const auto* samples = new std::vector<uint64_t>{
      0,
      1,
      2,
      127,
      128,
      255,
      256,
      257,
      65535,
      65536,
      (uint64_t{1} << 24) - 1,
      uint64_t{1} << 24,
      (uint64_t{1} << 32) - 1,
      uint64_t{1} << 32,
      (uint64_t{1} << 32) + 1,
      uint64_t{1} << 40,
      0x0102030405060708ULL,
      (uint64_t{1} << 63) - 1,
      uint64_t{1} << 63,
      (uint64_t{1} << 63) + 1,
      std::numeric_limits<uint64_t>::max() - 1,
      std::numeric_limits<uint64_t>::max(),
  };
  return *samples;
}

TEST(SequenceKeyTest, IsEightBigEndianBytes) {
  EXPECT_EQ(SequenceKey(0), std::string(8, '\0'));
  EXPECT_EQ(SequenceKey(1), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_EQ(SequenceKey(255), std::string("\0\0\0\0\0\0\0\xff", 8));
  EXPECT_EQ(SequenceKey(256), std::string("\0\0\0\0\0\0\x01\0", 8));
  EXPECT_EQ(SequenceKey(uint64_t{1} << 32),
            std::string("\0\0\0\x01\0\0\0\0", 8));
  EXPECT_EQ(SequenceKey(uint64_t{1} << 63),
            std::string("\x80\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(SequenceKey(0x0102030405060708ULL),
            std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  for (uint64_t sequence : Samples()) {
    EXPECT_EQ(SequenceKey(sequence).size(), 8u) << sequence;
  }
}

TEST(SequenceKeyTest, RoundTrips) {
  for (uint64_t sequence : Samples()) {
    EXPECT_EQ(SequenceFromKey(SequenceKey(sequence)), sequence) << sequence;
  }
}

TEST(SequenceKeyTest, ByteOrderIsNumericOrder) {
  const std::vector<uint64_t>& samples = Samples();
  for (uint64_t a : samples) {
    for (uint64_t b : samples) {
      const int bytes = Compare(SequenceKey(a), SequenceKey(b));
      const int numeric = a < b ? -1 : (a > b ? 1 : 0);
      EXPECT_EQ(bytes < 0, numeric < 0) << a << " vs " << b;
      EXPECT_EQ(bytes == 0, numeric == 0) << a << " vs " << b;
    }
  }
  // Sorting the keys bytewise gives the numbers in ascending order.
  std::vector<std::string> keys;
  for (auto it = samples.rbegin(); it != samples.rend(); ++it) {
    keys.push_back(SequenceKey(*it));
  }
  std::sort(keys.begin(), keys.end(),
            [](const auto& a, const auto& b) { return Compare(a, b) < 0; });
  std::vector<uint64_t> decoded;
  for (const std::string& key : keys) decoded.push_back(SequenceFromKey(key));
  EXPECT_EQ(decoded, samples);
}

TEST(SequenceKeyTest, ConsecutiveSequencesAreAdjacentAcrossByteCarries) {
  for (uint64_t base :
       {uint64_t{250}, uint64_t{65530}, (uint64_t{1} << 32) - 3}) {
    for (uint64_t s = base; s < base + 10; ++s) {
      EXPECT_LT(Compare(SequenceKey(s), SequenceKey(s + 1)), 0) << s;
    }
  }
}

TEST(CatalogColumnFamiliesTest, MatchEnumFamilyOrderAndCount) {
  const std::vector<store::ColumnFamilySpec> families = CatalogColumnFamilies();
  ASSERT_EQ(families.size(), static_cast<size_t>(kFamilyCount));
  EXPECT_EQ(families[kMeta].name, "default");
  EXPECT_EQ(families[kPlans].name, "plans");
  EXPECT_EQ(families[kStrategies].name, "strategies");
  EXPECT_EQ(families[kInitiatives].name, "initiatives");
  EXPECT_EQ(families[kProjects].name, "projects");
  EXPECT_EQ(families[kIndex].name, "index");
  EXPECT_EQ(families[kRequests].name, "requests");
  EXPECT_EQ(families[kChanges].name, "changes");
  std::set<std::string> names;
  for (const store::ColumnFamilySpec& family : families) {
    EXPECT_TRUE(names.insert(family.name).second) << family.name;
    EXPECT_EQ(family.merge_operator, nullptr) << family.name;
  }
}

TEST(CatalogColumnFamiliesTest, MetaKeysAreDistinct) {
  EXPECT_STRNE(kLastSequenceKey, kPageTokenKeyKey);
  EXPECT_EQ(std::string(kLastSequenceKey).rfind("meta/", 0), 0u);
  EXPECT_EQ(std::string(kPageTokenKeyKey).rfind("meta/", 0), 0u);
}

TEST(IndexKeysTest, StrategyIsIndexedByPlan) {
  v1::Strategy strategy;
  strategy.set_name("strategies/marine-future-tech");
  strategy.set_plan("plans/economic-growth-innovation-2025");
  EXPECT_THAT(IndexKeys(strategy),
              UnorderedElementsAre(
                  "sp/economic-growth-innovation-2025/marine-future-tech"));
  EXPECT_EQ(IndexKeys(strategy)[0],
            StrategiesByPlanPrefix("economic-growth-innovation-2025") +
                "marine-future-tech");
}

TEST(IndexKeysTest, ProjectWithoutInitiative) {
  v1::Project project;
  project.set_name("projects/x");
  project.set_strategy("strategies/s");
  project.set_origin(v1::Project::UPGRADED);
  project.set_stage(v1::Project::IN_PROGRESS);
  EXPECT_THAT(IndexKeys(project),
              UnorderedElementsAre("ps/s/x", "po/2/x", "pg/2/x"));
}

TEST(IndexKeysTest, ProjectWithInitiative) {
  v1::Project project;
  project.set_name("projects/x");
  project.set_strategy("strategies/s");
  project.set_initiative("strategies/s/initiatives/i");
  EXPECT_THAT(IndexKeys(project),
              UnorderedElementsAre("ps/s/x", "po/0/x", "pg/0/x", "pi/s/i/x"));
}

TEST(IndexKeysTest, PlansAndInitiativesHaveNone) {
  v1::Plan plan;
  plan.set_name("plans/p");
  EXPECT_THAT(IndexKeys(plan), IsEmpty());
  v1::Initiative initiative;
  initiative.set_name("strategies/s/initiatives/i");
  EXPECT_THAT(IndexKeys(initiative), IsEmpty());
}

TEST(IndexKeysTest, PrefixesSelectExactlyOneParent) {
  EXPECT_EQ(StrategiesByPlanPrefix("p"), "sp/p/");
  EXPECT_EQ(ProjectsByStrategyPrefix("s"), "ps/s/");
  EXPECT_EQ(ProjectsByInitiativePrefix("s", "i"), "pi/s/i/");
  EXPECT_EQ(ProjectsByOriginPrefix(v1::Project::NEW), "po/1/");
  EXPECT_EQ(ProjectsByStagePrefix(v1::Project::SUSPENDED), "pg/4/");
  // "s" must not select the projects of "s-2".
  v1::Project other;
  other.set_name("projects/x");
  other.set_strategy("strategies/s-2");
  for (const std::string& key : IndexKeys(other)) {
    EXPECT_FALSE(absl::string_view(key).substr(0, 5) ==
                 ProjectsByStrategyPrefix("s"))
        << key;
  }
}

std::optional<listing::IndexScan> NoIndex(const query::Filter&) {
  return std::nullopt;
}

TEST(RecordsCollectionTest, EachKindListsItsFamilyWithItsCounts) {
  for (const ResourceKind kind :
       {ResourceKind::kPlan, ResourceKind::kStrategy, ResourceKind::kInitiative,
        ResourceKind::kProject}) {
    const listing::Collection collection = RecordsCollection(kind);
    EXPECT_EQ(collection.family, RecordFamily(kind));
    EXPECT_EQ(collection.type, RecordType(kind).GetDescriptor());
    EXPECT_EQ(collection.key_prefix, "");
    EXPECT_EQ(collection.count_family, kCounts);
    EXPECT_EQ(collection.index_for, nullptr);
    EXPECT_EQ(collection.index_family, -1);
  }
}

TEST(RecordsCollectionTest, AnIndexMappingScansTheIndexFamily) {
  const listing::Collection projects =
      RecordsCollection(ResourceKind::kProject, &NoIndex);
  EXPECT_EQ(projects.index_for, &NoIndex);
  EXPECT_EQ(projects.index_family, kIndex);
  EXPECT_EQ(projects.count_family, kCounts);
}

TEST(RecordsCollectionTest, OneStrategysInitiativesAreUnderItsKeyPrefix) {
  const listing::Collection initiatives = InitiativesCollection("s");
  EXPECT_EQ(initiatives.family, kInitiatives);
  EXPECT_EQ(initiatives.key_prefix, "s/");
  EXPECT_EQ(initiatives.count_family, kCounts);
  // The prefix is the one counted for the strategy's initiatives.
  EXPECT_THAT(
      CountKeysOf(kInitiatives, RecordKey(ResourceKind::kInitiative, "s", "i")),
      Contains(listing::CountKey(kInitiatives, "s/")));
}

TEST(LastSegmentTest, Segments) {
  EXPECT_EQ(LastSegment("strategies/a"), "a");
  EXPECT_EQ(LastSegment("strategies/s/initiatives/i"), "i");
  EXPECT_EQ(LastSegment("plain"), "plain");
  EXPECT_EQ(LastSegment(""), "");
  EXPECT_EQ(LastSegment("trailing/"), "");
  EXPECT_EQ(LastSegment("/lead"), "lead");
}

}  // namespace
}  // namespace busan::catalog
