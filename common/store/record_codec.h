// How records are laid out as RocksDB values: one schema-version byte, then
// the protobuf serialization. The version byte lets a later release migrate
// or refuse data it does not understand instead of misreading it.
#ifndef BUSAN_COMMON_STORE_RECORD_CODEC_H_
#define BUSAN_COMMON_STORE_RECORD_CODEC_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace busan::store {

inline constexpr char kRecordSchemaVersion = 1;

// Appends the encoded record to `out` (which is cleared first).
void EncodeRecord(const google::protobuf::MessageLite& record,
                  std::string* out);
std::string EncodeRecord(const google::protobuf::MessageLite& record);

// DATA_LOSS when the version is unknown or the bytes do not parse.
absl::Status DecodeRecord(absl::string_view bytes,
                          google::protobuf::MessageLite* record);

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_RECORD_CODEC_H_
