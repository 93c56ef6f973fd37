// echo_server: the baseline of the benchmark kit. A bare gRPC server on the
// callback API that answers every Echo with its request: the cost of a call
// through this toolchain's gRPC with no application work, built from the same
// tree and flags as the services it is compared with.
//
//   echo_server --address=127.0.0.1:0
//
// Prints "echo-server: serving on HOST:PORT" once ready (the services print
// the same line), and stops on SIGTERM or SIGINT.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <cstdio>
#include <string>

#include "absl/synchronization/mutex.h"
#include "busan/bench/v1/echo.grpc.pb.h"
#include "common/cli/flags.h"

namespace {

using busan::bench::v1::Echo;
using busan::bench::v1::EchoMessage;

class EchoService final : public Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const EchoMessage* request,
                                 EchoMessage* response) override {
    *response = *request;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string address = "127.0.0.1:0";
  bool help = false;
  busan::cli::FlagSet flags("echo_server");
  flags.String("address", &address, "HOST:PORT to serve on (port 0: any)");
  flags.Bool("help", &help, "print this help");
  auto parsed = flags.Parse(argc, argv);
  if (help || !parsed.ok()) {
    fprintf(stderr, "%s\n%s",
            parsed.ok() ? "" : std::string(parsed.status().message()).c_str(),
            flags.Usage().c_str());
    return help ? 0 : 2;
  }

  // As in the services (common/server/service_main.cc): Debian's Abseil
  // keeps a lock-order graph on every absl::Mutex, gRPC's included, unless
  // told not to. The floor is measured without it, as the services run.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Signals are taken by sigwait on the main thread, so block them before
  // gRPC starts its threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  EchoService service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    fprintf(stderr, "echo-server: cannot serve on %s\n", address.c_str());
    return 1;
  }
  const std::string host = address.substr(0, address.rfind(':'));
  printf("echo-server: serving on %s:%d\n", host.c_str(), port);
  fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server->Shutdown();
  return 0;
}
