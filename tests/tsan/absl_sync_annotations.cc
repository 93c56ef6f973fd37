// Makes Abseil's synchronization visible to ThreadSanitizer in the TSan
// build (scripts/tsan), and only there.
//
// Debian's libabsl is compiled without TSan, so a lock taken or a
// notification sent inside it is invisible: every field guarded by an
// absl::Mutex looks racy (136 false reports on the store tests alone). This
// file defines the out-of-line members of Mutex, CondVar, Notification,
// BlockingCounter and Status's reference count in the test binary itself.
// The dynamic linker binds every call to them (ours, and gRPC's and
// Abseil's own through their PLT) to these definitions, which call Abseil's
// through dlsym(RTLD_NEXT) and tell TSan about the happens-before edge each one
// makes: acquire after a lock or a wait returns, release before an unlock, a
// wait, a notification. This is what TSan's own interceptors do for
// pthread_mutex_lock.
//
// The edges are Abseil's documented ones (a reader lock counts as a lock),
// so a real race stays visible: tsan_self_test checks that one is still
// reported.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

#if !defined(__SANITIZE_THREAD__) && defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define __SANITIZE_THREAD__ 1
#endif
#endif
#ifndef __SANITIZE_THREAD__
#error "absl_sync_annotations.cc belongs only in the TSan build"
#endif

extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);

namespace {

#define BUSAN_STRINGIFY_(x) #x
#define BUSAN_STRINGIFY(x) BUSAN_STRINGIFY_(x)

// The Itanium-mangled name of absl::<inline namespace>::<rest>, e.g.
// Mangled("5Mutex4LockEv") for absl::Mutex::Lock(). `qualifier` is "K" for
// a const member.
std::string Mangled(const char* rest, const char* qualifier = "") {
  const char* ns = BUSAN_STRINGIFY(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  return std::string("_ZN") + qualifier + "4absl" +
         std::to_string(std::strlen(ns)) + ns + rest;
}

// Abseil's own definition of the member named by `rest`, as a function
// taking `this` first (the Itanium C++ ABI's calling convention).
template <typename Function>
Function Real(const char* rest, const char* qualifier = "") {
  const std::string name = Mangled(rest, qualifier);
  void* symbol = dlsym(RTLD_NEXT, name.c_str());
  if (symbol == nullptr) {
    fprintf(stderr, "absl_sync_annotations: %s not found\n", name.c_str());
    abort();
  }
  return reinterpret_cast<Function>(symbol);
}

void Acquire(const void* addr) { __tsan_acquire(const_cast<void*>(addr)); }
void Release(const void* addr) { __tsan_release(const_cast<void*>(addr)); }

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

using MutexFn = void (*)(Mutex*);
using TryFn = bool (*)(Mutex*);
using CondFn = void (*)(Mutex*, const Condition&);
using CondTimeoutFn = bool (*)(Mutex*, const Condition&, Duration);
using CondDeadlineFn = bool (*)(Mutex*, const Condition&, Time);

void Mutex::Lock() {
  static const auto real = Real<MutexFn>("5Mutex4LockEv");
  real(this);
  Acquire(this);
}
void Mutex::ReaderLock() {
  static const auto real = Real<MutexFn>("5Mutex10ReaderLockEv");
  real(this);
  Acquire(this);
}
void Mutex::Unlock() {
  static const auto real = Real<MutexFn>("5Mutex6UnlockEv");
  Release(this);
  real(this);
}
void Mutex::ReaderUnlock() {
  static const auto real = Real<MutexFn>("5Mutex12ReaderUnlockEv");
  Release(this);
  real(this);
}
bool Mutex::TryLock() {
  static const auto real = Real<TryFn>("5Mutex7TryLockEv");
  const bool locked = real(this);
  if (locked) Acquire(this);
  return locked;
}
bool Mutex::ReaderTryLock() {
  static const auto real = Real<TryFn>("5Mutex13ReaderTryLockEv");
  const bool locked = real(this);
  if (locked) Acquire(this);
  return locked;
}
// Abseil evaluates a waiter's condition with the lock held, on the
// waiter's thread (before its wait returns) or on whichever thread is
// unlocking (after that thread's Unlock above has released). So each
// evaluation is a critical section of its own: an acquire before, a release
// after.
class AnnotatedCondition {
 public:
  AnnotatedCondition(const Condition& cond, Mutex* mutex)
      : cond_(cond), mutex_(mutex) {}
  Condition condition() { return Condition(&Eval, this); }

 private:
  static bool Eval(AnnotatedCondition* self) {
    Acquire(self->mutex_);
    const bool met = self->cond_.Eval();
    Release(self->mutex_);
    return met;
  }
  const Condition& cond_;
  Mutex* const mutex_;
};

void Mutex::LockWhen(const Condition& cond) {
  static const auto real = Real<CondFn>("5Mutex8LockWhenERKNS0_9ConditionE");
  AnnotatedCondition annotated(cond, this);
  real(this, annotated.condition());
  Acquire(this);
}
void Mutex::ReaderLockWhen(const Condition& cond) {
  static const auto real =
      Real<CondFn>("5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  AnnotatedCondition annotated(cond, this);
  real(this, annotated.condition());
  Acquire(this);
}
bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<CondTimeoutFn>(
      "5Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  AnnotatedCondition annotated(cond, this);
  const bool met = real(this, annotated.condition(), timeout);
  Acquire(this);
  return met;
}
bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<CondDeadlineFn>(
      "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  AnnotatedCondition annotated(cond, this);
  const bool met = real(this, annotated.condition(), deadline);
  Acquire(this);
  return met;
}
// Await releases the lock while it waits and takes it back before it
// returns: a release, then an acquire.
void Mutex::Await(const Condition& cond) {
  static const auto real = Real<CondFn>("5Mutex5AwaitERKNS0_9ConditionE");
  AnnotatedCondition annotated(cond, this);
  Release(this);
  real(this, annotated.condition());
  Acquire(this);
}
bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<CondTimeoutFn>(
      "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  AnnotatedCondition annotated(cond, this);
  Release(this);
  const bool met = real(this, annotated.condition(), timeout);
  Acquire(this);
  return met;
}
bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  static const auto real = Real<CondDeadlineFn>(
      "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  AnnotatedCondition annotated(cond, this);
  Release(this);
  const bool met = real(this, annotated.condition(), deadline);
  Acquire(this);
  return met;
}

void CondVar::Wait(Mutex* mu) {
  static const auto real =
      Real<void (*)(CondVar*, Mutex*)>("7CondVar4WaitEPNS0_5MutexE");
  Release(mu);
  real(this, mu);
  Acquire(mu);
}
bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  static const auto real = Real<bool (*)(CondVar*, Mutex*, Duration)>(
      "7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  Release(mu);
  const bool timed_out = real(this, mu, timeout);
  Acquire(mu);
  return timed_out;
}
bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static const auto real = Real<bool (*)(CondVar*, Mutex*, Time)>(
      "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  Release(mu);
  const bool timed_out = real(this, mu, deadline);
  Acquire(mu);
  return timed_out;
}

// HasBeenNotified() is inline: our instrumented code reads the flag with an
// acquire load, and TSan ties that load to the flag's address. So Notify
// releases on the flag (which follows the notification's Mutex) as well as
// on the notification the waits below acquire.
static_assert(sizeof(Notification) == 2 * sizeof(Mutex),
              "Notification is a Mutex followed by its flag");
void Notification::Notify() {
  static const auto real =
      Real<void (*)(Notification*)>("12Notification6NotifyEv");
  Release(this);
  Release(reinterpret_cast<const char*>(this) + sizeof(Mutex));
  real(this);
}
void Notification::WaitForNotification() const {
  static const auto real = Real<void (*)(const Notification*)>(
      "12Notification19WaitForNotificationEv", "K");
  real(this);
  Acquire(this);
}
bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  static const auto real = Real<bool (*)(const Notification*, Duration)>(
      "12Notification30WaitForNotificationWithTimeoutENS0_8DurationE", "K");
  const bool notified = real(this, timeout);
  if (notified) Acquire(this);
  return notified;
}
bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  static const auto real = Real<bool (*)(const Notification*, Time)>(
      "12Notification31WaitForNotificationWithDeadlineENS0_4TimeE", "K");
  const bool notified = real(this, deadline);
  if (notified) Acquire(this);
  return notified;
}

bool BlockingCounter::DecrementCount() {
  static const auto real =
      Real<bool (*)(BlockingCounter*)>("15BlockingCounter14DecrementCountEv");
  Release(this);
  return real(this);
}
void BlockingCounter::Wait() {
  static const auto real =
      Real<void (*)(BlockingCounter*)>("15BlockingCounter4WaitEv");
  real(this);
  Acquire(this);
}

// absl::Status shares its message between copies with a reference count:
// copies take a reference inline (instrumented), the last release frees it
// inside libabsl_status (not instrumented), so the free looks like a race
// with every earlier copy. One lock around the release orders each free
// after every earlier release, as the count's acquire-release does.
void Status::UnrefNonInlined(uintptr_t rep) {
  static const auto real =
      Real<void (*)(uintptr_t)>("6Status15UnrefNonInlinedEm");
  static std::mutex* const releases = new std::mutex;
  std::lock_guard<std::mutex> lock(*releases);
  real(rep);
}

ABSL_NAMESPACE_END
}  // namespace absl
