#pragma once

#include <string>

namespace tunelab::analysis {

// How tunelab writes numbers, in the terminal and in the GUI alike: the front ends only
// place these strings. Every function returns undefinedText() for a non-finite value
// (a failed run's time, a speedup without a p = 1 run) — never "0" or "nan".

std::string undefinedText();  // "–"
// "10.3 ms", "950 µs", "1.25 s": three significant digits in a readable unit.
std::string formatDuration(double seconds);
// 1.386 → "1.39×".
std::string formatSpeedup(double speedup);
// A fraction as a percentage: 0.6931 → "69%" (decimals = 0) or "69.3%" (decimals = 1).
std::string formatPercent(double fraction, int decimals);
// Two decimals: 1.666 → "1.67".
std::string formatRatio(double ratio);
// Integers as integers (counts must look like counts), everything else with 4 significant
// digits: "20", "6.068e+05".
std::string formatMetric(double value);

// Counts and rates with an SI prefix and three significant digits: "950", "12.3 k", "4.56 M".
std::string formatCount(double value);
// Bytes with binary prefixes: "512 B", "1.50 KiB", "64.0 MiB".
std::string formatBytes(double bytes);

// A candidate/baseline ratio with as many digits as the change needs: "1.13×", "0.951×",
// "1.0100×" (a 1 % change of a deterministic count must not print as 1.01 or 1.00).
std::string formatChangeRatio(double ratio);
// A p-value: "0.031", "0.0040", "2.1e-05"; "–" when no test was made (NaN).
std::string formatPValue(double p);
// A measured value by its unit: "s" a duration, "ns" a duration in nanoseconds, "B" bytes,
// anything else a count. `precise` gives counts four significant digits ("101.0 M"), for
// deterministic counts whose 1 % changes matter.
std::string formatMeasure(double value, const std::string& unit, bool precise = false);

}  // namespace tunelab::analysis
