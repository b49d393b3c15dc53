#pragma once

#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::gui {

// A session usually runs every case with the same parameters (n:20000/d:8/k:8/…); printing
// them on every row and in every legend entry hides the one value that does differ. So the
// views state the shared parameters once and per row only the rest.

// The parameters that every run has, with the same value, in the first run's order.
// Empty for no runs.
std::vector<model::Param> sharedParams(const std::vector<model::Run>& runs);

// `params` without the ones in `shared`.
std::vector<model::Param> distinctParams(const std::vector<model::Param>& params,
                                         const std::vector<model::Param>& shared);

}  // namespace tunelab::gui
