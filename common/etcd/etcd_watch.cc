#include "common/etcd/etcd_watch.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/etcd/etcd_client.h"
#include "common/etcd/internal/etcd_stubs.h"

namespace busan::etcd {

EtcdWatch::EtcdWatch(EtcdClient* client, std::string key, std::string range_end,
                     int64_t start_revision, OnEvents on_events, OnEnd on_end)
    : client_(client),
      key_(std::move(key)),
      range_end_(std::move(range_end)),
      on_events_(std::move(on_events)),
      on_end_(std::move(on_end)),
      next_revision_(start_revision) {
  thread_ = std::thread([this] { Run(); });
}

EtcdWatch::~EtcdWatch() { Stop(); }

void EtcdWatch::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
    if (context_ != nullptr) context_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

void EtcdWatch::Run() {
  absl::Status end;
  for (int failures = 0;; ++failures) {
    const size_t member = client_->current();
    end = Follow(member);
    absl::MutexLock lock(&mutex_);
    if (stopping_) {
      end = absl::CancelledError("etcd watch stopped");
      break;
    }
    if (!end.ok()) break;
    client_->Advance(member);
    // Back off while no member answers; a stream that delivered resets it.
    const absl::Duration pause =
        std::min(absl::Milliseconds(25) * (1 << std::min(failures, 5)),
                 absl::Milliseconds(500));
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), pause);
  }
  on_end_(std::move(end));
}

absl::Status EtcdWatch::Follow(size_t member) {
  grpc::ClientContext context;
  // etcd then ends the stream when its member loses the leader, instead of
  // leaving it silent while the others move on.
  context.AddMetadata("hasleader", "true");
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) return absl::OkStatus();
    context_ = &context;
  }
  absl::StatusOr<std::string> token = client_->Token(member, refresh_token_);
  if (token.ok() && !token->empty()) context.AddMetadata("token", *token);
  auto stream = client_->stubs_->member(member).watch->Watch(&context);

  etcdserverpb::WatchRequest request;
  etcdserverpb::WatchCreateRequest* create = request.mutable_create_request();
  create->set_key(key_);
  create->set_range_end(range_end_);
  create->set_start_revision(next_revision_.load());
  create->set_progress_notify(true);
  absl::Status end;
  if (stream->Write(request)) {
    etcdserverpb::WatchResponse response;
    while (end.ok() && stream->Read(&response)) {
      if (response.compact_revision() > 0) {
        end = absl::OutOfRangeError(absl::StrCat(
            "etcd watch: revision ", next_revision_.load(),
            " is compacted; the oldest kept is ", response.compact_revision()));
      } else if (response.canceled()) {
        if (!refresh_token_ &&
            absl::StrContains(response.cancel_reason(), "invalid auth token")) {
          // The token expired while the watch was away: once, resume with
          // a new one.
          refresh_token_ = true;
          break;
        }
        // Refused, not failed (auth, a bad range): another member would
        // refuse it too.
        end = absl::FailedPreconditionError(
            absl::StrCat("etcd watch refused: ", response.cancel_reason()));
      } else if (response.created()) {
        refresh_token_ = false;
        if (next_revision_.load() == 0) {
          // Watching from now: nothing up to the header's revision is
          // left. A watch created from a past revision has everything
          // after it still to come.
          next_revision_.store(response.header().revision() + 1);
        }
      } else if (response.events_size() > 0) {
        next_revision_.store(
            response.events(response.events_size() - 1).kv().mod_revision() +
            1);
        on_events_(response);
      } else {
        // Progress (etcd sends it only to a watch that has caught up):
        // nothing up to the header's revision is left.
        next_revision_.store(
            std::max(next_revision_.load(), response.header().revision() + 1));
      }
    }
  }
  stream->WritesDone();
  context.TryCancel();
  stream->Finish().ok();
  absl::MutexLock lock(&mutex_);
  context_ = nullptr;
  return end;
}

}  // namespace busan::etcd
