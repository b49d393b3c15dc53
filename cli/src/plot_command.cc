// `tunelab plot`: the GUI's charts rendered to SVG or PNG without a display. The drawing is
// Qt's (Qt Charts, offscreen), and the CLI links no Qt (docs/ARCHITECTURE.md): this command
// checks its options and hands over to the renderer, tunelab-plot, by exec.
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "commands.h"
#include "common.h"

namespace tunelab::cli {
namespace {

namespace fs = std::filesystem;

struct PlotOptions {
  std::string view;
  std::string session = "latest";
  DbOption db;
  std::string out;
  std::string size;
  std::string palette;
  bool logAxes = false;
  std::string baseline;
  std::string benchmark;
  std::vector<std::string> ignoreParams;
  std::string workload;
  std::vector<std::string> where;
};

// Where tunelab-plot may be, most specific first: $TUNELAB_PLOT, next to this program
// (installed), the build tree (cli/tunelab → gui/app/tunelab-plot). The first that can run,
// or empty.
std::string findPlotter() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("TUNELAB_PLOT"); env && *env) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back((self.parent_path() / "tunelab-plot").string());
    candidates.push_back((self.parent_path().parent_path() / "gui" / "app" / "tunelab-plot").string());
  }
  for (const auto& path : candidates)
    if (::access(path.c_str(), X_OK) == 0) return path;
  return {};
}

int plot(const PlotOptions& o) {
  std::vector<std::string> args = {"tunelab-plot", "--view", o.view, "--session", o.session,
                                   "--db",         o.db.path, "--out", o.out};
  if (!o.size.empty()) args.insert(args.end(), {"--size", o.size});
  if (!o.palette.empty()) args.insert(args.end(), {"--palette", o.palette});
  if (o.logAxes) args.emplace_back("--log-axes");
  if (!o.baseline.empty()) args.insert(args.end(), {"--baseline", o.baseline});
  if (!o.benchmark.empty()) args.insert(args.end(), {"--benchmark", o.benchmark});
  for (const auto& key : o.ignoreParams) args.insert(args.end(), {"--ignore-param", key});
  if (!o.workload.empty()) args.insert(args.end(), {"--workload", o.workload});
  for (const auto& w : o.where) args.insert(args.end(), {"--where", w});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  if (const std::string path = findPlotter(); !path.empty()) {
    ::execv(path.c_str(), argv.data());
    return reportError({model::ErrorKind::Usage,
                        "plot: cannot run " + path + ": " + std::strerror(errno)});
  }
  ::execvp("tunelab-plot", argv.data());  // returns only on failure
  return reportError(
      {model::ErrorKind::Usage,
       "plot: the renderer tunelab-plot was not found next to tunelab, in the build tree or on "
       "PATH. It is built with the GUI (cmake -DTUNELAB_BUILD_GUI=ON, the default); set "
       "$TUNELAB_PLOT to its path if it lives elsewhere."});
}

}  // namespace

std::string plotSvg(const std::vector<std::string>& args, std::string& why) {
  const std::string program = findPlotter();
  if (program.empty()) {
    why = "tunelab-plot (built with the GUI) was not found next to tunelab or in the build tree";
    return {};
  }
  char dir[] = "/tmp/tunelab-plot-XXXXXX";
  if (!::mkdtemp(dir)) {
    why = std::string("cannot make a temporary directory: ") + std::strerror(errno);
    return {};
  }
  const std::string svg = std::string(dir) + "/chart.svg", err = std::string(dir) + "/err";
  std::vector<std::string> all = {program};
  all.insert(all.end(), args.begin(), args.end());
  all.insert(all.end(), {"--out", svg});
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::setenv("QT_QPA_PLATFORM", "offscreen", 0);  // no display is needed to draw a file
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) status = -1;
  std::string out;
  std::ifstream in(svg, std::ios::binary);
  if (status == 0 && in) {
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::ifstream e(err);
    std::string line, last;
    while (std::getline(e, line))
      if (line.rfind("tunelab plot:", 0) == 0) last = line.substr(14);
    why = last.empty() ? "tunelab-plot failed (exit status " + std::to_string(status) + ")" : last;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return out;
}

void addPlotCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "plot", "Render a chart of the desktop app (scaling, regions …) to SVG or PNG, headless");
  auto o = std::make_shared<PlotOptions>();
  cmd->add_option("--view", o->view,
                  "what to draw, as the tabs of tunelab-gui: runs, scaling, counters, regions, "
                  "allocation, compare, trend, complexity, roofline, stream (throughput–p99 "
                  "curves of event-stream runs), ann (recall–queries/s of one data set and "
                  "worker count: --where KEY=VALUE, --where threads=N)")
      ->required();
  cmd->add_option("--session", o->session, "session id, label or latest")
      ->capture_default_str();
  o->db.add(*cmd);
  cmd->add_option("--out", o->out, "file to write: FILE.svg (vector) or FILE.png")->required();
  cmd->add_option("--size", o->size, "image size WxH (default 1000x700)");
  cmd->add_option("--palette", o->palette, "light (default) or dark");
  cmd->add_flag("--log-axes", o->logAxes, "log₂ axes in the scaling view");
  cmd->add_option("--baseline", o->baseline, "compare: the baseline session (the candidate is --session)");
  cmd->add_option("--benchmark", o->benchmark, "trend: the run name to follow (default: the session's first)");
  cmd->add_option("--ignore-param", o->ignoreParams,
                  "compare: leave parameter KEY out when matching runs by name (repeatable); a "
                  "comparison with no benchmark in common is refused (exit 2), not drawn blank")
      ->type_name("KEY");
  cmd->add_option("--workload", o->workload,
                  "draw only this workload's runs, at its first value of each parameter that is "
                  "not a number (alloc: one pattern; factor: one op) unless --where says");
  cmd->add_option("--where", o->where,
                  "with --workload: only runs with KEY=VALUE, as the GUI's scope bar (repeatable)")
      ->type_name("KEY=VALUE");
  cmd->footer(R"(The charts are the GUI's, drawn by Qt offscreen (no display needed) through the
tunelab-plot program that is built with the GUI; see `tunelab-plot --help`.

Examples:
  tunelab plot --view scaling --out scaling.svg
  tunelab plot --view regions --session nightly --db results/tunelab.db --out regions.png
  tunelab plot --view scaling --log-axes --palette dark --out scaling-dark.png
  tunelab plot --view compare --baseline 3 --session 4 --out compare.svg
  tunelab plot --view allocation --workload alloc --where pattern=fixed-churn --out a.png
  tunelab plot --view stream --workload stream --where query=score --out stream.svg
  tunelab plot --view ann --where n=10000 --where threads=1 --out recall.png)");
  cmd->callback([o, &ctx] { ctx.exitCode = plot(*o); });
}

}  // namespace tunelab::cli
