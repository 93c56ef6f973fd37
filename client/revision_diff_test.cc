#include "client/revision_diff.h"

#include "busan/catalog/v1/catalog.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::client {
namespace {

using catalog::v1::Project;
using ::testing::ElementsAre;
using ::testing::FieldsAre;
using ::testing::IsEmpty;

Project Harbour() {
  Project project;
  project.set_name("projects/x");
  project.set_display_name("Harbour");
  project.set_budget_krw(100);
  project.set_stage(Project::PLANNED);
  project.add_tags("port");
  project.set_etag("3");
  return project;
}

TEST(RevisionDiffTest, ListsEachChangedFieldWithBothValues) {
  const Project before = Harbour();
  Project after = before;
  after.set_budget_krw(250);
  after.set_stage(Project::IN_PROGRESS);
  after.add_tags("logistics");
  after.clear_display_name();
  after.set_etag("9");
  after.mutable_update_time()->set_seconds(5);
  EXPECT_THAT(DiffFields(&before, after),
              ElementsAre(FieldsAre("display_name", "\"Harbour\"", "\"\""),
                          FieldsAre("stage", "PLANNED", "IN_PROGRESS"),
                          FieldsAre("budget_krw", "100", "250"),
                          FieldsAre("tags", "[\"port\"]",
                                    "[\"port\", \"logistics\"]")));
}

TEST(RevisionDiffTest, AbsentIsNotZero) {
  Project before = Harbour();
  Project after = before;
  after.set_budget_krw(0);
  before.clear_budget_krw();
  EXPECT_THAT(DiffFields(&before, after),
              ElementsAre(FieldsAre("budget_krw", "(absent)", "0")));
}

TEST(RevisionDiffTest, SameContentAndBookkeepingOnlyIsNoChange) {
  const Project before = Harbour();
  Project after = before;
  after.set_etag("10");
  after.mutable_create_time()->set_seconds(1);
  EXPECT_THAT(DiffFields(&before, after), IsEmpty());
}

TEST(RevisionDiffTest, WithoutABaseEverySetFieldIsListed) {
  catalog::v1::Strategy strategy;
  strategy.set_display_name("S");
  strategy.mutable_origin_counts()->set_new_count(2);
  EXPECT_THAT(
      DiffFields(nullptr, strategy),
      ElementsAre(FieldsAre("display_name", "(absent)", "\"S\""),
                  FieldsAre("origin_counts", "(absent)", "{new_count: 2}")));
}

}  // namespace
}  // namespace busan::client
