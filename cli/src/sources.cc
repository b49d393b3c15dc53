#include "sources.h"

#include <fmt/core.h>

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common.h"
#include "tunelab/store/gbench_import.h"
#include "tunelab/store/store.h"

namespace tunelab::cli {
namespace {

namespace fs = std::filesystem;
using model::Error;
using model::ErrorKind;

bool startsWithSqliteHeader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[16] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 16 && std::memcmp(magic, "SQLite format 3", 16) == 0;
}

bool isLabelPattern(const std::string& ref) {
  return ref.find_first_of("*?[") != std::string::npos;
}

// Every session whose label matches the shell pattern, pooled: the runs of the same name
// keep the samples of all of them, oldest session first. Repetitions spread over several
// processes (run alternately with the other side's) carry the between-process variance
// that one process cannot show — pyperf's remedy, with its reason in docs/performance/detector.md.
model::Result<analysis::CompareSide> pooled(const std::string& spec, const store::Store& store,
                                            const std::string& pattern) {
  auto all = store.sessions();
  if (!all) return all.error();
  std::vector<model::Session> matching;
  for (auto& s : *all)
    if (fnmatch(pattern.c_str(), s.label.c_str(), 0) == 0) matching.push_back(std::move(s));
  if (matching.empty())
    return Error{ErrorKind::Input, spec + ": no session's label matches '" + pattern +
                                       "' (`tunelab sessions` lists them)."};
  std::ranges::reverse(matching);  // sessions() is newest first
  analysis::CompareSide side{spec, matching.front(), {}};
  side.session.label = pattern;
  for (const auto& s : matching) {
    // The pooled side is as complete as its least complete session.
    if (s.status != model::SessionStatus::Complete) side.session.status = s.status;
    auto runs = store.runs(s.id);
    if (!runs) return runs.error();
    for (auto& run : *runs) {
      auto same = std::ranges::find(side.runs, run.name, &model::Run::name);
      if (same == side.runs.end()) {
        side.runs.push_back(std::move(run));
        continue;
      }
      if (run.status != model::RunStatus::Ok && same->status == model::RunStatus::Ok) {
        same->status = run.status;
        same->reason = "in session " + std::to_string(s.id.value()) + " (" + s.label + "): " +
                       run.reason;
      }
      same->samples.insert(same->samples.end(), std::make_move_iterator(run.samples.begin()),
                           std::make_move_iterator(run.samples.end()));
    }
  }
  return side;
}

model::Result<analysis::CompareSide> fromDatabase(const std::string& spec, const std::string& db,
                                                  const std::string& ref) {
  auto store = store::Store::open(db, store::OpenMode::ReadOnly);
  if (!store) return store.error();
  if (isLabelPattern(ref)) return pooled(spec, *store, ref);
  auto id = store->resolveSession(ref);
  if (!id) return Error{id.error().kind, spec + ": " + id.error().message};
  auto session = store->session(*id);
  if (!session) return session.error();
  auto runs = store->runs(*id);
  if (!runs) return runs.error();
  return analysis::CompareSide{spec, std::move(*session), std::move(*runs)};
}

}  // namespace

model::Result<std::string> readTextFile(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return Error{ErrorKind::Input, path + ": is a folder, not a file."};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{ErrorKind::Io, path + ": cannot read (" + std::strerror(errno) +
                                    "). Check the path and its permissions."};
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad())
    return Error{ErrorKind::Io, path + ": reading failed (" + std::strerror(errno) + ")."};
  return text;
}

model::Result<analysis::CompareSide> loadSide(const std::string& spec,
                                              const std::string& defaultDb) {
  std::error_code ec;
  if (spec.empty())
    return Error{ErrorKind::Usage,
                 "an empty session reference: name a session, FILE.db:REF or FILE.json."};
  // A file: a tunelab database (its latest session) or Google Benchmark JSON.
  if (fs::is_regular_file(spec, ec)) {
    if (startsWithSqliteHeader(spec)) return fromDatabase(spec, spec, "latest");
    auto text = readTextFile(spec);
    if (!text) return text.error();
    auto imported = store::parseGoogleBenchmarkJson(*text, spec);
    if (!imported) return imported.error();
    imported->session.status = model::SessionStatus::Complete;  // the file is all there is
    return analysis::CompareSide{spec, std::move(imported->session), std::move(imported->runs)};
  }
  // FILE.db:REF — the part before the last ':' must be an existing file.
  if (const auto colon = spec.rfind(':'); colon != std::string::npos && colon > 0) {
    const std::string file = spec.substr(0, colon), ref = spec.substr(colon + 1);
    if (fs::is_regular_file(file, ec)) {
      if (ref.empty())
        return Error{ErrorKind::Usage, spec + ": no session after the ':'; write " + file +
                                           ":ID, " + file + ":LABEL or " + file + ":latest."};
      return fromDatabase(spec, file, ref);
    }
    if (file.find('.') != std::string::npos && !fs::exists(defaultDb, ec))
      return Error{ErrorKind::Usage, spec + ": " + file +
                                         " does not exist. A side is a session of --db (ID, LABEL, "
                                         "latest), FILE.db:REF, or a Google Benchmark JSON file."};
  }
  if (spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".json") == 0)
    return Error{ErrorKind::Input, spec +
                                       ": no such file. A side is a session of --db (ID, LABEL, "
                                       "latest), FILE.db:REF, or a Google Benchmark JSON file."};
  return fromDatabase(spec, defaultDb, spec);
}

model::Result<double> parseFraction(const std::string& option, const std::string& text) {
  std::string t = text;
  const bool percent = !t.empty() && t.back() == '%';
  if (percent) t.pop_back();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || errno != 0 || !(v >= 0))
    return Error{ErrorKind::Usage,
                 option + " '" + text + "' is not a percentage: write e.g. 5% or 0.05."};
  const double fraction = percent ? v / 100 : v;
  if (!percent && v >= 1)
    return Error{ErrorKind::Usage, fmt::format("{} '{}' would mean {:g} %: write {}% or {:g}.",
                                               option, text, v * 100, text, v / 100)};
  if (!(fraction > 0 && fraction < 1))
    return Error{ErrorKind::Usage,
                 option + " '" + text + "' must be between 0 and 100 % (exclusive)."};
  return fraction;
}

}  // namespace tunelab::cli
