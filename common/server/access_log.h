// The access log: one line per call through Logger, written when the call
// sends its status (or is torn down without one):
//
//   {"time":...,"level":"info","event":"rpc",
//    "method":"/busan.catalog.v1.CatalogService/CreateProject",
//    "code":"OK","latency_us":812,"principal":"token:3f9a0c1b22de",
//    "request_id":"6c1f...","peer":"ipv4:10.0.3.7:51234"}
//
// Levels: error for INTERNAL, UNKNOWN and DATA_LOSS (a fault of ours);
// warning for UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED
// (overload or a failing store); info for the rest; health checks and
// reflection at debug, so probes do not flood the log. request_id is the
// request's `request_id` field when the method's request has one and it
// is set. Tokens never appear (see CallerPrincipal).
#ifndef BUSAN_COMMON_SERVER_ACCESS_LOG_H_
#define BUSAN_COMMON_SERVER_ACCESS_LOG_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "common/server/logger.h"

namespace busan::server {

// `protobuf_methods` are the full names ("/pkg.Service/Method") whose
// messages are generated protobuf classes, the only ones whose request_id
// is read. `logger` must outlive every server built with the factory.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewAccessLogFactory(const Logger* logger,
                    std::vector<std::string> protobuf_methods);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_ACCESS_LOG_H_
