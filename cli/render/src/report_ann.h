#pragma once

// The report's "ANN" section (analysis::AnnCase, AnnSeries) in every format: per data set, a
// table of the nearest-neighbour cases — the knobs that differ, recall@1 and @k, queries/s,
// ms per query, bytes per vector, training time — by recall then q/s, the recall–q/s Pareto
// front marked; (JSON) the series per variant. Private to the render library.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/table.h"

namespace tunelab::render {

void printAnn(std::FILE* out, const analysis::SessionReport& r, const Layout& layout);
std::string annMarkdown(const analysis::SessionReport& r);  // "" without ann runs
nlohmann::ordered_json annJson(const analysis::SessionReport& r);
void writeAnnCsv(std::ostream& out, const analysis::SessionReport& r);

}  // namespace tunelab::render
