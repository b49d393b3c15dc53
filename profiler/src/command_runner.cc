// `tunelab run -- COMMAND`: one repetition is one execution of the program (command.h).
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tunelab/profiler/alloc_tracking.h"
#include "tunelab/profiler/command.h"
#include "tunelab/profiler/region_file.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/simulated.h"
#include "tunelab/profiler/scratch_dir.h"

extern char** environ;

namespace tunelab::profiler {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kStderrKept = 8192;  // the tail the reason is cut from


std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last few non-empty lines of what the program wrote to standard error, on one line.
std::string tailLines(const std::string& text, std::size_t lines = 4) {
  std::istringstream in(text);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += (out.empty() ? "" : " | ") + all[i];
  if (out.size() > 600) out = "…" + out.substr(out.size() - 600);
  return out;
}

// What one execution came to.
struct Execution {
  enum class End { Exited, Signaled, TimedOut, NotStarted } end = End::NotStarted;
  int code = 0;    // exit status, or the signal
  int startErrno = 0;
  double wallSeconds = 0;
  rusage usage{};
  std::string stderrText;  // its last kStderrKept bytes
  std::vector<model::CounterValue> counters;
};

struct Launch {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // NAME=VALUE, over this process's own
  const std::vector<std::string>* events = nullptr;
  double timeoutSeconds = 0;
  std::int64_t memoryLimitBytes = 0;
};

// environ with `overrides` (NAME=VALUE) replacing or adding variables; built before fork,
// so the child only execs.
std::vector<std::string> mergedEnvironment(const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  auto nameOf = [](const std::string& kv) { return kv.substr(0, kv.find('=')); };
  for (char** e = environ; e && *e; ++e) {
    const std::string kv = *e;
    bool replaced = false;
    for (const auto& o : overrides) replaced = replaced || nameOf(o) == nameOf(kv);
    if (!replaced) env.push_back(kv);
  }
  env.insert(env.end(), overrides.begin(), overrides.end());
  return env;
}

void appendKept(std::string& kept, const char* data, std::size_t n) {
  kept.append(data, n);
  if (kept.size() > 2 * kStderrKept) kept.erase(0, kept.size() - kStderrKept);
}

// Reads what is there without blocking; false at end of file.
bool drain(int fd, std::string& kept) {
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      appendKept(kept, buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void childExec(const Launch& l, char* const* argv, char* const* envp, int go, int report,
                            int err) {
  // Its own process group: the terminal's Ctrl-C reaches tunelab alone (which finishes the
  // case), and a timeout kills the program with everything it started.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
  }
  dup2(err, STDERR_FILENO);
  if (l.memoryLimitBytes > 0) {
    rlimit lim{static_cast<rlim_t>(l.memoryLimitBytes), static_cast<rlim_t>(l.memoryLimitBytes)};
    setrlimit(RLIMIT_AS, &lim);
  }
  // Wait until the parent has opened the counters on this pid (they start at exec).
  char byte = 0;
  while (read(go, &byte, 1) < 0 && errno == EINTR) {
  }
  execvpe(argv[0], argv, envp);
  const int e = errno;
  (void)!write(report, &e, sizeof e);
  _exit(127);
}

Execution execute(const Launch& l) {
  Execution x;
  std::vector<std::string> envStrings = mergedEnvironment(l.environment);
  std::vector<char*> argv, envp;
  for (const auto& a : l.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : envStrings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  int go[2], report[2], err[2];
  if (pipe2(go, O_CLOEXEC) != 0) return x.startErrno = errno, x;
  if (pipe2(report, O_CLOEXEC) != 0) {
    x.startErrno = errno;
    close(go[0]), close(go[1]);
    return x;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    x.startErrno = errno;
    close(go[0]), close(go[1]), close(report[0]), close(report[1]);
    return x;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) childExec(l, argv.data(), envp.data(), go[0], report[1], err[1]);
  close(go[0]), close(report[1]), close(err[1]);
  if (pid < 0) {
    x.startErrno = errno;
    close(go[1]), close(report[0]), close(err[0]);
    return x;
  }
  setpgid(pid, pid);
  CounterSet counters;
  if (l.events && !l.events->empty()) counters = CounterSet::openProcess(*l.events, pid);
  // A descriptor that becomes readable when the child exits: waiting costs no polling delay.
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));

  const auto t0 = Clock::now();
  (void)!write(go[1], "g", 1);
  close(go[1]);
  int startErrno = 0;
  ssize_t n = 0;
  while ((n = read(report[0], &startErrno, sizeof startErrno)) < 0 && errno == EINTR) {
  }
  close(report[0]);
  fcntl(err[0], F_SETFL, O_NONBLOCK);

  const auto deadline = t0 + std::chrono::duration<double>(l.timeoutSeconds > 0 ? l.timeoutSeconds : 1e9);
  bool timedOut = false, stderrOpen = true;
  auto t1 = t0;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count() + 1;
    if (Clock::now() >= deadline) {
      timedOut = true;
      break;
    }
    pollfd fds[2] = {{pidfd, POLLIN, 0}, {stderrOpen ? err[0] : -1, POLLIN, 0}};
    // Without a pidfd (a kernel before 5.3), look for the exit every millisecond.
    const int wait = pidfd >= 0 ? static_cast<int>(std::min<long long>(left, 1000)) : 1;
    const int ready = poll(fds, 2, wait);
    if (ready < 0 && errno != EINTR) break;
    if (stderrOpen && (fds[1].revents & (POLLIN | POLLHUP))) stderrOpen = drain(err[0], x.stderrText);
    siginfo_t info{};
    if (pidfd >= 0 ? (fds[0].revents & POLLIN) != 0
                   : waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                         info.si_pid == pid) {
      t1 = Clock::now();
      break;
    }
  }
  if (timedOut) kill(-pid, SIGKILL);
  int status = 0;
  while (wait4(pid, &status, 0, &x.usage) < 0 && errno == EINTR) {
  }
  if (timedOut) t1 = Clock::now();
  // What the program left behind in its group (daemons, a pipeline's stragglers) goes too.
  kill(-pid, SIGKILL);
  if (stderrOpen) drain(err[0], x.stderrText);
  close(err[0]);
  if (pidfd >= 0) close(pidfd);
  x.counters = counters.stop();
  x.wallSeconds = std::chrono::duration<double>(t1 - t0).count();
  if (n == static_cast<ssize_t>(sizeof startErrno)) {
    x.end = Execution::End::NotStarted;
    x.startErrno = startErrno;
  } else if (timedOut) {
    x.end = Execution::End::TimedOut;
  } else if (WIFSIGNALED(status)) {
    x.end = Execution::End::Signaled;
    x.code = WTERMSIG(status);
  } else {
    x.end = Execution::End::Exited;
    x.code = WEXITSTATUS(status);
  }
  if (x.stderrText.size() > kStderrKept) x.stderrText.erase(0, x.stderrText.size() - kStderrKept);
  return x;
}

std::string mib(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

std::string seconds(double s) {
  std::ostringstream o;
  o << s;
  return o.str();
}

// Nothing when the execution succeeded; else the run's status and reason.
std::optional<std::pair<model::RunStatus, std::string>> failure(const Execution& x, const std::string& what,
                                                                const Launch& l) {
  const std::string tail = tailLines(x.stderrText);
  const std::string said = tail.empty() ? "" : " (stderr: " + tail + ")";
  const std::string limit =
      l.memoryLimitBytes > 0 ? "; --memory-limit " + mib(l.memoryLimitBytes) + " was in force" : "";
  switch (x.end) {
    case Execution::End::Exited:
      if (x.code == 0) return std::nullopt;
      return std::pair{model::RunStatus::Failed,
                       what + " exited with status " + std::to_string(x.code) + said + limit};
    case Execution::End::Signaled:
      return std::pair{model::RunStatus::Crashed, what + " was killed by signal " + std::to_string(x.code) +
                                                      " (" + strsignal(x.code) + ")" + said + limit};
    case Execution::End::TimedOut:
      return std::pair{model::RunStatus::Timeout,
                       what + " was still running after the timeout of " + seconds(l.timeoutSeconds) +
                           " s; its process group was killed (raise --timeout if it is just slow)" + said};
    case Execution::End::NotStarted:
      return std::pair{model::RunStatus::Failed, "cannot start " + what + ": " + std::strerror(x.startErrno)};
  }
  return std::nullopt;
}

void addMetric(model::Sample& s, const char* name, double value, const char* unit) {
  s.metrics.push_back({name, value, unit});
}

double tv(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; }

// The preload's report: the processes' counts summed (peak: the sum of each process's peak,
// an upper bound when they ran at once); or why there is none.
struct AllocReport {
  std::optional<model::AllocStats> stats;
  std::string unavailable;
};

AllocReport readAllocReport(const fs::path& file) {
  AllocReport r;
  std::istringstream in(readFile(file));
  model::AllocStats sum;
  int processes = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string pidWord, kind;
    long pid = 0;
    words >> pidWord >> pid >> kind;
    if (kind == "unavailable") {
      std::string why;
      std::getline(words, why);
      if (r.unavailable.empty()) r.unavailable = why.substr(why.find_first_not_of(' '));
      continue;
    }
    std::map<std::string, long long> v{{kind, 0}};
    words >> v[kind];
    for (std::string key; words >> key;) words >> v[key];
    sum.allocations += v["allocations"];
    sum.frees += v["frees"];
    sum.bytes += v["bytes"];
    sum.peakLiveBytes += v["peak"];
    ++processes;
  }
  if (!r.unavailable.empty()) return r;
  if (processes == 0) {
    r.unavailable = "the preloaded hooks reported nothing: the program ended without running its "
                    "exit handlers (_exit, a signal) or did not load LD_PRELOAD (setuid, or a "
                    "loader that ignores it)";
    return r;
  }
  r.stats = sum;
  return r;
}

std::vector<model::CounterValue> readCallgrind(const fs::path& dir, const std::string& prefix) {
  std::map<std::string, double> total;
  int dumps = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    for (const auto& [event, count] : parseCallgrindDump(readFile(entry.path()))) total[event] += count;
    ++dumps;
  }
  if (dumps > 0 && !total.empty()) return simulatedCounters(total);
  std::vector<model::CounterValue> out;
  for (const auto& name : simulatedEventNames()) {
    model::CounterValue c;
    c.event = name;
    c.simulated = true;
    c.reason = "callgrind wrote no readable dump";
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

CommandRunResult runCommandCase(const CommandCase& c, const CommandOptions& o) {
  CommandRunResult result;
  model::Run& run = result.run;
  run = c.identity;
  auto fail = [&](model::RunStatus status, std::string reason) {
    run.status = status;
    run.reason = std::move(reason);
    run.samples.clear();
    result.allocUnavailable.clear();
    return result;
  };
  ScratchDir dir("cmd");
  if (dir.path().empty())
    return fail(model::RunStatus::Failed, std::string("cannot run: mkdtemp: ") + std::strerror(errno));

  Launch shell;
  shell.environment = c.environment;
  shell.timeoutSeconds = o.timeoutSeconds;
  auto runShell = [&](const std::string& option, const std::string& command) {
    shell.argv = {"/bin/sh", "-c", command};
    const auto x = execute(shell);
    return failure(x, option + " `" + command + "`", shell);
  };
  if (!c.setup.empty())
    if (auto f = runShell("--setup", c.setup)) return fail(f->first, f->second);

  bool tracking = o.trackAllocations && !o.simulate;
  if (o.trackAllocations) {
    if (o.simulate)
      result.allocUnavailable = "under valgrind the heap is valgrind's; measure allocations without --counters valgrind";
    else if (!o.allocObstacle.empty())
      result.allocUnavailable = o.allocObstacle;
    else if (!allocTrackingAvailable())
      result.allocUnavailable = "this tunelab is a sanitizer build, whose runtime owns malloc";
    else if (o.preloadLibrary.empty())
      result.allocUnavailable = "libtunelab_preload.so was not found beside tunelab (set TUNELAB_PRELOAD)";
    if (!result.allocUnavailable.empty()) tracking = false;
  }

  const std::string program = c.argv.empty() ? std::string("the command") : c.argv.front();
  const int total = o.warmup + o.repetitions;
  for (int i = 0; i < total; ++i) {
    const bool warm = i < o.warmup;
    const std::string which = warm ? "warm-up execution " + std::to_string(i + 1)
                                   : "repetition " + std::to_string(i - o.warmup + 1);
    if (!c.prepare.empty())
      if (auto f = runShell("--prepare", c.prepare)) return fail(f->first, which + ": " + f->second);
    Launch l;
    l.environment = c.environment;
    l.timeoutSeconds = o.timeoutSeconds;
    l.memoryLimitBytes = o.memoryLimitBytes;
    const std::string tag = std::to_string(i);
    const fs::path allocFile = dir.path() / ("alloc." + tag);
    // A program built with tunelab's region API writes its regions there at exit (the SDK's
    // recorder, tunelab/probe/env_recorder.h); one that does not use it writes nothing.
    const fs::path regionsFile = dir.path() / ("regions." + tag);
    if (!warm) l.environment.push_back("TUNELAB_REGIONS=" + regionsFile.string());
    if (!warm && !o.regionEvents.env.empty())
      l.environment.push_back("TUNELAB_REGION_EVENTS=" + o.regionEvents.env);
    const std::string callgrindPrefix = "callgrind." + tag + ".";
    if (o.simulate) {
      l.argv = valgrindCommandLauncher((dir.path() / callgrindPrefix).string());
    } else if (!warm) {
      l.events = &o.events;
    }
    l.argv.insert(l.argv.end(), c.argv.begin(), c.argv.end());
    if (tracking && !warm) {
      const char* old = std::getenv("LD_PRELOAD");
      std::string preload = o.preloadLibrary;
      for (const auto& kv : c.environment)
        if (kv.rfind("LD_PRELOAD=", 0) == 0) old = nullptr, preload += " " + kv.substr(11);
      if (old && *old) preload += std::string(" ") + old;
      l.environment.push_back("LD_PRELOAD=" + preload);
      l.environment.push_back("TUNELAB_ALLOC_OUT=" + allocFile.string());
    }
    const Execution x = execute(l);
    if (auto f = failure(x, program, l)) return fail(f->first, which + ": " + f->second);
    if (warm) continue;

    model::Sample s;
    s.repetition = i - o.warmup;
    s.iterations = 1;
    s.wallSeconds = x.wallSeconds;
    const double user = tv(x.usage.ru_utime), sys = tv(x.usage.ru_stime);
    s.cpuSeconds = user + sys;
    s.counters = o.simulate ? readCallgrind(dir.path(), callgrindPrefix) : x.counters;
    // rusage's own names (getrusage(2)); the report prints metrics without units.
    addMetric(s, "user_s", user, "s");
    addMetric(s, "sys_s", sys, "s");
    addMetric(s, "maxrss_MiB", static_cast<double>(x.usage.ru_maxrss) / 1024.0, "MiB");
    addMetric(s, "minflt", static_cast<double>(x.usage.ru_minflt), "");
    addMetric(s, "majflt", static_cast<double>(x.usage.ru_majflt), "");
    addMetric(s, "nvcsw", static_cast<double>(x.usage.ru_nvcsw), "");
    addMetric(s, "nivcsw", static_cast<double>(x.usage.ru_nivcsw), "");
    if (tracking) {
      auto a = readAllocReport(allocFile);
      if (a.stats) {
        s.alloc = a.stats;
      } else {
        // One repetition without statistics takes them from all: a run never mixes
        // measured heaps with missing ones.
        tracking = false;
        result.allocUnavailable = a.unavailable;
        for (auto& earlier : run.samples) earlier.alloc.reset();
      }
    }
    if (std::error_code ec; fs::exists(regionsFile, ec)) {
      auto regions = readRegionFile(regionsFile);
      if (!regions) return fail(model::RunStatus::Failed, which + ": " + regions.error().message);
      s.regions = std::move(regions->regions);
      for (auto& region : s.regions)  // what --region-counters asked for and cannot be counted
        region.counters.insert(region.counters.end(), o.regionEvents.unsupported.begin(),
                               o.regionEvents.unsupported.end());
    }
    run.samples.push_back(std::move(s));
  }
  run.status = model::RunStatus::Ok;
  run.reason.clear();
  return result;
}

std::string findPreloadLibrary() {
  constexpr const char* kName = "libtunelab_preload.so";
  if (const char* env = std::getenv("TUNELAB_PRELOAD"); env && *env) {
    std::error_code ec;
    return fs::exists(env, ec) ? fs::absolute(env, ec).string() : std::string();
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const fs::path& candidate : {self.parent_path() / kName,
                                    self.parent_path().parent_path() / "lib" / "tunelab" / kName,
                                    self.parent_path().parent_path() / "profiler" / "alloc_hooks" / kName})
    if (fs::exists(candidate, ec)) return candidate.string();
  return {};
}

}  // namespace tunelab::profiler
