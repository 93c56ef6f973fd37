// `busanctl dashboard`: the combined view of both services as a table or
// JSON, optionally also as an HTML report. When a service cannot be read it
// prints what it could, marks what is missing, and exits 1.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "busanctl/command.h"
#include "busanctl/report/dashboard_html.h"
#include "busanctl/report/dashboard_table.h"
#include "client/dashboard.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"

namespace busan::ctl {
namespace {

// Writes `contents` to `path` through a temporary file and a rename, so a
// reader (a browser, a web server) never sees half a report.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& contents) {
  const std::string temporary = absl::StrCat(path, ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << contents;
    out.flush();
    if (!out) {
      return absl::FailedPreconditionError(
          absl::StrCat("--html: cannot write \"", temporary, "\""));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("--html: cannot write \"", path, "\""));
  }
  return absl::OkStatus();
}

class DashboardCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[--city=busan] [--html=FILE]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, kSynopsis));
    if (!validation::IsValidId(invocation.flags.city)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--city: \"", invocation.flags.city,
                       "\" is not a city id (", validation::kIdPattern, ")"));
    }
    query_.city = invocation.flags.city;
    html_path_ = invocation.flags.html;
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    const dashboard::v1::Dashboard dashboard =
        client::CollectDashboard(context.client(), query_);
    if (context.format() == OutputFormat::kJson) {
      RETURN_IF_ERROR(PrintMessage(context, dashboard));
    } else {
      // Not a terminal (a log, a pipe, a file): keep to 80 columns, which
      // every viewer shows without wrapping.
      const int width = context.width() > 0 ? context.width() : 80;
      context.out() << RenderDashboardTable(dashboard, width);
    }
    if (!html_path_.empty()) {
      RETURN_IF_ERROR(WriteFileAtomically(
          html_path_,
          RenderDashboardHtml(
              dashboard, absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", absl::Now(),
                                          absl::UTCTimeZone()))));
    }
    if (dashboard.unavailable_size() > 0) {
      std::vector<std::string> missing;
      for (const auto& part : dashboard.unavailable()) {
        missing.push_back(
            absl::StrCat(part.section(), " (", part.error(), ")"));
      }
      return absl::UnavailableError(absl::StrCat(
          "the dashboard is incomplete: ", absl::StrJoin(missing, "; ")));
    }
    return absl::OkStatus();
  }

 private:
  client::DashboardQuery query_;
  std::string html_path_;
};

}  // namespace

void AddDashboardCommand(std::vector<CommandSpec>* table) {
  table->push_back({"dashboard", "", DashboardCommand::kSynopsis,
                    "the combined view: plans and strategies, declared vs "
                    "recorded, rankings, meetings, funds",
                    kCityFlag | kHtmlFlag,
                    [] { return std::make_unique<DashboardCommand>(); }});
}

}  // namespace busan::ctl
