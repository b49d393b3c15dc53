#include "launch.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tunelab/model/params.h"
#include "tunelab/profiler/launch.h"
#include "tunelab/profiler/rank_merge.h"
#include "tunelab/profiler/run_codec.h"
#include "tunelab/profiler/scratch_dir.h"

namespace tunelab::profiler {
namespace fs = std::filesystem;
namespace {


std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last few non-empty lines of the launched programs' output, on one line.
std::string logTail(const fs::path& log, std::size_t lines = 4) {
  std::istringstream in(readFile(log));
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += (out.empty() ? "" : " | ") + all[i];
  if (out.size() > 600) out = "…" + out.substr(out.size() - 600);
  return out;
}

[[noreturn]] void childExec(const std::vector<std::string>& argv,
                            const std::vector<std::string>& environment, const fs::path& out,
                            const fs::path& log, const HarnessOptions& options) {
  // Its own process group: the terminal's Ctrl-C goes to tunelab alone, and a timeout can
  // kill mpirun with all its ranks. If tunelab itself dies, the launcher is told to stop.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
  }
  const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDIN_FILENO);
  setenv(kCaseOutputEnv, out.c_str(), 1);
  // OpenMPI refuses to start as root unless both of these say yes; CI runs as root.
  if (geteuid() == 0) {
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  }
  for (const auto& kv : environment) putenv(strdup(kv.c_str()));
  if (options.memoryLimitBytes > 0) {
    rlimit lim{static_cast<rlim_t>(options.memoryLimitBytes),
               static_cast<rlim_t>(options.memoryLimitBytes)};
    setrlimit(RLIMIT_AS, &lim);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  const std::string msg = "cannot start " + argv[0] + ": " + std::strerror(errno) + "\n";
  (void)!write(STDERR_FILENO, msg.data(), msg.size());
  _exit(127);
}

}  // namespace

model::Run runLaunched(const Case& c, const std::vector<std::string>& launcher,
                       const std::vector<std::string>& environment, const HarnessOptions& options) {
  model::Run run = c.identity;
  if (run.name.empty()) run.name = model::benchmarkName(run);
  auto fail = [&](model::RunStatus status, std::string reason) {
    run.status = status;
    run.reason = std::move(reason);
    run.samples.clear();
    return run;
  };
  if (c.command.empty())
    return fail(model::RunStatus::Failed,
                "this case cannot run under " + launcher.front() + ": it has no command to start");
  ScratchDir dir("case");
  if (dir.path().empty())
    return fail(model::RunStatus::Failed, std::string("cannot launch: mkdtemp: ") + std::strerror(errno));
  const fs::path out = dir.path() / "run.bin";
  const fs::path log = dir.path() / "log.txt";
  std::vector<std::string> argv = launcher;
  argv.insert(argv.end(), c.command.begin(), c.command.end());

  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) return fail(model::RunStatus::Failed, std::string("cannot launch: fork: ") + std::strerror(errno));
  if (pid == 0) childExec(argv, environment, out, log, options);
  setpgid(pid, pid);  // also here, so the group exists before either side relies on it

  const double limit = options.timeoutSeconds > 0 ? options.timeoutSeconds : 1e9;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit);
  int status = 0;
  bool timedOut = false;
  for (;;) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      timedOut = true;
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // A launcher that died may leave ranks behind in its group.
  kill(-pid, SIGKILL);

  const std::string tail = logTail(log);
  const std::string said = tail.empty() ? "" : " (it said: " + tail + ")";
  if (timedOut)
    return fail(model::RunStatus::Timeout,
                "no result within the timeout of " + std::to_string(options.timeoutSeconds) +
                    " s; " + launcher.front() + " and the case were killed (raise --timeout if the case is just slow)");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return fail(model::RunStatus::Crashed, launcher.front() + " was killed by signal " +
                                               std::to_string(sig) + " (" + strsignal(sig) + ")" + said);
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  // Every rank wrote its own run (a case without MPI is rank 0 of 1); one missing is a rank
  // that died or never started, and the case with it: its sums would be short.
  const int ranks = std::max(1, c.identity.ranks);
  std::vector<model::Run> perRank;
  for (int r = 0; r < ranks; ++r) {
    const fs::path file = rankResultPath(out.string(), r);
    std::error_code ec;
    if (!fs::exists(file, ec)) {
      if (r == 0 && code == 127)
        return fail(model::RunStatus::Failed, tail.empty() ? "cannot start " + argv.front() : tail);
      const std::string who = ranks > 1 ? "rank " + std::to_string(r) + " of the case" : "the case";
      return fail(model::RunStatus::Crashed, launcher.front() + " exited with code " + std::to_string(code) +
                                                 " before " + who + " reported" + said);
    }
    auto decoded = decodeRun(readFile(file));
    if (!decoded) {
      const std::string who = ranks > 1 ? "rank " + std::to_string(r) + " of the launched case" : "the launched case";
      return fail(model::RunStatus::Crashed, who + " wrote a malformed result" + said);
    }
    perRank.push_back(std::move(*decoded));
  }
  model::Run merged = mergeRanks(std::move(perRank));
  // The case is the parent's: its identity stands, the launched processes add what they measured.
  run.status = merged.status;
  run.reason = std::move(merged.reason);
  run.samples = std::move(merged.samples);
  run.setupRegions = std::move(merged.setupRegions);
  return run;
}

std::vector<std::string> mpiLauncher(int ranks, int logicalCores) {
  std::vector<std::string> l = {"mpirun", "-n", std::to_string(ranks)};
  // OpenMPI refuses more ranks than slots (cores) unless told; binding is then off, which
  // is what an oversubscribed run needs anyway.
  if (ranks > logicalCores) l.push_back("--oversubscribe");
  return l;
}

int launchedRank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "MPI_LOCALRANKID"})
    if (const char* v = std::getenv(name); v && *v) return std::atoi(v);
  return 0;
}

std::string rankResultPath(const std::string& base, int rank) {
  return base + ".rank" + std::to_string(rank);
}

model::Status writeCaseResult(const model::Run& run) {
  const char* base = std::getenv(kCaseOutputEnv);
  if (!base || !*base)
    return model::Error{model::ErrorKind::Usage,
                        std::string(kCaseOutputEnv) + " is not set: this command is started by `tunelab run`, not by hand"};
  const std::string path = rankResultPath(base, launchedRank());
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    const std::string bytes = encodeRun(run);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f.flush())
      return model::Error{model::ErrorKind::Io, std::string("cannot write ") + tmp + ": " + std::strerror(errno)};
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return model::Error{model::ErrorKind::Io, "cannot rename to " + path + ": " + ec.message()};
  return model::Ok{};
}

std::string selfExecutable() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("tunelab") : p.string();
}

}  // namespace tunelab::profiler
