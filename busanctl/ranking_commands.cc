// `indices ...` (the standard methods of ranking indices) and `rankings
// trend|list|record`.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busanctl/metrics_commands.h"
#include "busanctl/report/metrics_tables.h"
#include "common/validation/validators.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;

class TrendCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "[--index=indices/smart-centres-index] [--city=busan]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    ASSIGN_OR_RETURN(
        *request_.mutable_index(),
        ParseParentName("--index", "indices", invocation.flags.index));
    if (!validation::IsValidId(invocation.flags.city)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--city: \"", invocation.flags.city,
                       "\" is not a city id (", validation::kIdPattern, ")"));
    }
    request_.set_city(invocation.flags.city);
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    v1::RankingTrend trend;
    RETURN_IF_ERROR(FromGrpcStatus(context.metrics().GetRankingTrend(
        NewUnaryContext(context.call()).get(), request_, &trend)));
    if (context.format() == OutputFormat::kJson) {
      return PrintMessage(context, trend);
    }
    context.out() << RenderRankingTrend(trend, context.width());
    return absl::OkStatus();
  }

 private:
  v1::GetRankingTrendRequest request_;
};

class RankingsListCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "[--index=indices/smart-centres-index] [--filter=F] [--order_by=O] "
      "[--page_size=N] [--page_token=T] [--all]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    ASSIGN_OR_RETURN(all_, ParseListFlags(invocation, &params_));
    ASSIGN_OR_RETURN(params_.parent, ParseParentName("--index", "indices",
                                                     invocation.flags.index));
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    return ListEvents<v1::Ranking>(context, params_, all_);
  }

 private:
  ListParams params_;
  bool all_ = false;
};

}  // namespace

void AddRankingCommands(std::vector<CommandSpec>* table) {
  AddResourceCommands<MetricsResource<v1::RankingIndex>>(table);
  table->push_back({"rankings", "trend", TrendCommand::kSynopsis,
                    "a city's rank in each edition of an index, with changes",
                    kIndexFlag | kCityFlag, Make<TrendCommand>()});
  table->push_back({"rankings", "list", RankingsListCommand::kSynopsis,
                    "list the results recorded in an index",
                    kIndexFlag | kListFlags, Make<RankingsListCommand>()});
  table->push_back({"rankings", "record", RecordCommand<v1::Ranking>::kSynopsis,
                    "record (or replace) one city's result in one edition",
                    kJsonFlag, Make<RecordCommand<v1::Ranking>>()});
}

}  // namespace busan::ctl
