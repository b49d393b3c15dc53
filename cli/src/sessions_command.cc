#include <fmt/core.h>

#include "commands.h"
#include "common.h"
#include "tunelab/model/status.h"

namespace tunelab::cli {

void addSessionsCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("sessions", "List the sessions in a results database, newest first");
  auto db = std::make_shared<DbOption>();
  db->add(*cmd);
  cmd->footer("Any id or label shown here works as --session for report and export.\n"
              "Examples:\n  tunelab sessions\n  tunelab sessions --db results/tunelab.db");
  cmd->callback([db, &ctx] {
    auto store = openStore(db->path, store::OpenMode::ReadOnly);
    if (!store) {
      ctx.exitCode = reportError(store.error());
      return;
    }
    auto sessions = store->sessions();
    if (!sessions) {
      ctx.exitCode = reportError(sessions.error());
      return;
    }
    fmt::print("{:>4}  {:<12} {:<24} {:<16} {}\n", "id", "status", "started (UTC)", "label", "command");
    for (const auto& s : *sessions)
      fmt::print("{:>4}  {:<12} {:<24} {:<16} {}\n", s.id.value(), model::toString(s.status),
                 s.startedAt, s.label, s.commandLine);
  });
}

}  // namespace tunelab::cli
