// Prometheus gauges of one RocksDB database, for a service's /metrics
// scrape: per column family, the estimated number of keys and the bytes
// held in SST files and in memtables. Operators watch growth and flush
// behaviour with them; they are RocksDB's own estimates, read on demand.
#ifndef BUSAN_COMMON_STORE_STORAGE_METRICS_H_
#define BUSAN_COMMON_STORE_STORAGE_METRICS_H_

#include <string>

#include "common/store/database.h"

namespace busan::store {

// The gauges in Prometheus text format (HELP and TYPE lines, one sample per
// family, families in schema order). Safe to call while the database
// serves reads and writes.
std::string StorageMetricsText(const Database& database);

}  // namespace busan::store

#endif  // BUSAN_COMMON_STORE_STORAGE_METRICS_H_
