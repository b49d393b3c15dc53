#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"

namespace tunelab::workloads {

using model::Result;

enum class ParamType { Int, Real, Text };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Int;
  std::string defaultValue;  // the default sweep uses these: small enough for a first run
  std::string help;
  double min = 0;  // inclusive bounds for Int and Real
  double max = 0;
  // Text only: the comma-separated values allowed ("" = any text, e.g. a file name); `all`
  // stands for every one of them.
  std::string choices = {};
  // Text without choices that may still be a list (`-p rate=max,1e6`): the values are split
  // and the workload's checkParams checks each case's value.
  bool list = false;
};

struct VariantSpec {
  std::string name;
  std::string summary;
  bool threaded = false;  // swept over --threads; others always run with one thread
  // Runs as MPI ranks (swept over --ranks): the harness starts each case under mpirun, and
  // every rank prepares and runs the same case on its share of the work.
  bool distributed = false;
  // Measures the workload's own loop with none of a variant's work (alloc's `null`): the
  // floor the reports subtract from the other variants of the same parameters and threads
  // instead of ranking it. resolveVariants adds it wherever other variants are named, so a
  // session that compares variants always has its floor.
  bool floor = false;
};

// One case, fully resolved: the variant exists, every parameter is present and valid.
struct CaseConfig {
  std::string variant;
  std::vector<model::Param> params;  // in the workload's declared order
  int threads = 1;
  int ranks = 1;  // distributed variants: the size of MPI_COMM_WORLD the case runs in
};

// A prepared case: its input is built (untimed), and run() is one timed execution.
class Instance {
 public:
  virtual ~Instance() = default;
  virtual void run() = 0;
  // What the last run() produced (inertia, iterations …), stored as metrics.
  virtual std::vector<model::Metric> metrics() const = 0;
  // Curves of the last run() (inertia per iteration …), stored per sample. Most have none.
  virtual std::vector<model::Series> series() const { return {}; }
  // Called, untimed, before each batch of repetitions: other cases may have run since this
  // one last did (the repetitions of a scaling series take turns), and process-wide state
  // they leave behind must not land in this case's time. The default stops OpenBLAS's
  // polling workers (quietLibraries): a lapack p = 2 case left them spinning, and the cases
  // after it read CPU/wall 2.00 with one worker. A case that needs that state back (lapack
  // at p threads) restores it here.
  virtual void resume();
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;
  virtual std::span<const VariantSpec> variants() const = 0;
  virtual std::span<const ParamSpec> params() const = 0;
  // How long Google Benchmark iterates one repetition when the user does not say
  // (--min-time). nullopt: the command line's default. 0: exactly one execution per
  // repetition, for workloads whose metrics and series describe a single execution (and
  // whose executions are long enough to time on their own).
  virtual std::optional<double> preferredMinTimeSeconds() const { return std::nullopt; }
  // How the parameters size the work: work ∝ Π valueᵉ over these (parameter, exponent) pairs
  // (kmeans: n, d, k and iters, each 1; factor: n³). The weak-scaling analysis needs it to
  // know which runs hold p times the work of one; empty: not declared, and there is none.
  virtual std::vector<std::pair<std::string, double>> workExponents() const { return {}; }
  // Whether the variants implement one operation (kmeans: naive … mpi), so that the fastest
  // at one worker is every variant's absolute baseline, or are different operations
  // (machine: triad, fma-f32, fma-f64) that are never ranked against each other.
  virtual bool variantsAreOneOperation() const { return true; }
  // The parameter that paces a run, where one does: with it at any value but `unpaced`, a run
  // takes as long as its schedule, not as its work (stream's rate=5e5: events/rate seconds,
  // whichever variant and however many workers), so the analysis leaves such runs out of
  // speedup, efficiency, weak scaling, best-variant baselines and complexity. nullopt: no
  // run is paced.
  struct PacingParam {
    std::string name;     // "rate"
    std::string unpaced;  // "max": as fast as it goes (closed loop)
  };
  virtual std::optional<PacingParam> pacingParam() const { return std::nullopt; }
  // Builds the input and whatever the variant keeps between runs (thread pool, buffers).
  // Refuses impossible configurations (k > n …) with ErrorKind::Input.
  virtual Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const = 0;
  // Checks a complete parameter set before anything runs and may complete it from the input
  // (a data file fixes n and d). expandParams calls it last, once per case, so a bad file or an impossible
  // combination stops `tunelab run` with exit 2 before a session is started.
  virtual Result<std::vector<model::Param>> checkParams(std::vector<model::Param> params) const {
    return params;
  }
};

// Every workload tunelab ships, in the order `tunelab list` shows them.
std::span<const Workload* const> registry();
const Workload* findWorkload(std::string_view name);
std::string workloadNames();  // "kmeans, …" for error messages

// Quiets the libraries the workloads link before anything is measured. OpenBLAS starts its
// worker threads when it is loaded, and they poll a core for its THREAD_TIMEOUT (~0.1 s)
// before they sleep: on a 2-core machine the first cases of every `tunelab run` shared a core
// with them (a serial case read CPU/wall 2.00, and its time depended on the scheduler). A
// `lapack` case starts the workers again when it needs them. Call once at start-up.
void quietLibraries();

// Checks user parameters against the workload's specs and fills in defaults. Unknown keys,
// malformed numbers and out-of-range values are refused with a message naming the valid
// choices.
//
// A value may be a comma-separated list (`-p n=256,512`): a sweep. expandParams returns one
// parameter list per combination, the first declared parameter varying slowest. Int and Real
// parameters and Text parameters with `choices` can be lists (a default too: that is how a
// default sweep covers several values); free text such as a file name never is split.
Result<std::vector<std::vector<model::Param>>> expandParams(const Workload& workload,
                                                           const std::vector<model::Param>& given);
// The single case the parameters describe; a list (given or by default) is refused.
Result<std::vector<model::Param>> resolveParams(const Workload& workload,
                                                const std::vector<model::Param>& given);
// "all" or an empty list selects every variant; unknown names are refused with the list.
// Named variants come with the workload's floor variants (first, in the workload's order)
// unless only floors are named.
Result<std::vector<const VariantSpec*>> resolveVariants(const Workload& workload,
                                                        const std::vector<std::string>& names);

// Typed access to a resolved parameter list (resolveParams has validated it).
long long paramInt(const std::vector<model::Param>& params, std::string_view key);
double paramReal(const std::vector<model::Param>& params, std::string_view key);
std::string paramText(const std::vector<model::Param>& params, std::string_view key);

}  // namespace tunelab::workloads
