#pragma once

#include <string>
#include <vector>

#include "tunelab/model/session.h"

namespace tunelab::profiler {

// This machine and this build, as stored with every session and shown by `tunelab info`:
// host, CPU model, logical and physical cores, caches (sysfs), frequency governor, kernel,
// compiler and flags, build type, git revision of the source tree, perf_event_paranoid and
// whether a hardware PMU can be opened. Facts that cannot be read are "unavailable", not
// guessed.
model::Environment captureEnvironment();

// Google Benchmark-style warnings about conditions that make timings noisy or unrepresentative
// (a non-Release build, a governor other than performance, a loaded machine).
std::vector<std::string> noiseWarnings(const model::Environment& env);

// The value of an `extra` fact, or "" when absent.
std::string extraValue(const model::Environment& env, const std::string& key);

}  // namespace tunelab::profiler
