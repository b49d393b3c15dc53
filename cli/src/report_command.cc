#include <fmt/core.h>

#include "commands.h"
#include "common.h"
#include "report_table.h"

namespace tunelab::cli {

void addReportCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report", "Print a session's results: times, speedup, efficiency, metrics");
  auto db = std::make_shared<DbOption>();
  auto session = std::make_shared<std::string>("latest");
  cmd->add_option("-s,--session", *session, "session id, label, or latest (default)")->type_name("REF");
  db->add(*cmd);
  cmd->footer("Examples:\n  tunelab report\n  tunelab report --session 3 --db results/tunelab.db");
  cmd->callback([db, session, &ctx] {
    auto store = openStore(db->path, store::OpenMode::ReadOnly);
    if (!store) return void(ctx.exitCode = reportError(store.error()));
    auto id = store->resolveSession(*session);
    if (!id) return void(ctx.exitCode = reportError(id.error()));
    auto s = store->session(*id);
    if (!s) return void(ctx.exitCode = reportError(s.error()));
    auto runs = store->runs(*id);
    if (!runs) return void(ctx.exitCode = reportError(runs.error()));
    printReport(stdout, *s, *runs);
  });
}

}  // namespace tunelab::cli
