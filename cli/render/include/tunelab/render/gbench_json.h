#pragma once

// A session as Google Benchmark JSON (--benchmark_out_format=json, schema version 1): what
// Google Benchmark's own tools/compare.py reads, and what `tunelab import` reads back.
//
//   context      date (the session's start), host_name, num_cpus, executable "tunelab",
//                library_build_type (the build that measured, lower case), load_avg where
//                recorded, json_schema_version 1, and tunelab_session / tunelab_label
//   benchmarks   per run, one "iteration" row per repetition in run order: name and
//                run_name = the run's name, repetitions, repetition_index, threads,
//                iterations, real_time / cpu_time per execution in the run's time_unit
//                (ns, us, ms or s by its median, as Google Benchmark's Unit() would), the
//                run's metrics and supported counters (per execution) as user counters, and
//                the allocation statistics under Google Benchmark's memory-manager keys
//                (allocs_per_iter, max_bytes_used, total_allocated_bytes); then the
//                aggregate rows mean, median, stddev (time) and cv (percentage), as
//                --benchmark_repetitions writes them. A failed run is one row with
//                error_occurred and error_message.
// Counters whose names clash with Google Benchmark's own keys are left out; NaN and
// infinities (which JSON lacks) are never written.

#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::render {

std::string googleBenchmarkJson(const model::Session& session, const std::vector<model::Run>& runs);

}  // namespace tunelab::render
