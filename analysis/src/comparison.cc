#include "tunelab/analysis/comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "tunelab/analysis/derived_counters.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kTime = "time";
constexpr const char* kCpuTime = "cpu time";

std::string number(double x, const char* format = "%g") {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

// Clock events count nanoseconds of CPU: they jitter like times, not like counts.
bool isClockEvent(const std::string& event) {
  return event.size() > 6 && event.compare(event.size() - 6, 6, "-clock") == 0;
}

const MeasureSamples* findMeasure(const std::vector<MeasureSamples>& ms, const std::string& name) {
  for (const auto& m : ms)
    if (m.measure == name) return &m;
  return nullptr;
}

double thresholdFor(NoiseModel noise, const CompareOptions& o) {
  return noise == NoiseModel::Deterministic ? o.countThreshold : o.threshold;
}

VerdictOptions verdictOptions(NoiseModel noise, double threshold, const CompareOptions& o) {
  VerdictOptions v;
  v.noise = noise;
  v.threshold = threshold;
  v.alpha = o.alpha;
  v.confidence = o.confidence;
  v.resamples = o.resamples;
  v.seed = o.seed;
  return v;
}

MeasureResult compareMeasure(const MeasureSamples& b, const MeasureSamples& c,
                             const CompareOptions& o) {
  MeasureResult r;
  r.measure = b.measure;
  r.unit = b.unit;
  r.noise = b.noise;
  r.threshold = thresholdFor(b.noise, o);
  r.result = compareSamples(b.values, c.values, verdictOptions(b.noise, r.threshold, o));
  return r;
}

// The primary measure's name for a benchmark, given both sides' measures.
std::string choosePrimary(const std::vector<MeasureSamples>& b,
                          const std::vector<MeasureSamples>& c, PrimaryMeasure wanted) {
  auto both = [&](const std::string& name) { return findMeasure(b, name) && findMeasure(c, name); };
  auto instructions = [&](bool simulated) -> std::string {
    for (const auto& m : b) {
      const bool isSim =
          m.measure.size() > 12 && m.measure.find(" (simulated)") != std::string::npos;
      const std::string event =
          isSim ? m.measure.substr(0, m.measure.find(" (simulated)")) : m.measure;
      if (isSim == simulated && isInstructionsEvent(event) && both(m.measure)) return m.measure;
    }
    return "";
  };
  switch (wanted) {
    case PrimaryMeasure::CpuTime:
      if (both(kCpuTime)) return kCpuTime;
      break;
    case PrimaryMeasure::Instructions: {
      auto s = instructions(true);
      if (s.empty()) s = instructions(false);
      if (!s.empty()) return s;
      break;
    }
    case PrimaryMeasure::Auto:
      if (auto s = instructions(true); !s.empty()) return s;
      break;
    case PrimaryMeasure::WallTime:
      break;
  }
  return kTime;
}

void explain(BenchmarkComparison& bc, std::size_t size) {
  const auto v = bc.primary.result.verdict;
  if (v != Verdict::Slower && v != Verdict::Faster) return;
  std::vector<Movement> moved;
  for (const auto& m : bc.secondary) {
    // Under a time verdict, cpu time and clocks moving with it explain nothing.
    if (bc.primary.noise == NoiseModel::Timing && m.noise == NoiseModel::Timing) continue;
    const auto mv = m.result.verdict;
    if (mv != Verdict::Slower && mv != Verdict::Faster) continue;
    if (!(m.result.ratio > 0) || !std::isfinite(m.result.ratio)) {
      if (m.result.ratio == std::numeric_limits<double>::infinity())
        moved.push_back({m.measure, m.result.ratio, mv});
      continue;
    }
    moved.push_back({m.measure, m.result.ratio, mv});
  }
  auto weight = [](const Movement& m) {
    return std::isfinite(m.ratio) ? std::abs(std::log(m.ratio))
                                  : std::numeric_limits<double>::infinity();
  };
  std::stable_sort(moved.begin(), moved.end(),
                   [&](const Movement& a, const Movement& b) { return weight(a) > weight(b); });
  if (moved.size() > size) moved.resize(size);
  bc.explanation = std::move(moved);
}

std::vector<std::string> environmentNotes(const CompareSide& b, const CompareSide& c) {
  std::vector<std::string> notes;
  const auto& eb = b.session.environment;
  const auto& ec = c.session.environment;
  auto differ = [&](const std::string& what, const std::string& x, const std::string& y) {
    if (!x.empty() && !y.empty() && x != y)
      notes.push_back("The sides ran with different " + what + " (baseline: " + x +
                      "; candidate: " + y + "): time ratios include that difference.");
  };
  differ("hosts", eb.host, ec.host);
  differ("CPU models", eb.cpuModel, ec.cpuModel);
  if (eb.logicalCores > 0 && ec.logicalCores > 0 && eb.logicalCores != ec.logicalCores)
    differ("core counts", std::to_string(eb.logicalCores), std::to_string(ec.logicalCores));
  differ("compilers", eb.compiler, ec.compiler);
  // An imported file's "gbench:…" is libbenchmark's own build, not the measured code's.
  if (eb.buildType.rfind("gbench:", 0) != 0 && ec.buildType.rfind("gbench:", 0) != 0)
    differ("build types", eb.buildType, ec.buildType);
  for (const auto* side : {&b, &c}) {
    const std::string which = side == &b ? "baseline" : "candidate";
    if (side->session.status == model::SessionStatus::Interrupted)
      notes.push_back("The " + which +
                      " session was interrupted: benchmarks it did not reach are missing.");
    if (side->session.status == model::SessionStatus::Abandoned)
      notes.push_back("The " + which +
                      " session was abandoned (its process was killed before finishing): "
                      "benchmarks it did not reach are missing.");
    if (side->session.status == model::SessionStatus::Running)
      notes.push_back("The " + which +
                      " session is still running (or was killed): it may be incomplete.");
    const auto& env = side->session.environment;
    for (const auto& [key, value] : env.extra) {
      if (key != "load_average_1min" || env.logicalCores <= 0) continue;
      char* end = nullptr;
      const double load = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && load > 0.5 * env.logicalCores)
        notes.push_back("The " + which + " machine was loaded (load average " + value + " on " +
                        std::to_string(env.logicalCores) +
                        " cores when it started): expect noisy times; simulated instruction counts "
                        "(--counters valgrind) are immune to that.");
    }
  }
  return notes;
}

SideInfo sideInfo(const CompareSide& s) {
  return {s.source, s.session.label, s.session.environment.gitRevision, s.session.startedAt,
          s.session.environment.host};
}

}  // namespace

std::string_view benchmarkStatusName(BenchmarkStatus s) {
  switch (s) {
    case BenchmarkStatus::Compared:
      return "compared";
    case BenchmarkStatus::OnlyInBaseline:
      return "only in baseline";
    case BenchmarkStatus::OnlyInCandidate:
      return "only in candidate";
    case BenchmarkStatus::FailedInCandidate:
      return "failed in candidate";
    case BenchmarkStatus::FailedInBaseline:
      return "failed in baseline";
  }
  return "?";
}

std::string matchKey(const model::Run& run, const std::vector<std::string>& ignoreParams) {
  if (ignoreParams.empty() && !run.name.empty()) return run.name;
  model::Run copy;
  copy.workload = run.workload;
  copy.variant = run.variant;
  copy.threads = run.threads;
  copy.ranks = run.ranks;
  for (const auto& p : run.params)
    if (std::find(ignoreParams.begin(), ignoreParams.end(), p.key) == ignoreParams.end())
      copy.params.push_back(p);
  return model::benchmarkName(copy);
}

std::vector<MeasureSamples> measuresOf(const model::Run& run) {
  std::vector<MeasureSamples> out;
  if (run.samples.empty()) return out;
  MeasureSamples wall{kTime, "s", NoiseModel::Timing, {}},
      cpu{kCpuTime, "s", NoiseModel::Timing, {}};
  for (const auto& s : run.samples) {
    wall.values.push_back(s.wallSeconds);
    cpu.values.push_back(s.cpuSeconds);
  }
  out.push_back(std::move(wall));
  if (std::any_of(cpu.values.begin(), cpu.values.end(), [](double v) { return v > 0; }))
    out.push_back(std::move(cpu));

  // Counters supported in every repetition, per execution.
  for (const auto& c : run.samples.front().counters) {
    MeasureSamples m;
    m.measure = c.event + (c.simulated ? " (simulated)" : "");
    m.unit = isClockEvent(c.event) ? "ns" : "";
    m.noise = c.simulated ? NoiseModel::Deterministic
                          : (isClockEvent(c.event) ? NoiseModel::Timing : NoiseModel::Counter);
    bool complete = true;
    for (const auto& s : run.samples) {
      auto it =
          std::find_if(s.counters.begin(), s.counters.end(), [&](const model::CounterValue& x) {
            return x.event == c.event && x.simulated == c.simulated;
          });
      if (it == s.counters.end() || !it->value) {
        complete = false;
        break;
      }
      m.values.push_back(*it->value / static_cast<double>(s.iterations > 0 ? s.iterations : 1));
    }
    if (complete) out.push_back(std::move(m));
  }

  if (std::all_of(run.samples.begin(), run.samples.end(),
                  [](const model::Sample& s) { return s.alloc.has_value(); })) {
    MeasureSamples allocs{"allocations/iteration", "", NoiseModel::Deterministic, {}};
    MeasureSamples bytes{"bytes allocated/iteration", "B", NoiseModel::Deterministic, {}};
    MeasureSamples peak{"peak heap", "B", NoiseModel::Deterministic, {}};
    for (const auto& s : run.samples) {
      const double iters = static_cast<double>(s.iterations > 0 ? s.iterations : 1);
      allocs.values.push_back(static_cast<double>(s.alloc->allocations) / iters);
      bytes.values.push_back(static_cast<double>(s.alloc->bytes) / iters);
      peak.values.push_back(static_cast<double>(s.alloc->peakLiveBytes));
    }
    out.push_back(std::move(allocs));
    out.push_back(std::move(bytes));
    out.push_back(std::move(peak));
  }
  return out;
}

Comparison compare(const CompareSide& baseline, const CompareSide& candidate,
                   const CompareOptions& o) {
  Comparison out;
  out.baseline = sideInfo(baseline);
  out.candidate = sideInfo(candidate);
  out.options = o;
  out.notes = environmentNotes(baseline, candidate);

  // Index both sides by match key; the first run of a duplicated key is used, with a note.
  auto index = [&](const CompareSide& side, const char* which) {
    std::map<std::string, const model::Run*> byKey;
    std::set<std::string> noted;
    for (const auto& r : side.runs) {
      const auto key = matchKey(r, o.ignoreParams);
      if (!byKey.emplace(key, &r).second && noted.insert(key).second)
        out.notes.push_back(std::string("The ") + which + " has more than one run named " + key +
                            "; the first is compared.");
    }
    return byKey;
  };
  const auto base = index(baseline, "baseline");
  const auto cand = index(candidate, "candidate");

  std::vector<std::string> order;
  std::set<std::string> seen;
  for (const auto* side : {&baseline, &candidate})
    for (const auto& r : side->runs)
      if (auto key = matchKey(r, o.ignoreParams); seen.insert(key).second) order.push_back(key);

  std::set<NoiseModel> modelsInUse;
  // Per primary measure, the bootstrap replicates of every compared benchmark (log ratios).
  std::map<std::string, std::vector<std::vector<double>>> replicates;
  std::map<std::string, std::vector<double>> logRatios;
  for (const auto& key : order) {
    BenchmarkComparison bc;
    bc.name = key;
    auto bi = base.find(key);
    auto ci = cand.find(key);
    const model::Run* b = bi == base.end() ? nullptr : bi->second;
    const model::Run* c = ci == cand.end() ? nullptr : ci->second;
    auto ok = [](const model::Run* r) {
      return r->status == model::RunStatus::Ok && !r->samples.empty();
    };
    auto failure = [](const model::Run* r) {
      return r->reason.empty() ? std::string(r->samples.empty() ? "no repetitions" : "failed")
                               : r->reason;
    };
    if (!c)
      bc.status = BenchmarkStatus::OnlyInBaseline;
    else if (!b)
      bc.status = BenchmarkStatus::OnlyInCandidate;
    else if (!ok(c)) {
      bc.status = BenchmarkStatus::FailedInCandidate;
      bc.reason = failure(c);
    } else if (!ok(b)) {
      bc.status = BenchmarkStatus::FailedInBaseline;
      bc.reason = failure(b);
    }
    if (bc.status != BenchmarkStatus::Compared) {
      out.benchmarks.push_back(std::move(bc));
      continue;
    }
    const auto mb = measuresOf(*b), mc = measuresOf(*c);
    const std::string primary = choosePrimary(mb, mc, o.primary);
    for (const auto& m : mb) {
      const auto* other = findMeasure(mc, m.measure);
      if (!other) continue;
      auto result = compareMeasure(m, *other, o);
      modelsInUse.insert(result.noise == NoiseModel::Counter ? NoiseModel::Timing : result.noise);
      if (m.measure == primary) {
        bc.primary = std::move(result);
      } else {
        bc.secondary.push_back(std::move(result));
      }
    }
    explain(bc, o.explanationSize);
    const double ratio = bc.primary.result.ratio;
    // An undecided benchmark keeps its ratio in the mean but gives no replicates: resampling
    // one or three values would lend the mean's interval a precision they do not have.
    if (ratio > 0 && std::isfinite(ratio)) {
      logRatios[primary].push_back(std::log(ratio));
      const auto* pb = findMeasure(mb, primary);
      const auto* pc = findMeasure(mc, primary);
      auto reps = bc.primary.result.verdict == Verdict::Undecided
                      ? std::vector<double>{}
                      : bootstrapRatioReplicates(pb->values, pc->values, o.resamples, o.seed);
      if (!reps.empty()) replicates[primary].push_back(std::move(reps));
    }
    out.benchmarks.push_back(std::move(bc));
  }

  auto& s = out.summary;
  for (const auto& bc : out.benchmarks) {
    switch (bc.status) {
      case BenchmarkStatus::Compared:
        ++s.compared;
        switch (bc.primary.result.verdict) {
          case Verdict::Faster:
            ++s.faster;
            break;
          case Verdict::Slower:
            ++s.slower;
            break;
          case Verdict::Unchanged:
            ++s.unchanged;
            break;
          case Verdict::Noisy:
            ++s.noisy;
            break;
          case Verdict::Undecided:
            if (s.undecided++ == 0)
              s.undecidedReason = undecidedReason(bc.primary.result.baselineCount,
                                                  bc.primary.result.candidateCount, o.alpha);
            break;
        }
        break;
      case BenchmarkStatus::OnlyInBaseline:
        ++s.onlyInBaseline;
        break;
      case BenchmarkStatus::OnlyInCandidate:
        ++s.onlyInCandidate;
        break;
      case BenchmarkStatus::FailedInCandidate:
        ++s.failedInCandidate;
        break;
      case BenchmarkStatus::FailedInBaseline:
        ++s.failedInBaseline;
        break;
    }
    s.regressions += bc.regression();
  }
  for (const auto& [measure, logs] : logRatios) {
    GeometricMean g;
    g.measure = measure;
    g.benchmarks = logs.size();
    double sum = 0;
    for (double l : logs) sum += l;
    g.ratio = std::exp(sum / static_cast<double>(logs.size()));
    g.interval = {kNaN, kNaN};
    const auto& reps = replicates[measure];
    // The interval needs every benchmark's replicates (a zero median loses them).
    if (reps.size() == logs.size() && !reps.empty()) {
      std::vector<double> geo(reps.front().size(), 0.0);
      for (const auto& r : reps)
        for (std::size_t i = 0; i < geo.size(); ++i)
          geo[i] += std::log(r[i]) / static_cast<double>(reps.size());
      for (auto& x : geo) x = std::exp(x);
      const double a = (1 - o.confidence) / 2;
      g.interval = {percentile(geo, a), percentile(geo, 1 - a)};
    }
    s.geometricMeans.push_back(std::move(g));
  }

  for (auto model : modelsInUse) {
    const bool counts = model == NoiseModel::Deterministic;
    std::string sentence =
        describeThreshold(verdictOptions(model, thresholdFor(model, o), o), counts ? "count" : "time");
    sentence = (counts ? "Deterministic counts (simulated instructions, allocations): "
                       : "Times and PMU counters: ") +
               sentence;
    out.thresholdText.push_back(std::move(sentence));
  }
  if (modelsInUse.empty())
    out.thresholdText.push_back(
        describeThreshold(verdictOptions(NoiseModel::Timing, o.threshold, o), "time"));
  return out;
}

std::vector<std::size_t> reportOrder(const Comparison& c) {
  auto rank = [](const BenchmarkComparison& b) {
    switch (b.status) {
      case BenchmarkStatus::FailedInCandidate:
        return 0;
      case BenchmarkStatus::Compared:
        switch (b.primary.result.verdict) {
          case Verdict::Slower:
            return 1;
          case Verdict::Undecided:
            return 2;
          case Verdict::Faster:
            return 3;
          case Verdict::Noisy:
            return 4;
          case Verdict::Unchanged:
            return 5;
        }
        return 5;
      case BenchmarkStatus::OnlyInBaseline:
        return 6;
      case BenchmarkStatus::OnlyInCandidate:
        return 7;
      case BenchmarkStatus::FailedInBaseline:
        return 8;
    }
    return 9;
  };
  std::vector<std::size_t> order(c.benchmarks.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const auto& a = c.benchmarks[x];
    const auto& b = c.benchmarks[y];
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (rank(a) == 1) return a.primary.result.ratio > b.primary.result.ratio;  // worst first
    if (rank(a) == 3) return a.primary.result.ratio < b.primary.result.ratio;  // best first
    return false;
  });
  return order;
}

std::string describeMovement(const Movement& m) {
  if (std::isinf(m.ratio)) return "new " + m.measure + " (none in the baseline)";
  if (m.ratio >= 2) return number(m.ratio, "%.2g") + "× " + m.measure;
  const double pct = (m.ratio - 1) * 100;
  const char* fmt = std::abs(pct) < 1 ? "%.2f" : (std::abs(pct) < 10 ? "%.1f" : "%.0f");
  return std::string(pct >= 0 ? "+" : "−") + number(std::abs(pct), fmt) + " % " + m.measure;
}

std::vector<std::string> unmatchedParamKeys(const Comparison& comparison) {
  using Values = std::map<std::string, std::set<std::string>>;
  Values base, cand;
  const auto collect = [](const std::string& name, Values& into) {
    std::size_t start = 0;
    for (int part = 0; start <= name.size(); ++part) {
      const auto slash = name.find('/', start);
      const std::string token =
          name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      const auto colon = token.find(':');
      // The first two parts are the workload and the variant.
      if (part >= 2 && colon != std::string::npos) {
        const std::string key = token.substr(0, colon);
        if (key != "threads" && key != "ranks") into[key].insert(token.substr(colon + 1));
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  };
  for (const auto& b : comparison.benchmarks) {
    if (b.status == BenchmarkStatus::OnlyInBaseline) collect(b.name, base);
    if (b.status == BenchmarkStatus::OnlyInCandidate) collect(b.name, cand);
  }
  std::vector<std::string> keys;
  if (base.empty() || cand.empty()) return keys;
  for (const auto* side : {&base, &cand})
    for (const auto& [key, values] : *side) {
      const Values& other = side == &base ? cand : base;
      const auto it = other.find(key);
      if ((it == other.end() || it->second != values) &&
          std::find(keys.begin(), keys.end(), key) == keys.end())
        keys.push_back(key);
    }
  return keys;
}

}  // namespace tunelab::analysis
