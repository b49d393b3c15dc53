#pragma once

#include <atomic>

namespace tunelab::cli {

// Ctrl-C (SIGINT) or SIGTERM during `tunelab run`: the case in flight finishes and is stored,
// then the run stops; a second signal ends the process at once (the runs already committed
// stay: each is one transaction, and the session shows as abandoned). The exit code is then
// 128 + the signal, as a shell reports a process the signal ended, so scripts can tell Ctrl-C
// (130) from a `kill` or service stop (143).
class StopOnSignal {
 public:
  StopOnSignal();   // installs the handlers, stop() false
  ~StopOnSignal();  // the default handlers again
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  // Set from the handler (lock-free): a harness polls it between cases.
  static const std::atomic<bool>& flag();
  static bool stop() { return flag().load(); }
  static int signal();  // the signal that asked to stop, 0 if none
};

}  // namespace tunelab::cli
