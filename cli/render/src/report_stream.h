#pragma once

// The report's "stream" section (analysis::StreamCase, StreamCurve) in every format: each
// event-stream case's achieved throughput at its offered load with its latency percentiles,
// and (JSON) the throughput–p99 curves. Private to the render library.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/table.h"

namespace tunelab::render {

void printStream(std::FILE* out, const analysis::SessionReport& r, const Layout& layout);
std::string streamMarkdown(const analysis::SessionReport& r);  // "" without stream runs
nlohmann::ordered_json streamJson(const analysis::SessionReport& r);
void writeStreamCsv(std::ostream& out, const analysis::SessionReport& r);

}  // namespace tunelab::render
