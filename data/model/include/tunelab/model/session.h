#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tunelab/model/id.h"

namespace tunelab::model {

// Abandoned is never written: the store reports a session stored as "running" as abandoned
// when the process that was writing it is provably gone (killed, or the machine restarted),
// so it will never be finished.
enum class SessionStatus { Running, Complete, Interrupted, Abandoned };

// The machine and build a session measured on. Fixed fields are the ones reports and
// comparisons look at; `extra` holds descriptive facts (cache sizes, governor …) by name.
struct Environment {
  std::string host;
  std::string cpuModel;
  int logicalCores = 0;
  int physicalCores = 0;
  std::string kernel;
  std::string compiler;
  std::string compilerFlags;
  std::string buildType;
  std::string gitRevision;
  std::string tunelabVersion;
  std::vector<std::pair<std::string, std::string>> extra;
};

// One invocation of the harness.
struct Session {
  SessionId id;
  std::string label;
  SessionStatus status = SessionStatus::Running;
  std::string startedAt;  // ISO 8601, UTC, e.g. 2026-11-25T10:00:00Z
  std::optional<std::string> endedAt;
  std::string commandLine;
  Environment environment;
};

}  // namespace tunelab::model
