#include "stop_signal.h"

#include <unistd.h>

#include <csignal>

namespace tunelab::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_stopSignal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void onStopSignal(int sig) {
  g_stopSignal.store(sig);
  g_stop.store(true);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  constexpr char kMsg[] = "\ntunelab: stopping after the current case (Ctrl-C again to abort)\n";
  (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
}

}  // namespace

StopOnSignal::StopOnSignal() {
  g_stop = false;
  g_stopSignal = 0;
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>& StopOnSignal::flag() { return g_stop; }
int StopOnSignal::signal() { return g_stopSignal.load(); }

}  // namespace tunelab::cli
