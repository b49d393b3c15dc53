#include <array>

#include "alloc/alloc_workload.h"
#include "ann/ann_workload.h"
#include "calibrate/calibrate_workload.h"
#include "factor/factor_workload.h"
#include "factor/lapack.h"
#include "fault/fault_workload.h"
#include "kmeans/kmeans_workload.h"
#include "machine/machine_workload.h"
#include "stream/stream_workload.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {
namespace {
const KmeansWorkload kKmeans;
const MachineWorkload kMachine;
const FactorWorkload kFactor;
const AllocWorkload kAlloc;
const CalibrateWorkload kCalibrate;
const StreamWorkload kStream;
const AnnWorkload kAnn;
// Explicit, not self-registering: the list is in one place and in a fixed order.
// Test-only, outside kRegistry: reachable by name while TUNELAB_FAULT_WORKLOAD=1 is set, never
// listed and never in the default sweep (fault/fault_workload.h).
const FaultWorkload kFault;
const std::array kRegistry = {static_cast<const Workload*>(&kKmeans),
                              static_cast<const Workload*>(&kMachine),
                              static_cast<const Workload*>(&kFactor),
                              static_cast<const Workload*>(&kAlloc),
                              static_cast<const Workload*>(&kStream),
                              static_cast<const Workload*>(&kAnn),
                              static_cast<const Workload*>(&kCalibrate)};
}  // namespace

std::span<const Workload* const> registry() { return kRegistry; }

void quietLibraries() { factor::lapack::setThreads(1); }

void Instance::resume() { quietLibraries(); }

const Workload* findWorkload(std::string_view name) {
  for (const auto* w : kRegistry)
    if (w->name() == name) return w;
  if (name == kFault.name() && faultWorkloadEnabled()) return &kFault;
  return nullptr;
}

std::string workloadNames() {
  std::string out;
  for (const auto* w : kRegistry) {
    if (!out.empty()) out += ", ";
    out += w->name();
  }
  return out;
}

}  // namespace tunelab::workloads
