// Meetings: single meetings or published tallies over number ranges, which
// may not overlap. Stats come from counters, or from a scan when a date
// range is asked for.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"
#include "metrics-service/domain/counter_deltas.h"
#include "metrics-service/domain/metrics.h"
#include "metrics-service/domain/validation.h"

namespace busan::metrics {
namespace {

// Whether the meeting certainly lies within [start, end] (either may be
// empty = open). Undated meetings and open-ended tallies do not.
bool WithinRange(const v1::Meeting& meeting, const std::string& start,
                 const std::string& end) {
  std::string low, high;
  if (!meeting.date().empty()) {
    validation::DaySpan span = validation::PartialDateSpan(meeting.date());
    low = std::move(span.first);
    high = std::move(span.last);
  } else if (!meeting.period_start().empty() && !meeting.period_end().empty()) {
    low = validation::PartialDateSpan(meeting.period_start()).first;
    high = validation::PartialDateSpan(meeting.period_end()).last;
  } else {
    return false;
  }
  return (start.empty() || low >= start) && (end.empty() || high <= end);
}

void AddToStats(const v1::Meeting& meeting, v1::MeetingStats* stats) {
  const int64_t covered =
      int64_t{meeting.last_number()} - meeting.first_number() + 1;
  stats->set_meeting_count(stats->meeting_count() + covered);
  if (meeting.has_participants()) {
    stats->set_total_participants(stats->total_participants() +
                                  meeting.participants());
    stats->set_meetings_with_participants(stats->meetings_with_participants() +
                                          covered);
  }
  if (meeting.has_policies_adopted()) {
    stats->set_total_policies(stats->total_policies() +
                              meeting.policies_adopted());
    stats->set_meetings_with_policies(stats->meetings_with_policies() +
                                      covered);
  }
  for (const auto& [category, count] : meeting.policies_by_category()) {
    (*stats->mutable_policies_by_category())[category] += count;
  }
  if (meeting.has_budget_secured_krw()) {
    stats->set_budget_secured_krw(stats->budget_secured_krw() +
                                  meeting.budget_secured_krw());
    stats->set_meetings_with_budget(stats->meetings_with_budget() + covered);
  }
}

}  // namespace

void Metrics::RecordMeeting(v1::Meeting meeting, WriteCall<v1::Meeting> call) {
  if (absl::Status valid = ValidateMeeting(meeting); !valid.ok()) {
    return call.Finish(std::move(valid));
  }
  resource::ClearOutputOnlyFields(&meeting);
  store_->Submit<v1::Meeting>(
      std::move(call),
      [this, meeting = std::move(meeting)](
          MetricsTxn& txn, v1::Meeting* out) mutable -> absl::Status {
        std::string series_id;
        ASSIGN_OR_RETURN(
            const v1::MeetingSeries* series,
            LoadParent<v1::MeetingSeries>(txn, "meeting.series",
                                          meeting.series(), &series_id));
        for (const auto& [category, count] : meeting.policies_by_category()) {
          if (series->policy_categories_size() > 0 &&
              std::find(series->policy_categories().begin(),
                        series->policy_categories().end(),
                        category) == series->policy_categories().end()) {
            return absl::InvalidArgumentError(absl::StrCat(
                "meeting.policies_by_category: \"", category,
                "\" is not a policy category of ", meeting.series()));
          }
        }
        // Ranges never overlap, so only the range starting at or before
        // this one's last number can collide.
        v1::Meeting existing;
        ASSIGN_OR_RETURN(RecordRef last, RecordRefOf(absl::StrCat(
                                             meeting.series(), "/meetings/",
                                             meeting.last_number())));
        ASSIGN_OR_RETURN(bool found, txn.ReadAtOrBefore(last, &existing));
        if (found) {
          if (existing.last_number() >= meeting.first_number()) {
            return absl::AlreadyExistsError(absl::StrCat(
                "meeting: numbers ", meeting.first_number(), "-",
                meeting.last_number(), " overlap ", existing.name(), " (",
                existing.first_number(), "-", existing.last_number(), ")"));
          }
        }
        TotalChanges totals;
        AddMeetingDeltas(meeting, series_id, 1, &totals);
        RETURN_IF_ERROR(txn.AddTotals(totals, "meeting"));
        meeting.set_name(absl::StrCat(meeting.series(), "/meetings/",
                                      meeting.first_number()));
        ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(meeting.name()));
        *out = *txn.Put(ref, std::move(meeting), store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Metrics::ListMeetings(const ListQuery& query,
                                   v1::ListMeetingsResponse* response) const {
  return ListEvents<v1::MeetingSeries>(query, response,
                                       response->mutable_meetings());
}

absl::Status Metrics::GetMeetingStats(const v1::GetMeetingStatsRequest& request,
                                      v1::MeetingStats* stats) const {
  ASSIGN_OR_RETURN(
      std::string series_id,
      ParseParentName(KindOf<v1::MeetingSeries>(), "series", request.series()));
  for (const auto& [field, date] : {std::pair<const char*, const std::string&>{
                                        "start_date", request.start_date()},
                                    {"end_date", request.end_date()}}) {
    RETURN_IF_ERROR(validation::CheckPartialDate(field, date));
    if (!date.empty() && date.size() != 10) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": must be a full date YYYY-MM-DD"));
    }
  }
  ASSIGN_OR_RETURN(RecordRef series_ref, RecordRefOf(request.series()));
  v1::MeetingSeries series;
  RETURN_IF_ERROR(store_->Read(series_ref, &series));
  stats->set_series(request.series());

  if (!request.start_date().empty() || !request.end_date().empty()) {
    v1::Meeting meeting;
    return store_->ScanEvents(series_ref, &meeting, [&](const RecordRef&) {
      if (WithinRange(meeting, request.start_date(), request.end_date())) {
        AddToStats(meeting, stats);
      }
      return true;
    });
  }

  // O(1) in the number of meetings: one counter range per series.
  return store_->ScanTotals(
      "m", series_id, [&](absl::string_view field, int64_t value) {
        if (absl::ConsumePrefix(&field, "cat:")) {
          if (value != 0) {
            (*stats->mutable_policies_by_category())[std::string(field)] =
                value;
          }
        } else if (field == "count") {
          stats->set_meeting_count(value);
        } else if (field == "participants") {
          stats->set_total_participants(value);
        } else if (field == "with_participants") {
          stats->set_meetings_with_participants(value);
        } else if (field == "policies") {
          stats->set_total_policies(value);
        } else if (field == "with_policies") {
          stats->set_meetings_with_policies(value);
        } else if (field == "budget") {
          stats->set_budget_secured_krw(value);
        } else if (field == "with_budget") {
          stats->set_meetings_with_budget(value);
        }
      });
}

}  // namespace busan::metrics
