#include "tunelab/analysis/workload_traits.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>

#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

constexpr const char* kFactPrefix = "workload.";
constexpr const char* kDistinct = "distinct operations";
constexpr const char* kUnpaced = " (unpaced: ";

std::optional<double> numeric(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

TraitsByWorkload workloadTraits(const std::vector<std::pair<std::string, std::string>>& facts) {
  TraitsByWorkload out;
  const std::string prefix = kFactPrefix;
  for (const auto& [key, value] : facts) {
    if (key.rfind(prefix, 0) != 0) continue;
    const auto dot = key.rfind('.');
    if (dot <= prefix.size()) continue;
    const std::string workload = key.substr(prefix.size(), dot - prefix.size());
    const std::string what = key.substr(dot + 1);
    if (what == "variants") {
      out[workload].variantsAreOneOperation = value != kDistinct;
    } else if (what == "work") {
      auto& exps = out[workload].workExponents;
      std::size_t at = 0;
      while (at <= value.size()) {
        const auto comma = std::min(value.find(',', at), value.size());
        const std::string item = value.substr(at, comma - at);
        const auto colon = item.find(':');
        if (colon != std::string::npos)
          if (auto e = numeric(item.substr(colon + 1)); e && *e > 0) exps[item.substr(0, colon)] = *e;
        at = comma + 1;
      }
    } else if (what == "pacing") {
      // "rate (unpaced: max)", or "rate" where every value paces.
      auto& t = out[workload];
      const auto open = value.find(kUnpaced);
      t.pacingParam = value.substr(0, open);
      if (open != std::string::npos && value.back() == ')') {
        const auto from = open + std::string(kUnpaced).size();
        t.unpacedValue = value.substr(from, value.size() - 1 - from);
      }
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> workloadTraitFacts(const std::string& workload,
                                                                    const WorkloadTraits& traits) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string prefix = kFactPrefix + workload + ".";
  out.emplace_back(prefix + "variants", traits.variantsAreOneOperation ? "one operation" : kDistinct);
  std::string work;
  for (const auto& [param, e] : traits.workExponents) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", e);
    work += (work.empty() ? "" : ",") + param + ":" + buf;
  }
  if (!work.empty()) out.emplace_back(prefix + "work", work);
  if (!traits.pacingParam.empty())
    out.emplace_back(prefix + "pacing", traits.pacingParam + (traits.unpacedValue.empty()
                                                                  ? std::string()
                                                                  : kUnpaced + traits.unpacedValue + ")"));
  return out;
}

bool isPaced(const model::Run& run, const TraitsByWorkload& traits) {
  const auto t = traits.find(run.workload);
  if (t == traits.end() || t->second.pacingParam.empty()) return false;
  const auto value = model::findParam(run.params, t->second.pacingParam);
  return value && *value != t->second.unpacedValue;
}

std::vector<model::Run> withoutPacedRuns(const std::vector<model::Run>& runs,
                                         const TraitsByWorkload& traits) {
  std::vector<model::Run> out;
  for (const auto& run : runs)
    if (!isPaced(run, traits)) out.push_back(run);
  return out;
}

}  // namespace tunelab::analysis
