#include "common/store/storage_metrics.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"

namespace busan::store {
namespace {

struct Gauge {
  const char* name;
  const char* help;
  const char* property;
};

constexpr Gauge kGauges[] = {
    {"busan_rocksdb_estimated_keys",
     "RocksDB's estimate of the keys in a column family.",
     "rocksdb.estimate-num-keys"},
    {"busan_rocksdb_sst_bytes", "Bytes in a column family's SST files.",
     "rocksdb.total-sst-files-size"},
    {"busan_rocksdb_memtable_bytes",
     "Bytes in a column family's memtables (not yet flushed).",
     "rocksdb.cur-size-all-mem-tables"},
};

}  // namespace

std::string StorageMetricsText(const Database& database) {
  std::string out;
  for (const Gauge& gauge : kGauges) {
    absl::StrAppend(&out, "# HELP ", gauge.name, " ", gauge.help, "\n",
                    "# TYPE ", gauge.name, " gauge\n");
    for (int i = 0; i < database.family_count(); ++i) {
      uint64_t value = 0;
      // Family names come from the schema ([a-z_]), so they need no escaping.
      if (database.raw()->GetIntProperty(database.Family(i), gauge.property,
                                         &value)) {
        absl::StrAppend(&out, gauge.name, "{family=\"",
                        database.Family(i)->GetName(), "\"} ", value, "\n");
      }
    }
  }
  // 0 while RocksDB refuses writes after a background or write error; the
  // pod stays ready (reads work), so this is what an alert watches.
  absl::StrAppend(&out,
                  "# HELP busan_store_writable 1 when the store accepts "
                  "writes, 0 while a disk error makes it refuse them.\n"
                  "# TYPE busan_store_writable gauge\n"
                  "busan_store_writable ",
                  database.WriteHealth().ok() ? 1 : 0, "\n");
  return out;
}

std::string WriterMetricsText(const SerializedWriter& writer) {
  std::string out;
  const auto sample = [&out](const char* name, const char* type,
                             const char* help, uint64_t value) {
    absl::StrAppend(&out, "# HELP ", name, " ", help, "\n", "# TYPE ", name,
                    " ", type, "\n", name, " ", value, "\n");
  };
  sample("busan_writes_acknowledged_total", "counter",
         "Writes acknowledged once durable.", writer.writes_acknowledged());
  sample("busan_write_syncs_total", "counter",
         "WAL syncs of the commit thread, each for one group of writes.",
         writer.group_syncs());
  sample("busan_writes_refused_total", "counter",
         "Writes refused at once because the write queue was full.",
         writer.writes_refused());
  sample("busan_write_queue_depth", "gauge", "Writes waiting to commit.",
         writer.queued_writes());
  return out;
}

}  // namespace busan::store
