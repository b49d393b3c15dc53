#pragma once

// The outputs of `tunelab compare`, each a rendering of one analysis::Comparison value:
//   table     the terminal (colour when Style says so)
//   markdown  a pull-request comment: the summary line first, regressions first, unchanged
//             benchmarks folded away, the threshold in words
//   junit     JUnit XML (Ant/Jenkins flavour): one testcase per benchmark, failed when slower
//             or when the candidate's run failed, an error of type "undecided" when too few
//             repetitions could not decide (skipped with --allow-undecided); CI systems show
//             it as test results
//   json      everything, for scripts (NaN as null)
// Golden-output tests: tests/render/.

#include <string>
#include <string_view>

#include "tunelab/analysis/comparison.h"
#include "tunelab/render/style.h"

namespace tunelab::render {

// "1 slower, 2 faster, 10 unchanged, 1 noisy of 14 compared · time: geometric mean 1.012×
// (95 % interval 0.998×–1.027×)" — the line every format starts with.
std::string compareSummaryLine(const analysis::Comparison& c);

// What the gate concluded, in words: "2 regressions", "cannot tell: 3 repetitions a side can
// never reach p < 0.05; use ≥ 5", "no regression found, but 1 of 4 benchmarks is too noisy
// to rule one out", "no regression". Markdown's bold first line.
std::string compareHeadline(const analysis::Comparison& c);

// "slower", "faster", "unchanged", "noisy", "undecided", "failed", "removed", "new", "no baseline".
std::string_view benchmarkVerdictWord(const analysis::BenchmarkComparison& b);

std::string compareTable(const analysis::Comparison& c, const Style& style);
std::string compareMarkdown(const analysis::Comparison& c);
std::string compareJUnit(const analysis::Comparison& c);
std::string compareJson(const analysis::Comparison& c);

}  // namespace tunelab::render
