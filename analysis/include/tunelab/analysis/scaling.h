#pragma once

// Strong and weak scaling of a session's runs: speedup, efficiency, the Karp–Flatt serial
// fraction per point, Amdahl's law fitted to the whole curve, the speedup against the best
// serial variant, and Gustafson's scaled speedup for weak-scaling sweeps. Values only: the
// terminal, CSV and GUI render what these return.

#include <string>
#include <vector>

#include "tunelab/analysis/scaling_model.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

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
};

// The runs of one workload/variant/parameters combination, ordered by workers.
struct ScalingSeries {
  std::string workload;
  std::string variant;
  std::string params;        // formatted, e.g. n:20000/d:8/k:8
  bool hasBaseline = false;  // a p = 1 run exists; without it S and E are not defined (NaN)
  std::vector<ScalingPoint> points;
  // Amdahl's law fitted to every sample of the series (defined with two or more worker
  // counts), its serial fraction f with a 95 % interval, R² and the ceiling 1/f.
  AmdahlFit amdahl;
  // The fastest variant at one worker for these parameters (possibly this one) and its
  // median time; empty / NaN when no variant ran at one worker. A floor variant (its runs
  // carry `loop_floor`: the workload's loop with no variant's work) is never the best: it
  // would always win.
  bool floor = false;
  std::string bestSerialVariant;
  double bestSerialSeconds = 0;
};

// Groups successful runs into series. Failed runs and runs without samples are left out:
// a failure has no time to scale.
std::vector<ScalingSeries> scalingSeries(const std::vector<model::Run>& runs);

// The speedup and efficiency of a given run within its series, if it has a baseline.
const ScalingPoint* findPoint(const std::vector<ScalingSeries>& series, const model::Run& run);

// Weak scaling: the problem grows with the workers, so a parameter (the size) is p times its
// one-worker value at p workers — `tunelab run W -t 1,2,4 -p n=10000,20000,40000` contains
// the diagonal (10000, 1), (20000, 2), (40000, 4). The scaled speedup is
// S_s(p) = p · T(1, n₁) / T(p, p·n₁); Gustafson's law S_s = p − f·(p − 1) gives each point's
// serial fraction f = (p − S_s)/(p − 1), and a least-squares f over all points.
struct WeakScalingPoint {
  int workers = 1;
  double size = 0;  // the value of sizeParam at this point
  double medianSeconds = 0;
  double scaledSpeedup = 0;   // p · T(1, n₁) / T(p, p·n₁)
  double efficiency = 0;      // T(1, n₁) / T(p, p·n₁): 1 is perfect weak scaling
  double serialFraction = 0;  // Gustafson's f from this point; NaN at p = 1
};

struct WeakScalingSeries {
  std::string workload;
  std::string variant;
  std::string sizeParam;                 // "n"
  std::string fixedParams;               // the other parameters, formatted
  std::vector<WeakScalingPoint> points;  // ascending workers, first p = 1
  double serialFraction = 0;             // least-squares Gustafson f over the points with p > 1
};

// Every weak-scaling diagonal with at least one point beyond p = 1. Which parameter is the
// size is found from the data: any numeric parameter whose value grows exactly with p.
std::vector<WeakScalingSeries> weakScalingSeries(const std::vector<model::Run>& runs);

}  // namespace tunelab::analysis
