// The combined view of both services in one call: for each plan and
// strategy what was declared, what is recorded and what money flowed to it;
// the city's ranking trends; meeting-series tallies; fund totals against
// their targets. See proto/busan/dashboard/v1/dashboard.proto.
#ifndef BUSAN_CLIENT_DASHBOARD_H_
#define BUSAN_CLIENT_DASHBOARD_H_

#include <string>

#include "busan/dashboard/v1/dashboard.pb.h"
#include "client/busan_client.h"

namespace busan::client {

struct DashboardQuery {
  // The city whose rankings are shown (a ranking's city id).
  std::string city = "busan";
};

// Reads both services: the catalog and each metrics section (rankings,
// meetings, funds) are read concurrently. Never fails as a whole: a part
// that cannot be read is left out and named in `unavailable` with the
// reason, so a caller can show the rest and still tell it is incomplete.
dashboard::v1::Dashboard CollectDashboard(BusanClient& client,
                                          const DashboardQuery& query);

}  // namespace busan::client

#endif  // BUSAN_CLIENT_DASHBOARD_H_
