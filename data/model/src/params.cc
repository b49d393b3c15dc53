#include "tunelab/model/params.h"

namespace tunelab::model {

std::string formatParams(const std::vector<Param>& params) {
  std::string out;
  for (const auto& p : params) {
    if (!out.empty()) out += '/';
    out += p.key;
    out += ':';
    out += p.value;
  }
  return out;
}

std::optional<std::string> findParam(const std::vector<Param>& params, std::string_view key) {
  for (const auto& p : params)
    if (p.key == key) return p.value;
  return std::nullopt;
}

std::string benchmarkName(const Run& run) {
  std::string name = run.workload + '/' + run.variant;
  if (!run.params.empty()) name += '/' + formatParams(run.params);
  name += "/threads:" + std::to_string(run.threads);
  if (run.ranks > 1) name += "/ranks:" + std::to_string(run.ranks);
  return name;
}

}  // namespace tunelab::model
