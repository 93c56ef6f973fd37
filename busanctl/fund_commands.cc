// `funds ...`: the standard methods of funds, and `funds totals|summary|
// flows|record` for the money recorded in them.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "busanctl/metrics_commands.h"
#include "busanctl/report/metrics_tables.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::metrics::v1;
using FundApi = MetricsResource<v1::Fund>;

class TotalsCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "FUND";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    ASSIGN_OR_RETURN(
        *request_.mutable_fund(),
        ParseParentName("FUND", FundApi::kCollection, invocation.args[0]));
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    v1::FundTotals totals;
    RETURN_IF_ERROR(FromGrpcStatus(context.metrics().GetFundTotals(
        NewUnaryContext(context.call()).get(), request_, &totals)));
    if (context.format() == OutputFormat::kJson) {
      return PrintMessage(context, totals);
    }
    if (totals.fund().empty()) totals.set_fund(request_.fund());
    context.out() << RenderFundTotals(totals);
    return absl::OkStatus();
  }

 private:
  v1::GetFundTotalsRequest request_;
};

class SummaryCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[--group_by=fund|strategy|project|year]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    v1::SummarizeFundsRequest::GroupBy group_by;
    if (!v1::SummarizeFundsRequest::GroupBy_Parse(
            absl::AsciiStrToUpper(invocation.flags.group_by), &group_by) ||
        group_by == v1::SummarizeFundsRequest::GROUP_BY_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("--group_by: must be fund, strategy, project or year, "
                       "not \"",
                       invocation.flags.group_by, "\""));
    }
    request_.set_group_by(group_by);
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    v1::SummarizeFundsResponse summary;
    RETURN_IF_ERROR(FromGrpcStatus(context.metrics().SummarizeFunds(
        NewUnaryContext(context.call()).get(), request_, &summary)));
    if (context.format() == OutputFormat::kJson) {
      return PrintMessage(context, summary);
    }
    context.out()
        << SummaryTable(summary, request_.group_by()).Render(context.width());
    return absl::OkStatus();
  }

 private:
  v1::SummarizeFundsRequest request_;
};

class FlowsCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "FUND [--filter=F] [--order_by=O] [--page_size=N] [--page_token=T] "
      "[--all]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    ASSIGN_OR_RETURN(all_, ParseListFlags(invocation, &params_));
    ASSIGN_OR_RETURN(
        params_.parent,
        ParseParentName("FUND", FundApi::kCollection, invocation.args[0]));
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    return ListEvents<v1::FundFlow>(context, params_, all_);
  }

 private:
  ListParams params_;
  bool all_ = false;
};

}  // namespace

void AddFundCommands(std::vector<CommandSpec>* table) {
  AddResourceCommands<FundApi>(table);
  table->push_back({"funds", "totals", TotalsCommand::kSynopsis,
                    "a fund's totals per flow type and progress to target", 0,
                    Make<TotalsCommand>()});
  table->push_back({"funds", "summary", SummaryCommand::kSynopsis,
                    "totals of all funds per fund, strategy, project or year",
                    kGroupByFlag, Make<SummaryCommand>()});
  table->push_back({"funds", "flows", FlowsCommand::kSynopsis,
                    "list the flows recorded in a fund", kListFlags,
                    Make<FlowsCommand>()});
  table->push_back({"funds", "record", RecordCommand<v1::FundFlow>::kSynopsis,
                    "record money committed, raised, allocated or spent",
                    kJsonFlag, Make<RecordCommand<v1::FundFlow>>()});
}

}  // namespace busan::ctl
