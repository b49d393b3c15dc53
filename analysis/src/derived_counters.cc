#include "tunelab/analysis/derived_counters.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>

namespace tunelab::analysis {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The stem before a modifier list: "instructions:u" → "instructions".
std::string stem(const std::string& event) { return lower(event.substr(0, event.find(':'))); }

// The event's values per repetition (totals), when every repetition has it supported with
// the given simulated flag.
std::optional<std::vector<double>> values(const model::Run& run, const std::string& event,
                                          bool simulated) {
  std::vector<double> out;
  for (const auto& s : run.samples) {
    auto it = std::find_if(s.counters.begin(), s.counters.end(), [&](const model::CounterValue& c) {
      return c.event == event && c.simulated == simulated;
    });
    if (it == s.counters.end() || !it->value) return std::nullopt;
    out.push_back(*it->value);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<DerivedCounter> ratio(const model::Run& run, const std::string& num,
                                    const std::string& den, bool simulated, double scale,
                                    std::string name, std::string formula) {
  auto a = values(run, num, simulated);
  auto b = values(run, den, simulated);
  if (!a || !b) return std::nullopt;
  std::vector<double> r;
  for (std::size_t i = 0; i < a->size(); ++i)
    if ((*b)[i] > 0) r.push_back(scale * (*a)[i] / (*b)[i]);
  if (r.empty()) return std::nullopt;
  return DerivedCounter{std::move(name), std::move(formula), simulated, summarize(r)};
}

}  // namespace

bool isInstructionsEvent(const std::string& event) {
  const auto s = stem(event);
  return s == "instructions" || s == "inst_retired" || s == "instruction_retired" || s == "ir";
}

bool isCyclesEvent(const std::string& event) {
  const auto s = stem(event);
  return s == "cycles" || s == "cpu-cycles" || s == "cpu_clk_unhalted" ||
         s == "unhalted_core_cycles";
}

std::vector<DerivedCounter> deriveCounters(const model::Run& run) {
  std::vector<DerivedCounter> out;
  if (run.status != model::RunStatus::Ok || run.samples.empty()) return out;
  // The (event, simulated) pairs of the first repetition, in its order.
  const auto& first = run.samples.front().counters;
  for (bool simulated : {false, true}) {
    std::vector<std::string> events;
    for (const auto& c : first)
      if (c.simulated == simulated) events.push_back(c.event);
    auto find = [&](bool (*pred)(const std::string&)) -> std::string {
      for (const auto& e : events)
        if (pred(e) && values(run, e, simulated)) return e;
      return "";
    };
    const std::string instructions = find(isInstructionsEvent);
    const std::string cycles = find(isCyclesEvent);
    const std::string tag = simulated ? " (simulated)" : "";
    if (!instructions.empty() && !cycles.empty())
      if (auto d = ratio(run, instructions, cycles, simulated, 1, "IPC" + tag,
                         instructions + " / " + cycles))
        out.push_back(std::move(*d));
    if (!instructions.empty())
      for (const auto& e : events) {
        if (lower(e).find("miss") == std::string::npos) continue;
        if (auto d = ratio(run, e, instructions, simulated, 1000, e + " per kilo-instruction" + tag,
                           "1000 × " + e + " / " + instructions))
          out.push_back(std::move(*d));
      }
    const std::array<std::array<const char*, 3>, 3> ratios = {{
        {"cache-misses", "cache-references", "cache miss ratio"},
        {"branch-misses", "branches", "branch miss ratio"},
        {"branch-misses", "branch-instructions", "branch miss ratio"},
    }};
    for (const auto& [num, den, name] : ratios) {
      if (std::find(events.begin(), events.end(), num) == events.end() ||
          std::find(events.begin(), events.end(), den) == events.end())
        continue;
      if (auto d = ratio(run, num, den, simulated, 1, name + tag, std::string(num) + " / " + den))
        out.push_back(std::move(*d));
    }
  }
  return out;
}

}  // namespace tunelab::analysis
