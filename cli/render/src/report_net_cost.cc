#include "report_net_cost.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report_common.h"
#include "tunelab/analysis/format.h"
#include "tunelab/render/table.h"
#include "tunelab/store/csv.h"

namespace tunelab::render {
namespace {

using analysis::NetCost;
using analysis::NetCostGroup;
using analysis::SessionReport;
using nlohmann::ordered_json;

std::string nanoseconds(double ns) { return analysis::formatDuration(ns * 1e-9); }

std::string rangeOf(const analysis::Interval& i, std::string (*format)(double)) {
  if (!i.defined()) return analysis::undefinedText();
  return format(i.low) + " – " + format(i.high);
}
std::string times(double x) { return analysis::formatSpeedup(x); }

// One row per run: the floor first, then its group's costs, cheapest first. `code` wraps
// the case name (Markdown's backticks).
std::vector<std::vector<std::string>> rows(const SessionReport& r, const NetCostGroup& g,
                                           std::string (*code)(const std::string&)) {
  const std::string params = varyingParamsOf(r, g.workload, g.params);
  const auto label = [&](const std::string& variant) {
    return code(g.workload + "/" + variant) + (params.empty() ? "" : " " + params);
  };
  std::vector<std::vector<std::string>> out;
  out.push_back({label(g.floorVariant), std::to_string(g.workers),
                 analysis::formatCount(g.floorOpsPerSecond), nanoseconds(g.floorNsPerOp),
                 "the floor", "", "", ""});
  for (const NetCost& c : g.costs) {
    const bool fastest = c.variant == g.fastest;
    out.push_back({label(c.variant), std::to_string(g.workers),
                   analysis::formatCount(c.opsPerSecond), nanoseconds(c.nsPerOp),
                   c.atFloor() ? "at the floor (" + nanoseconds(c.netNsPerOp) + ")"
                               : nanoseconds(c.netNsPerOp),
                   rangeOf(c.netInterval, nanoseconds),
                   c.atFloor() ? analysis::undefinedText()
                               : times(c.perFastest) + (fastest ? " (fastest)" : ""),
                   fastest ? "" : rangeOf(c.perFastestInterval, times)});
  }
  return out;
}

std::string plain(const std::string& s) { return s; }
std::string backticks(const std::string& s) { return "`" + s + "`"; }

const char* const kHeaders[] = {"ops/s",         "per op",    "net per op",
                                "95 % interval", "÷ fastest", "95 % interval"};

std::vector<std::string> notes(const SessionReport& r) {
  std::vector<std::string> out = {
      "net: median time per operation (1/ops_per_s) less the floor's — the same loop with no "
      "variant's work — at the same parameters and p; at the floor: net ≤ 0.",
      fmt::format("95 % interval: percentile bootstrap of the difference of medians ({} "
                  "resamples); ÷ fastest: net over the lowest net above the floor, its interval "
                  "from the same resamples.",
                  analysis::kNetResamples)};
  const auto unbounded = [](const NetCostGroup& g) {
    return std::any_of(g.costs.begin(), g.costs.end(), [&](const NetCost& c) {
      return c.variant != g.fastest && c.netInterval.defined() && !c.atFloor() &&
             !c.perFastestInterval.defined();
    });
  };
  if (std::any_of(r.netCost.begin(), r.netCost.end(), unbounded))
    out.push_back(
        "No ÷ fastest interval where the fastest's net cost reaches the floor in some resample: "
        "the ratio is unbounded above; its net interval says how close to the floor it is.");
  for (const auto& g : r.netCost)
    if (g.tooFewRepetitions) {
      out.push_back(fmt::format(
          "No interval where a run or its floor has fewer than {} repetitions (-r {} or more): "
          "from fewer, even [min, max] of a median misses it more than 5 % of the time.",
          analysis::kNetIntervalMinRepetitions, analysis::kNetIntervalMinRepetitions));
      break;
    }
  return out;
}

ordered_json num(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}
ordered_json interval(const analysis::Interval& i) { return {num(i.low), num(i.high)}; }

store::CsvWriter& numberOrEmpty(store::CsvWriter& w, double x) {
  return std::isfinite(x) ? w.field(x) : w.empty();
}

}  // namespace

void printNetCost(std::FILE* out, const SessionReport& r, const Layout& lay) {
  if (r.netCost.empty()) return;
  std::vector<TextTable::Column> cols = {{"net of the loop", TextTable::Align::Left}, {"p"}};
  for (const char* h : kHeaders) cols.push_back({h});
  TextTable t(cols);
  for (const auto& g : r.netCost)
    for (auto& row : rows(r, g, plain)) t.add(std::move(row));
  fmt::print(out, "\n{}", t.fit(lay, 2));
  for (const auto& n : notes(r)) fmt::print(out, "{}", wrapText(n, lay.width, "  "));
}

std::string netCostMarkdown(const SessionReport& r) {
  if (r.netCost.empty()) return {};
  std::vector<std::string> h = {"case", "p"};
  h.insert(h.end(), std::begin(kHeaders), std::end(kHeaders));
  MarkdownTable t(h, {false, true, true, true, true, true, true, true});
  for (const auto& g : r.netCost)
    for (auto& row : rows(r, g, backticks)) t.add(std::move(row));
  std::string out = "##### Net of the loop\n\n" + t.str() + "\n";
  for (const auto& n : notes(r)) out += n + "\n";
  return out + "\n";
}

ordered_json netCostJson(const SessionReport& r) {
  ordered_json groups = ordered_json::array();
  for (const auto& g : r.netCost) {
    ordered_json costs = ordered_json::array();
    for (const auto& c : g.costs)
      costs.push_back({{"name", c.name},
                       {"variant", c.variant},
                       {"repetitions", c.repetitions},
                       {"ops_per_s", num(c.opsPerSecond)},
                       {"ns_per_op", num(c.nsPerOp)},
                       {"net_ns_per_op", num(c.netNsPerOp)},
                       {"net_interval", interval(c.netInterval)},
                       {"at_floor", c.atFloor()},
                       {"per_fastest", num(c.perFastest)},
                       {"per_fastest_interval", interval(c.perFastestInterval)}});
    groups.push_back({{"workload", g.workload},
                      {"params", g.params},
                      {"workers", g.workers},
                      {"floor",
                       {{"name", g.floorName},
                        {"variant", g.floorVariant},
                        {"repetitions", g.floorRepetitions},
                        {"ops_per_s", num(g.floorOpsPerSecond)},
                        {"ns_per_op", num(g.floorNsPerOp)}}},
                      {"fastest", g.fastest},
                      {"costs", costs}});
  }
  return groups;
}

void writeNetCostCsv(std::ostream& out, const SessionReport& r) {
  store::CsvWriter w(out);
  for (const char* h : {"session",       "name",          "workload",          "variant",
                        "params",        "workers",       "repetitions",       "ops_per_s",
                        "ns_per_op",     "floor_variant", "floor_repetitions", "floor_ns_per_op",
                        "net_ns_per_op", "net_low",       "net_high",          "at_floor",
                        "fastest",       "per_fastest",   "per_fastest_low",   "per_fastest_high"})
    w.field(h);
  w.endRow();
  const auto session = static_cast<long long>(r.session.id.value());
  for (const auto& g : r.netCost)
    for (const auto& c : g.costs) {
      w.field(session).field(c.name).field(g.workload).field(c.variant).field(g.params);
      w.field(g.workers).field(static_cast<long long>(c.repetitions));
      numberOrEmpty(w, c.opsPerSecond);
      numberOrEmpty(w, c.nsPerOp);
      w.field(g.floorVariant).field(static_cast<long long>(g.floorRepetitions));
      for (double x : {g.floorNsPerOp, c.netNsPerOp, c.netInterval.low, c.netInterval.high})
        numberOrEmpty(w, x);
      w.field(c.atFloor() ? 1 : 0).field(g.fastest);
      for (double x : {c.perFastest, c.perFastestInterval.low, c.perFastestInterval.high})
        numberOrEmpty(w, x);
      w.endRow();
    }
}

}  // namespace tunelab::render
