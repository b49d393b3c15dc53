#include "tunelab/analysis/workload_traits.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>

namespace tunelab::analysis {
namespace {

constexpr const char* kFactPrefix = "workload.";
constexpr const char* kDistinct = "distinct operations";

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
  return out;
}

}  // namespace tunelab::analysis
