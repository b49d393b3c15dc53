#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "commands.h"
#include "common.h"
#include "tunelab/profiler/clock.h"
#include "tunelab/store/gbench_import.h"

namespace tunelab::cli {
namespace {

using model::Error;
using model::ErrorKind;

struct ImportOptions {
  std::string file;
  std::string label;
  DbOption db;
};

model::Result<std::string> readWholeFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Error{ErrorKind::Io, path +
                                    ": is a folder. Name the JSON file Google Benchmark wrote "
                                    "(--benchmark_out=FILE --benchmark_out_format=json)."};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{ErrorKind::Io, path + ": cannot read (" + std::strerror(errno) +
                                    "). Check the path and its permissions."};
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad())
    return Error{ErrorKind::Io, path + ": reading failed (" + std::strerror(errno) + ")."};
  return text;
}

int importCommand(const ImportOptions& o) {
  // Read and check the whole file before the database is opened: a malformed file must not
  // leave a database (or an empty session) behind.
  auto text = readWholeFile(o.file);
  if (!text) return reportError(text.error());
  auto imported = store::parseGoogleBenchmarkJson(*text, o.file);
  if (!imported) return reportError(imported.error());

  model::Session session = imported->session;
  if (!o.label.empty()) session.label = o.label;
  // Without a date in the file, the import time is the best start time there is.
  if (session.startedAt.empty()) session.startedAt = profiler::isoTimestampNow();

  auto store = openStore(o.db.path, store::OpenMode::ReadWrite);
  if (!store) return reportError(store.error());
  auto id = store->beginSession(session);
  if (!id) return reportError(id.error());
  std::size_t samples = 0;
  std::vector<std::string> failed;
  for (const auto& run : imported->runs) {
    if (auto r = store->addRun(*id, run); !r) {
      (void)store->finishSession(*id, model::SessionStatus::Interrupted,
                                 profiler::isoTimestampNow());
      return reportError(
          {r.error().kind, r.error().message + " Session " + std::to_string(id->value()) +
                               " is marked interrupted; delete it or import again."});
    }
    samples += run.samples.size();
    if (run.status != model::RunStatus::Ok) failed.push_back(run.name + " (" + run.reason + ")");
  }
  // The file does not say when the measurements ended; ending at the start keeps the
  // session's duration from claiming the time between the benchmark and the import.
  if (auto s = store->finishSession(*id, model::SessionStatus::Complete, session.startedAt); !s)
    return reportError(s.error());

  for (const auto& note : imported->notes) fmt::print(stderr, "tunelab: note: {}\n", note);
  if (!failed.empty()) {
    std::string list;
    for (const auto& f : failed) list += (list.empty() ? "" : ", ") + f;
    fmt::print(stderr,
               "tunelab: note: {} run(s) failed in Google Benchmark and are stored as failed: {}\n",
               failed.size(), list);
  }
  fmt::print("imported {} runs ({} samples) from {} into session {} of {}\n", imported->runs.size(),
             samples, o.file, id->value(), o.db.path);
  return kExitOk;
}

}  // namespace

void addImportCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("import", "Store a Google Benchmark JSON file as a session");
  auto o = std::make_shared<ImportOptions>();
  cmd->add_option("FILE", o->file,
                  "Google Benchmark output: --benchmark_out=FILE --benchmark_out_format=json")
      ->required()
      ->type_name("FILE.json");
  cmd->add_option("--label", o->label,
                  "a name for the session (default: the file name without .json)")
      ->type_name("TEXT");
  o->db.add(*cmd);
  cmd->footer(R"(Each benchmark (run_name) becomes a run and each repetition a sample, with times
per iteration in seconds and user counters as metrics; Google Benchmark's own
aggregates are left out because tunelab computes its statistics from the repetitions
(a file of aggregates only imports each median as one sample). Benchmarks that
failed (SkipWithError) are stored as failed runs. The whole file is checked before
the database is touched: a malformed file exits 2 and changes nothing.

Examples:
  ./my_bench --benchmark_out=bench.json --benchmark_out_format=json --benchmark_repetitions=5
  tunelab import bench.json                      into ./tunelab.db, session label "bench"
  tunelab import bench.json --db results/tunelab.db --label before-fix
  tunelab report --session before-fix)");
  cmd->callback([o, &ctx] { ctx.exitCode = importCommand(*o); });
}

}  // namespace tunelab::cli
