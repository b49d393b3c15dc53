#pragma once

// The outputs of `tunelab trend`: renderings of one analysis::Trend value.
//   table     one line per point (median, interval, CV, the level it belongs to) with the
//             step marked where it begins, then the conclusion
//   markdown  the same as a GitHub table
//   json      everything (NaN as null)

#include <string>

#include "tunelab/analysis/trend.h"
#include "tunelab/render/style.h"

namespace tunelab::render {

std::string trendTable(const analysis::Trend& t, const Style& style);
std::string trendMarkdown(const analysis::Trend& t);
std::string trendJson(const analysis::Trend& t);

}  // namespace tunelab::render
