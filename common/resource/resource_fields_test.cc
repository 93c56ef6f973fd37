#include "common/resource/resource_fields.h"

#include <set>
#include <string>

#include "busan/catalog/v1/catalog.pb.h"
#include "busan/metrics/v1/metrics.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::resource {
namespace {

using ::testing::UnorderedElementsAreArray;

std::set<std::string> OutputOnlyOf(const google::protobuf::Descriptor& type) {
  std::set<std::string> names;
  for (int i = 0; i < type.field_count(); ++i) {
    if (IsOutputOnly(*type.field(i))) names.insert(type.field(i)->name());
  }
  return names;
}

// The contract, written out once more on purpose: a field that loses or
// gains the option in a .proto changes what clients may send.
TEST(IsOutputOnlyTest, MarksServerSetFieldsOfEveryResource) {
  const std::set<std::string> times_and_etag = {"create_time", "update_time",
                                                "etag"};
  const std::set<std::string> derived = {"project_count", "total_budget_krw",
                                         "unbudgeted_project_count",
                                         "origin_counts", "progress"};
  auto with = [](std::set<std::string> a, std::set<std::string> b) {
    a.insert(b.begin(), b.end());
    return a;
  };
  EXPECT_THAT(
      OutputOnlyOf(*catalog::v1::Plan::descriptor()),
      UnorderedElementsAreArray(with(with(times_and_etag, derived),
                                     {"strategy_count", "initiative_count"})));
  EXPECT_THAT(OutputOnlyOf(*catalog::v1::Strategy::descriptor()),
              UnorderedElementsAreArray(
                  with(with(times_and_etag, derived), {"initiative_count"})));
  EXPECT_THAT(OutputOnlyOf(*catalog::v1::Initiative::descriptor()),
              UnorderedElementsAreArray(with(times_and_etag, derived)));
  EXPECT_THAT(
      OutputOnlyOf(*catalog::v1::Project::descriptor()),
      UnorderedElementsAreArray(with(times_and_etag, {"status_updates"})));
  for (const google::protobuf::Descriptor* parent :
       {metrics::v1::RankingIndex::descriptor(),
        metrics::v1::MeetingSeries::descriptor(),
        metrics::v1::Fund::descriptor()}) {
    EXPECT_THAT(OutputOnlyOf(*parent),
                UnorderedElementsAreArray(times_and_etag))
        << parent->full_name();
  }
  // Events are named by the server.
  EXPECT_THAT(OutputOnlyOf(*metrics::v1::Ranking::descriptor()),
              UnorderedElementsAreArray(
                  std::set<std::string>{"name", "create_time", "update_time"}));
  for (const google::protobuf::Descriptor* event :
       {metrics::v1::Meeting::descriptor(),
        metrics::v1::FundFlow::descriptor()}) {
    EXPECT_THAT(
        OutputOnlyOf(*event),
        UnorderedElementsAreArray(std::set<std::string>{"name", "create_time"}))
        << event->full_name();
  }
}

TEST(ClearOutputOnlyFieldsTest, ClearsOnlyWhatTheServerSets) {
  catalog::v1::Strategy strategy;
  strategy.set_name("strategies/s");
  strategy.set_plan("plans/p");
  strategy.set_declared_budget_krw(5);
  strategy.set_project_count(3);
  strategy.set_etag("7");
  strategy.mutable_create_time()->set_seconds(1);
  ClearOutputOnlyFields(&strategy);
  EXPECT_EQ(strategy.name(), "strategies/s");
  EXPECT_EQ(strategy.plan(), "plans/p");
  EXPECT_EQ(strategy.declared_budget_krw(), 5);
  EXPECT_EQ(strategy.project_count(), 0);
  EXPECT_EQ(strategy.etag(), "");
  EXPECT_FALSE(strategy.has_create_time());
}

}  // namespace
}  // namespace busan::resource
