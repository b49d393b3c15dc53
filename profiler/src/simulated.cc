#include "tunelab/profiler/simulated.h"

#include <unistd.h>
#include <valgrind/callgrind.h>
#include <valgrind/valgrind.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tunelab/profiler/launch.h"

namespace tunelab::profiler {
namespace {

struct Mapping {
  const char* event;
  std::vector<const char*> callgrind;  // summed
};

// perf's generic names for what callgrind simulates. "LLC" is callgrind's last-level cache.
const std::vector<Mapping>& mappings() {
  static const std::vector<Mapping> m = {
      {"instructions", {"Ir"}},
      {"L1-dcache-loads", {"Dr"}},
      {"L1-dcache-stores", {"Dw"}},
      {"L1-icache-load-misses", {"I1mr"}},
      {"L1-dcache-load-misses", {"D1mr"}},
      {"L1-dcache-store-misses", {"D1mw"}},
      {"LLC-load-misses", {"DLmr", "ILmr"}},
      {"LLC-store-misses", {"DLmw"}},
      {"branches", {"Bc", "Bi"}},
      {"branch-misses", {"Bcm", "Bim"}},
  };
  return m;
}

std::vector<std::string> words(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  return w;
}

}  // namespace

std::vector<std::string> valgrindLauncher() {
  return {"valgrind", "--tool=callgrind", "-q", "--instr-atstart=no",
          "--cache-sim=yes", "--branch-sim=yes",
          // A typical x86 core's L1s and an 8 MiB LLC, fixed: the host's own (a VM may
          // report a 512 MiB "L3") would make counts differ between machines.
          "--I1=32768,8,64", "--D1=32768,8,64", "--LL=8388608,16,64",
          // %p: the pid of the process valgrind runs, which is the case's own (getpid() in
          // it): every MPI rank dumps to its own files and reads only its own counts.
          std::string("--callgrind-out-file=%q{") + kCaseOutputEnv + "}.callgrind.%p"};
}

std::vector<std::string> valgrindCommandLauncher(const std::string& outPrefix) {
  // The same simulated machine as valgrindLauncher(), instrumented from the first
  // instruction (the whole program is the measured window), following the processes it
  // starts, one dump per process at its exit.
  return {"valgrind", "--tool=callgrind", "-q", "--cache-sim=yes", "--branch-sim=yes",
          "--I1=32768,8,64", "--D1=32768,8,64", "--LL=8388608,16,64", "--trace-children=yes",
          "--callgrind-out-file=" + outPrefix + "%p"};
}

std::string callgrindDumpPath(const std::string& base, long pid, int dump) {
  // Callgrind appends the dump's number to the name --callgrind-out-file gave.
  return base + ".callgrind." + std::to_string(pid) + "." + std::to_string(dump);
}

std::vector<std::string> simulatedEventNames() {
  std::vector<std::string> names;
  for (const auto& m : mappings()) names.emplace_back(m.event);
  return names;
}

std::map<std::string, double> parseCallgrindDump(std::string_view text) {
  std::vector<std::string> events, summary, totals;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(pos, end - pos);
    pos = end + 1;
    auto take = [&](std::string_view key, std::vector<std::string>& into) {
      if (line.substr(0, key.size()) == key) into = words(line.substr(key.size()));
    };
    take("events:", events);
    take("summary:", summary);
    take("totals:", totals);
  }
  // "summary:" is callgrind's own total; "totals:" the sum of the cost lines (older files).
  const auto& counts = summary.empty() ? totals : summary;
  std::map<std::string, double> out;
  if (events.empty() || counts.empty()) return out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    // Callgrind omits trailing zero columns.
    double v = 0;
    if (i < counts.size()) {
      char* end = nullptr;
      v = std::strtod(counts[i].c_str(), &end);
      if (end == counts[i].c_str() || *end) return {};
    }
    out[events[i]] = v;
  }
  return out;
}

std::vector<model::CounterValue> simulatedCounters(const std::map<std::string, double>& cg) {
  std::vector<model::CounterValue> out;
  for (const auto& m : mappings()) {
    model::CounterValue c;
    c.event = m.event;
    c.simulated = true;
    double sum = 0;
    bool all = true;
    for (const char* name : m.callgrind) {
      auto it = cg.find(name);
      if (it == cg.end()) all = false;
      else sum += it->second;
    }
    if (all) c.value = sum;
    else c.reason = "callgrind did not report it (cache or branch simulation off?)";
    out.push_back(std::move(c));
  }
  return out;
}

// Callgrind's own client requests act on the calling thread only: CALLGRIND_TOGGLE_COLLECT,
// CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS would leave every worker thread out. Its
// gdbserver monitor commands "zero" and "dump" act on all threads, and a client may issue
// them itself. Instrumentation (global) marks the window; collection stays on throughout.
void CallgrindWindow::start() noexcept {
  CALLGRIND_START_INSTRUMENTATION;
  VALGRIND_MONITOR_COMMAND("zero");
}

std::vector<model::CounterValue> CallgrindWindow::stop() {
  auto unsupported = [](const std::string& why) {
    std::vector<model::CounterValue> out;
    for (const auto& name : simulatedEventNames()) {
      model::CounterValue c;
      c.event = name;
      c.simulated = true;
      c.reason = why;
      out.push_back(std::move(c));
    }
    return out;
  };
  if (!RUNNING_ON_VALGRIND) return unsupported("not running under valgrind (use `--counters valgrind`)");
  VALGRIND_MONITOR_COMMAND("dump tunelab");
  CALLGRIND_STOP_INSTRUMENTATION;
  const char* base = std::getenv(kCaseOutputEnv);
  if (!base || !*base) return unsupported(std::string(kCaseOutputEnv) + " is not set: no dump to read");
  const std::string path = callgrindDumpPath(base, getpid(), ++m_dumps);
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  auto counts = parseCallgrindDump(text.str());
  if (counts.empty()) return unsupported("cannot read callgrind's dump " + path);
  return simulatedCounters(counts);
}

}  // namespace tunelab::profiler
