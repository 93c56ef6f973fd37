#include "common/store/record_codec.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace busan::store {

void EncodeRecord(const google::protobuf::MessageLite& record,
                  std::string* out) {
  out->clear();
  out->push_back(kRecordSchemaVersion);
  record.AppendToString(out);
}

std::string EncodeRecord(const google::protobuf::MessageLite& record) {
  std::string out;
  EncodeRecord(record, &out);
  return out;
}

absl::Status DecodeRecord(absl::string_view bytes,
                          google::protobuf::MessageLite* record) {
  if (bytes.empty() || bytes[0] != kRecordSchemaVersion) {
    return absl::DataLossError(absl::StrCat("stored ", record->GetTypeName(),
                                            " has an unknown schema version"));
  }
  if (!record->ParseFromArray(bytes.data() + 1,
                              static_cast<int>(bytes.size() - 1))) {
    return absl::DataLossError(
        absl::StrCat("stored ", record->GetTypeName(), " does not parse"));
  }
  return absl::OkStatus();
}

}  // namespace busan::store
