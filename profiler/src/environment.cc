#include "tunelab/profiler/environment.h"

#include "tunelab/profiler/events.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace tunelab::profiler {
namespace {

namespace fs = std::filesystem;
constexpr const char* kUnavailable = "unavailable";

std::string readFirstLine(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  return line;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\n");
  auto e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Runs a short command and returns its first output line ("" on failure).
std::string commandOutput(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {};
  char buf[256] = {};
  std::string out = std::fgets(buf, sizeof buf, p) ? trim(buf) : std::string();
  int rc = pclose(p);
  return rc == 0 ? out : std::string();
}

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return trim(line.substr(line.find(':') + 1));
  return kUnavailable;
}

// Distinct core_cpus_list (or thread_siblings_list) entries = physical cores.
int physicalCores() {
  std::set<std::string> cores;
  for (int cpu = 0;; ++cpu) {
    fs::path topo = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology";
    if (!fs::exists(topo)) break;
    auto list = readFirstLine(topo / "core_cpus_list");
    if (list.empty()) list = readFirstLine(topo / "thread_siblings_list");
    cores.insert(list.empty() ? std::to_string(cpu) : list);
  }
  return static_cast<int>(cores.size());
}

// "L1d 32K, L1i 32K, L2 512K, L3 32768K" from cpu0's cache directories.
std::string caches() {
  std::string out;
  for (int i = 0;; ++i) {
    fs::path dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i);
    if (!fs::exists(dir)) break;
    auto level = readFirstLine(dir / "level");
    auto type = readFirstLine(dir / "type");
    auto size = readFirstLine(dir / "size");
    std::string name = "L" + level;
    if (type == "Data") name += "d";
    if (type == "Instruction") name += "i";
    if (!out.empty()) out += ", ";
    out += name + " " + size;
  }
  return out.empty() ? kUnavailable : out;
}

// Whether a hardware PMU counts here: the counters module opens (and closes) cycles
// exactly as a run would, so `info` and the sessions say what runs will see.
std::string pmuAvailability() {
  const auto probe = probeEvent("cycles");
  return probe.opens ? "yes" : "no (" + probe.reason + ")";
}

std::string gitRevision() {
  const std::string dir = TUNELAB_SOURCE_DIR;
  auto rev = commandOutput("git -C '" + dir + "' rev-parse --short=12 HEAD 2>/dev/null");
  if (rev.empty()) return kUnavailable;
  // A tree with uncommitted changes to tracked files is not the revision it names.
  if (std::system(("git -C '" + dir + "' diff --quiet HEAD -- 2>/dev/null").c_str()) != 0)
    rev += "-dirty";
  return rev;
}

std::string loadAverage() {
  auto line = readFirstLine("/proc/loadavg");
  return line.empty() ? kUnavailable : line.substr(0, line.find(' '));
}

}  // namespace

model::Environment captureEnvironment() {
  model::Environment env;
  char host[256] = {};
  env.host = gethostname(host, sizeof host - 1) == 0 ? host : kUnavailable;
  env.cpuModel = cpuModel();
  env.logicalCores = static_cast<int>(std::thread::hardware_concurrency());
  env.physicalCores = physicalCores();
  utsname u{};
  env.kernel = uname(&u) == 0 ? std::string(u.sysname) + " " + u.release : kUnavailable;
  env.compiler = TUNELAB_COMPILER;
  env.compilerFlags = TUNELAB_COMPILER_FLAGS;
  env.buildType = TUNELAB_BUILD_TYPE;
  env.gitRevision = gitRevision();
  env.tunelabVersion = TUNELAB_VERSION;

  auto governor = readFirstLine("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  auto paranoid = readFirstLine("/proc/sys/kernel/perf_event_paranoid");
  env.extra = {
      {"caches", caches()},
      {"governor", governor.empty() ? kUnavailable : governor},
      {"load_average_1min", loadAverage()},
      {"perf_event_paranoid", paranoid.empty() ? kUnavailable : paranoid},
      {"pmu", pmuAvailability()},
      {"counting_scope", countingScope()},
  };
  return env;
}

std::string extraValue(const model::Environment& env, const std::string& key) {
  for (const auto& [k, v] : env.extra)
    if (k == key) return v;
  return {};
}

std::vector<std::string> noiseWarnings(const model::Environment& env) {
  std::vector<std::string> out;
  if (env.buildType.rfind("Release", 0) != 0)
    out.push_back("tunelab was built as " + env.buildType +
                  ", not Release: timings will not represent optimized code.");
  auto governor = extraValue(env, "governor");
  if (governor != kUnavailable && !governor.empty() && governor != "performance")
    out.push_back("CPU frequency governor is '" + governor +
                  "', not 'performance': expect noise from frequency changes.");
  auto load = extraValue(env, "load_average_1min");
  if (load != kUnavailable && !load.empty() && env.logicalCores > 0 &&
      std::stod(load) > 0.5 * env.logicalCores)
    out.push_back("the 1-minute load average is " + load + " on " +
                  std::to_string(env.logicalCores) +
                  " cores: other work is competing for the CPU.");
  return out;
}

}  // namespace tunelab::profiler
