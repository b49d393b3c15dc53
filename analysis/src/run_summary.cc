#include "tunelab/analysis/run_summary.h"

namespace tunelab::analysis {

RunSummary summarizeRun(const model::Run& run) {
  RunSummary out;
  out.run = &run;
  std::vector<double> wall, cpu;
  for (const auto& s : run.samples) {
    wall.push_back(s.wallSeconds);
    cpu.push_back(s.cpuSeconds);
  }
  out.wall = summarize(wall);
  out.cpu = summarize(cpu);
  if (!run.samples.empty()) {
    for (const auto& m : run.samples.front().metrics) {
      std::vector<double> values;
      for (const auto& s : run.samples)
        for (const auto& sm : s.metrics)
          if (sm.name == m.name) values.push_back(sm.value);
      out.metrics.push_back({m.name, m.unit, summarize(values)});
    }
  }
  return out;
}

}  // namespace tunelab::analysis
