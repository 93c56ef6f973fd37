#include "common/store/request_log.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/store/record_codec.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace busan::store {

std::string RequestDigest(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::FieldDescriptor* id_field =
      copy->GetDescriptor()->FindFieldByName("request_id");
  if (id_field != nullptr)
    copy->GetReflection()->ClearField(copy.get(), id_field);

  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

absl::StatusOr<bool> RequestLog::Replay(
    absl::string_view request_id, absl::string_view method,
    absl::string_view digest, google::protobuf::Message* response) const {
  internal::v1::RequestRecord record;
  absl::Status status = database_->GetRecord(family_, request_id, &record);
  if (absl::IsNotFound(status)) return false;
  if (!status.ok()) return status;
  if (record.method() != method || record.request_digest() != digest) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id: ", request_id,
        " was already used for a different request; use a new id"));
  }
  if (!response->ParseFromString(record.response())) {
    return absl::DataLossError("stored response does not parse");
  }
  return true;
}

void RequestLog::Record(absl::string_view request_id, absl::string_view method,
                        absl::string_view digest,
                        const google::protobuf::Message& response,
                        rocksdb::WriteBatch* batch) const {
  internal::v1::RequestRecord record;
  record.set_method(std::string(method));
  record.set_request_digest(std::string(digest));
  response.SerializeToString(record.mutable_response());
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  record.mutable_create_time()->set_seconds(now);
  batch
      ->Put(database_->Family(family_),
            rocksdb::Slice(request_id.data(), request_id.size()),
            EncodeRecord(record))
      .PermitUncheckedError();
}

absl::StatusOr<std::string> LoadOrCreateSecret(Database* database, int family,
                                               absl::string_view key,
                                               size_t size) {
  std::string value;
  absl::Status status = database->Get(family, key, &value);
  if (status.ok()) return value;
  if (!absl::IsNotFound(status)) return status;
  value.resize(size);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(value.data()),
                 static_cast<int>(size)) != 1) {
    return absl::InternalError("no randomness for a new secret");
  }
  rocksdb::WriteBatch batch;
  batch
      .Put(database->Family(family), rocksdb::Slice(key.data(), key.size()),
           value)
      .PermitUncheckedError();
  if (absl::Status written = database->Write(&batch); !written.ok()) {
    return written;
  }
  return value;
}

}  // namespace busan::store
