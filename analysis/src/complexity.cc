#include "tunelab/analysis/complexity.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {

std::string_view complexityName(Complexity c) {
  switch (c) {
    case Complexity::Constant:
      return "O(1)";
    case Complexity::Logarithmic:
      return "O(log n)";
    case Complexity::Linear:
      return "O(n)";
    case Complexity::Linearithmic:
      return "O(n log n)";
    case Complexity::Quadratic:
      return "O(n²)";
    case Complexity::Cubic:
      return "O(n³)";
  }
  return "?";
}

double complexityFunction(Complexity c, double n) {
  switch (c) {
    case Complexity::Constant:
      return 1;
    case Complexity::Logarithmic:
      return std::log2(n);
    case Complexity::Linear:
      return n;
    case Complexity::Linearithmic:
      return n * std::log2(n);
    case Complexity::Quadratic:
      return n * n;
    case Complexity::Cubic:
      return n * n * n;
  }
  return 0;
}

double predictTime(const ComplexityCandidate& c, double n) {
  return c.coefficient * complexityFunction(c.complexity, n);
}

ComplexityFit fitComplexity(std::span<const double> sizes, std::span<const double> seconds) {
  ComplexityFit fit;
  const std::size_t n = std::min(sizes.size(), seconds.size());
  std::set<double> distinct;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(sizes[i] >= 1) || !(seconds[i] > 0)) return fit;
    distinct.insert(sizes[i]);
  }
  if (distinct.size() < 2) return fit;

  constexpr std::array kClasses = {Complexity::Constant,  Complexity::Logarithmic,
                                   Complexity::Linear,    Complexity::Linearithmic,
                                   Complexity::Quadratic, Complexity::Cubic};
  for (auto cls : kClasses) {
    // Weighted least squares through the origin with weights 1/T²: minimising
    // Σ(1 − c·g/T)² gives c = Σ(g/T) / Σ(g/T)².
    double sr = 0, srr = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = complexityFunction(cls, sizes[i]) / seconds[i];
      sr += r;
      srr += r * r;
    }
    ComplexityCandidate cand;
    cand.complexity = cls;
    cand.coefficient = srr > 0 ? sr / srr : 0;
    double ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double rel = 1 - cand.coefficient * complexityFunction(cls, sizes[i]) / seconds[i];
      ss += rel * rel;
    }
    cand.rms = std::sqrt(ss / static_cast<double>(n));
    fit.candidates.push_back(cand);
  }
  fit.defined = true;
  std::vector<ComplexityCandidate> sorted = fit.candidates;
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const ComplexityCandidate& a, const ComplexityCandidate& b) { return a.rms < b.rms; });
  fit.best = sorted[0];
  fit.margin = sorted[1].rms > 0 ? sorted[0].rms / sorted[1].rms : 1;
  return fit;
}

namespace {

std::optional<double> numeric(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<ComplexitySweep> complexitySweeps(
    const std::vector<model::Run>& runs,
    const std::map<std::string, std::vector<std::string>>& sizeParams) {
  auto isSize = [&](const std::string& workload, const std::string& key) {
    const auto it = sizeParams.find(workload);
    return it == sizeParams.end() || it->second.empty() ||
           std::find(it->second.begin(), it->second.end(), key) != it->second.end();
  };
  // Candidate size parameters: every key whose value is numeric in every run that has it.
  std::vector<std::string> keys;
  for (const auto& r : runs)
    for (const auto& p : r.params)
      if (std::find(keys.begin(), keys.end(), p.key) == keys.end()) keys.push_back(p.key);

  std::vector<ComplexitySweep> out;
  for (const auto& key : keys) {
    // Group by everything but this parameter; keep the runs' order of first appearance.
    std::vector<std::pair<std::string, std::vector<const model::Run*>>> groups;
    for (const auto& r : runs) {
      if (r.status != model::RunStatus::Ok || r.samples.empty() || !isSize(r.workload, key)) continue;
      auto value = model::findParam(r.params, key);
      if (!value || !numeric(*value)) continue;
      std::vector<model::Param> rest;
      for (const auto& p : r.params)
        if (p.key != key) rest.push_back(p);
      const std::string id = r.workload + "/" + r.variant + "/" + model::formatParams(rest) + "/" +
                             std::to_string(r.threads * r.ranks);
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == id; });
      if (it == groups.end()) {
        groups.push_back({id, {}});
        it = groups.end() - 1;
      }
      it->second.push_back(&r);
    }
    for (const auto& [id, members] : groups) {
      std::map<double, std::vector<double>> bySize;  // size → wall times of every sample
      for (const auto* r : members) {
        const double size = *numeric(*model::findParam(r->params, key));
        for (const auto& s : r->samples) bySize[size].push_back(s.wallSeconds);
      }
      if (bySize.size() < 3) continue;
      const auto* first = members.front();
      ComplexitySweep sweep;
      sweep.workload = first->workload;
      sweep.variant = first->variant;
      sweep.workers = first->threads * first->ranks;
      sweep.sizeParam = key;
      std::vector<model::Param> rest;
      for (const auto& p : first->params)
        if (p.key != key) rest.push_back(p);
      sweep.fixedParams = model::formatParams(rest);
      for (const auto& [size, times] : bySize) {
        sweep.sizes.push_back(size);
        sweep.medianSeconds.push_back(median(times));
      }
      sweep.fit = fitComplexity(sweep.sizes, sweep.medianSeconds);
      if (sweep.fit.defined) out.push_back(std::move(sweep));
    }
  }
  return out;
}

}  // namespace tunelab::analysis
