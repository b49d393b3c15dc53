#include <fmt/core.h>

#include <iostream>

#include "commands.h"
#include "common.h"
#include "tunelab/store/export.h"

namespace tunelab::cli {

void addExportCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("export", "Write a session's results as CSV");
  struct Options {
    DbOption db;
    std::string session = "latest";
    std::string view = "samples";
    std::string out;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("-s,--session", o->session, "session id, label, or latest (default)")->type_name("REF");
  std::string views;
  for (auto v : store::csvViewNames()) views += (views.empty() ? "" : "|") + std::string(v);
  cmd->add_option("--view", o->view,
                  "samples: one row per repetition (default); metrics: one row per repetition "
                  "and metric; counters: one row per repetition and event")
      ->type_name(views);
  cmd->add_option("-o,--out", o->out, "output file (default: standard output); written atomically")
      ->type_name("FILE");
  o->db.add(*cmd);
  cmd->footer(
      "The columns of each view are stable and documented in docs/SCHEMA.md.\n"
      "Examples:\n  tunelab export --out samples.csv\n  tunelab export --session big --view metrics");
  cmd->callback([o, &ctx] {
    store::CsvView view{};
    if (!store::csvViewFromString(o->view, view)) {
      std::string valid;
      for (auto v : store::csvViewNames()) valid += (valid.empty() ? "" : ", ") + std::string(v);
      ctx.exitCode = reportError({model::ErrorKind::Usage,
                                  "--view: unknown view '" + o->view + "'. Valid views: " + valid + "."});
      return;
    }
    auto store = openStore(o->db.path, store::OpenMode::ReadOnly);
    if (!store) return void(ctx.exitCode = reportError(store.error()));
    auto id = store->resolveSession(o->session);
    if (!id) return void(ctx.exitCode = reportError(id.error()));
    auto s = store->session(*id);
    if (!s) return void(ctx.exitCode = reportError(s.error()));
    auto runs = store->runs(*id);
    if (!runs) return void(ctx.exitCode = reportError(runs.error()));
    auto write = [&](std::ostream& out) { store::writeCsv(out, view, *s, *runs); };
    if (o->out.empty() || o->out == "-") {
      write(std::cout);
      return;
    }
    if (auto st = writeFileAtomically(o->out, write); !st) ctx.exitCode = reportError(st.error());
  });
}

}  // namespace tunelab::cli
