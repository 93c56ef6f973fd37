// An in-memory MetricsService for busanctl's tests, the metrics counterpart
// of FakeCatalogService: standard methods over maps with etags that change
// on every write; rankings upserted by (index, edition, city); meetings
// append-only with overlapping ranges refused; fund flows named in recording
// order; trend, stats, totals and summaries computed from what is stored.
// List filters understand only `field = value` terms joined by AND (what
// busanctl sends); anything else is INVALID_ARGUMENT. Every write received
// is logged so tests can check what the client sent.
#ifndef BUSAN_BUSANCTL_FAKE_METRICS_SERVICE_H_
#define BUSAN_BUSANCTL_FAKE_METRICS_SERVICE_H_

#include <grpcpp/server.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "busan/metrics/v1/metrics.grpc.pb.h"

namespace busan::ctl {

class FakeMetricsService final : public metrics::v1::MetricsService::Service {
 public:
  // One write as received.
  struct Write {
    std::string method;  // "RecordRanking"
    // The resource's name: for Create the name it gets, for Record* the
    // event's name once stored (its parent's name when refused).
    std::string name;
    std::string request_id;
    std::vector<std::string> mask;  // Update only
    std::string etag;               // Update and Delete
    std::string authorization;      // the metadata value, if any
  };

  // Serves on a free loopback port until destroyed.
  FakeMetricsService();
  ~FakeMetricsService() override;

  // "127.0.0.1:PORT".
  const std::string& address() const { return address_; }

  std::vector<Write> writes() const;
  // How many calls of any method arrived.
  int call_count() const;
  // The filter of every List call of events, in order.
  std::vector<std::string> list_filters() const;
  // The last GetMeetingStats request.
  metrics::v1::GetMeetingStatsRequest last_stats_request() const;

  // Stored events, as a List would return them.
  std::vector<metrics::v1::Ranking> rankings() const;
  std::vector<metrics::v1::Meeting> meetings() const;
  std::vector<metrics::v1::FundFlow> flows() const;

  // Makes every write to resource `name` fail with `status`; for Record*
  // calls, `name` is the event's parent (an index, series or fund).
  void FailWritesTo(const std::string& name, grpc::Status status);

  // Store directly, as if another client had written them. Parents get an
  // etag; events get their name.
  void Put(const metrics::v1::RankingIndex& index);
  void Put(const metrics::v1::MeetingSeries& series);
  void Put(const metrics::v1::Fund& fund);
  void Put(const metrics::v1::Ranking& ranking);
  void Put(const metrics::v1::Meeting& meeting);
  void Put(const metrics::v1::FundFlow& flow);

  // grpc::Status handlers; see metrics.proto.
#define BUSAN_FAKE_PARENT_METHODS(R, Plural)                                \
  grpc::Status Create##R(grpc::ServerContext*,                              \
                         const metrics::v1::Create##R##Request*,            \
                         metrics::v1::R*) override;                         \
  grpc::Status Get##R(grpc::ServerContext*,                                 \
                      const metrics::v1::Get##R##Request*, metrics::v1::R*) \
      override;                                                             \
  grpc::Status List##Plural(grpc::ServerContext*,                           \
                            const metrics::v1::List##Plural##Request*,      \
                            metrics::v1::List##Plural##Response*) override; \
  grpc::Status Update##R(grpc::ServerContext*,                              \
                         const metrics::v1::Update##R##Request*,            \
                         metrics::v1::R*) override;                         \
  grpc::Status Delete##R(grpc::ServerContext*,                              \
                         const metrics::v1::Delete##R##Request*,            \
                         google::protobuf::Empty*) override;
  BUSAN_FAKE_PARENT_METHODS(RankingIndex, RankingIndices)
  BUSAN_FAKE_PARENT_METHODS(MeetingSeries, MeetingSeries)
  BUSAN_FAKE_PARENT_METHODS(Fund, Funds)
#undef BUSAN_FAKE_PARENT_METHODS

  grpc::Status RecordRanking(grpc::ServerContext*,
                             const metrics::v1::RecordRankingRequest*,
                             metrics::v1::Ranking*) override;
  grpc::Status ListRankings(grpc::ServerContext*,
                            const metrics::v1::ListRankingsRequest*,
                            metrics::v1::ListRankingsResponse*) override;
  grpc::Status GetRankingTrend(grpc::ServerContext*,
                               const metrics::v1::GetRankingTrendRequest*,
                               metrics::v1::RankingTrend*) override;
  grpc::Status RecordMeeting(grpc::ServerContext*,
                             const metrics::v1::RecordMeetingRequest*,
                             metrics::v1::Meeting*) override;
  grpc::Status ListMeetings(grpc::ServerContext*,
                            const metrics::v1::ListMeetingsRequest*,
                            metrics::v1::ListMeetingsResponse*) override;
  grpc::Status GetMeetingStats(grpc::ServerContext*,
                               const metrics::v1::GetMeetingStatsRequest*,
                               metrics::v1::MeetingStats*) override;
  grpc::Status RecordFundFlow(grpc::ServerContext*,
                              const metrics::v1::RecordFundFlowRequest*,
                              metrics::v1::FundFlow*) override;
  grpc::Status ListFundFlows(grpc::ServerContext*,
                             const metrics::v1::ListFundFlowsRequest*,
                             metrics::v1::ListFundFlowsResponse*) override;
  grpc::Status GetFundTotals(grpc::ServerContext*,
                             const metrics::v1::GetFundTotalsRequest*,
                             metrics::v1::FundTotals*) override;
  grpc::Status SummarizeFunds(grpc::ServerContext*,
                              const metrics::v1::SummarizeFundsRequest*,
                              metrics::v1::SummarizeFundsResponse*) override;

  // Stored resources and the write log (defined in the .cc file).
  struct State;

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_FAKE_METRICS_SERVICE_H_
