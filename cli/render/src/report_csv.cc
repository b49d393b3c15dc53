// The report's CSV views, one table per view. The terminal table is report_table.cc, Markdown
// and JSON report_views.cc.

#include <cmath>

#include "report_ann.h"
#include "report_common.h"
#include "report_net_cost.h"
#include "report_stream.h"
#include "tunelab/analysis/complexity.h"
#include "tunelab/model/status.h"
#include "tunelab/render/report_format.h"
#include "tunelab/store/csv.h"

namespace tunelab::render {
namespace {

using analysis::SessionReport;

void header(store::CsvWriter& w, std::initializer_list<const char*> names) {
  for (auto n : names) w.field(n);
  w.endRow();
}

store::CsvWriter& numberOrEmpty(store::CsvWriter& w, double x) {
  return std::isfinite(x) ? w.field(x) : w.empty();
}

}  // namespace

void writeReportCsv(std::ostream& out, ReportView view, const SessionReport& r) {
  store::CsvWriter w(out);
  const auto session = static_cast<long long>(r.session.id.value());
  switch (view) {
    case ReportView::Summary:
      header(w, {"session",
                 "name",
                 "workload",
                 "variant",
                 "params",
                 "threads",
                 "ranks",
                 "status",
                 "repetitions",
                 "wall_median_s",
                 "wall_median_low_s",
                 "wall_median_high_s",
                 "wall_mean_s",
                 "wall_min_s",
                 "wall_max_s",
                 "wall_stddev_s",
                 "wall_cv",
                 "wall_mad_s",
                 "outliers",
                 "cpu_median_s",
                 "cpu_per_wall",
                 "speedup",
                 "efficiency",
                 "reason"});
      for (const auto& s : r.runs) {
        const auto* p = findScalingPoint(r, s);
        w.field(session)
            .field(s.name)
            .field(s.workload)
            .field(s.variant)
            .field(s.params)
            .field(s.threads)
            .field(s.ranks)
            .field(model::toString(s.status))
            .field(static_cast<long long>(s.wall.count));
        for (double x : {s.wall.median, s.wallMedianInterval.low, s.wallMedianInterval.high,
                         s.wall.mean, s.wall.min, s.wall.max, s.wall.stddev, s.wall.cv, s.wallMad})
          numberOrEmpty(w, s.wall.count ? x : NAN);
        w.field(static_cast<long long>(s.wallOutliers));
        numberOrEmpty(w, s.wall.count ? s.cpu.median : NAN);
        numberOrEmpty(w, s.wall.count ? s.cpuUtilization() : NAN);
        numberOrEmpty(w, p ? p->speedup : NAN);
        numberOrEmpty(w, p ? p->efficiency : NAN);
        w.field(s.reason).endRow();
      }
      break;
    case ReportView::Scaling:
      header(w, {"session", "workload", "variant", "params", "workers", "median_s", "samples",
                 "speedup", "efficiency", "karp_flatt", "absolute_speedup", "absolute_efficiency",
                 "best_serial_variant", "best_serial_s", "amdahl_f", "amdahl_f_low",
                 "amdahl_f_high", "amdahl_r2", "amdahl_ceiling"});
      for (const auto& s : r.scaling)
        for (const auto& p : s.points) {
          w.field(session).field(s.workload).field(s.variant).field(s.params).field(p.workers);
          numberOrEmpty(w, p.medianSeconds).field(static_cast<long long>(p.samples));
          for (double x :
               {p.speedup, p.efficiency, p.karpFlatt, p.absoluteSpeedup, p.absoluteEfficiency})
            numberOrEmpty(w, x);
          w.field(s.bestSerialVariant);
          numberOrEmpty(w, s.bestSerialSeconds);
          const auto& a = s.amdahl;
          for (double x : {a.serialFraction, a.serialFractionInterval.low,
                           a.serialFractionInterval.high, a.rSquared, a.ceiling})
            numberOrEmpty(w, a.defined ? x : NAN);
          w.endRow();
        }
      break;
    case ReportView::WeakScaling:
      header(w, {"session", "workload", "variant", "size_param", "fixed_params", "workers", "size",
                 "median_s", "scaled_speedup", "efficiency", "serial_fraction", "gustafson_f"});
      for (const auto& s : r.weakScaling)
        for (const auto& p : s.points) {
          w.field(session)
              .field(s.workload)
              .field(s.variant)
              .field(s.sizeParam)
              .field(s.fixedParams)
              .field(p.workers);
          for (double x : {p.size, p.medianSeconds, p.scaledSpeedup, p.efficiency, p.serialFraction,
                           s.serialFraction})
            numberOrEmpty(w, x);
          w.endRow();
        }
      break;
    case ReportView::Complexity:
      header(w, {"session", "workload", "variant", "workers", "size_param", "fixed_params", "sizes",
                 "class", "coefficient", "rms", "best"});
      for (const auto& c : r.complexity)
        for (const auto& k : c.fit.candidates) {
          w.field(session)
              .field(c.workload)
              .field(c.variant)
              .field(c.workers)
              .field(c.sizeParam)
              .field(c.fixedParams)
              .field(static_cast<long long>(c.sizes.size()))
              .field(analysis::complexityName(k.complexity));
          numberOrEmpty(w, k.coefficient);
          numberOrEmpty(w, k.rms);
          w.field(k.complexity == c.fit.best.complexity ? 1 : 0).endRow();
        }
      break;
    case ReportView::Allocation:
      header(w,
             {"session", "name", "workload", "variant", "params", "workers",
              "allocations_per_execution", "bytes_per_execution", "allocations_per_s",
              "bytes_per_s", "peak_live_bytes", "utilization", "fragmentation", "utilization_min",
              "utilization_mean", "utilization_final", "pool_bytes", "count_source"});
      for (const auto& a : r.allocation) {
        w.field(session)
            .field(a.name)
            .field(a.workload)
            .field(a.variant)
            .field(a.params)
            .field(a.workers);
        for (const auto* s : {&a.allocationsPerExecution, &a.bytesPerExecution,
                              &a.allocationsPerSecond, &a.bytesPerSecond, &a.peakLiveBytes})
          numberOrEmpty(w, s->count ? s->median : NAN);
        numberOrEmpty(w, a.utilization ? a.utilization->median : NAN);
        numberOrEmpty(w, a.fragmentation ? *a.fragmentation : NAN);
        for (double x : {a.minUtilization, a.meanUtilization, a.finalUtilization})
          numberOrEmpty(w, x);
        numberOrEmpty(w, a.poolBytes ? a.poolBytes->median : NAN);
        w.field(a.countSource).endRow();
      }
      break;
    case ReportView::Utilization:
      header(w, {"session", "name", "workload", "variant", "params", "workers", "x_name", "x",
                 "utilization", "fragmentation"});
      for (const auto& a : r.allocation)
        for (const auto& p : a.overTime) {
          w.field(session)
              .field(a.name)
              .field(a.workload)
              .field(a.variant)
              .field(a.params)
              .field(a.workers)
              .field(a.seriesXName);
          numberOrEmpty(w, p.x);
          numberOrEmpty(w, p.utilization);
          numberOrEmpty(w, p.fragmentation);
          w.endRow();
        }
      break;
    case ReportView::Derived:
      header(w, {"session", "name", "workload", "variant", "workers", "figure", "formula",
                 "simulated", "median", "min", "max", "repetitions"});
      for (const auto& d : r.derived)
        for (const auto& c : d.counters) {
          w.field(session)
              .field(d.name)
              .field(d.workload)
              .field(d.variant)
              .field(d.workers)
              .field(c.name)
              .field(c.formula)
              .field(c.simulated ? 1 : 0);
          numberOrEmpty(w, c.value.median);
          numberOrEmpty(w, c.value.min);
          numberOrEmpty(w, c.value.max);
          w.field(static_cast<long long>(c.value.count)).endRow();
        }
      break;
    case ReportView::NetCost:
      writeNetCostCsv(out, r);
      break;
    case ReportView::Stream:
      writeStreamCsv(out, r);
      break;
    case ReportView::Ann:
      writeAnnCsv(out, r);
      break;
  }
}

}  // namespace tunelab::render
