#include "common/server/service_main.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/server/logger.h"

namespace busan::server {
namespace {

// A self-pipe: the handler (which may run on any thread, including ones
// gRPC started before main) only writes the signal number; the main thread
// reads it. write() is async-signal-safe.
int signal_pipe[2] = {-1, -1};

void OnTerminationSignal(int signal_number) {
  const unsigned char byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] ssize_t ignored = write(signal_pipe[1], &byte, 1);
}

bool InstallSignalHandlers() {
  if (pipe(signal_pipe) != 0) return false;
  struct sigaction action = {};
  action.sa_handler = OnTerminationSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  return sigaction(SIGTERM, &action, nullptr) == 0 &&
         sigaction(SIGINT, &action, nullptr) == 0 &&
         sigaction(SIGHUP, &action, nullptr) == 0;
}

// How often a watched file is checked for a change.
constexpr int kWatchIntervalMs = 2000;

// What tells a new version of a file: a rewrite changes the size or mtime,
// a Kubernetes Secret update swaps the file (another inode).
struct FileVersion {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = -1;
  struct timespec mtime = {};
  bool operator==(const FileVersion& other) const {
    return device == other.device && inode == other.inode &&
           size == other.size && mtime.tv_sec == other.mtime.tv_sec &&
           mtime.tv_nsec == other.mtime.tv_nsec;
  }
};

FileVersion VersionOf(const std::string& path) {
  struct stat info = {};
  if (path.empty() || stat(path.c_str(), &info) != 0) return FileVersion();
  return {info.st_dev, info.st_ino, info.st_size, info.st_mtim};
}

std::vector<FileVersion> VersionsOf(const std::vector<std::string>& paths) {
  std::vector<FileVersion> versions;
  for (const std::string& path : paths) versions.push_back(VersionOf(path));
  return versions;
}

// Waits for SIGTERM or SIGINT and returns it. Meanwhile calls `reload` on
// SIGHUP and whenever one of `watched` changes.
int WaitForTerminationSignal(const std::vector<std::string>& watched,
                             const std::function<void(const char*)>& reload) {
  std::vector<FileVersion> versions = VersionsOf(watched);
  for (;;) {
    struct pollfd ready = {signal_pipe[0], POLLIN, 0};
    const int events = poll(&ready, 1, watched.empty() ? -1 : kWatchIntervalMs);
    if (events < 0 && errno != EINTR) return SIGTERM;
    if (events == 0) {
      std::vector<FileVersion> now = VersionsOf(watched);
      if (now != versions) {
        versions = std::move(now);
        reload("file changed");
      }
      continue;
    }
    unsigned char byte = 0;
    if (events < 0 || read(signal_pipe[0], &byte, 1) != 1) continue;
    if (byte != SIGHUP) return byte;
    versions = VersionsOf(watched);
    reload("SIGHUP");
  }
}

// Every connection is a descriptor, and so is every RocksDB file: the
// soft limit (often 1,024 for a process started from a shell) would refuse
// the thousandth client while the hard limit allows far more.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

// Flags, or the exit code to end with: 0 after --help, 2 for a misuse
// (printed with the usage).
std::variant<ServerConfig, int> ParseFlagsOrExit(const std::string& program,
                                                 int argc, char** argv,
                                                 ServerConfig defaults) {
  bool help = false;
  std::string usage;
  absl::StatusOr<ServerConfig> config =
      ParseServerFlags(program, argc, argv, std::move(defaults), &help, &usage);
  if (help) {
    std::cout << usage;
    return 0;
  }
  if (!config.ok()) {
    std::cerr << program << ": " << config.status().message() << "\n" << usage;
    return 2;
  }
  return *std::move(config);
}

// The lines tests and scripts read to learn what the service does and the
// ports it bound.
void PrintServing(const std::string& program, const ServerConfig& config,
                  Service& service) {
  if (service.restored()) {
    std::cout << program << ": restored the newest backup of "
              << config.restore_from << std::endl;
  }
  GrpcServer& server = service.server();
  std::cout << program << ": serving on " << server.address() << " (data in "
            << config.data_dir << ")" << std::endl;
  if (!server.health_address().empty()) {
    std::cout << program << ": health on " << server.health_address()
              << std::endl;
  }
  if (!server.metrics_address().empty()) {
    std::cout << program << ": metrics on " << server.metrics_address()
              << std::endl;
  }
}

void PrintTokens(const std::string& program, const Authorizer& authorizer) {
  std::cout << program << ": bearer tokens required ("
            << authorizer.token_count() << " loaded, "
            << authorizer.count_with_role(Access::kRead) << " read-only, "
            << authorizer.count_with_role(Access::kAdmin) << " admin)"
            << std::endl;
}

}  // namespace

int ServiceMain(const std::string& program, int argc, char** argv,
                ServerConfig defaults, const ModuleFactory& open_module) {
  RaiseDescriptorLimit();
  // Debian builds Abseil without NDEBUG, so every absl::Mutex (gRPC's
  // locks are absl::Mutex too) would keep a lock-order graph to detect
  // deadlocks: about a tenth of the instructions of a GetProject call,
  // measured with callgrind. That is a debugging aid, not a safety net, in
  // a release server.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (!InstallSignalHandlers()) {
    std::cerr << program << ": cannot install signal handlers\n";
    return 1;
  }
  std::variant<ServerConfig, int> parsed =
      ParseFlagsOrExit(program, argc, argv, std::move(defaults));
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  const ServerConfig& config = std::get<ServerConfig>(parsed);

  // From here on, what happens is logged as JSON on stderr; stdout keeps the
  // lines scripts read (the bound addresses).
  const Logger logger(config.log_level);
  const auto fatal = [&](absl::string_view message, int exit_code) {
    logger.Log(LogLevel::kError, "fatal",
               {{"program", program}, {"message", message}});
    return exit_code;
  };

  // Loaded before the service so that it outlives it. A bad tokens file is
  // a bad flag value: exit 2 before touching the data.
  std::unique_ptr<Authorizer> authorizer;
  if (!config.auth_tokens_file.empty()) {
    absl::StatusOr<std::unique_ptr<Authorizer>> loaded =
        Authorizer::FromFile(config.auth_tokens_file);
    if (!loaded.ok()) {
      return fatal(
          absl::StrCat("flag --auth_tokens_file: ", loaded.status().message()),
          2);
    }
    authorizer = std::move(*loaded);
    PrintTokens(program, *authorizer);
  }

  ServiceHooks hooks;
  hooks.program = program;
  hooks.authorizer = authorizer.get();
  hooks.logger = &logger;
  absl::StatusOr<std::unique_ptr<Service>> service =
      Service::Start(config, open_module, std::move(hooks));
  if (!service.ok()) return fatal(service.status().message(), 1);
  GrpcServer& server = (*service)->server();
  logger.Log(LogLevel::kInfo, "serving",
             {{"program", program},
              {"address", server.address()},
              {"health_address", server.health_address()},
              {"metrics_address", server.metrics_address()},
              {"data_dir", config.data_dir}});
  PrintServing(program, config, **service);

  // Tokens and TLS files rotate without a restart; a refused file keeps
  // what is in force.
  const int signal_number = WaitForTerminationSignal(
      (*service)->ReloadedFiles(),
      [&](const char* cause) { (*service)->Reload(cause); });
  const char* signal_name = signal_number == SIGTERM ? "SIGTERM" : "SIGINT";
  std::cout << program << ": " << signal_name << ", draining" << std::endl;
  logger.Log(LogLevel::kInfo, "draining",
             {{"program", program},
              {"signal", signal_name},
              {"drain_seconds", absl::ToInt64Seconds(config.drain_timeout)}});
  if (absl::Status stopped = (*service)->Stop(config.drain_timeout);
      !stopped.ok()) {
    return fatal(stopped.message(), 1);
  }
  std::cout << program << ": stopped" << std::endl;
  logger.Log(LogLevel::kInfo, "stopped", {{"program", program}});
  return 0;
}

}  // namespace busan::server
