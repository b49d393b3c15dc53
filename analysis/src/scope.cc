#include "tunelab/analysis/scope.h"

#include <algorithm>

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

Scope defaultScope(const std::vector<model::Run>& runs, const std::string& workload,
                   const std::vector<std::string>& spread) {
  Scope scope{workload, {}};
  const auto first = std::find_if(runs.begin(), runs.end(),
                                  [&](const model::Run& r) { return r.workload == workload; });
  if (first == runs.end()) return scope;
  for (const auto& key : varyingParamKeys(runs, workload)) {
    if (std::find(spread.begin(), spread.end(), key) != spread.end()) continue;
    if (auto value = model::findParam(first->params, key)) scope.where.push_back({key, *value});
  }
  return scope;
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
