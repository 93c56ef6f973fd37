// What the write fuzzers share: the write context a server would build,
// the codes a refusal may have, and the read-back check.
#ifndef BUSAN_TESTS_FUZZ_WRITE_FUZZING_H_
#define BUSAN_TESTS_FUZZ_WRITE_FUZZING_H_

#include <cstddef>
#include <cstdint>
#include <memory>

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

// A service's domain over a RocksDB kept in memory: it persists across
// inputs, so sequences of writes are explored, and starts over every
// `reset_every` inputs so memory stays bounded.
template <typename Service, typename Options>
class InMemoryService {
 public:
  explicit InMemoryService(int reset_every) : reset_every_(reset_every) {}

  // The service for the next input; `inputs()` counts them.
  Service& Next() {
    if (service_ == nullptr || inputs_ % reset_every_ == 0) {
      service_.reset();
      env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
      Options options;
      options.data_dir = "/fuzz/db";
      options.env = env_.get();
      auto opened = Service::Open(options);
      FUZZ_CHECK(opened.ok(), "open: %s", opened.status().ToString().c_str());
      service_ = std::move(*opened);
    }
    ++inputs_;
    return *service_;
  }
  int inputs() const { return inputs_; }

 private:
  const int reset_every_;
  int inputs_ = 0;
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<Service> service_;
};

}  // namespace busan::fuzzing

#endif  // BUSAN_TESTS_FUZZ_WRITE_FUZZING_H_
