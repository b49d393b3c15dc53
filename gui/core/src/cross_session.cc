#include "tunelab/gui/cross_session.h"

#include <algorithm>

namespace tunelab::gui {

namespace {

std::string sideName(const DatabaseLoader& database, model::SessionId id) {
  return database.path().filename().string() + ":" + std::to_string(id.value());
}

std::string pointName(const model::Session& s) {
  return s.label.empty() ? "session " + std::to_string(s.id.value())
                         : s.label + " (" + std::to_string(s.id.value()) + ")";
}

}  // namespace

model::Result<analysis::Comparison> compareSessions(const DatabaseLoader& database,
                                                    model::SessionId baseline,
                                                    model::SessionId candidate,
                                                    const analysis::CompareOptions& options,
                                                    const analysis::Scope& scope) {
  auto base = database.load(baseline);
  if (!base) return base.error();
  auto cand = database.load(candidate);
  if (!cand) return cand.error();
  if (!scope.workload.empty()) {
    base->runs = analysis::runsInScope(base->runs, scope);
    cand->runs = analysis::runsInScope(cand->runs, scope);
  }
  analysis::CompareSide b{sideName(database, baseline), base->session, std::move(base->runs)};
  analysis::CompareSide c{sideName(database, candidate), cand->session, std::move(cand->runs)};
  return analysis::compare(b, c, options);
}

model::Result<std::vector<std::string>> benchmarkNames(const DatabaseLoader& database) {
  std::vector<std::string> out;
  for (const auto& session : database.sessions()) {  // newest first
    auto runs = database.load(session.id, store::RunParts::Headers);
    if (!runs) return runs.error();
    for (const auto& run : runs->runs)
      if (std::find(out.begin(), out.end(), run.name) == out.end()) out.push_back(run.name);
  }
  return out;
}

model::Result<analysis::Trend> trendOf(const DatabaseLoader& database, const std::string& name,
                                       const analysis::TrendOptions& options) {
  std::vector<analysis::TrendInput> inputs;
  const auto& sessions = database.sessions();
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {  // oldest first
    // Names first, so that only the sessions that ran the benchmark are read in full.
    auto headers = database.load(it->id, store::RunParts::Headers);
    if (!headers) return headers.error();
    const bool ran = std::any_of(headers->runs.begin(), headers->runs.end(),
                                 [&](const model::Run& r) { return r.name == name; });
    if (!ran) continue;
    auto full = database.load(it->id);
    if (!full) return full.error();
    for (auto& run : full->runs) {
      if (run.name != name) continue;
      inputs.push_back({pointName(*it), it->environment.gitRevision, it->startedAt, std::move(run)});
      break;
    }
  }
  return analysis::analyzeTrend(name, inputs, options);
}

model::Result<MeasuredCeilings> newestCeilings(const DatabaseLoader& database) {
  for (const auto& session : database.sessions()) {  // newest first
    auto headers = database.load(session.id, store::RunParts::Headers);
    if (!headers) return headers.error();
    const bool measured =
        std::any_of(headers->runs.begin(), headers->runs.end(), [](const model::Run& r) {
          return r.workload == "machine" && r.status == model::RunStatus::Ok;
        });
    if (!measured) continue;
    auto full = database.load(session.id);
    if (!full) return full.error();
    auto ceilings = analysis::machineCeilings(full->runs);
    if (!ceilings.any()) continue;
    return MeasuredCeilings{ceilings, pointName(session)};
  }
  return MeasuredCeilings{};
}

}  // namespace tunelab::gui
