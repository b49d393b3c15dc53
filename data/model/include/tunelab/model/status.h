#pragma once

#include <optional>
#include <string_view>

#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::model {

// The spellings stored in the database and shown in reports.
std::string_view toString(SessionStatus status);
std::string_view toString(RunStatus status);
std::optional<SessionStatus> sessionStatusFromString(std::string_view text);
std::optional<RunStatus> runStatusFromString(std::string_view text);

}  // namespace tunelab::model
