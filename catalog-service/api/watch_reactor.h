// WatchReactor serves one WatchCatalog stream: it replays retained events
// from the change log, then forwards live events from the WatchHub, one
// write in flight at a time. A slow reader is cut off by the hub with
// RESOURCE_EXHAUSTED; server shutdown ends the stream with UNAVAILABLE.
// CatalogApi::WatchCatalog checks the bearer token before creating one, so
// a refused caller gets UNAUTHENTICATED (or PERMISSION_DENIED) and no event.
#ifndef BUSAN_CATALOG_SERVICE_API_WATCH_REACTOR_H_
#define BUSAN_CATALOG_SERVICE_API_WATCH_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "busan/catalog/v1/catalog.pb.h"
#include "catalog-service/domain/catalog.h"

namespace busan::catalog {

class WatchReactor final : public grpc::ServerWriteReactor<v1::ChangeEvent> {
 public:
  WatchReactor(Catalog* catalog, int64_t start_after_sequence);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Lets hub callbacks reach the reactor only while it is alive.
  struct Link {
    std::mutex mutex;
    WatchReactor* reactor = nullptr;
  };

  // Starts the next write or finishes the stream, whichever is due.
  void Pump();
  // Under mutex_: fills pending_ from the change log while replaying.
  absl::Status RefillFromLog();

  Catalog* catalog_;
  std::shared_ptr<Link> link_;
  std::shared_ptr<Subscription> subscription_;

  std::mutex mutex_;
  std::deque<EventPtr> pending_;
  uint64_t replayed_through_ = 0;  // last sequence replayed from the log
  uint64_t replay_until_ = 0;      // live events start after this
  bool writing_ = false;
  bool finished_ = false;
  v1::ChangeEvent current_;
};

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_API_WATCH_REACTOR_H_
