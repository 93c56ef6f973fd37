#include "common/store/request_log.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/status/status_macros.h"
#include "common/store/record_codec.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "rocksdb/write_batch.h"

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

bool RequestExpired(const google::protobuf::Timestamp& create_time,
                    absl::Duration retention, absl::Time now) {
  const absl::Time created = absl::FromUnixSeconds(create_time.seconds()) +
                             absl::Nanoseconds(create_time.nanos());
  return created + retention <= now;
}

namespace {

class RequestExpiryFilter final : public rocksdb::CompactionFilter {
 public:
  explicit RequestExpiryFilter(absl::Duration retention)
      : retention_(retention), now_(absl::Now()) {}

  bool Filter(int, const rocksdb::Slice&, const rocksdb::Slice& value,
              std::string*, bool*) const override {
    internal::v1::RequestRecord record;
    // A record that does not decode is kept: Replay reports it.
    if (!DecodeRecord(absl::string_view(value.data(), value.size()), &record)
             .ok()) {
      return false;
    }
    return RequestExpired(record.create_time(), retention_, now_);
  }
  const char* Name() const override { return "busan.RequestExpiryFilter"; }

 private:
  const absl::Duration retention_;
  const absl::Time now_;  // one clock reading per compaction
};

class RequestExpiryFilterFactory final
    : public rocksdb::CompactionFilterFactory {
 public:
  explicit RequestExpiryFilterFactory(absl::Duration retention)
      : retention_(retention) {}
  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context&) override {
    return std::make_unique<RequestExpiryFilter>(retention_);
  }
  const char* Name() const override {
    return "busan.RequestExpiryFilterFactory";
  }

 private:
  const absl::Duration retention_;
};

}  // namespace

std::shared_ptr<rocksdb::CompactionFilterFactory> NewRequestExpiryFilter(
    absl::Duration retention) {
  return std::make_shared<RequestExpiryFilterFactory>(retention);
}

absl::StatusOr<bool> RequestLog::Replay(
    KvTxn* kv, absl::string_view request_id, absl::string_view method,
    absl::string_view digest, google::protobuf::Message* response) const {
  std::string stored;
  absl::Status status = kv->Get(family_, request_id, &stored);
  if (absl::IsNotFound(status)) return false;
  if (!status.ok()) return status;
  internal::v1::RequestRecord record;
  RETURN_IF_ERROR(DecodeRecord(stored, &record));
  if (RequestExpired(record.create_time(), retention_, absl::Now())) {
    return false;
  }
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
                        KvTxn* kv) const {
  internal::v1::RequestRecord record;
  record.set_method(std::string(method));
  record.set_request_digest(std::string(digest));
  response.SerializeToString(record.mutable_response());
  const absl::Time now = absl::Now();
  const int64_t seconds = absl::ToUnixSeconds(now);
  record.mutable_create_time()->set_seconds(seconds);
  record.mutable_create_time()->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(now - absl::FromUnixSeconds(seconds))));
  kv->Put(family_, request_id, EncodeRecord(record));
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
