#include "tunelab/render/gbench_json.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "tunelab/analysis/statistics.h"

namespace tunelab::render {
namespace {

using nlohmann::ordered_json;

// Keys Google Benchmark gives a row itself: a counter of that name would be misread.
constexpr std::array<std::string_view, 26> kReserved = {"name",
                                                        "family_index",
                                                        "per_family_instance_index",
                                                        "run_name",
                                                        "run_type",
                                                        "repetitions",
                                                        "repetition_index",
                                                        "threads",
                                                        "aggregate_name",
                                                        "aggregate_unit",
                                                        "iterations",
                                                        "real_time",
                                                        "cpu_time",
                                                        "time_unit",
                                                        "error_occurred",
                                                        "error_message",
                                                        "skipped",
                                                        "skip_message",
                                                        "label",
                                                        "big_o",
                                                        "cpu_coefficient",
                                                        "real_coefficient",
                                                        "rms",
                                                        "allocs_per_iter",
                                                        "max_bytes_used",
                                                        "total_allocated_bytes"};

bool reserved(const std::string& key) {
  return std::find(kReserved.begin(), kReserved.end(), key) != kReserved.end();
}

struct Unit {
  const char* name;
  double perSecond;
};

Unit unitFor(double seconds) {
  if (!(seconds >= 1e-5)) return {"ns", 1e9};
  if (seconds < 1e-2) return {"us", 1e6};
  if (seconds < 10) return {"ms", 1e3};
  return {"s", 1};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ordered_json row(const model::Run& run, std::size_t runIndex) {
  ordered_json r;
  r["name"] = run.name;
  r["family_index"] = runIndex;
  r["per_family_instance_index"] = 0;
  r["run_name"] = run.name;
  return r;
}

}  // namespace

std::string googleBenchmarkJson(const model::Session& session,
                                const std::vector<model::Run>& runs) {
  const auto& env = session.environment;
  ordered_json context;
  context["date"] = session.startedAt;
  context["host_name"] = env.host;
  context["executable"] = "tunelab";
  context["num_cpus"] = env.logicalCores;
  context["library_build_type"] = lower(env.buildType.empty() ? "unknown" : env.buildType);
  for (const auto& [key, value] : env.extra)
    if (key == "load_average_1min") {
      char* end = nullptr;
      const double load = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && std::isfinite(load)) context["load_avg"] = {load};
    }
  context["json_schema_version"] = 1;
  context["tunelab_session"] = session.id.value();
  context["tunelab_label"] = session.label;

  ordered_json benchmarks = ordered_json::array();
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const auto& run = runs[k];
    if (run.status != model::RunStatus::Ok || run.samples.empty()) {
      auto r = row(run, k);
      r["run_type"] = "iteration";
      r["repetitions"] = 1;
      r["repetition_index"] = 0;
      r["threads"] = run.threads;
      r["error_occurred"] = true;
      r["error_message"] = run.reason.empty() ? "failed" : run.reason;
      r["iterations"] = 0;
      r["real_time"] = 0;
      r["cpu_time"] = 0;
      r["time_unit"] = "ns";
      benchmarks.push_back(std::move(r));
      continue;
    }
    std::vector<double> wall, cpu;
    for (const auto& s : run.samples) {
      wall.push_back(s.wallSeconds);
      cpu.push_back(s.cpuSeconds);
    }
    const Unit unit = unitFor(analysis::median(wall));
    const auto reps = run.samples.size();
    for (std::size_t i = 0; i < reps; ++i) {
      const auto& s = run.samples[i];
      auto r = row(run, k);
      r["run_type"] = "iteration";
      r["repetitions"] = reps;
      r["repetition_index"] = i;
      r["threads"] = run.threads;
      r["iterations"] = s.iterations;
      r["real_time"] = s.wallSeconds * unit.perSecond;
      r["cpu_time"] = s.cpuSeconds * unit.perSecond;
      r["time_unit"] = unit.name;
      const double iters = static_cast<double>(s.iterations > 0 ? s.iterations : 1);
      for (const auto& m : s.metrics)
        if (!reserved(m.name) && std::isfinite(m.value)) r[m.name] = m.value;
      for (const auto& c : s.counters) {
        const std::string key = c.simulated ? c.event + ".simulated" : c.event;
        if (c.value && std::isfinite(*c.value) && !reserved(key) && !r.contains(key))
          r[key] = *c.value / iters;
      }
      if (s.alloc) {
        r["allocs_per_iter"] = static_cast<double>(s.alloc->allocations) / iters;
        r["max_bytes_used"] = s.alloc->peakLiveBytes;
        r["total_allocated_bytes"] = s.alloc->bytes;
      }
      benchmarks.push_back(std::move(r));
    }
    // The aggregates Google Benchmark adds after the repetitions.
    struct Aggregate {
      const char* name;
      double (*f)(std::span<const double>);
      bool percentage;
    };
    const std::array<Aggregate, 4> aggregates = {{{"mean", analysis::mean, false},
                                                  {"median", analysis::median, false},
                                                  {"stddev", analysis::stddev, false},
                                                  {"cv", analysis::coefficientOfVariation, true}}};
    for (const auto& a : aggregates) {
      const double w = a.f(wall), c = a.f(cpu);
      if (!std::isfinite(w) || !std::isfinite(c)) continue;
      auto r = row(run, k);
      r["name"] = run.name + "_" + a.name;
      r["run_type"] = "aggregate";
      r["repetitions"] = reps;
      r["threads"] = run.threads;
      r["aggregate_name"] = a.name;
      r["aggregate_unit"] = a.percentage ? "percentage" : "time";
      r["iterations"] = reps;
      r["real_time"] = a.percentage ? w : w * unit.perSecond;
      r["cpu_time"] = a.percentage ? c : c * unit.perSecond;
      r["time_unit"] = unit.name;
      benchmarks.push_back(std::move(r));
    }
  }
  ordered_json out;
  out["context"] = context;
  out["benchmarks"] = benchmarks;
  return out.dump(2) + "\n";
}

}  // namespace tunelab::render
