// What the write fuzzers share: the input format (a program of writes),
// the fresh store each program runs on, the write context a server would
// build, the codes a refusal may have, the read-back check and checked sums.
#ifndef BUSAN_TESTS_FUZZ_WRITE_FUZZING_H_
#define BUSAN_TESTS_FUZZ_WRITE_FUZZING_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/store/request_log.h"
#include "google/protobuf/util/message_differencer.h"
#include "rocksdb/env.h"
#include "tests/fuzz/fuzz_check.h"

namespace busan::fuzzing {

// Every refusal a write may give a client, as documented; INTERNAL,
// UNKNOWN, DATA_LOSS and the rest would be bugs.
inline void CheckDocumentedCode(const absl::Status& status,
                                const char* method) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kOutOfRange:
      return;
    default:
      FUZZ_CHECK(false, "%s: undocumented %s", method,
                 status.ToString().c_str());
  }
}

// Whether the write being run carries a request_id: its answer may then be
// the replay of an earlier one (AIP-155), older than what is stored now.
inline bool& MayBeReplay() {
  static bool may_be_replay = false;
  return may_be_replay;
}

// A resource a write returned reads back exactly so (unless the answer may
// be a replay).
template <typename T, typename Get>
void CheckReadBack(const absl::StatusOr<T>& written, const char* method,
                   Get get) {
  CheckDocumentedCode(written.status(), method);
  if (!written.ok() || MayBeReplay()) return;
  T read;
  const absl::Status status = get(written->name(), &read);
  FUZZ_CHECK(
      status.ok() &&
          google::protobuf::util::MessageDifferencer::Equals(read, *written),
      "%s: %s does not read back as written", method, written->name().c_str());
}

// Parses `bytes` as Request and runs `write(request, context)`; nothing
// when the bytes are not a Request.
template <typename Request, typename Write>
void Run(const uint8_t* bytes, size_t size, Write write) {
  Request request;
  if (!request.ParseFromArray(bytes, static_cast<int>(size))) return;
  MayBeReplay() = !request.request_id().empty();
  write(request, store::WriteContextOf(request));
}

// A write fuzzer's input is a program: operations, each a selector byte
// (which method), a 2-byte little-endian length, then that many bytes of
// serialized request. A length past the end of the input, or a header the
// end cuts short, means "the rest". At most kMaxOperations are run, so one
// input's cost stays bounded.
inline constexpr int kMaxOperations = 64;

// Calls `each(selector, bytes, size)` for every operation of the program.
template <typename Each>
void ForEachOperation(const uint8_t* data, size_t size, Each each) {
  size_t at = 0;
  for (int n = 0; n < kMaxOperations && at < size; ++n) {
    const uint8_t selector = data[at++];
    size_t length = size - at;
    if (length >= 2) {
      const size_t declared = data[at] | (size_t{data[at + 1]} << 8);
      at += 2;
      length = declared < size - at ? declared : size - at;
    }
    each(selector, data + at, length);
    at += length;
  }
}

// A service's domain over a RocksDB of its own in a fresh in-memory Env:
// one per input, so every input is a self-contained program whose outcome
// does not depend on the inputs run before it. Creating a store costs most
// of an input's time (RocksDB rewrites its OPTIONS file for every column
// family it creates), so each one starts as a copy of a store created
// once and closed: opening that is what a restarted server does.
template <typename Service, typename Options>
class FreshService {
 public:
  FreshService() : env_(rocksdb::NewMemEnv(rocksdb::Env::Default())) {
    static rocksdb::Env* const created = [] {
      rocksdb::Env* env = rocksdb::NewMemEnv(rocksdb::Env::Default());
      Open(env);  // and closed again
      return env;
    }();
    std::vector<std::string> files;
    FUZZ_CHECK(created->GetChildren(kDir, &files).ok() &&
                   env_->CreateDirIfMissing(kDir).ok(),
               "copying the store failed");
    for (const std::string& file : files) {
      if (file == "." || file == ".." || file == "LOCK") continue;
      const std::string path = std::string(kDir) + "/" + file;
      std::string bytes;
      FUZZ_CHECK(rocksdb::ReadFileToString(created, path, &bytes).ok() &&
                     rocksdb::WriteStringToFile(env_.get(), bytes, path).ok(),
                 "copying %s failed", path.c_str());
    }
    service_ = Open(env_.get());
  }
  Service& operator*() { return *service_; }

 private:
  static constexpr char kDir[] = "/fuzz/db";

  static std::unique_ptr<Service> Open(rocksdb::Env* env) {
    Options options;
    options.data_dir = kDir;
    options.env = env;
    // Small buffers: a program writes a few kilobytes.
    options.block_cache_bytes = 1 << 20;
    options.write_buffer_bytes = 1 << 20;
    auto opened = Service::Open(options);
    FUZZ_CHECK(opened.ok(), "open: %s", opened.status().ToString().c_str());
    return std::move(*opened);
  }

  std::unique_ptr<rocksdb::Env> env_;  // outlives service_
  std::unique_ptr<Service> service_;
};

// `*sum += value`, remembering in `*overflowed` a sum that left int64.
inline void CheckedAdd(int64_t value, int64_t* sum, bool* overflowed) {
  if (__builtin_add_overflow(*sum, value, sum)) *overflowed = true;
}

}  // namespace busan::fuzzing

#endif  // BUSAN_TESTS_FUZZ_WRITE_FUZZING_H_
