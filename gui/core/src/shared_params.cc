#include "tunelab/gui/shared_params.h"

#include <algorithm>

namespace tunelab::gui {

std::vector<model::Param> sharedParams(const std::vector<model::Run>& runs) {
  if (runs.empty()) return {};
  std::vector<model::Param> out;
  for (const auto& candidate : runs.front().params) {
    const bool everywhere = std::all_of(runs.begin(), runs.end(), [&](const model::Run& run) {
      return std::find(run.params.begin(), run.params.end(), candidate) != run.params.end();
    });
    if (everywhere) out.push_back(candidate);
  }
  return out;
}

std::vector<model::Param> distinctParams(const std::vector<model::Param>& params,
                                         const std::vector<model::Param>& shared) {
  std::vector<model::Param> out;
  for (const auto& p : params)
    if (std::find(shared.begin(), shared.end(), p) == shared.end()) out.push_back(p);
  return out;
}

}  // namespace tunelab::gui
