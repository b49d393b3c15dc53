// What storing costs: one run (its own transaction, WAL) with `samples` repetitions, each
// with three counters and two metrics, as the harness writes it after every case.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "tunelab/store/store.h"

namespace {

namespace fs = std::filesystem;

tunelab::model::Run makeRun(int samples) {
  tunelab::model::Run r;
  r.workload = "kmeans";
  r.variant = "threads";
  r.params = {{"n", "20000"}, {"d", "8"}, {"k", "8"}};
  r.threads = 2;
  for (int i = 0; i < samples; ++i) {
    tunelab::model::Sample s;
    s.repetition = i;
    s.wallSeconds = 0.01;
    s.cpuSeconds = 0.02;
    s.counters = {{"task-clock", 2e7, 1, 1, false, ""},
                  {"cycles", std::nullopt, 0, 0, false, "no PMU"},
                  {"page-faults", 12, 1, 1, false, ""}};
    s.metrics = {{"inertia", 1234.5, ""}, {"iterations", 20, ""}};
    r.samples.push_back(s);
  }
  return r;
}

void BM_StoreAddRun(benchmark::State& state) {
  const fs::path dir = fs::temp_directory_path() / ("tunelab-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    auto store = tunelab::store::Store::open(dir / "bench.db", tunelab::store::OpenMode::ReadWrite);
    if (!store) {
      state.SkipWithError(store.error().message.c_str());
      return;
    }
    tunelab::model::Session session;
    session.startedAt = "2026-01-01T00:00:00Z";
    auto id = store->beginSession(session);
    const auto run = makeRun(static_cast<int>(state.range(0)));
    for (auto _ : state) {
      auto r = store->addRun(*id, run);
      if (!r) state.SkipWithError(r.error().message.c_str());
    }
    state.counters["samples/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)),
                           benchmark::Counter::kIsRate);
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_StoreAddRun)->Arg(5)->Arg(100)->UseRealTime();

}  // namespace
