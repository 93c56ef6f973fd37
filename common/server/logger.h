// Logger writes one JSON object per line to a file descriptor (stderr in
// the servers), so a cluster's log pipeline can index every field:
//
//   {"time":"2026-12-02T18:48:29.123456Z","level":"info","event":"rpc",
//    "method":"/busan.catalog.v1.CatalogService/GetProject","code":"OK",...}
//
// Each line is written with a single write(2), so lines from concurrent
// calls never interleave. Values are strings or integers; strings are
// escaped per RFC 8259 (control characters as \u00XX), so whatever a caller
// sends cannot break a line or forge a field.
#ifndef BUSAN_COMMON_SERVER_LOGGER_H_
#define BUSAN_COMMON_SERVER_LOGGER_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace busan::server {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// "debug", "info", "warning" or "error"; INVALID_ARGUMENT otherwise.
absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name);
absl::string_view LogLevelName(LogLevel level);

// One "key": value member of a line. Keys are the caller's literals.
class LogField {
 public:
  LogField(absl::string_view key, absl::string_view value);
  LogField(absl::string_view key, const char* value)
      : LogField(key, absl::string_view(value)) {}
  LogField(absl::string_view key, const std::string& value)
      : LogField(key, absl::string_view(value)) {}
  LogField(absl::string_view key, int64_t value);
  LogField(absl::string_view key, int value)
      : LogField(key, static_cast<int64_t>(value)) {}

  absl::string_view key() const { return key_; }
  // The value as JSON text (quoted and escaped for strings).
  const std::string& json() const { return json_; }

 private:
  absl::string_view key_;
  std::string json_;
};

class Logger {
 public:
  // Writes lines of `min_level` and above to `fd` (not owned).
  explicit Logger(LogLevel min_level, int fd = 2)
      : min_level_(min_level), fd_(fd) {}

  bool Enabled(LogLevel level) const { return level >= min_level_; }

  // Writes {"time", "level", "event", fields...} as one line when `level`
  // is enabled. Thread-safe.
  void Log(LogLevel level, absl::string_view event,
           std::initializer_list<LogField> fields) const;

 private:
  const LogLevel min_level_;
  const int fd_;
};

// `value` as a JSON string literal, quotes included.
std::string JsonString(absl::string_view value);

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_LOGGER_H_
