#pragma once

// Strong and weak scaling of a session's runs: speedup, efficiency, the Karp–Flatt serial
// fraction per point, Amdahl's law fitted to the whole curve, the speedup against the best
// serial variant, and Gustafson's scaled speedup for weak-scaling sweeps. Values only: the
// terminal, CSV and GUI render what these return.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/scaling_model.h"
#include "tunelab/analysis/workload_traits.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

// A number of a scaling point that is not what it seems, with its likely cause in words.
struct ScalingCaveat {
  enum class Kind {
    SuperLinear,      // efficiency above kSuperLinearEfficiency
    BusyAtOneWorker,  // CPU/wall above kBusyCpuPerWall at p = 1: the baseline had help
    Drift,            // the series' times moved with the execution order (a series caveat)
  };
  Kind kind;
  std::string text;  // "efficiency 1682 % with 2 workers: the runs did different work (…)"
};
inline constexpr double kSuperLinearEfficiency = 1.10;
inline constexpr double kBusyCpuPerWall = 1.05;
// A workload whose case at p = 1 keeps more than one thread busy by design (alloc's
// producer-consumer: a producer and a consumer) says how many in this metric; CPU/wall is then
// judged against it instead of 1.
inline constexpr const char* kThreadsUsedMetric = "threads_used";
// The CPU/wall a run at one worker is expected to have: its threads_used metric, else 1.
double expectedCpuPerWall(const model::Run& run);

// How the times of a series moved over the execution order (Sample::position), each sample
// taken relative to its own point's median so that only what the thread counts share
// remains: the later half of the samples against the earlier half.
struct SeriesDrift {
  bool measured = false;     // every sample has a position, and there are at least 8
  bool interleaved = false;  // the points' samples alternate in time (HarnessOptions::interleave)
  double change = 0;         // later half / earlier half − 1 (median of the ratios)
  double pValue = 1;         // Mann–Whitney between the halves
  bool flagged = false;      // |change| > kDriftThreshold and p < kDriftAlpha
};
inline constexpr double kDriftThreshold = 0.03;
inline constexpr double kDriftAlpha = 0.01;
SeriesDrift seriesDrift(const std::vector<const model::Run*>& pointRuns);

// One point of a strong-scaling curve. Speedup S(p) = T(1)/T(p) and efficiency
// E(p) = S(p)/p, both relative to the same variant with the same parameters at p = 1,
// from the medians of the wall times. Every value that needs a missing reference is NaN.
struct ScalingPoint {
  int workers = 1;  // threads × ranks
  double medianSeconds = 0;
  double speedup = 0;
  double efficiency = 0;
  // Karp–Flatt e(p) = (1/S − 1/p)/(1 − 1/p): NaN at p = 1 (it is 0/0 there).
  double karpFlatt = 0;
  // Against the fastest variant of the same workload and parameters at one worker (the best
  // serial code, which is what a user would otherwise run): T_best(1)/T(p), and that over p.
  double absoluteSpeedup = 0;
  double absoluteEfficiency = 0;
  std::size_t samples = 0;
  double cpuPerWall = 0;  // median CPU time / median wall time
  // A distribution-free interval of the speedup, covering at least 95 %: each median's
  // order-statistic interval at √0.95 (medianConfidenceInterval), their ratio's extremes.
  // Exactly [1, 1] at p = 1 (the baseline against itself). Undefined without a baseline and
  // where either run has fewer than 7 repetitions (no 97.5 % interval of a median exists
  // below that).
  Interval speedupInterval;
  std::vector<ScalingCaveat> caveats;
};

// The runs of one workload/variant/parameters combination, ordered by workers.
struct ScalingSeries {
  std::string workload;
  std::string variant;
  std::string params;        // formatted, e.g. n:20000/d:8/k:8
  std::vector<model::Param> paramValues;  // the same as values (which parameters are shared)
  bool hasBaseline = false;  // a p = 1 run exists; without it S and E are not defined (NaN)
  std::vector<ScalingPoint> points;
  // Amdahl's law fitted to every sample of the series (defined with kMinAmdahlWorkerCounts
  // or more worker counts), its serial fraction f with a 95 % interval, R² and the ceiling
  // 1/f. distinctWorkerCounts says why it is not defined where it is not.
  AmdahlFit amdahl;
  std::size_t distinctWorkerCounts = 0;
  // The fastest variant of the same operation at one worker for these parameters (possibly
  // this one) and its median time; empty / NaN when none ran at one worker. For a workload
  // whose variants are different operations, the series' own variant. A floor variant (its
  // runs carry `loop_floor`: the workload's loop with no variant's work) is never the best:
  // it would always win.
  bool floor = false;
  std::string bestSerialVariant;
  double bestSerialSeconds = 0;
  SeriesDrift drift;
  std::vector<ScalingCaveat> caveats;  // of the whole series (drift)
};

// Groups successful runs into series. Failed runs and runs without samples are left out:
// a failure has no time to scale; so are paced runs (isPaced: an open-loop stream run takes
// as long as its schedule), which are no one's baseline either. `traits` says which
// workloads' variants are different operations (their best serial variant is their own) and
// which parameter paces a workload's runs. `intervals` Skip leaves every
// speedupInterval undefined (NaN): no order statistics, what a first look at a large session
// needs (SessionReport's MedianInterval::Skip).
std::vector<ScalingSeries> scalingSeries(const std::vector<model::Run>& runs,
                                         const TraitsByWorkload& traits = {},
                                         MedianInterval intervals = MedianInterval::Compute);

// The speedup and efficiency of a given run within its series, if it has a baseline.
const ScalingPoint* findPoint(const std::vector<ScalingSeries>& series, const model::Run& run);

// Weak scaling: the problem grows with the workers, so the work at p workers is p times the
// work at one — by the workload's declared work function (WorkloadTraits), not by assuming
// every number is linear: kmeans' work is linear in n, so `tunelab run kmeans -t 1,2,4 -p
// n=10000,20000,40000` holds the diagonal (10000, 1), (20000, 2), (40000, 4); factor's is n³,
// so its diagonal is n = 192, 242, 305 (within kWeakWorkTolerance of p-fold work). With
// W = work(p)/work(1) as measured by the declared function, the scaled speedup is
// S_s(p) = W · T(1)/T(p) and the efficiency S_s/p; Gustafson's law S_s = p − f·(p − 1) gives
// each point's serial fraction f = (p − S_s)/(p − 1), and a least-squares f over all points.
struct WeakScalingPoint {
  int workers = 1;
  double size = 0;  // the value of sizeParam at this point
  double medianSeconds = 0;
  double workRatio = 1;       // work(p) / work(1) by the declared work function (≈ p)
  double scaledSpeedup = 0;   // workRatio · T(1) / T(p)
  double efficiency = 0;      // scaledSpeedup / p: 1 is perfect weak scaling
  double serialFraction = 0;  // Gustafson's f from this point; NaN at p = 1
};

struct WeakScalingSeries {
  std::string workload;
  std::string variant;
  std::string sizeParam;                 // "n"
  double workExponent = 1;               // the declared exponent of sizeParam (n³: 3)
  std::string fixedParams;               // the other parameters, formatted
  std::vector<WeakScalingPoint> points;  // ascending workers, first p = 1
  double serialFraction = 0;             // least-squares Gustafson f over the points with p > 1
};

// Every weak-scaling diagonal with at least one point beyond p = 1: a size parameter of the
// workload's declared work function whose work grows p-fold with p (within the tolerance).
// Workloads without a declared work function have none; paced runs are no point of one.
inline constexpr double kWeakWorkTolerance = 0.02;
std::vector<WeakScalingSeries> weakScalingSeries(const std::vector<model::Run>& runs,
                                                 const TraitsByWorkload& traits);

}  // namespace tunelab::analysis
