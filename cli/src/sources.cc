#include "sources.h"

#include <fmt/core.h>

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

model::Result<analysis::CompareSide> fromDatabase(const std::string& spec, const std::string& db,
                                                  const std::string& ref) {
  auto store = store::Store::open(db, store::OpenMode::ReadOnly);
  if (!store) return store.error();
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
