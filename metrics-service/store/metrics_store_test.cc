// The write contract of store::ResourceTxn (resource_txn.h), checked on the
// metrics store: where names live, what Put stamps, that a failed body
// writes and consumes nothing, that sequences outlive a reopen, and what
// each list walks.
#include "metrics-service/store/metrics_store.h"

#include <optional>
#include <string>

#include "busan/metrics/v1/metrics.pb.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/empty.pb.h"
#include "gtest/gtest.h"

namespace busan::metrics {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::busan::testing::TempDir;
using google::protobuf::Empty;
using store::Change;
using ::testing::HasSubstr;

class MetricsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    store::StoreOptions options;
    options.data_dir = dir_.path();
    absl::StatusOr<std::unique_ptr<MetricsStore>> opened =
        MetricsStore::Open(options);
    ASSERT_THAT(opened.status(), IsOk());
    store_ = std::move(*opened);
  }

  // Puts `fund` (named funds/{id}) as `change` in one write.
  absl::StatusOr<v1::Fund> PutFund(v1::Fund fund, Change change) {
    absl::StatusOr<RecordRef> ref = RecordRefOf(fund.name());
    if (!ref.ok()) return ref.status();
    return Commit<v1::Fund>([&](MetricsTxn& txn, v1::Fund* out) {
      *out = *txn.Put(*ref, fund, change);
      return absl::OkStatus();
    });
  }

  // One write through the store's only write path, waited for.
  template <typename Response>
  absl::StatusOr<Response> Commit(MetricsStore::Body<Response> body) {
    return resource::Await<Response>(
        {}, [&](resource::WriteCall<Response> call) {
          store_->Submit<Response>(std::move(call), std::move(body));
        });
  }

  // Takes a flow id in a write of its own; 0 when the write failed.
  uint64_t NextFlowId() {
    uint64_t flow = 0;
    absl::Status status = Commit<Empty>([&](MetricsTxn& txn, Empty*) {
                            flow = txn.NextFlowId();
                            return absl::OkStatus();
                          }).status();
    return status.ok() ? flow : 0;
  }

  static v1::Fund Fund(const std::string& id) {
    v1::Fund fund;
    fund.set_name("funds/" + id);
    fund.set_display_name(id);
    return fund;
  }

  TempDir dir_;
  std::unique_ptr<MetricsStore> store_;
};

TEST(RecordRefOfTest, MapsEveryResourceNameToItsFamilyAndKey) {
  struct Case {
    std::string name;
    Family family;
    std::string key;
  };
  for (const Case& c : {
           Case{"indices/sci", kIndices, "sci"},
           Case{"indices/sci/editions/3/cities/busan", kRankings,
                "sci/busan/0000000003"},
           Case{"meeting-series/eecm", kSeries, "eecm"},
           Case{"meeting-series/eecm/meetings/12", kMeetings,
                "eecm/0000000012"},
           Case{"funds/fof", kFunds, "fof"},
           Case{"funds/fof/flows/7", kFlows, "fof/0000000000000007"},
       }) {
    absl::StatusOr<RecordRef> ref = RecordRefOf(c.name);
    ASSERT_THAT(ref.status(), IsOk()) << c.name;
    EXPECT_EQ(ref->name, c.name);
    EXPECT_EQ(ref->family, c.family) << c.name;
    EXPECT_EQ(ref->key, c.key) << c.name;
    EXPECT_NE(ref->type, nullptr);
  }
  for (const char* bad : {"", "funds", "funds/", "plans/x", "funds/fof/flows/x",
                          "funds/fof/meetings/1", "indices/sci/editions/3",
                          "meeting-series/a/b"}) {
    EXPECT_THAT(RecordRefOf(bad).status(),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

std::optional<std::string> NoNarrowing(const query::Filter&) {
  return std::nullopt;
}

TEST(CollectionsTest, ParentsListTheirFamily) {
  struct Case {
    const google::protobuf::Descriptor* type;
    Family family;
  };
  for (const Case& c : {Case{v1::RankingIndex::descriptor(), kIndices},
                        Case{v1::MeetingSeries::descriptor(), kSeries},
                        Case{v1::Fund::descriptor(), kFunds}}) {
    const listing::Collection collection = ParentsCollection(c.type);
    EXPECT_EQ(collection.family, c.family) << c.type->full_name();
    EXPECT_EQ(collection.type, c.type);
    EXPECT_EQ(collection.key_prefix, "");
    EXPECT_EQ(collection.count_family, -1);
  }
}

TEST(CollectionsTest, EventsListTheirParentsRange) {
  absl::StatusOr<RecordRef> index = RecordRefOf("indices/sci");
  ASSERT_THAT(index.status(), IsOk());
  const listing::Collection rankings = EventsCollection(*index, &NoNarrowing);
  EXPECT_EQ(rankings.family, kRankings);
  EXPECT_EQ(rankings.type, v1::Ranking::descriptor());
  EXPECT_EQ(rankings.key_prefix, "sci/");
  EXPECT_EQ(rankings.narrow_for, &NoNarrowing);
  EXPECT_EQ(rankings.key_prefix + RankingsOfCityInIndex("busan"),
            RankingsOfCityPrefix("sci", "busan"));

  absl::StatusOr<RecordRef> fund = RecordRefOf("funds/fof");
  ASSERT_THAT(fund.status(), IsOk());
  const listing::Collection flows = EventsCollection(*fund);
  EXPECT_EQ(flows.family, kFlows);
  EXPECT_EQ(flows.type, v1::FundFlow::descriptor());
  EXPECT_EQ(flows.key_prefix, "fof/");
  EXPECT_EQ(flows.narrow_for, nullptr);
}

TEST_F(MetricsStoreTest, PutStampsTimesAndASequenceEtag) {
  absl::StatusOr<v1::Fund> first = PutFund(Fund("a"), Change::kCreated);
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_EQ(first->etag(), "1");
  EXPECT_TRUE(first->has_create_time());
  EXPECT_EQ(first->update_time().seconds(), first->create_time().seconds());

  // An update keeps the stored create_time, whatever the caller sent.
  v1::Fund changed = *first;
  changed.mutable_create_time()->set_seconds(7);
  changed.set_display_name("changed");
  absl::StatusOr<v1::Fund> second = PutFund(changed, Change::kUpdated);
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_EQ(second->etag(), "2");
  EXPECT_EQ(second->create_time().seconds(), first->create_time().seconds());

  v1::Fund stored;
  ASSERT_THAT(store_->Read(*RecordRefOf("funds/a"), &stored), IsOk());
  EXPECT_EQ(stored.etag(), "2");
  EXPECT_EQ(stored.display_name(), "changed");
}

TEST_F(MetricsStoreTest, AFailedBodyWritesAndConsumesNothing) {
  const RecordRef ref = *RecordRefOf("funds/a");
  absl::StatusOr<v1::Fund> refused =
      Commit<v1::Fund>([&](MetricsTxn& txn, v1::Fund* out) {
        txn.Put(ref, Fund("a"), Change::kCreated);
        txn.NextFlowId();
        return absl::FailedPreconditionError("refused");
      });
  EXPECT_THAT(refused.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::Fund stored;
  EXPECT_THAT(store_->Read(ref, &stored),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("funds/a")));
  // The refused write's sequence and flow id are reused.
  uint64_t flow = 0;
  ASSERT_THAT((Commit<Empty>([&](MetricsTxn& txn, Empty*) {
                 txn.Put(ref, Fund("a"), Change::kCreated);
                 flow = txn.NextFlowId();
                 return absl::OkStatus();
               }).status()),
              IsOk());
  EXPECT_EQ(flow, 1u);
  ASSERT_THAT(store_->Read(ref, &stored), IsOk());
  EXPECT_EQ(stored.etag(), "1");
}

TEST_F(MetricsStoreTest, RemoveDeletesAndARecreateGetsANewEtag) {
  ASSERT_THAT(PutFund(Fund("a"), Change::kCreated).status(), IsOk());
  const RecordRef ref = *RecordRefOf("funds/a");
  // Removed without being loaded first: the transaction loads it.
  ASSERT_THAT((Commit<Empty>([&](MetricsTxn& txn, Empty*) {
                 txn.Remove(ref);
                 return absl::OkStatus();
               }).status()),
              IsOk());
  v1::Fund stored;
  EXPECT_THAT(store_->Read(ref, &stored),
              StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<v1::Fund> again = PutFund(Fund("a"), Change::kCreated);
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(again->etag(), "3");  // 1 created, 2 removed, 3 created
}

TEST_F(MetricsStoreTest, SequencesContinueAfterReopen) {
  ASSERT_THAT(PutFund(Fund("a"), Change::kCreated).status(), IsOk());
  EXPECT_EQ(NextFlowId(), 1u);
  Open();
  absl::StatusOr<v1::Fund> next = PutFund(Fund("b"), Change::kCreated);
  ASSERT_THAT(next.status(), IsOk());
  EXPECT_EQ(next->etag(), "2");
  EXPECT_EQ(NextFlowId(), 2u);
}

}  // namespace
}  // namespace busan::metrics
