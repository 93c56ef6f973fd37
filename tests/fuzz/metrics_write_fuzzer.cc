// Programs of metrics writes (see ForEachOperation in write_fuzzing.h: a
// selector byte per operation picks the method, see Apply; a length and the
// serialized request follow), each run on a fresh in-memory store.
//
// Invariants: every refusal has a documented code; a created or updated
// parent reads back as written; and, after every program, every fund's
// totals equal the sums of its stored flows by type.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "busan/metrics/v1/metrics.pb.h"
#include "metrics-service/domain/metrics.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/write_fuzzing.h"

namespace {

namespace v1 = busan::metrics::v1;
using busan::fuzzing::CheckDocumentedCode;
using busan::fuzzing::CheckedAdd;
using busan::fuzzing::CheckReadBack;
using busan::fuzzing::Run;
using busan::metrics::Metrics;

void CheckFundTotals(const Metrics& metrics) {
  busan::listing::ListQuery funds_query;
  funds_query.page_size = 1000;
  v1::ListFundsResponse funds;
  FUZZ_CHECK(
      metrics.List<v1::Fund>(funds_query, &funds, funds.mutable_funds()).ok(),
      "ListFunds failed");
  for (const v1::Fund& fund : funds.funds()) {
    // Amounts are positive (validation refuses others), so a sum that
    // leaves int64 means the fund's total does too, which the domain must
    // have refused with OUT_OF_RANGE.
    std::map<int, int64_t> by_type;
    int64_t count = 0;
    bool overflowed = false;
    busan::listing::ListQuery query;
    query.parent = fund.name();
    query.page_size = 1000;
    do {
      v1::ListFundFlowsResponse page;
      const absl::Status status = metrics.ListFundFlows(query, &page);
      FUZZ_CHECK(status.ok(), "ListFundFlows: %s", status.ToString().c_str());
      for (const v1::FundFlow& flow : page.flows()) {
        CheckedAdd(flow.amount_krw(), &by_type[flow.type()], &overflowed);
        CheckedAdd(1, &count, &overflowed);
      }
      query.page_token = page.next_page_token();
    } while (!query.page_token.empty());
    FUZZ_CHECK(!overflowed, "%s: its flows sum past int64, yet were stored",
               fund.name().c_str());
    v1::FundTotals totals;
    FUZZ_CHECK(metrics.GetFundTotals(fund.name(), &totals).ok(),
               "GetFundTotals %s failed", fund.name().c_str());
    FUZZ_CHECK(totals.flow_count() == count &&
                   totals.committed_krw() == by_type[v1::FundFlow::COMMITTED] &&
                   totals.raised_krw() == by_type[v1::FundFlow::RAISED] &&
                   totals.allocated_krw() == by_type[v1::FundFlow::ALLOCATED] &&
                   totals.executed_krw() == by_type[v1::FundFlow::EXECUTED],
               "%s: totals differ from its %lld stored flows",
               fund.name().c_str(), static_cast<long long>(count));
  }
}

void Apply(Metrics& m, uint8_t method, const uint8_t* bytes, size_t size) {
  auto index = [&m](absl::string_view n, v1::RankingIndex* r) {
    return m.Get<v1::RankingIndex>(n, r);
  };
  auto series = [&m](absl::string_view n, v1::MeetingSeries* r) {
    return m.Get<v1::MeetingSeries>(n, r);
  };
  auto fund = [&m](absl::string_view n, v1::Fund* r) {
    return m.Get<v1::Fund>(n, r);
  };
  switch (method % 12) {
    case 0:
      Run<v1::CreateRankingIndexRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(
                m.Create<v1::RankingIndex>(r.index_id(), r.index(), w),
                "CreateRankingIndex", index);
          });
      break;
    case 1:
      Run<v1::UpdateRankingIndexRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(
                m.Update<v1::RankingIndex>(r.index(), r.update_mask(), w),
                "UpdateRankingIndex", index);
          });
      break;
    case 2:
      Run<v1::DeleteRankingIndexRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(
                m.Delete<v1::RankingIndex>(r.name(), r.etag(), r.force(), w),
                "DeleteRankingIndex");
          });
      break;
    case 3:
      Run<v1::RecordRankingRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(m.RecordRanking(r.ranking(), w).status(),
                                "RecordRanking");
          });
      break;
    case 4:
      Run<v1::CreateMeetingSeriesRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(
                m.Create<v1::MeetingSeries>(r.series_id(), r.series(), w),
                "CreateMeetingSeries", series);
          });
      break;
    case 5:
      Run<v1::UpdateMeetingSeriesRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(
                m.Update<v1::MeetingSeries>(r.series(), r.update_mask(), w),
                "UpdateMeetingSeries", series);
          });
      break;
    case 6:
      Run<v1::DeleteMeetingSeriesRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(
                m.Delete<v1::MeetingSeries>(r.name(), r.etag(), r.force(), w),
                "DeleteMeetingSeries");
          });
      break;
    case 7:
      Run<v1::RecordMeetingRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(m.RecordMeeting(r.meeting(), w).status(),
                                "RecordMeeting");
          });
      break;
    case 8:
      Run<v1::CreateFundRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(m.Create<v1::Fund>(r.fund_id(), r.fund(), w),
                          "CreateFund", fund);
          });
      break;
    case 9:
      Run<v1::UpdateFundRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckReadBack(m.Update<v1::Fund>(r.fund(), r.update_mask(), w),
                          "UpdateFund", fund);
          });
      break;
    case 10:
      Run<v1::DeleteFundRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(
                m.Delete<v1::Fund>(r.name(), r.etag(), r.force(), w),
                "DeleteFund");
          });
      break;
    case 11:
      Run<v1::RecordFundFlowRequest>(
          bytes, size, [&](const auto& r, const auto& w) {
            CheckDocumentedCode(m.RecordFundFlow(r.flow(), w).status(),
                                "RecordFundFlow");
          });
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  busan::fuzzing::FreshService<Metrics, busan::metrics::MetricsOptions> metrics;
  busan::fuzzing::ForEachOperation(
      data, size, [&](uint8_t selector, const uint8_t* bytes, size_t length) {
        Apply(*metrics, selector, bytes, length);
      });
  CheckFundTotals(*metrics);
  return 0;
}
