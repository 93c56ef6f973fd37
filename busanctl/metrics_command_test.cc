// The metrics commands' usage errors in-process, without a server (exit 2,
// nothing sent). What they send and print against real services is
// tests/integration/busanctl_metrics_test.cc.
#include <sstream>
#include <string>
#include <vector>

#include "busanctl/app.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Result = RunResult;

Result RunCli(const std::vector<std::string>& args) {
  return RunBusanctlCaptured(args);
}

TEST(MetricsUsageTest, UsageErrorsExitTwoAndSendNothing) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"rankings"},
           {"rankings", "trend", "extra"},
           {"rankings", "trend", "--index=indices/Bad"},
           {"rankings", "trend", "--index=a/b/c"},
           {"rankings", "trend", "--city=Busan"},
           {"rankings", "trend", "--series=x"},
           {"rankings", "list", "--page_size=-1"},
           {"rankings", "record"},
           {"rankings", "record", "--json={\"rank\": \"x\"}"},
           {"meetings", "stats", "--start_date=2025-13-01"},
           {"meetings", "stats", "--end_date=2025-02-29"},
           {"meetings", "stats", "--start_date=2025-06-01",
            "--end_date=2025-01-01"},
           {"meetings", "stats", "--series=meeting-series/"},
           {"meetings", "list", "--group_by=fund"},
           {"funds", "totals"},
           {"funds", "totals", "a", "b"},
           {"funds", "totals", "funds/"},
           {"funds", "summary", "--group_by=month"},
           {"funds", "summary", "--group_by=group_by_unspecified"},
           {"funds", "flows"},
           {"funds", "record", "--json=[]"},
           {"indices", "get"},
           {"meeting-series", "update", "s", "--json={}"},
       }) {
    const Result r = RunCli(args);
    EXPECT_EQ(r.status, 2) << testing::PrintToString(args) << r.err;
    EXPECT_THAT(r.err, HasSubstr("usage: busanctl"))
        << testing::PrintToString(args);
    EXPECT_THAT(r.out, IsEmpty());
  }
}

TEST(MetricsUsageTest, HelpDocumentsTheDefaults) {
  Result r = RunCli({"meetings", "stats", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("may be left out when only one series exists"));
  r = RunCli({"rankings", "trend", "--help"});
  EXPECT_THAT(r.out, HasSubstr("(default \"indices/smart-centres-index\")"));
  EXPECT_THAT(r.out, HasSubstr("(default \"busan\")"));
}

}  // namespace
}  // namespace busan::ctl
