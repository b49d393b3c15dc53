#include "isolation.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "tunelab/profiler/run_codec.h"
#include "tunelab/model/params.h"

namespace tunelab::profiler {
namespace {

std::string mib(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

[[noreturn]] void childMain(int out, const Case& c, const HarnessOptions& options) {
  // Ctrl-C (and a SIGTERM sent to the process group, as service managers do) reaches the
  // child too: the parent decides when to stop, and the child finishes the case in flight as
  // an unisolated run would — it must not die of the user's stop and be stored as "crashed".
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  if (options.memoryLimitBytes > 0) {
    rlimit lim{static_cast<rlim_t>(options.memoryLimitBytes), static_cast<rlim_t>(options.memoryLimitBytes)};
    setrlimit(RLIMIT_AS, &lim);
  }
  HarnessOptions inner = options;
  inner.isolate = false;
  inner.stopRequested = nullptr;
  model::Run got;
  bool have = false;
  auto r = runCases({c}, inner,
                    [&](const model::Run& run) -> model::Status {
                      got = run;
                      have = true;
                      return model::Ok{};
                    },
                    nullptr);
  if (!r || !have) _exit(3);
  const std::string bytes = encodeRun(got);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(out, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(4);
    done += static_cast<std::size_t>(n);
  }
  // _exit: no static destructors or atexit handlers of the parent's state run twice.
  _exit(0);
}

}  // namespace

model::Run runIsolated(const Case& c, const HarnessOptions& options) {
  model::Run run = c.identity;
  if (run.name.empty()) run.name = model::benchmarkName(run);
  auto fail = [&](model::RunStatus status, std::string reason) {
    run.status = status;
    run.reason = std::move(reason);
    run.samples.clear();
    return run;
  };

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return fail(model::RunStatus::Failed, std::string("cannot isolate: pipe: ") + std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return fail(model::RunStatus::Failed, std::string("cannot isolate: fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    childMain(fds[1], c, options);
  }
  close(fds[1]);

  // Read until the child closes the pipe (it exits) or the deadline passes.
  std::string bytes;
  bool timedOut = false;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(options.timeoutSeconds > 0 ? options.timeoutSeconds : 1e9);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timedOut = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buf[65536];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done (or dead)
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timedOut) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  if (timedOut)
    return fail(model::RunStatus::Timeout,
                "no result within the timeout of " + std::to_string(options.timeoutSeconds) +
                    " s; the isolated child was killed (raise --timeout if the case is just slow)");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    std::string reason = "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    if (sig == SIGKILL) reason += ": possibly the kernel's out-of-memory killer";
    return fail(model::RunStatus::Crashed, reason);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(model::RunStatus::Crashed, "the isolated child exited with code " +
                                               std::to_string(WEXITSTATUS(status)) + " before reporting");
  auto decoded = decodeRun(bytes);
  if (!decoded) return fail(model::RunStatus::Crashed, "the isolated child sent a malformed result");
  run = std::move(*decoded);
  if (run.status == model::RunStatus::Failed && options.memoryLimitBytes > 0 &&
      run.reason.find("bad_alloc") != std::string::npos)
    run.reason = "out of memory: the case exceeded --memory-limit of " + mib(options.memoryLimitBytes) +
                 " (" + run.reason + ")";
  return run;
}

}  // namespace tunelab::profiler
