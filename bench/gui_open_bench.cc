// How fast does the GUI show a large session? A results database with a million samples is
// written through the real Store API (as `tunelab run` writes it: each sample with three
// counters — one unsupported —, two metrics, allocation statistics and two regions), then the
// real MainWindow opens it offscreen, round after round, and the time is taken from
// openDatabase() to the scaling view drawn from the first stage of the background loader
// (runs and sample times), and on to the whole session (counters, metrics, regions,
// bootstrap intervals) arriving. Goal (issue "gui"): the scaling view in < 1 s.
//
//   tunelab_bench_gui_open [--samples N] [--runs R] [--rounds K] [--db FILE] [--keep]
//
// The database is built once per FILE and reused while it has N samples (--keep leaves it
// for the next call; by default it goes at exit). Not a test: the figure and the command are
// in docs/performance/gui.md.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/store/store.h"

namespace {

using namespace tunelab;

QTextStream out(stdout);

// Four variants × eight worker counts; the samples are spread evenly over the runs. Times
// follow Amdahl's law with a little deterministic jitter, so that the chart has a shape.
bool buildDatabase(const QString& path, long long samples, int runs) {
  QFile::remove(path);
  QFile::remove(path + QStringLiteral("-wal"));
  QFile::remove(path + QStringLiteral("-shm"));
  auto store = store::Store::open(path.toStdString(), store::OpenMode::ReadWrite);
  if (!store) {
    out << "cannot create " << path << ": " << QString::fromStdString(store.error().message) << '\n';
    return false;
  }
  model::Session session;
  session.label = "bench-1M";
  session.startedAt = "2026-01-01T00:00:00Z";
  session.environment.host = "bench";
  auto id = store->beginSession(session);
  if (!id) return false;
  constexpr int kWorkers[] = {1, 2, 4, 8, 16, 32, 48, 64};
  const char* variants[] = {"naive", "optimized", "threads", "tiled"};
  const double serial[] = {0.30, 0.10, 0.05, 0.02};
  const long long perRun = samples / runs;
  long long written = 0;
  for (int r = 0; r < runs; ++r) {
    model::Run run;
    run.workload = "synthetic";
    run.variant = variants[(r / 8) % 4];
    run.threads = kWorkers[r % 8];
    run.params = {{"n", "1000000"}, {"d", "8"}};
    const double f = serial[(r / 8) % 4];
    const double t = 0.01 * (f + (1 - f) / run.threads);
    const long long n = r == runs - 1 ? samples - written : perRun;
    run.samples.reserve(static_cast<std::size_t>(n));
    for (long long i = 0; i < n; ++i) {
      model::Sample s;
      s.repetition = static_cast<int>(i);
      s.iterations = 1;
      s.wallSeconds = t * (1 + 0.02 * static_cast<double>((i * 7919) % 101) / 100.0);
      s.cpuSeconds = s.wallSeconds * run.threads;
      s.counters = {{"task-clock", s.cpuSeconds * 1e9, 1, 1, false, ""},
                    {"cycles", std::nullopt, 0, 0, false, "no hardware PMU"},
                    {"page-faults", 12, 1, 1, false, ""}};
      s.metrics = {{"inertia", 1234.5, ""}, {"gflops", 3.5, "GFLOP/s"}};
      s.alloc = model::AllocStats{100, 100, 6400, 4096, std::nullopt, std::nullopt};
      s.regions = {{"assign", s.wallSeconds * 0.9, 20}, {"update", s.wallSeconds * 0.1, 20}};
      run.samples.push_back(std::move(s));
    }
    if (auto added = store->addRun(*id, run); !added) {
      out << "cannot store: " << QString::fromStdString(added.error().message) << '\n';
      return false;
    }
    written += n;
  }
  return store->finishSession(*id, model::SessionStatus::Complete, "2026-01-01T00:01:00Z").ok();
}

long long sampleCount(const QString& path) {
  auto store = store::Store::open(path.toStdString(), store::OpenMode::ReadOnly);
  if (!store) return -1;
  auto sessions = store->sessions();
  if (!sessions || sessions->empty()) return -1;
  auto runs = store->runs(sessions->front().id, store::RunParts::Times);
  if (!runs) return -1;
  long long n = 0;
  for (const auto& r : *runs) n += static_cast<long long>(r.samples.size());
  return n;
}

// CPU seconds of the whole process (UI and loader threads): on a shared, loaded machine the
// wall time includes waiting for a core, this does not.
double processCpu() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const std::size_t n = xs.size();
  return n == 0 ? 0 : n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  // The window records recent files; those of a benchmark stay out of the user's settings.
  QStandardPaths::setTestModeEnabled(true);
  long long samples = 1'000'000;
  int runs = 32, rounds = 5;
  bool keep = false;
  QString db = QDir(QDir::tempPath()).filePath(QStringLiteral("tunelab-bench-gui-open.db"));
  const QStringList args = QApplication::arguments();
  for (int i = 1; i < args.size(); ++i) {
    const QString& a = args[i];
    const QString next = i + 1 < args.size() ? args[i + 1] : QString();
    if (a == QLatin1String("--samples")) samples = next.toLongLong(), ++i;
    else if (a == QLatin1String("--runs")) runs = next.toInt(), ++i;
    else if (a == QLatin1String("--rounds")) rounds = next.toInt(), ++i;
    else if (a == QLatin1String("--db")) db = next, ++i;
    else if (a == QLatin1String("--keep")) keep = true;
    else {
      out << "usage: tunelab_bench_gui_open [--samples N] [--runs R] [--rounds K] [--db FILE] [--keep]\n";
      return 2;
    }
  }
  if (samples < runs || runs < 1 || rounds < 1) {
    out << "need --samples ≥ --runs ≥ 1 and --rounds ≥ 1\n";
    return 2;
  }

  if (sampleCount(db) != samples) {
    out << "building " << db << ": " << samples << " samples in " << runs << " runs …" << Qt::endl;
    QElapsedTimer build;
    build.start();
    if (!buildDatabase(db, samples, runs)) return 1;
    out << "  built in " << build.elapsed() / 1000.0 << " s, "
        << QFileInfo(db).size() / (1024 * 1024) << " MiB" << Qt::endl;
  } else {
    out << "reusing " << db << " (" << samples << " samples)" << Qt::endl;
  }

  std::vector<double> scalingShown, complete, scalingCpu;
  for (int round = 0; round < rounds; ++round) {
    gui::MainWindow window;
    window.setCurrentView(gui::ViewKind::Scaling);
    window.resize(1200, 720);
    window.show();
    QApplication::processEvents();
    auto* view = qobject_cast<gui::ScalingView*>(window.view(gui::ViewKind::Scaling));
    QElapsedTimer timer;
    double shownAt = -1, completeAt = -1, cpuAtShown = -1;
    double cpuAtStart = 0;
    // A real event loop that sleeps until the loader posts its results: spinning
    // processEvents() here would take a core from the loader thread on a 2-core machine.
    QEventLoop loop;
    QTimer::singleShot(300'000, &loop, &QEventLoop::quit);
    QObject::connect(&window, &gui::MainWindow::sessionShown, [&](qint64, bool whole) {
      if (!whole && shownAt < 0) {
        // Drawn, not only set: the scaling view paints its charts once before the clock stops.
        view->grab();
        shownAt = timer.nsecsElapsed() / 1e9;
        cpuAtShown = processCpu() - cpuAtStart;
      }
      if (whole) {
        completeAt = timer.nsecsElapsed() / 1e9;
        loop.quit();
      }
    });
    cpuAtStart = processCpu();
    timer.start();
    window.openDatabase(db, {}, false);
    if (completeAt < 0) loop.exec();
    const auto* model = window.models()->scaling();
    out << "round " << round + 1 << ": scaling view shown after " << shownAt << " s (CPU "
        << cpuAtShown << " s; "
        << model->seriesCount() << " series, " << model->rowCount() << " points); whole session "
        << "with intervals after " << completeAt << " s" << Qt::endl;
    if (shownAt < 0 || completeAt < 0 || model->rowCount() != runs) {
      out << "the session did not load\n";
      return 1;
    }
    scalingShown.push_back(shownAt);
    scalingCpu.push_back(cpuAtShown);
    complete.push_back(completeAt);
  }
  out << "median of " << rounds << " rounds: scaling view " << median(scalingShown) << " s (min "
      << *std::min_element(scalingShown.begin(), scalingShown.end()) << " s; CPU "
      << median(scalingCpu) << " s), whole session "
      << median(complete) << " s" << Qt::endl;
  if (!keep) {
    QFile::remove(db);
    QFile::remove(db + QStringLiteral("-wal"));
    QFile::remove(db + QStringLiteral("-shm"));
  }
  return 0;
}
