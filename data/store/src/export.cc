#include "tunelab/store/export.h"

#include <algorithm>
#include <array>

#include "tunelab/model/params.h"
#include "tunelab/model/status.h"
#include "tunelab/store/csv.h"

namespace tunelab::store {
namespace {

constexpr std::array<std::string_view, 9> kViewNames = {
    "samples", "metrics", "counters", "regions", "alloc", "series", "threads", "region-counters",
    "setup-regions"};

// The columns every view starts with: which run of which session a row belongs to.
void runHeader(CsvWriter& w) {
  for (auto h : {"session", "run", "name", "workload", "variant", "params", "threads", "ranks",
                 "status", "repetition"})
    w.field(h);
}

// `smp` null: a row of the run as a whole (setup regions), with an empty repetition.
void runFields(CsvWriter& w, const model::Session& s, const model::Run& r, const model::Sample* smp) {
  w.field(static_cast<long long>(s.id.value()))
      .field(static_cast<long long>(r.id.value()))
      .field(r.name)
      .field(r.workload)
      .field(r.variant)
      .field(model::formatParams(r.params))
      .field(r.threads)
      .field(r.ranks)
      .field(model::toString(r.status));
  if (smp) w.field(smp->repetition);
  else w.empty();
}

void runFields(CsvWriter& w, const model::Session& s, const model::Run& r, const model::Sample& smp) {
  runFields(w, s, r, &smp);
}

}  // namespace

std::span<const std::string_view> csvViewNames() { return kViewNames; }

bool csvViewFromString(std::string_view name, CsvView& view) {
  for (std::size_t i = 0; i < kViewNames.size(); ++i)
    if (kViewNames[i] == name) {
      view = static_cast<CsvView>(i);
      return true;
    }
  return false;
}

void writeCsv(std::ostream& out, CsvView view, const model::Session& session,
              const std::vector<model::Run>& runs) {
  CsvWriter w(out);
  runHeader(w);
  switch (view) {
    case CsvView::Samples:
      for (auto h : {"iterations", "wall_s", "cpu_s", "reason"}) w.field(h);
      break;
    case CsvView::Metrics:
      for (auto h : {"metric", "value", "unit"}) w.field(h);
      break;
    case CsvView::Counters:
      for (auto h : {"event", "value", "supported", "time_enabled_ns", "time_running_ns",
                     "simulated", "reason"})
        w.field(h);
      break;
    case CsvView::Regions:
      for (auto h : {"region", "seconds", "entries"}) w.field(h);
      break;
    case CsvView::Alloc:
      for (auto h : {"iterations", "allocations", "frees", "bytes", "peak_live_bytes", "pool_bytes",
                     "allocated_bytes"})
        w.field(h);
      break;
    case CsvView::Series:
      for (auto h : {"series", "unit", "x_name", "index", "x", "y"}) w.field(h);
      break;
    case CsvView::Threads:
      for (auto h : {"thread", "cpu_s"}) w.field(h);
      break;
    case CsvView::RegionCounters:
      for (auto h : {"region", "event", "value", "supported", "time_enabled_ns", "time_running_ns", "reason"})
        w.field(h);
      break;
    case CsvView::SetupRegions:
      for (auto h : {"region", "seconds", "entries"}) w.field(h);
      break;
  }
  w.endRow();

  for (const auto& r : runs) {
    if (view == CsvView::SetupRegions) {
      for (const auto& g : r.setupRegions) {
        runFields(w, session, r, nullptr);
        w.field(g.name).field(g.seconds).field(static_cast<long long>(g.entries));
        w.endRow();
      }
      continue;
    }
    // A run that failed before any repetition still gets a samples row, so the CSV shows it.
    if (r.samples.empty() && view == CsvView::Samples) {
      model::Sample none;
      runFields(w, session, r, none);
      w.empty().empty().empty().field(r.reason);
      w.endRow();
      continue;
    }
    for (const auto& smp : r.samples) {
      switch (view) {
        case CsvView::Samples:
          runFields(w, session, r, smp);
          w.field(static_cast<long long>(smp.iterations))
              .field(smp.wallSeconds)
              .field(smp.cpuSeconds)
              .field(r.reason);
          w.endRow();
          break;
        case CsvView::Metrics:
          for (const auto& m : smp.metrics) {
            runFields(w, session, r, smp);
            w.field(m.name).field(m.value).field(m.unit);
            w.endRow();
          }
          break;
        case CsvView::Counters:
          for (const auto& c : smp.counters) {
            runFields(w, session, r, smp);
            w.field(c.event);
            if (c.value) w.field(*c.value); else w.empty();
            w.field(c.supported() ? 1 : 0)
                .field(static_cast<long long>(c.timeEnabledNs))
                .field(static_cast<long long>(c.timeRunningNs))
                .field(c.simulated ? 1 : 0)
                .field(c.reason);
            w.endRow();
          }
          break;
        case CsvView::Regions:
          for (const auto& g : smp.regions) {
            runFields(w, session, r, smp);
            w.field(g.name).field(g.seconds).field(static_cast<long long>(g.entries));
            w.endRow();
          }
          break;
        case CsvView::Alloc:
          if (smp.alloc) {
            const auto& a = *smp.alloc;
            runFields(w, session, r, smp);
            w.field(static_cast<long long>(smp.iterations))
                .field(static_cast<long long>(a.allocations))
                .field(static_cast<long long>(a.frees))
                .field(static_cast<long long>(a.bytes))
                .field(static_cast<long long>(a.peakLiveBytes));
            if (a.poolBytes) w.field(static_cast<long long>(*a.poolBytes)); else w.empty();
            if (a.allocatedBytes) w.field(static_cast<long long>(*a.allocatedBytes)); else w.empty();
            w.endRow();
          }
          break;
        case CsvView::Series:
          for (const auto& c : smp.series)
            for (std::size_t i = 0; i < std::min(c.x.size(), c.y.size()); ++i) {
              runFields(w, session, r, smp);
              w.field(c.name).field(c.unit).field(c.xName).field(static_cast<long long>(i));
              w.field(c.x[i]).field(c.y[i]);
              w.endRow();
            }
          break;
        case CsvView::Threads:
          for (const auto& t : smp.threads) {
            runFields(w, session, r, smp);
            w.field(t.thread).field(t.cpuSeconds);
            w.endRow();
          }
          break;
        case CsvView::RegionCounters:
          for (const auto& g : smp.regions)
            for (const auto& c : g.counters) {
              runFields(w, session, r, smp);
              w.field(g.name).field(c.event);
              if (c.value) w.field(*c.value); else w.empty();
              w.field(c.supported() ? 1 : 0)
                  .field(static_cast<long long>(c.timeEnabledNs))
                  .field(static_cast<long long>(c.timeRunningNs))
                  .field(c.reason);
              w.endRow();
            }
          break;
        case CsvView::SetupRegions:
          break;  // rows of whole runs, written above
      }
    }
  }
}

}  // namespace tunelab::store
