#include "tunelab/analysis/ann.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

// NaN sorts last whichever way the numbers go.
bool higher(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return !std::isnan(a) && std::isnan(b);
  return a > b;
}

}  // namespace

bool isAnnDataParam(const std::string& key) {
  return std::any_of(std::begin(kAnnDataParams), std::end(kAnnDataParams),
                     [&](const char* k) { return key == k; });
}

Scope annScope(const Scope& scope) {
  Scope out = scope;
  std::erase_if(out.where, [](const model::Param& p) { return !isAnnDataParam(p.key); });
  return out;
}

bool isAnnRun(const model::Run& run) {
  return run.status == model::RunStatus::Ok && !run.samples.empty() &&
         std::all_of(run.samples.begin(), run.samples.end(), [](const model::Sample& s) {
           return sampleMetric(s, kRecallAtKMetric) && sampleMetric(s, kQpsMetric);
         });
}

std::vector<bool> paretoFront(const std::vector<double>& recall, const std::vector<double>& qps) {
  const std::size_t n = std::min(recall.size(), qps.size());
  std::vector<bool> out(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(recall[i]) || std::isnan(qps[i])) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < n && !dominated; ++j) {
      if (j == i || std::isnan(recall[j]) || std::isnan(qps[j])) continue;
      dominated = recall[j] >= recall[i] && qps[j] >= qps[i] &&
                  (recall[j] > recall[i] || qps[j] > qps[i]);
    }
    out[i] = !dominated;
  }
  return out;
}

AnnAnalysis analyzeAnn(const std::vector<model::Run>& runs) {
  std::vector<const model::Run*> pointers;
  for (const auto& run : runs) pointers.push_back(&run);
  return analyzeAnn(pointers);
}

AnnAnalysis analyzeAnn(const std::vector<const model::Run*>& runs) {
  // The cases, each with the group (workload, data, workers) it is judged in.
  std::vector<AnnCase> cases;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const model::Run& run = *runs[i];
    if (!isAnnRun(run)) continue;
    AnnCase c;
    c.name = run.name;
    c.workload = run.workload;
    c.variant = run.variant;
    c.params = model::formatParams(run.params);
    c.paramValues = run.params;
    c.runIndex = i;
    c.threads = run.threads;
    c.ranks = run.ranks;
    std::vector<model::Param> data;
    for (const auto& p : run.params)
      (isAnnDataParam(p.key) ? data : c.knobs).push_back(p);
    c.data = model::formatParams(data);
    c.repetitions = run.samples.size();
    c.recallAt1 = metricMedian(run, kRecallAt1Metric);
    c.recallAtK = metricMedian(run, kRecallAtKMetric);
    c.qps = metricMedian(run, kQpsMetric);
    c.qpsPerCore = metricMedian(run, "qps_per_core");
    c.msPerQuery = metricMedian(run, "ms_per_query");
    c.bytesPerVector = metricMedian(run, "bytes_per_vector");
    c.trainSeconds = metricMedian(run, "train_seconds");
    c.encodeSeconds = metricMedian(run, "encode_seconds");
    c.distanceEvaluations = metricMedian(run, "distance_evaluations");
    cases.push_back(std::move(c));
  }
  // Groups in the order of their first case: (workload, data) first seen, then worker count
  // ascending.
  std::vector<std::pair<std::string, std::string>> dataOrder;
  for (const auto& c : cases)
    if (std::find(dataOrder.begin(), dataOrder.end(), std::pair(c.workload, c.data)) ==
        dataOrder.end())
      dataOrder.emplace_back(c.workload, c.data);
  const auto groupOf = [&](const AnnCase& c) {
    const auto at = std::find(dataOrder.begin(), dataOrder.end(), std::pair(c.workload, c.data));
    return std::pair(static_cast<std::size_t>(at - dataOrder.begin()), c.workers());
  };
  std::stable_sort(cases.begin(), cases.end(), [&](const AnnCase& a, const AnnCase& b) {
    const auto ga = groupOf(a), gb = groupOf(b);
    if (ga != gb) return ga < gb;
    if (a.recallAtK != b.recallAtK) return higher(a.recallAtK, b.recallAtK);
    return higher(a.qps, b.qps);
  });
  // The front of each group.
  for (std::size_t begin = 0; begin < cases.size();) {
    std::size_t end = begin;
    std::vector<double> recall, qps;
    for (; end < cases.size() && groupOf(cases[end]) == groupOf(cases[begin]); ++end) {
      recall.push_back(cases[end].recallAtK);
      qps.push_back(cases[end].qps);
    }
    const auto front = paretoFront(recall, qps);
    for (std::size_t i = begin; i < end; ++i) cases[i].pareto = front[i - begin];
    begin = end;
  }
  AnnAnalysis out;
  out.cases = std::move(cases);
  // A series per variant within each group, its cases by recall then q/s, ascending.
  for (std::size_t i = 0; i < out.cases.size(); ++i) {
    const auto& c = out.cases[i];
    auto it = std::find_if(out.series.begin(), out.series.end(), [&](const AnnSeries& s) {
      return s.workload == c.workload && s.variant == c.variant && s.data == c.data &&
             s.threads == c.threads && s.ranks == c.ranks;
    });
    if (it == out.series.end()) {
      out.series.push_back({c.workload, c.variant, c.data, c.threads, c.ranks, {}, {}});
      it = std::prev(out.series.end());
    }
    it->cases.push_back(i);
  }
  for (auto& s : out.series)
    std::reverse(s.cases.begin(), s.cases.end());
  const auto labels = annSeriesLabels(out.series, out.cases);
  for (std::size_t i = 0; i < labels.size(); ++i) out.series[i].label = labels[i];
  return out;
}

std::vector<std::string> annSeriesLabels(const std::vector<AnnSeries>& series,
                                         const std::vector<AnnCase>& cases) {
  std::vector<std::string> out;
  if (series.empty()) return out;
  const auto differs = [&](auto&& get) {
    return std::any_of(series.begin(), series.end(),
                       [&](const AnnSeries& s) { return get(s) != get(series.front()); });
  };
  const bool workload = differs([](const AnnSeries& s) { return s.workload; });
  const bool workers = differs([](const AnnSeries& s) { return s.workers(); });
  // The data parameters that differ among the series, as key:value.
  std::vector<std::string> dataKeys;
  const auto dataOf = [&](const AnnSeries& s) -> const std::vector<model::Param>& {
    static const std::vector<model::Param> kNone;
    return s.cases.empty() ? kNone : cases[s.cases.front()].paramValues;
  };
  for (const char* key : kAnnDataParams) {
    const auto first = model::findParam(dataOf(series.front()), key);
    if (std::any_of(series.begin(), series.end(), [&](const AnnSeries& s) {
          return model::findParam(dataOf(s), key) != first;
        }))
      dataKeys.push_back(key);
  }
  for (const auto& s : series) {
    std::string label = workload ? s.workload + "/" + s.variant : s.variant;
    if (workers) label += " · p=" + std::to_string(s.workers());
    for (const auto& key : dataKeys)
      label += " · " + key + ":" + model::findParam(dataOf(s), key).value_or("–");
    out.push_back(std::move(label));
  }
  return out;
}

}  // namespace tunelab::analysis
