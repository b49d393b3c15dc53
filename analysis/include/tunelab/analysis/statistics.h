#pragma once

#include <cstddef>
#include <span>

namespace tunelab::analysis {

// Descriptive statistics over a sample. Every function states its degenerate cases:
// an empty span gives NaN; a single value has stddev 0.
double mean(std::span<const double> xs);
double median(std::span<const double> xs);  // mean of the two middle values for even n
double minimum(std::span<const double> xs);
double maximum(std::span<const double> xs);
// Sample standard deviation (n − 1 in the denominator); 0 for n = 1, NaN for n = 0.
double stddev(std::span<const double> xs);
// Coefficient of variation stddev/mean; NaN when the mean is 0 or n = 0.
double coefficientOfVariation(std::span<const double> xs);

struct Summary {
  std::size_t count = 0;
  double min = 0, max = 0, mean = 0, median = 0, stddev = 0, cv = 0;
};
Summary summarize(std::span<const double> xs);

}  // namespace tunelab::analysis
