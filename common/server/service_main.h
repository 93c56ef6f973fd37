// ServiceMain is the whole life of a service binary, so each main.cc is a
// few lines: parse flags and load the bearer tokens file (exit 2 on
// misuse), start the Service (service.h; exit 1 when the data directory is
// unusable or locked or a port cannot be bound), reload the tokens and TLS
// files on SIGHUP or when they change, and on SIGTERM or SIGINT stop the
// Service (drain, close the store) and exit 0.
#ifndef BUSAN_COMMON_SERVER_SERVICE_MAIN_H_
#define BUSAN_COMMON_SERVER_SERVICE_MAIN_H_

#include <string>

#include "common/server/server_config.h"
#include "common/server/service.h"

namespace busan::server {

// Runs a service binary to completion and returns its exit code.
int ServiceMain(const std::string& program, int argc, char** argv,
                ServerConfig defaults, const ModuleFactory& open_module);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_SERVICE_MAIN_H_
