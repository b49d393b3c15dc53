#include "tunelab/analysis/scope.h"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace tunelab::analysis {

std::vector<std::string> varyingParamKeys(const std::vector<model::Run>& runs,
                                          const std::string& workload) {
  std::vector<std::string> keys;
  const model::Run* first = nullptr;
  for (const auto& run : runs) {
    if (run.workload != workload) continue;
    if (!first) {
      first = &run;
      continue;
    }
    auto differs = [&](const std::string& key) {
      return model::findParam(run.params, key) != model::findParam(first->params, key);
    };
    for (const auto* params : {&first->params, &run.params})
      for (const auto& p : *params)
        if (differs(p.key) && std::find(keys.begin(), keys.end(), p.key) == keys.end())
          keys.push_back(p.key);
  }
  return keys;
}

std::vector<std::string> pinnableParamKeys(const std::vector<model::Run>& runs,
                                           const std::string& workload,
                                           const TraitsByWorkload& traits) {
  auto keys = varyingParamKeys(runs, workload);
  // The declared sizes of the workload's work, if it declares them.
  const auto declared = traits.find(workload);
  const std::map<std::string, double>* sizes =
      declared != traits.end() && !declared->second.workExponents.empty()
          ? &declared->second.workExponents
          : nullptr;
  std::erase_if(keys, [&](const std::string& key) {
    if (sizes) return sizes->count(key) > 0;
    return std::all_of(runs.begin(), runs.end(), [&](const model::Run& r) {
      if (r.workload != workload) return true;
      const auto v = model::findParam(r.params, key);
      if (!v || v->empty()) return true;
      char* end = nullptr;
      std::strtod(v->c_str(), &end);
      return *end == '\0';
    });
  });
  return keys;
}

Scope defaultScope(const std::vector<model::Run>& runs, const std::string& workload,
                   const TraitsByWorkload& traits) {
  Scope scope{workload, {}};
  const auto first = std::find_if(runs.begin(), runs.end(),
                                  [&](const model::Run& r) { return r.workload == workload; });
  if (first == runs.end()) return scope;
  for (const auto& key : pinnableParamKeys(runs, workload, traits))
    if (auto value = model::findParam(first->params, key)) scope.where.push_back({key, *value});
  return scope;
}

Scope sessionDefaultScope(const std::vector<model::Run>& runs, const TraitsByWorkload& traits) {
  if (runs.size() <= kWholeSessionRuns) return {};
  return defaultScope(runs, runs.front().workload, traits);
}

ScopeChoices scopeChoices(const std::vector<model::Run>& runs, const std::string& workload,
                          const TraitsByWorkload& traits) {
  ScopeChoices out;
  for (const auto& r : runs)
    if (std::find(out.workloads.begin(), out.workloads.end(), r.workload) == out.workloads.end())
      out.workloads.push_back(r.workload);
  for (const auto& key : pinnableParamKeys(runs, workload, traits)) {
    std::vector<std::string> values;
    for (const auto& r : runs) {
      if (r.workload != workload) continue;
      const auto v = model::findParam(r.params, key);
      if (v && std::find(values.begin(), values.end(), *v) == values.end()) values.push_back(*v);
    }
    out.params.emplace_back(key, std::move(values));
  }
  return out;
}

bool inScope(const model::Run& run, const Scope& scope) {
  if (!scope.workload.empty() && run.workload != scope.workload) return false;
  return std::all_of(scope.where.begin(), scope.where.end(), [&](const model::Param& p) {
    const auto value = model::findParam(run.params, p.key);
    return value && *value == p.value;
  });
}

std::vector<model::Run> runsInScope(const std::vector<model::Run>& runs, const Scope& scope) {
  std::vector<model::Run> out;
  for (const auto& run : runs)
    if (inScope(run, scope)) out.push_back(run);
  return out;
}

std::string describe(const Scope& scope) {
  std::string out = scope.workload.empty() ? std::string("every workload") : scope.workload;
  for (const auto& p : scope.where) out += (&p == &scope.where.front() ? " · " : " ") + p.key + ":" + p.value;
  return out;
}

}  // namespace tunelab::analysis
