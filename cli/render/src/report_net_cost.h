#pragma once

// The report's "net of the loop" section (analysis::NetCostGroup) in every format: what
// each variant costs per operation less its workload's floor. Private to the render library.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/table.h"

namespace tunelab::render {

void printNetCost(std::FILE* out, const analysis::SessionReport& r, const Layout& layout);
std::string netCostMarkdown(const analysis::SessionReport& r);  // "" without a floor
nlohmann::ordered_json netCostJson(const analysis::SessionReport& r);
void writeNetCostCsv(std::ostream& out, const analysis::SessionReport& r);

}  // namespace tunelab::render
