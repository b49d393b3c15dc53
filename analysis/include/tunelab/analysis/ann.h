#pragma once

// Nearest-neighbour search (the `ann` workload): what each index configuration achieved —
// recall against the exact ground truth, queries per second, memory per vector, training —
// and the recall–throughput trade-off among them. A run is an ann case when it succeeded and
// every repetition reports `recall_at_k` and `qps`; its parameters say what it was:
//   dataset, n, nq, d, k   the data and the question: the ground truth the recall is against
//   m, nlist, nprobe, rerank, batch, seed, ef, refine …   the index's knobs
// and its metrics what happened: recall_at_1, recall_at_k, qps, qps_per_core, ms_per_query,
// bytes_per_vector (B), train_seconds, encode_seconds, distance_evaluations.
//
// Every figure is the median over the repetitions (recall does not vary between them: the
// index and the queries are the same; time does).
//
// The Pareto front: among the cases of one workload at the same data (dataset, n, nq, d, k)
// and the same worker count, a case is on the front when no other case has at least its
// recall@k and at least its queries/s, one of them higher. Worker counts are kept apart: the
// same index at p = 2 would dominate itself at p = 1, which says nothing about the index.

#include <cstddef>
#include <string>
#include <vector>

#include "tunelab/analysis/scope.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

inline constexpr const char* kRecallAt1Metric = "recall_at_1";
inline constexpr const char* kRecallAtKMetric = "recall_at_k";
inline constexpr const char* kQpsMetric = "qps";

// The parameters that make the data and the ground truth; the others are the index's knobs.
inline constexpr const char* kAnnDataParams[] = {"dataset", "n", "nq", "d", "k"};
bool isAnnDataParam(const std::string& key);

struct AnnCase {
  // Which run (copies, so the value outlives the runs it came from).
  std::string name;
  std::string workload;
  std::string variant;
  std::string params;  // formatted, as RunSummary::params
  std::vector<model::Param> paramValues;
  std::size_t runIndex = 0;  // its index in the runs analysed (SessionReport::runs)
  int threads = 1;
  int ranks = 1;
  int workers() const { return threads * ranks; }
  // The data params formatted ("dataset:synthetic/n:10000/nq:200/d:64/k:10"), and the knobs:
  // every other parameter, in the run's order.
  std::string data;
  std::vector<model::Param> knobs;

  std::size_t repetitions = 0;
  // Medians over the repetitions; NaN where the workload did not report one.
  double recallAt1 = 0;
  double recallAtK = 0;
  double qps = 0;
  double qpsPerCore = 0;
  double msPerQuery = 0;
  double bytesPerVector = 0;
  double trainSeconds = 0;
  double encodeSeconds = 0;
  double distanceEvaluations = 0;
  // No case of the same workload, data and worker count has at least its recall@k and q/s,
  // one of them higher.
  bool pareto = false;
};

// A variant's cases at one data set and worker count, over its knob values.
struct AnnSeries {
  std::string workload;
  std::string variant;
  std::string data;
  int threads = 1;
  int ranks = 1;
  int workers() const { return threads * ranks; }
  // Its variant, with the data and p where those differ among the series analysed with it.
  std::string label;
  // Indices into AnnAnalysis::cases, by recall@k then q/s, ascending.
  std::vector<std::size_t> cases;
};

struct AnnAnalysis {
  // Grouped by workload and data (in the order of their first run), then by worker count;
  // within a group by recall@k, then q/s, descending: the most accurate first, and down the
  // table what each step of recall buys in speed.
  std::vector<AnnCase> cases;
  std::vector<AnnSeries> series;
};

// `scope` with the index's knobs left open (every parameter but the data's): the runs a
// recall–queries/s chart of `scope` draws. The scope bar pins a knob that varies (nprobe,
// rerank, refine …) like a family for the other views, but a variant's series spreads along
// its knobs; the data set (dataset, n, nq, d, k) stays pinned, as one front is one data set's.
Scope annScope(const Scope& scope);

// An ann case: ok, and every repetition reports recall_at_k and qps.
bool isAnnRun(const model::Run& run);

// The ann cases of `runs`, their Pareto front and series (empty when there are none).
AnnAnalysis analyzeAnn(const std::vector<model::Run>& runs);
// The same over runs held elsewhere (a scope's, uncopied); runIndex counts in `runs`.
AnnAnalysis analyzeAnn(const std::vector<const model::Run*>& runs);

// For each (recall, q/s) point, whether no other point has at least its recall and its q/s
// with one of them higher. A point with a NaN coordinate is never on the front and dominates
// nothing; equal points are both on it.
std::vector<bool> paretoFront(const std::vector<double>& recall, const std::vector<double>& qps);

// The series' labels among `series`: the variant, then "p=N" and the data where they differ.
std::vector<std::string> annSeriesLabels(const std::vector<AnnSeries>& series,
                                         const std::vector<AnnCase>& cases);

}  // namespace tunelab::analysis
