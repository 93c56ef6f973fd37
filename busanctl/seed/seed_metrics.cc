// The metrics half of `busanctl seed` (LoadMetricsSeed, declared in seed.h).
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busanctl/seed/seed.h"
#include "busanctl/seed/seed_records.h"
#include "busanctl/typed_client.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;

// Every event of type E under params.parent that matches params.filter.
template <typename E>
absl::StatusOr<std::vector<E>> ListAllEvents(MetricsStub& stub,
                                             const CallOptions& call,
                                             ListParams params) {
  using Api = MetricsEvent<E>;
  using Response = typename Api::ListResponse;
  params.page_size = 1000;
  ASSIGN_OR_RETURN(
      Response response,
      ListPages<Response>(
          call, params, /*all=*/true,
          [&stub](grpc::ClientContext* context, const ListParams& p,
                  Response* out) { return Api::List(stub, context, p, out); },
          [](Response* r) { return Api::Items(r); }));
  const auto& items = *Api::Items(&response);
  return std::vector<E>(items.begin(), items.end());
}

// Which record a failure is about, before the server has named it: the
// event's natural key in words. Once recorded, the server's name is used.
std::string RankingLabel(const v1::Ranking& ranking) {
  return absl::StrCat(ranking.index(), " edition ", ranking.edition(), " for ",
                      ranking.city());
}

std::string MeetingLabel(const v1::Meeting& meeting) {
  return absl::StrCat(meeting.series(), " meeting ", meeting.first_number());
}

// Records `ranking` unless the index holds an equal result for its edition
// and city (see seed.h).
absl::Status SyncRanking(const v1::Ranking& ranking, MetricsStub& stub,
                         const CallOptions& call, SeedMode mode,
                         SeedSummary* summary) {
  const std::string label = RankingLabel(ranking);
  ListParams params;
  params.parent = ranking.index();
  // ValidateSeed checked that the city is an id, so it needs no escaping.
  params.filter = absl::StrCat("city = \"", ranking.city(),
                               "\" AND edition = ", ranking.edition());
  absl::StatusOr<std::vector<v1::Ranking>> found =
      ListAllEvents<v1::Ranking>(stub, call, params);
  if (!found.ok()) {
    return absl::Status(found.status().code(),
                        absl::StrCat(label, ": ", found.status().message()));
  }
  const v1::Ranking* stored = nullptr;
  for (const v1::Ranking& r : *found) {
    if (r.edition() == ranking.edition() && r.city() == ranking.city()) {
      stored = &r;
      break;
    }
  }
  if (stored != nullptr && !InputFieldsDiffer(*stored, ranking)) {
    ++summary->unchanged;
    return absl::OkStatus();
  }
  if (stored != nullptr && mode == SeedMode::kCreateOnly) {
    ++summary->kept;
    return absl::OkStatus();
  }
  v1::Ranking recorded;
  RETURN_IF_ERROR(
      AboutRecord(label, MetricsEvent<v1::Ranking>::Record(
                             stub, NewUnaryContext(call).get(), ranking,
                             uuid::NewRandom(), &recorded)));
  NoteChange(summary, stored == nullptr ? "recorded" : "updated",
             recorded.name().empty() ? label : recorded.name());
  return absl::OkStatus();
}

// Records `meeting` unless its series holds a meeting with the same
// first_number. One that differs is appended to `conflicts`.
absl::Status SyncMeeting(const v1::Meeting& meeting, MetricsStub& stub,
                         const CallOptions& call, SeedMode mode,
                         SeedSummary* summary,
                         std::vector<std::string>* conflicts) {
  const std::string label = MeetingLabel(meeting);
  ListParams params;
  params.parent = meeting.series();
  params.filter = absl::StrCat("first_number = ", meeting.first_number());
  absl::StatusOr<std::vector<v1::Meeting>> found =
      ListAllEvents<v1::Meeting>(stub, call, params);
  if (!found.ok()) {
    return absl::Status(found.status().code(),
                        absl::StrCat(label, ": ", found.status().message()));
  }
  for (const v1::Meeting& stored : *found) {
    if (stored.first_number() != meeting.first_number()) continue;
    const std::vector<std::string> fields =
        DifferingInputFields(stored, meeting);
    if (fields.empty()) {
      ++summary->unchanged;
    } else if (mode == SeedMode::kCreateOnly) {
      ++summary->kept;
    } else {
      conflicts->push_back(absl::StrCat(stored.name(), " differs in ",
                                        absl::StrJoin(fields, ", ")));
    }
    return absl::OkStatus();
  }
  v1::Meeting recorded;
  RETURN_IF_ERROR(
      AboutRecord(label, MetricsEvent<v1::Meeting>::Record(
                             stub, NewUnaryContext(call).get(), meeting,
                             uuid::NewRandom(), &recorded)));
  NoteChange(summary, "recorded",
             recorded.name().empty() ? label : recorded.name());
  return absl::OkStatus();
}

// Records the flows of `seed` that their funds do not hold yet.
absl::Status SyncFundFlows(const seed::v1::Seed& seed, MetricsStub& stub,
                           const CallOptions& call, SeedSummary* summary) {
  // The seed's flows per fund, funds in order of first appearance.
  std::vector<std::string> funds;
  std::map<std::string, std::vector<v1::FundFlow>> wanted;
  for (const v1::FundFlow& flow : seed.fund_flows()) {
    auto [it, inserted] = wanted.try_emplace(flow.fund());
    if (inserted) funds.push_back(flow.fund());
    it->second.push_back(flow);
  }
  for (const std::string& fund : funds) {
    ListParams params;
    params.parent = fund;
    absl::StatusOr<std::vector<v1::FundFlow>> stored =
        ListAllEvents<v1::FundFlow>(stub, call, params);
    if (!stored.ok()) {
      return absl::Status(stored.status().code(),
                          absl::StrCat(fund, ": ", stored.status().message()));
    }
    const std::vector<v1::FundFlow>& flows = wanted[fund];
    const std::vector<int> missing = UnmatchedFundFlows(flows, *stored);
    summary->unchanged += static_cast<int>(flows.size() - missing.size());
    for (int i : missing) {
      v1::FundFlow recorded;
      RETURN_IF_ERROR(AboutRecord(absl::StrCat(fund, " (flow ", i + 1, " of ",
                                               flows.size(), " in the seed)"),
                                  MetricsEvent<v1::FundFlow>::Record(
                                      stub, NewUnaryContext(call).get(),
                                      flows[i], uuid::NewRandom(), &recorded)));
      NoteChange(summary, "recorded",
                 recorded.name().empty() ? absl::StrCat(fund, " flow")
                                         : recorded.name());
    }
  }
  return absl::OkStatus();
}

// A flow's input fields as bytes: equal exactly when the input fields are.
std::string FlowKey(const v1::FundFlow& flow) {
  v1::FundFlow copy = flow;
  resource::ClearOutputOnlyFields(&copy);
  copy.DiscardUnknownFields();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy.SerializeToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace

std::vector<int> UnmatchedFundFlows(const std::vector<v1::FundFlow>& wanted,
                                    const std::vector<v1::FundFlow>& stored) {
  std::map<std::string, int> available;
  for (const v1::FundFlow& flow : stored) ++available[FlowKey(flow)];
  std::vector<int> unmatched;
  for (size_t i = 0; i < wanted.size(); ++i) {
    auto it = available.find(FlowKey(wanted[i]));
    if (it != available.end() && it->second > 0) {
      --it->second;
    } else {
      unmatched.push_back(static_cast<int>(i));
    }
  }
  return unmatched;
}

absl::Status LoadMetricsSeed(const seed::v1::Seed& seed, MetricsStub& stub,
                             const CallOptions& call, SeedSummary* summary,
                             SeedMode mode) {
  RETURN_IF_ERROR(SyncResources<MetricsResource<v1::RankingIndex>>(
      seed.ranking_indices(), stub, call, mode, summary));
  RETURN_IF_ERROR(SyncResources<MetricsResource<v1::MeetingSeries>>(
      seed.meeting_series(), stub, call, mode, summary));
  RETURN_IF_ERROR(SyncResources<MetricsResource<v1::Fund>>(
      seed.funds(), stub, call, mode, summary));
  for (const v1::Ranking& ranking : seed.rankings()) {
    RETURN_IF_ERROR(SyncRanking(ranking, stub, call, mode, summary));
  }
  std::vector<std::string> conflicts;
  for (const v1::Meeting& meeting : seed.meetings()) {
    RETURN_IF_ERROR(
        SyncMeeting(meeting, stub, call, mode, summary, &conflicts));
  }
  RETURN_IF_ERROR(SyncFundFlows(seed, stub, call, summary));
  if (!conflicts.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        conflicts.size() == 1
            ? "a recorded meeting differs"
            : absl::StrCat(conflicts.size(), " recorded meetings differ"),
        " from the seed, and meetings are append-only, so seed cannot "
        "correct them (fix the seed, or delete the series with --force and "
        "seed again): ",
        absl::StrJoin(conflicts, "; ")));
  }
  return absl::OkStatus();
}

}  // namespace busan::ctl
