// Prometheus gauges of one RocksDB database, for a service's /metrics
// scrape: per column family, the estimated number of keys and the bytes
// held in SST files and in memtables. Operators watch growth and flush
// behaviour with them; they are RocksDB's own estimates, read on demand.
#ifndef BUSAN_COMMON_STORE_STORAGE_METRICS_H_
#define BUSAN_COMMON_STORE_STORAGE_METRICS_H_

#include <string>

#include "common/store/database.h"
#include "common/store/serialized_writer.h"

namespace busan::store {

// The gauges in Prometheus text format (HELP and TYPE lines, one sample per
// family, families in schema order). Safe to call while the database
// serves reads and writes.
std::string StorageMetricsText(const Database& database);

// The write pipeline's counters (see SerializedWriter): writes acknowledged,
// WAL syncs (acknowledged / syncs is the mean commit group), writes refused
// for a full queue, and the queue's depth now.
std::string WriterMetricsText(const SerializedWriter& writer);

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_STORAGE_METRICS_H_
