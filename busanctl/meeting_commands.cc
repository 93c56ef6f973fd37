// `meeting-series ...` (the standard methods of meeting series) and
// `meetings stats|list|record`.
//
// --series may be left out when exactly one meeting series exists: the
// command asks the service (ListMeetingSeries) and uses that one. With none,
// or with several, it fails (exit status 1) and says to pass --series; it
// never picks one of several silently.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busanctl/metrics_commands.h"
#include "busanctl/report/metrics_tables.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using SeriesApi = MetricsResource<v1::MeetingSeries>;

constexpr char kSeriesSynopsis[] = "[--series=meeting-series/SERIES]";

// The --series value as a name; empty when the flag was left out.
absl::StatusOr<std::string> ParseSeriesFlag(const Invocation& invocation) {
  if (invocation.flags.series.empty()) return std::string();
  return ParseParentName("--series", SeriesApi::kCollection,
                         invocation.flags.series);
}

// `series` when given, else the only series the service has (see above).
absl::StatusOr<std::string> ResolveSeries(Context& context,
                                          const std::string& series) {
  if (!series.empty()) return series;
  ListParams params;
  params.page_size = 2;
  v1::ListMeetingSeriesResponse response;
  RETURN_IF_ERROR(FromGrpcStatus(
      SeriesApi::List(context.metrics(), NewUnaryContext(context.call()).get(),
                      params, &response)));
  const auto& found = response.meeting_series();
  if (found.empty()) {
    return absl::FailedPreconditionError(
        "no meeting series exists; create one (meeting-series create) or "
        "run seed first");
  }
  if (found.size() == 1 && response.next_page_token().empty()) {
    return found[0].name();
  }
  std::vector<std::string> names;
  for (const v1::MeetingSeries& s : found) names.push_back(s.name());
  return absl::InvalidArgumentError(
      absl::StrCat("--series: required when several meeting series exist (",
                   absl::StrJoin(names, ", "),
                   response.next_page_token().empty() ? "" : ", …",
                   "; see meeting-series list)"));
}

// True for a real calendar date written YYYY-MM-DD.
bool IsIsoDate(absl::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(date[i]))) return false;
  }
  const auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

class StatsCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "[--series=meeting-series/SERIES] [--start_date=YYYY-MM-DD] "
      "[--end_date=YYYY-MM-DD]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    ASSIGN_OR_RETURN(series_, ParseSeriesFlag(invocation));
    const CommandFlags& flags = invocation.flags;
    for (const auto& [flag, value] :
         {std::pair{"--start_date", &flags.start_date},
          std::pair{"--end_date", &flags.end_date}}) {
      if (!value->empty() && !IsIsoDate(*value)) {
        return absl::InvalidArgumentError(absl::StrCat(
            flag, ": \"", *value, "\" is not a date of the form YYYY-MM-DD"));
      }
    }
    if (!flags.start_date.empty() && !flags.end_date.empty() &&
        flags.start_date > flags.end_date) {
      return absl::InvalidArgumentError(
          "--end_date: must not be before --start_date");
    }
    request_.set_start_date(flags.start_date);
    request_.set_end_date(flags.end_date);
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    ASSIGN_OR_RETURN(*request_.mutable_series(),
                     ResolveSeries(context, series_));
    v1::MeetingStats stats;
    RETURN_IF_ERROR(FromGrpcStatus(context.metrics().GetMeetingStats(
        NewUnaryContext(context.call()).get(), request_, &stats)));
    if (context.format() == OutputFormat::kJson) {
      return PrintMessage(context, stats);
    }
    if (stats.series().empty()) stats.set_series(request_.series());
    context.out() << RenderMeetingStats(stats, request_.start_date(),
                                        request_.end_date());
    return absl::OkStatus();
  }

 private:
  std::string series_;
  v1::GetMeetingStatsRequest request_;
};

class MeetingsListCommand : public Command {
 public:
  static std::string Synopsis() {
    return absl::StrCat(kSeriesSynopsis,
                        " [--filter=F] [--order_by=O] [--page_size=N] "
                        "[--page_token=T] [--all]");
  }

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, Synopsis()));
    ASSIGN_OR_RETURN(all_, ParseListFlags(invocation, &params_));
    ASSIGN_OR_RETURN(series_, ParseSeriesFlag(invocation));
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    ASSIGN_OR_RETURN(params_.parent, ResolveSeries(context, series_));
    return ListEvents<v1::Meeting>(context, params_, all_);
  }

 private:
  std::string series_;
  ListParams params_;
  bool all_ = false;
};

}  // namespace

void AddMeetingCommands(std::vector<CommandSpec>* table) {
  AddResourceCommands<SeriesApi>(table);
  table->push_back({"meetings", "stats", StatsCommand::kSynopsis,
                    "totals of a meeting series", kSeriesFlag | kDateRangeFlags,
                    Make<StatsCommand>()});
  table->push_back({"meetings", "list", MeetingsListCommand::Synopsis(),
                    "list the meetings of a series", kSeriesFlag | kListFlags,
                    Make<MeetingsListCommand>()});
  table->push_back({"meetings", "record", RecordCommand<v1::Meeting>::kSynopsis,
                    "record one meeting, or a published tally of a range",
                    kJsonFlag, Make<RecordCommand<v1::Meeting>>()});
}

}  // namespace busan::ctl
