#include "tunelab/analysis/trend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "tunelab/analysis/derived_counters.h"
#include "tunelab/analysis/statistics.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;
// A floor under every point's relative standard error: deterministic counts have none, and
// infinite weights would make any difference, however tiny, a "significant" step.
constexpr double kMinSe = 1e-6;

std::string percent(double ratio) {
  char buf[32];
  const double pct = (ratio - 1) * 100;
  std::snprintf(buf, sizeof buf, std::abs(pct) < 10 ? "%+.1f %%" : "%+.0f %%", pct);
  return buf;
}

const MeasureSamples* find(const std::vector<MeasureSamples>& ms, const std::string& name) {
  for (const auto& m : ms)
    if (m.measure == name) return &m;
  return nullptr;
}

// Prefix sums for the weighted squared error of any segment in O(1).
struct Prefix {
  std::vector<double> w, wy, wyy;
  explicit Prefix(const std::vector<double>& y, const std::vector<double>& weight) {
    w.assign(y.size() + 1, 0);
    wy = wyy = w;
    for (std::size_t i = 0; i < y.size(); ++i) {
      w[i + 1] = w[i] + weight[i];
      wy[i + 1] = wy[i] + weight[i] * y[i];
      wyy[i + 1] = wyy[i] + weight[i] * y[i] * y[i];
    }
  }
  double weight(std::size_t a, std::size_t b) const { return w[b + 1] - w[a]; }  // [a, b]
  double mean(std::size_t a, std::size_t b) const { return (wy[b + 1] - wy[a]) / weight(a, b); }
  double cost(std::size_t a, std::size_t b) const {
    const double sw = weight(a, b), swy = wy[b + 1] - wy[a];
    return std::max(0.0, (wyy[b + 1] - wyy[a]) - swy * swy / sw);
  }
};

// Optimal partitioning: the boundaries (first index of each level after the first).
std::vector<std::size_t> partition(const Prefix& p, std::size_t n, double penalty) {
  std::vector<double> best(n + 1, 0);
  std::vector<std::size_t> from(n + 1, 0);
  for (std::size_t j = 1; j <= n; ++j) {
    best[j] = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < j; ++i) {
      const double c = best[i] + p.cost(i, j - 1) + (i > 0 ? penalty : 0);
      if (c < best[j]) {
        best[j] = c;
        from[j] = i;
      }
    }
  }
  std::vector<std::size_t> cuts;
  for (std::size_t j = n; j > 0; j = from[j])
    if (from[j] > 0) cuts.push_back(from[j]);
  std::reverse(cuts.begin(), cuts.end());
  return cuts;
}

}  // namespace

std::string_view stepKindName(StepKind k) { return k == StepKind::Shift ? "shift" : "excursion"; }

Trend analyzeTrend(const std::string& benchmark, const std::vector<TrendInput>& inputs,
                   const TrendOptions& o) {
  Trend t;
  t.benchmark = benchmark;
  t.options = o;

  // The measure: simulated instructions when every usable point has them (and Auto or
  // Instructions asks for them), else time.
  std::vector<std::vector<MeasureSamples>> measures;
  for (const auto& in : inputs) measures.push_back(measuresOf(in.run));
  auto usable = [](const model::Run& r) {
    return r.status == model::RunStatus::Ok && !r.samples.empty();
  };
  t.measure = "time";
  t.unit = "s";
  if (o.measure == PrimaryMeasure::CpuTime) t.measure = "cpu time";
  if (o.measure == PrimaryMeasure::Auto || o.measure == PrimaryMeasure::Instructions) {
    std::string candidate;
    for (std::size_t i = 0; i < inputs.size() && candidate.empty(); ++i)
      for (const auto& m : measures[i])
        if (m.noise == NoiseModel::Deterministic &&
            m.measure.find(" (simulated)") != std::string::npos &&
            isInstructionsEvent(m.measure.substr(0, m.measure.find(" (simulated)"))))
          candidate = m.measure;
    bool everywhere = !candidate.empty();
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (usable(inputs[i].run) && !find(measures[i], candidate)) everywhere = false;
    if (everywhere) {
      t.measure = candidate;
      t.unit = "";
    }
  }

  // Points, and for the usable ones y = ln(median) with its standard error.
  std::vector<double> y, se;
  std::vector<std::size_t> at;  // usable index → point index
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    TrendPoint p;
    p.name = in.name;
    p.revision = in.revision;
    p.startedAt = in.startedAt;
    p.interval = {kNaN, kNaN};
    const auto* m = find(measures[i], t.measure);
    p.ok = usable(in.run) && m && !m->values.empty();
    if (!p.ok) {
      p.reason = !in.run.reason.empty()   ? in.run.reason
                 : in.run.samples.empty() ? "no repetitions"
                                          : "no " + t.measure + " measured";
      p.median = kNaN;
      p.cv = kNaN;
      t.points.push_back(std::move(p));
      continue;
    }
    const auto sum = summarize(m->values);
    p.count = sum.count;
    p.median = sum.median;
    p.cv = sum.cv;
    p.noisy = sum.cv > o.cvLimit;
    p.interval = bootstrapMedian(m->values, 0.95, o.resamples, o.seed);
    if (!(p.median > 0)) {
      p.ok = false;
      p.reason = "median is not positive";
      t.points.push_back(std::move(p));
      continue;
    }
    double s = kNaN;
    if (p.count >= 2 && p.interval.defined() && p.interval.low > 0)
      s = (std::log(p.interval.high) - std::log(p.interval.low)) / (2 * kZ95);
    y.push_back(std::log(p.median));
    se.push_back(s);  // NaN: a single repetition says nothing about its own spread
    at.push_back(t.points.size());
    t.points.push_back(std::move(p));
  }
  const std::size_t n = y.size();
  if (n == 0) {
    t.conclusion = "No session has a usable " + t.measure + " for this benchmark.";
    return t;
  }

  // τ² from successive differences: Var(yᵢ₊₁ − yᵢ) = seᵢ² + seᵢ₊₁² + 2τ² without a step; the
  // median absolute difference is robust to the few differences that are steps.
  std::vector<double> known;
  for (double s : se)
    if (std::isfinite(s)) known.push_back(s * s);
  const double typicalSe2 = known.empty() ? 0 : median(known);
  double tau2 = 0;
  if (n >= 3) {
    std::vector<double> d;
    for (std::size_t i = 0; i + 1 < n; ++i) d.push_back(std::abs(y[i + 1] - y[i]));
    const double sigmaD = 1.4826 * median(d);
    tau2 = std::max(0.0, sigmaD * sigmaD / 2 - typicalSe2);
  }
  t.betweenSessions = std::sqrt(tau2);
  std::vector<double> weight(n);
  for (std::size_t i = 0; i < n; ++i) {
    // A point's own standard error comes from a handful of repetitions and is itself
    // uncertain: one lucky tight session must not outweigh ten others. Shrink it halfway to
    // the typical one (a point without its own spread gets the typical one).
    const double s2 = std::isfinite(se[i]) ? (se[i] * se[i] + typicalSe2) / 2 : typicalSe2;
    weight[i] = 1 / (s2 + tau2 + kMinSe * kMinSe);
  }

  const Prefix prefix(y, weight);
  const double penalty = std::max(3 * std::log(static_cast<double>(n)), o.minZ * o.minZ);
  auto cuts = partition(prefix, n, penalty);

  // Keep only boundaries that are large enough and certain enough; merge the weakest first.
  const double minLog = std::log1p(o.threshold);
  // The weights are estimates from a few repetitions each; where the points scatter around
  // their levels more than the weights claim (reduced χ² > 1), every standard error is
  // widened by that factor, as in weighted least squares with an unknown scale.
  auto scatterScale = [&](const std::vector<std::size_t>& cs) {
    double chi2 = 0;
    std::size_t a = 0;
    for (std::size_t k = 0; k <= cs.size(); ++k) {
      const std::size_t b = k < cs.size() ? cs[k] : n;
      chi2 += prefix.cost(a, b - 1);
      a = b;
    }
    const std::size_t dof = n > cs.size() + 1 ? n - cs.size() - 1 : 0;
    return dof > 0 ? std::max(1.0, std::sqrt(chi2 / static_cast<double>(dof))) : 1.0;
  };
  for (;;) {
    std::size_t weakest = cuts.size();
    double weakestZ = std::numeric_limits<double>::infinity();
    const double scale = scatterScale(cuts);
    for (std::size_t k = 0; k < cuts.size(); ++k) {
      const std::size_t a = k == 0 ? 0 : cuts[k - 1], b = cuts[k],
                        c = k + 1 < cuts.size() ? cuts[k + 1] : n;
      const double d = prefix.mean(b, c - 1) - prefix.mean(a, b - 1);
      const double s = scale * std::sqrt(1 / prefix.weight(a, b - 1) + 1 / prefix.weight(b, c - 1));
      const double z = std::abs(d) / s;
      const bool keep = std::abs(d) >= minLog && z >= o.minZ;
      if (!keep && z < weakestZ) {
        weakestZ = z;
        weakest = k;
      }
    }
    if (weakest == cuts.size()) break;
    cuts.erase(cuts.begin() + static_cast<std::ptrdiff_t>(weakest));
  }

  // Levels and steps.
  const double scale = scatterScale(cuts);
  std::vector<std::size_t> starts = {0};
  starts.insert(starts.end(), cuts.begin(), cuts.end());
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t a = starts[k], b = k + 1 < starts.size() ? starts[k + 1] - 1 : n - 1;
    const double mu = prefix.mean(a, b), s = scale / std::sqrt(prefix.weight(a, b));
    t.levels.push_back(
        {at[a], at[b], std::exp(mu), {std::exp(mu - kZ95 * s), std::exp(mu + kZ95 * s)}});
    for (std::size_t i = a; i <= b; ++i) t.points[at[i]].level = k;
    if (k == 0) continue;
    const std::size_t pa = starts[k - 1];
    const double d = mu - prefix.mean(pa, a - 1);
    const double sd = scale * std::sqrt(1 / prefix.weight(pa, a - 1) + 1 / prefix.weight(a, b));
    TrendStep step;
    step.index = at[a];
    step.ratio = std::exp(d);
    step.ratioInterval = {std::exp(d - kZ95 * sd), std::exp(d + kZ95 * sd)};
    step.z = std::abs(d) / sd;
    step.direction = d > 0 ? Verdict::Slower : Verdict::Faster;
    t.steps.push_back(step);
  }
  // A one-point level whose two steps cancel (the levels around it agree within the
  // threshold) is an excursion.
  for (std::size_t k = 1; k + 1 < t.levels.size(); ++k) {
    const auto& lv = t.levels[k];
    if (lv.first != lv.last) continue;
    const double around = t.levels[k + 1].value / t.levels[k - 1].value;
    if (std::abs(std::log(around)) < minLog) {
      t.steps[k - 1].kind = StepKind::Excursion;
      t.steps[k].kind = StepKind::Excursion;
    }
  }

  // The sentence.
  std::string shifts, excursions;
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const auto& s = t.steps[k];
    const auto& p = t.points[s.index];
    if (s.kind == StepKind::Shift) {
      char buf[160];
      std::snprintf(buf, sizeof buf, " (95 %% interval %s to %s; %.1f standard errors)",
                    percent(s.ratioInterval.low).c_str(), percent(s.ratioInterval.high).c_str(),
                    s.z);
      shifts +=
          std::string(shifts.empty() ? "" : "; ") + percent(s.ratio) + " from " + p.name + buf;
    } else if (k + 1 < t.steps.size() && t.steps[k + 1].kind == StepKind::Excursion &&
               t.steps[k + 1].index > s.index) {
      excursions +=
          std::string(excursions.empty() ? "" : ", ") + p.name + " (" + percent(s.ratio) + ")";
      ++k;
    }
  }
  std::size_t noisy = 0;
  for (const auto& p : t.points) noisy += p.ok && p.noisy;
  if (!shifts.empty()) {
    t.conclusion = "Step change in " + t.measure + ": " + shifts + ".";
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f %%", o.threshold * 100);
    t.conclusion = "No step change of " + std::string(buf) + " or more in " + t.measure + ".";
  }
  if (!excursions.empty())
    t.conclusion += " One-session excursions, not shifts: " + excursions + ".";
  if (t.betweenSessions > minLog) {
    char buf[160];
    std::snprintf(
        buf, sizeof buf,
        " Sessions scatter by %.1f %% beyond their own repetitions: smaller changes cannot be "
        "told from noise.",
        t.betweenSessions * 100);
    t.conclusion += buf;
  }
  if (noisy > 0)
    t.conclusion += " " + std::to_string(noisy) + " of " + std::to_string(n) +
                    " sessions are noisy (CV over their repetitions above " +
                    std::to_string(static_cast<int>(std::lround(o.cvLimit * 100))) + " %).";
  return t;
}

}  // namespace tunelab::analysis
