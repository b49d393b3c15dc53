// What does `tunelab run -- COMMAND` add to what it measures, and what does each execution
// cost? The same program is timed bare (fork, exec, wait4 here: what hyperfine or a shell's
// `time` measures) and under `tunelab run -- …` (the wall time stored per sample), rounds
// alternating so that machine drift hits both alike:
//
//   spin ~100 ms  this binary's own fixed work (`--spin STEPS`, calibrated once): a
//                 dynamically linked C++ program, so the preload and the counters apply
//   true          /bin/true: the fixed cost of one execution, measured and waited for
//
// Per program it prints the median wall time of bare and tunelab executions and their
// difference; for `true` also what the whole `tunelab run` spends per execution (opening the
// counters, the preload's report, temp files, storing: the slope of its elapsed time between
// R and 5R executions) and once per session. The goal (issue 19): < 1 % on a 100 ms command, < 2 ms
// fixed per execution. Not a test: the figures are in docs/performance/measuring.md with the
// command line.
//
//   tunelab_bench_command TUNELAB [--rounds N] [--reps R] [--counters SPEC]
#include <fmt/core.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tunelab/store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double spin(std::uint64_t steps) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  double acc = 0;
  for (std::uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    acc += static_cast<double>(x & 0xFFFF) * 1e-6;
  }
  return acc;
}

std::uint64_t calibrate(double seconds) {
  std::uint64_t steps = 1 << 20;
  for (;;) {
    const auto t0 = Clock::now();
    volatile double sink = spin(steps);
    (void)sink;
    const double took = std::chrono::duration<double>(Clock::now() - t0).count();
    if (took > seconds / 4) return static_cast<std::uint64_t>(static_cast<double>(steps) * seconds / took);
    steps *= 2;
  }
}

// fork, exec, wait: one bare execution, output to /dev/null; its wall time.
double bare(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct UnderTunelab {
  std::vector<double> stored;  // wall per sample
  double elapsedPerExecution = 0;
};

UnderTunelab underTunelab(const std::string& tunelab, const fs::path& db, int reps, const std::string& counters,
                          const std::vector<std::string>& command) {
  std::vector<std::string> argv = {tunelab, "run", "-q", "--no-report", "--db", db.string(), "-r",
                                   std::to_string(reps), "--counters", counters, "--"};
  argv.insert(argv.end(), command.begin(), command.end());
  UnderTunelab out;
  const auto t0 = Clock::now();
  bare(argv);
  out.elapsedPerExecution = std::chrono::duration<double>(Clock::now() - t0).count() / reps;
  auto store = tunelab::store::Store::open(db, tunelab::store::OpenMode::ReadOnly);
  if (!store) return out;
  auto id = store->resolveSession("latest");
  if (!id) return out;
  auto runs = store->runs(*id);
  if (!runs || runs->empty() || runs->front().status != tunelab::model::RunStatus::Ok) {
    fmt::print(stderr, "tunelab run failed: {}\n", runs && !runs->empty() ? runs->front().reason : "no run");
    std::exit(1);
  }
  for (const auto& s : runs->front().samples) out.stored.push_back(s.wallSeconds);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--spin") == 0) {
    volatile double sink = spin(std::strtoull(argv[2], nullptr, 10));
    (void)sink;
    // A few allocations, as real programs make: the preload's hooks are on their path.
    for (int i = 0; i < 1000; ++i) delete[] new char[64 + i];
    return 0;
  }
  if (argc < 2) {
    fmt::print(stderr, "usage: {} TUNELAB [--rounds N] [--reps R] [--counters SPEC]\n", argv[0]);
    return 2;
  }
  const std::string tunelab = argv[1];
  int rounds = 5, reps = 10;
  std::string counters = "default";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--counters") == 0) counters = argv[i + 1];
  }
  char dir[] = "/tmp/tunelab-bench-command.XXXXXX";
  if (!mkdtemp(dir)) return 1;
  const fs::path db = fs::path(dir) / "bench.db";
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  const std::vector<std::string> spinCommand = {self, "--spin", std::to_string(calibrate(0.1))};
  const std::vector<std::string> trueCommand = {"true"};

  struct Series {
    const char* name;
    std::vector<std::string> command;
    std::vector<double> bare, stored, perExecution, session;
  };
  std::vector<Series> series = {{"spin ~100 ms", spinCommand, {}, {}, {}, {}},
                                {"true", trueCommand, {}, {}, {}, {}}};
  for (int r = 0; r < rounds; ++r) {
    for (auto& s : series) {
      for (int i = 0; i < reps; ++i) s.bare.push_back(bare(s.command));
      auto t = underTunelab(tunelab, db, reps, counters, s.command);
      s.stored.insert(s.stored.end(), t.stored.begin(), t.stored.end());
      if (s.command == trueCommand) {
        // What tunelab spends per execution, its session's start and end excluded: the
        // slope of its elapsed time between reps and 5 × reps executions.
        auto more = underTunelab(tunelab, db, 5 * reps, counters, s.command);
        const double slope = (more.elapsedPerExecution * 5 * reps - t.elapsedPerExecution * reps) / (4 * reps);
        s.perExecution.push_back(slope);
        s.session.push_back(t.elapsedPerExecution * reps - slope * reps);
      }
    }
    fmt::print(stderr, "round {}/{} done\n", r + 1, rounds);
  }
  fmt::print("{} rounds × {} executions each, --counters {}\n", rounds, reps, counters);
  fmt::print("{:<14} {:>12} {:>14} {:>12} {:>9}\n", "program", "bare median", "tunelab stored", "difference",
             "ratio");
  for (const auto& s : series) {
    const double b = median(s.bare), t = median(s.stored);
    fmt::print("{:<14} {:>9.3f} ms {:>11.3f} ms {:>+9.3f} ms {:>9.4f}\n", s.name, b * 1e3, t * 1e3, (t - b) * 1e3,
               t / b);
  }
  const auto& t = series.back();
  fmt::print("per execution of `true`, as tunelab spends it (slope of elapsed over {} vs {} executions): "
             "{:.3f} ms; its bare fork+exec+wait: {:.3f} ms\n",
             reps, 5 * reps, median(t.perExecution) * 1e3, median(t.bare) * 1e3);
  fmt::print("session start and end (environment, database): {:.1f} ms once\n", median(t.session) * 1e3);
  fs::remove_all(dir);
  return 0;
}
