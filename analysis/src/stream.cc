#include "tunelab/analysis/stream.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include "tunelab/analysis/format.h"
#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A numeric parameter; NaN when absent or not a number.
double numberParam(const model::Run& run, std::string_view key) {
  const auto v = model::findParam(run.params, key);
  if (!v || v->empty()) return kNaN;
  double out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  return ec == std::errc() && end == v->data() + v->size() ? out : kNaN;
}

std::vector<model::Param> withoutRate(const std::vector<model::Param>& params) {
  std::vector<model::Param> out;
  for (const auto& p : params)
    if (p.key != kOfferedRateParam) out.push_back(p);
  return out;
}

// Closed loop sorts after every offered rate: it is the curve's "offered ∞".
double sortRate(double offered) {
  return offered > 0 ? offered : std::numeric_limits<double>::infinity();
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// The wait as it was given: "50 µs"; "0" for none.
std::string waitText(double us) {
  if (!std::isfinite(us)) return undefinedText();
  return us == 0 ? std::string("0") : formatMetric(us) + " µs";
}

}  // namespace

bool isStreamRun(const model::Run& run) {
  return run.status == model::RunStatus::Ok && !run.samples.empty() &&
         std::all_of(run.samples.begin(), run.samples.end(), [](const model::Sample& s) {
           return sampleMetric(s, kEventsPerSecondMetric) && sampleMetric(s, kLatencyP99Metric);
         });
}

StreamAnalysis analyzeStream(const std::vector<model::Run>& runs) {
  std::vector<const model::Run*> pointers;
  for (const auto& run : runs) pointers.push_back(&run);
  return analyzeStream(pointers);
}

Scope streamScope(const Scope& scope) {
  Scope out = scope;
  std::erase_if(out.where, [](const model::Param& p) { return p.key == kOfferedRateParam; });
  return out;
}

StreamAnalysis analyzeStream(const std::vector<const model::Run*>& runs) {
  StreamAnalysis out;
  std::vector<std::vector<StreamCase>> byCurve;  // parallel to out.curves
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const model::Run& run = *runs[i];
    if (!isStreamRun(run)) continue;
    StreamCase c;
    c.name = run.name;
    c.workload = run.workload;
    c.variant = run.variant;
    c.params = model::formatParams(run.params);
    c.paramValues = run.params;
    c.runIndex = i;
    c.threads = run.threads;
    c.ranks = run.ranks;
    c.query = model::findParam(run.params, "query").value_or("");
    c.batch = numberParam(run, "batch");
    c.windowUs = numberParam(run, "window_us");
    // The case's own rate (max: the closed loop); without the parameter, what the workload
    // says it offered.
    c.offeredRate = model::findParam(run.params, kOfferedRateParam) == "max"
                        ? 0
                        : numberParam(run, kOfferedRateParam);
    if (std::isnan(c.offeredRate)) c.offeredRate = metricMedian(run, "offered_rate");
    if (!(c.offeredRate > 0)) c.offeredRate = 0;
    c.repetitions = run.samples.size();
    c.eventsPerSecond = metricMedian(run, kEventsPerSecondMetric);
    c.eventsPerCpuSecond = metricMedian(run, "events_per_cpu_s");
    c.queueOccupancy = metricMedian(run, "queue_occupancy");
    c.blockedFraction = metricMedian(run, "blocked_fraction");
    c.meanBatch = metricMedian(run, "mean_batch");
    {
      std::vector<double> perEvent;
      for (const auto& sample : run.samples) {
        const auto events = sampleMetric(sample, "events");
        if (sample.alloc && events && *events > 0 && sample.iterations > 0)
          perEvent.push_back(static_cast<double>(sample.alloc->allocations) /
                             static_cast<double>(sample.iterations) / *events);
      }
      c.allocsPerEvent = perEvent.empty() ? kNaN : median(perEvent);
    }
    const model::Sample* typical = typicalSample(run);
    c.typicalRepetition = typical->repetition;
    c.p50Us = sampleMetric(*typical, "latency_p50_us").value_or(kNaN);
    c.p99Us = sampleMetric(*typical, kLatencyP99Metric).value_or(kNaN);
    c.p999Us = sampleMetric(*typical, "latency_p999_us").value_or(kNaN);
    c.maxUs = sampleMetric(*typical, "latency_max_us").value_or(kNaN);

    auto curveParamValues = withoutRate(run.params);
    const std::string curveParams = model::formatParams(curveParamValues);
    auto it = std::find_if(out.curves.begin(), out.curves.end(), [&](const StreamCurve& k) {
      return k.workload == run.workload && k.variant == run.variant && k.threads == run.threads &&
             k.ranks == run.ranks && k.params == curveParams;
    });
    if (it == out.curves.end()) {
      StreamCurve k;
      k.workload = run.workload;
      k.variant = run.variant;
      k.params = curveParams;
      k.paramValues = std::move(curveParamValues);
      k.threads = run.threads;
      k.ranks = run.ranks;
      k.query = c.query;
      k.batch = c.batch;
      k.windowUs = c.windowUs;
      out.curves.push_back(std::move(k));
      byCurve.emplace_back();
      it = std::prev(out.curves.end());
    }
    byCurve[static_cast<std::size_t>(it - out.curves.begin())].push_back(std::move(c));
  }
  for (std::size_t k = 0; k < out.curves.size(); ++k) {
    auto& cases = byCurve[k];
    std::stable_sort(cases.begin(), cases.end(), [](const StreamCase& a, const StreamCase& b) {
      return sortRate(a.offeredRate) < sortRate(b.offeredRate);
    });
    for (auto& c : cases) {
      out.curves[k].points.push_back({c.runIndex, c.offeredRate, c.eventsPerSecond, c.p99Us,
                                      c.closedLoop(), c.fellBehind()});
      out.cases.push_back(std::move(c));
    }
  }
  const auto labels = streamCurveLabels(out.curves);
  for (std::size_t k = 0; k < out.curves.size(); ++k) out.curves[k].label = labels[k];
  return out;
}

std::vector<std::string> streamCurveLabels(const std::vector<StreamCurve>& curves) {
  const auto differs = [&](auto&& get) {
    return std::any_of(curves.begin(), curves.end(),
                       [&](const StreamCurve& c) { return !same(get(c), get(curves.front())); });
  };
  const auto differsText = [&](auto&& get) {
    return std::any_of(curves.begin(), curves.end(),
                       [&](const StreamCurve& c) { return get(c) != get(curves.front()); });
  };
  const bool workload = differsText([](const StreamCurve& c) { return c.workload; });
  const bool query = differsText([](const StreamCurve& c) { return c.query; });
  const bool workers = differs([](const StreamCurve& c) { return double(c.workers()); });
  const bool batch = differs([](const StreamCurve& c) { return c.batch; });
  const bool wait = differs([](const StreamCurve& c) { return c.windowUs; });
  // Any other parameter that differs, as key:value.
  std::vector<std::string> others;
  for (const auto& c : curves)
    for (const auto& p : c.paramValues) {
      if (p.key == "query" || p.key == "batch" || p.key == "window_us") continue;
      if (std::find(others.begin(), others.end(), p.key) != others.end()) continue;
      const auto first = model::findParam(curves.front().paramValues, p.key);
      if (std::any_of(curves.begin(), curves.end(), [&](const StreamCurve& k) {
            return model::findParam(k.paramValues, p.key) != first;
          }))
        others.push_back(p.key);
    }
  std::vector<std::string> out;
  for (const auto& c : curves) {
    std::string label = workload ? c.workload + "/" + c.variant : c.variant;
    const auto add = [&](const std::string& part) { label += " · " + part; };
    if (query) add(c.query.empty() ? undefinedText() : c.query);
    if (workers) add("p=" + std::to_string(c.workers()));
    if (batch) add("batch " + formatMetric(c.batch));
    if (wait) add("wait " + waitText(c.windowUs));
    for (const auto& key : others)
      add(key + ":" + model::findParam(c.paramValues, key).value_or(undefinedText()));
    out.push_back(std::move(label));
  }
  return out;
}

}  // namespace tunelab::analysis
