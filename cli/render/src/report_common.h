#pragma once

// Helpers the report formats share, so that the terminal, Markdown, JSON and CSV say the
// same thing the same way. Private to the render library.

#include <string>
#include <utility>
#include <vector>

#include "tunelab/analysis/session_report.h"

namespace tunelab::render {

std::vector<std::string> metricNames(const analysis::SessionReport& r);
std::vector<std::string> counterEvents(const analysis::SessionReport& r);
// Events some run could not count, with the first reason seen.
std::vector<std::pair<std::string, std::string>> unsupportedEvents(
    const analysis::SessionReport& r);

// Whether the runs differ in their parameters at all, and a run's parameters without the
// ones every run shares.
bool anyVaryingParams(const analysis::SessionReport& r);
std::string varyingParams(const analysis::SessionReport& r, const analysis::RunSummary& s);
// The parameters of `params` that not every run of `workload` in the session shares.
std::string varyingParamsOf(const analysis::SessionReport& r, const std::string& workload,
                            const std::string& params);

const analysis::ScalingPoint* findScalingPoint(const analysis::SessionReport& r,
                                               const analysis::RunSummary& s);

std::string caseName(const analysis::RunSummary& s);  // "kmeans/threads p=2"
std::string metricCell(const analysis::RunSummary& s, const std::string& metric);
std::string counterCell(const analysis::RunSummary& s, const std::string& event);
// "±1.2%": half the interval's width relative to the median.
std::string halfWidth(const analysis::Interval& i, double median);
std::string fixed(double x, int decimals);  // "–" for NaN
std::string derivedValue(const analysis::DerivedCounter& c);
// "f = 0.031 (95 % interval 0.020–0.042), R² = 0.998, predicted ceiling 1/f = 32×; best
// variant at p = 1: serial (10.2 ms)".
std::string amdahlSentence(const analysis::ScalingSeries& s);
// Every figure of the session that is not what it seems, one line each with its case, e.g.
// "alloc/pmr-unsync pattern:large-buffers p=2: efficiency 1682 % with 2 workers: the runs did
// different work (…)": scaling points' caveats, and runs at p = 1 whose CPU/wall shows help.
std::vector<std::string> caveatLines(const analysis::SessionReport& r);
// A run at one worker whose CPU/wall passes 1.05 × the threads it is meant to keep busy
// (threads_used, else 1): something else in the process was busy.
bool busyBaseline(const analysis::RunSummary& s);
// The efficiency cell, marked "!" where the point is super-linear.
std::string efficiencyCell(const analysis::ScalingPoint& p);
std::string coefficientText(const analysis::ComplexityCandidate& c);  // "3.1e-09 s × n log n"
std::string runnerUp(const analysis::ComplexityFit& fit);             // "O(n log n) (4.5%)"

}  // namespace tunelab::render
