// gui_core's view models, the background loader, table export and the run process, over
// databases written by the real CLI (and, for what a VM cannot produce — a simulated or
// multiplexed count — over runs built in the test).
#include <QAbstractItemModelTester>
#include <QFile>
#include <QFont>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "test_database.h"
#include "tunelab/gui/ann_model.h"
#include "tunelab/gui/background_loader.h"
#include "tunelab/gui/counter_table_model.h"
#include "tunelab/gui/database_loader.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/region_model.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_process.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/table_export.h"

using namespace tunelab;
using gui::CounterTableModel;
using gui::RegionModel;
using gui::ScalingModel;

class GuiModelsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void scalingAnalysisFitsAmdahlAndBootstrapsSpeedups();
  void scalingModelHoldsIntervalsAndTooltips();
  void countersShowWhatTheRunRecorded();
  void unsupportedSimulatedAndMultiplexedCounters();
  void regionsHoldTimePerRegion();
  void everyModelPassesTheModelTester();
  void emptySessionAndEmptyRunsAreHarmless();
  void csvAndTsvQuoteAsSpreadsheetsExpect();
  void writeCsvRefusesAnUnwritablePath();
  void loaderDeliversTimesThenTheWholeSession();
  void loaderReportsABadFileAndKeepsTheOldDatabase();
  void loaderDropsSupersededRequests();
  void progressLinesAndRunArguments();
  void workloadListComesFromTheCli();
  void runProcessRunsAndReportsProgress();
  void runProcessCancelStopsAfterTheCurrentCase();
  void runProcessReportsTheCliError();

 private:
  gui::LoadedSessionPtr loadNow(const QString& path) const;

  QTemporaryDir m_dir;
  QString m_db;
  gui::LoadedSessionPtr m_sweep;
};

namespace {

model::Run fakeRun(const std::string& variant, int threads, std::vector<model::CounterValue> counters) {
  model::Run r;
  r.workload = "kmeans";
  r.variant = variant;
  r.threads = threads;
  r.params = {{"n", "100"}};
  for (int rep = 0; rep < 3; ++rep) {
    model::Sample s;
    s.repetition = rep;
    s.iterations = 2;
    s.wallSeconds = 0.01 * (rep + 1);
    s.cpuSeconds = 0.01 * (rep + 1);
    s.counters = counters;
    r.samples.push_back(s);
  }
  return r;
}

// k-means threads at 1, 2 and 4 threads, seven repetitions each (times scattered by ±1 %):
// enough worker counts for an Amdahl fit and repetitions for distribution-free intervals.
std::vector<model::Run> scalingRuns() {
  std::vector<model::Run> runs;
  for (int threads : {1, 2, 4}) {
    model::Run r;
    r.workload = "kmeans";
    r.variant = "threads";
    r.threads = threads;
    r.params = {{"n", "100"}};
    r.name = "kmeans/threads/n:100/threads:" + std::to_string(threads);
    for (int rep = 0; rep < 7; ++rep) {
      model::Sample smp;
      smp.repetition = rep;
      smp.wallSeconds = 0.01 * (0.2 + 0.8 / threads) * (1 + 0.01 * (rep - 3) / 3);
      smp.cpuSeconds = smp.wallSeconds * threads;
      r.samples.push_back(smp);
    }
    runs.push_back(std::move(r));
  }
  return runs;
}

}  // namespace

void GuiModelsTest::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("t.db"));
  QString output;
  QCOMPARE(testing::runCli(testing::sweepArguments(m_db, QStringLiteral("sweep")), &output), 0);
  m_sweep = loadNow(m_db);
}

gui::LoadedSessionPtr GuiModelsTest::loadNow(const QString& path) const {
  auto db = gui::DatabaseLoader::open(path.toStdString());
  if (!db) qFatal("cannot open %s: %s", qPrintable(path), db.error().message.c_str());
  auto loaded = gui::loadSessionNow(*db, db->sessions().front().id);
  if (!loaded) qFatal("cannot load: %s", loaded.error().message.c_str());
  return std::move(loaded).value();
}

void GuiModelsTest::scalingAnalysisFitsAmdahlAndBootstrapsSpeedups() {
  // The real sweep: two worker counts and two repetitions support neither an Amdahl fit
  // (three worker counts needed) nor a speedup interval (seven repetitions a side).
  QVERIFY(m_sweep->complete);
  const auto& real = m_sweep->report.scaling;
  QCOMPARE(real.size(), std::size_t{2});
  for (const auto& series : real) {
    QVERIFY(!series.amdahl.defined);
    for (const auto& point : series.points)  // S(1) = 1 exactly
      QCOMPARE(point.speedupInterval.defined(), point.workers == 1);
  }
  // Enough of both: the fit and an interval around every speedup beyond p = 1 — what the
  // scaling model shows of the session's one report.
  ScalingModel model;
  model.setSession(gui::loadedSession(model::Session{}, scalingRuns()));
  QVERIFY(model.hasIntervals());
  QCOMPARE(model.seriesCount(), 1);
  const auto& series = model.series()[0];
  QVERIFY(series.amdahl.defined);
  QCOMPARE(series.amdahl.points, std::size_t{21});  // 3 runs × 7 repetitions
  QVERIFY(std::isfinite(series.amdahl.serialFraction));
  for (int p = 0; p < model.seriesRowCount(0); ++p) {
    const double speedup = model.index(p, ScalingModel::SpeedupColumn).data().toDouble();
    const double low = model.index(p, ScalingModel::SpeedupLowColumn).data().toDouble();
    const double high = model.index(p, ScalingModel::SpeedupHighColumn).data().toDouble();
    QVERIFY2(low <= speedup && speedup <= high,
             qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(speedup).arg(low).arg(high)));
  }
  // The first loading stage skips the intervals (the core's test checks the rest is equal):
  // the model shows none, and says they are still being computed.
  ScalingModel quick;
  quick.setSession(gui::loadedSession(gui::SessionResults{model::Session{}, scalingRuns()}, false));
  QVERIFY(!quick.hasIntervals());
  QCOMPARE(quick.seriesCount(), 1);
  for (int p = 0; p < quick.rowCount(); ++p)
    QVERIFY(std::isnan(quick.index(p, ScalingModel::SpeedupLowColumn).data().toDouble()));
  QVERIFY(quick.index(1, 0)
              .data(Qt::ToolTipRole)
              .toString()
              .contains(QStringLiteral("interval still being computed")));
}

void GuiModelsTest::scalingModelHoldsIntervalsAndTooltips() {
  ScalingModel model;
  model.setSession(gui::loadedSession(model::Session{}, scalingRuns()));
  QCOMPARE(model.rowCount(), 3);
  int threads = -1;
  for (int s = 0; s < model.seriesCount(); ++s)
    if (model.seriesLabel(s) == QStringLiteral("threads")) threads = s;
  QVERIFY(threads >= 0);
  QVERIFY(!model.amdahlText(threads).isEmpty());
  QVERIFY(model.amdahlText(threads).startsWith(QStringLiteral("serial fraction f = ")));
  const auto curve = model.amdahlCurve(threads, 4);
  QCOMPARE(curve.size(), std::size_t{4});
  QCOMPARE(curve.front(), QPointF(1, 1));  // S(1) = 1 whatever f is
  const int row = model.seriesFirstRow(threads) + 1;  // p = 2
  QCOMPARE(model.index(row, ScalingModel::WorkersColumn).data().toInt(), 2);
  const double speedup = model.index(row, ScalingModel::SpeedupColumn).data().toDouble();
  const double low = model.index(row, ScalingModel::SpeedupLowColumn).data().toDouble();
  const double high = model.index(row, ScalingModel::SpeedupHighColumn).data().toDouble();
  QVERIFY(low <= speedup && speedup <= high);
  QCOMPARE(model.index(row, ScalingModel::EfficiencyLowColumn).data().toDouble(), low / 2);
  QCOMPARE(model.index(row, ScalingModel::EfficiencyHighColumn).data().toDouble(), high / 2);
  QCOMPARE(model.index(row, ScalingModel::AmdahlColumn).data().toDouble(),
           analysis::amdahlSpeedup(model.amdahl(threads).serialFraction, 2));
  const QString tip = model.index(row, ScalingModel::SpeedupColumn).data(Qt::ToolTipRole).toString();
  QVERIFY2(tip.contains(QStringLiteral("95% interval")), qPrintable(tip));
  QVERIFY(tip.contains(QString::number(speedup, 'f', 4)));  // the exact value
  QVERIFY(tip.contains(gui::formatSpeedup(low)));
  QVERIFY(tip.contains(QStringLiteral("Amdahl fit predicts")));
}

void GuiModelsTest::countersShowWhatTheRunRecorded() {
  CounterTableModel model;
  model.setSession(m_sweep);
  QCOMPARE(model.rowCount(), 3);
  // The default counter set, as tunelab run --counters default opens it.
  for (const char* event : {"cycles", "instructions", "task-clock", "page-faults"})
    QVERIFY2(model.events().contains(QLatin1String(event)), event);
  for (int row = 0; row < model.rowCount(); ++row) {
    for (int e = 0; e < model.events().size(); ++e) {
      const auto* c = model.counter(row, e);
      QVERIFY(c);
      const QModelIndex cell = model.index(row, CounterTableModel::FirstEventColumn + e);
      const QString text = cell.data().toString();
      if (!c->supported) {
        // Whatever this machine cannot count reads "unsupported", with the kernel's reason.
        QCOMPARE(text, QStringLiteral("unsupported"));
        QVERIFY(!cell.data(gui::SortRole).isValid());
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(gui::toQString(c->reason)));
        QVERIFY(!c->reason.empty());
      } else {
        QVERIFY(text != QStringLiteral("unsupported"));
        QCOMPARE(cell.data(gui::SortRole).toDouble(), c->perExecution.median);
      }
    }
    // task-clock is a software event: it counts on every Linux, in nanoseconds, as a time.
    const int clock = static_cast<int>(model.events().indexOf(QStringLiteral("task-clock")));
    const auto* c = model.counter(row, clock);
    QVERIFY(c && c->supported);
    QCOMPARE(model.index(row, CounterTableModel::FirstEventColumn + clock).data().toString(),
             gui::formatDuration(c->perExecution.median * 1e-9));
  }
}

void GuiModelsTest::unsupportedSimulatedAndMultiplexedCounters() {
  const std::vector<model::CounterValue> counters = {
      {"cycles", std::nullopt, 0, 0, false, "perf_event_open: No such file or directory"},
      {"instructions", 2.5e6, 0, 0, true, ""},             // simulated (valgrind)
      {"cache-misses", 1000, 100, 50, false, ""},          // multiplexed: ran half the time
  };
  CounterTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSession(gui::loadedSession(model::Session{}, {fakeRun("serial", 1, counters)}));
  QCOMPARE(model.rowCount(), 1);
  QCOMPARE(model.events(), (QStringList{QStringLiteral("cycles"), QStringLiteral("instructions"),
                                        QStringLiteral("cache-misses")}));
  const auto cell = [&](int e) { return model.index(0, CounterTableModel::FirstEventColumn + e); };
  QCOMPARE(cell(0).data().toString(), QStringLiteral("unsupported"));
  QVERIFY(cell(0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("No such file")));
  QVERIFY(cell(0).data(Qt::ForegroundRole).isValid());
  // 2.5e6 per sample of 2 iterations: 1.25 M per execution, marked as simulated.
  QCOMPARE(cell(1).data().toString(), QStringLiteral("≈ 1.25 M"));
  QVERIFY(cell(1).data(Qt::FontRole).value<QFont>().italic());
  QVERIFY(cell(1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("valgrind")));
  QCOMPARE(cell(2).data().toString(), QStringLiteral("500*"));
  QVERIFY(cell(2).data(Qt::ToolTipRole).toString().contains(QStringLiteral("multiplexed")));
  QCOMPARE(model.index(0, CounterTableModel::CaseColumn).data().toString(),
           QStringLiteral("kmeans/serial p=1"));
  // No cycles here, so no IPC: a derived figure needs every event it is made of.
  QVERIFY(!model.derivedNames().contains(QStringLiteral("IPC")));

  // With both counted (simulated alike), IPC = instructions / cycles follows the events.
  CounterTableModel derived;
  derived.setSession(gui::loadedSession(
      model::Session{},
      {fakeRun("serial", 1,
               {{"instructions", 3e6, 0, 0, true, ""}, {"cycles", 1.5e6, 0, 0, true, ""}})}));
  // Simulated counts make a simulated figure: named so, and marked like its events.
  const QString ipcName = QStringLiteral("IPC (simulated)");
  QVERIFY2(derived.derivedNames().contains(ipcName), qPrintable(derived.derivedNames().join(u',')));
  const int ipc =
      derived.firstDerivedColumn() + static_cast<int>(derived.derivedNames().indexOf(ipcName));
  QCOMPARE(derived.index(0, ipc).data(tunelab::gui::SortRole).toDouble(), 2.0);
  QCOMPARE(derived.index(0, ipc).data().toString(), QStringLiteral("≈ 2"));
  QVERIFY(derived.index(0, ipc)
              .data(Qt::ToolTipRole)
              .toString()
              .contains(QStringLiteral("instructions / cycles")));
  QCOMPARE(derived.headerData(ipc, Qt::Horizontal).toString(), ipcName);
}

void GuiModelsTest::regionsHoldTimePerRegion() {
  RegionModel model;
  model.setSession(m_sweep);
  QCOMPARE(model.rowCount(), 3);
  // kmeans marks its phases with TUNELAB_REGION, listed in entry order (update packs the
  // initial centroids; reduce folds the partial sums).
  QCOMPARE(model.regions(), (QStringList{QStringLiteral("update"), QStringLiteral("assign"), QStringLiteral("reduce")}));
  QCOMPARE(model.columnCount(), 4);
  QVERIFY(model.unit() == QStringLiteral("ms") || model.unit() == QStringLiteral("µs") ||
          model.unit() == QStringLiteral("s"));
  for (int row = 0; row < model.rowCount(); ++row) {
    // What the session's report says (region times net of the recorded probe cost).
    const auto& summary = m_sweep->report.runs[static_cast<std::size_t>(row)];
    double total = 0;
    for (int column = RegionModel::FirstRegionColumn; column < model.columnCount(); ++column) {
      const double shown = model.index(row, column).data().toDouble();
      const auto& r = summary.regions[static_cast<std::size_t>(column - 1)];
      QCOMPARE(shown, r.secondsPerExecution.median / model.unitSeconds());
      QVERIFY(shown > 0);
      total += r.secondsPerExecution.median;
    }
    QVERIFY(total <= model.maxTotal() * (1 + 1e-12));
    // Assign dominates k-means (distances for every point and cluster).
    QVERIFY(model.index(row, 2).data().toDouble() > model.index(row, 1).data().toDouble());
    QVERIFY(model.index(row, 2).data().toDouble() > model.index(row, 3).data().toDouble());
  }
  QVERIFY(model.index(0, 2).data(Qt::ToolTipRole).toString().contains(QStringLiteral("assign")));
}

void GuiModelsTest::everyModelPassesTheModelTester() {
  gui::SessionModels models;
  std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
  const QList<QAbstractItemModel*> all = {models.runs(), models.scaling(), models.counters(),
                                          models.regions(), models.ann()};
  for (QAbstractItemModel* m : all)
    testers.push_back(std::make_unique<QAbstractItemModelTester>(
        m, QAbstractItemModelTester::FailureReportingMode::QtTest));
  models.showTimes(m_sweep);
  models.show(m_sweep);
  models.clear();
  models.show(m_sweep);
  QCOMPARE(models.counters()->rowCount(), 3);
}

void GuiModelsTest::emptySessionAndEmptyRunsAreHarmless() {
  const QString path = m_dir.filePath(QStringLiteral("empty-session.db"));
  QVERIFY(testing::writeEmptyDatabase(path, 1));
  const auto empty = loadNow(path);
  QVERIFY(empty->results.runs.empty());
  gui::SessionModels models;
  models.show(empty);
  QCOMPARE(models.runs()->rowCount(), 0);
  QCOMPARE(models.scaling()->rowCount(), 0);
  QCOMPARE(models.scaling()->maxWorkers(), 0);
  QCOMPARE(models.counters()->rowCount(), 0);
  QCOMPARE(models.regions()->rowCount(), 0);
  QCOMPARE(models.regions()->maxTotal(), 0.0);
  QCOMPARE(models.ann()->rowCount(), 0);
  QCOMPARE(models.ann()->groupCount(), 0);
  // A run without samples (a crash before the first repetition) is left out, not divided by.
  model::Run crashed = fakeRun("threads", 2, {});
  crashed.samples.clear();
  crashed.status = model::RunStatus::Crashed;
  models.show(gui::loadedSession(model::Session{}, {crashed}));
  QCOMPARE(models.scaling()->seriesCount(), 0);
  QCOMPARE(models.scaling()->rowCount(), 0);
}

void GuiModelsTest::csvAndTsvQuoteAsSpreadsheetsExpect() {
  QStandardItemModel model(2, 3);
  model.setHorizontalHeaderLabels({QStringLiteral("case"), QStringLiteral("time"),
                                   QStringLiteral("note")});
  model.setItem(0, 0, new QStandardItem(QStringLiteral("kmeans/threads p=2")));
  model.setItem(0, 1, new QStandardItem(QStringLiteral("8.71 ms")));
  model.setItem(0, 2, new QStandardItem(QStringLiteral("said \"fast\", twice")));
  model.setItem(1, 0, new QStandardItem(QStringLiteral("a\tb")));
  model.setItem(1, 1, new QStandardItem(QStringLiteral("–")));
  model.setItem(1, 2, new QStandardItem(QStringLiteral("two\nlines")));
  QCOMPARE(gui::tableToCsv(model),
           QStringLiteral("case,time,note\r\n"
                          "kmeans/threads p=2,8.71 ms,\"said \"\"fast\"\", twice\"\r\n"
                          "a\tb,–,\"two\nlines\"\r\n"));
  QCOMPARE(gui::tableToCsv(model, {2, 0}),
           QStringLiteral("note,case\r\n\"said \"\"fast\"\", twice\",kmeans/threads p=2\r\n"
                          "\"two\nlines\",a\tb\r\n"));
  QCOMPARE(gui::tableToTsv(model, {0, 1}, {1}), QStringLiteral("case\ttime\na b\t–\n"));
  const QString path = m_dir.filePath(QStringLiteral("t.csv"));
  QString error;
  QVERIFY2(gui::writeCsv(model, path, {}, &error), qPrintable(error));
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(QString::fromUtf8(file.readAll()), gui::tableToCsv(model));
}

void GuiModelsTest::writeCsvRefusesAnUnwritablePath() {
  QStandardItemModel model(1, 1);
  QString error;
  const QString path = m_dir.filePath(QStringLiteral("no/such/folder/t.csv"));
  QVERIFY(!gui::writeCsv(model, path, {}, &error));
  QVERIFY2(error.startsWith(path + QStringLiteral(": cannot write")), qPrintable(error));
}

void GuiModelsTest::loaderDeliversTimesThenTheWholeSession() {
  gui::BackgroundLoader loader;
  QSignalSpy opened(&loader, &gui::BackgroundLoader::databaseOpened);
  QSignalSpy times(&loader, &gui::BackgroundLoader::sessionTimesLoaded);
  QSignalSpy loaded(&loader, &gui::BackgroundLoader::sessionLoaded);
  QSignalSpy busy(&loader, &gui::BackgroundLoader::busyChanged);
  loader.open(m_db);
  QVERIFY(loader.busy());
  QVERIFY(opened.wait(10'000));
  QCOMPARE(opened.front().at(0).toString(), m_db);
  const auto sessions = opened.front().at(1).value<gui::SessionList>();
  QCOMPARE(sessions->size(), std::size_t{1});
  QCOMPARE(loader.path(), m_db);
  loader.loadSession(sessions->front().id);
  QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10'000);
  QCOMPARE(times.size(), 1);
  const auto first = times.front().at(0).value<gui::LoadedSessionPtr>();
  const auto whole = loaded.front().at(0).value<gui::LoadedSessionPtr>();
  // Stage 1: the runs and their times, nothing else; no bootstrap yet.
  QVERIFY(!first->complete);
  QCOMPARE(first->results.runs.size(), std::size_t{3});
  for (const auto& run : first->results.runs)
    for (const auto& s : run.samples) {
      QVERIFY(s.wallSeconds > 0);
      QVERIFY(s.counters.empty() && s.metrics.empty() && s.regions.empty());
    }
  QCOMPARE(first->report.scaling.size(), std::size_t{2});
  QCOMPARE(first->report.runs.size(), first->results.runs.size());
  for (const auto& series : first->report.scaling)
    for (const auto& point : series.points) QVERIFY(!point.speedupInterval.defined());
  for (const auto& summary : first->report.runs) QVERIFY(!summary.wallMedianInterval.defined());
  // Stage 2: everything, and the intervals.
  QVERIFY(whole->complete);
  for (const auto& series : whole->report.scaling)  // S(1) = [1, 1]: too few repetitions beyond
    QVERIFY(series.points.front().speedupInterval.defined());
  QVERIFY(!whole->results.runs.front().samples.front().metrics.empty());
  QCOMPARE(whole->results.runs, m_sweep->results.runs);
  QTRY_VERIFY(!loader.busy());
  QCOMPARE(busy.last().at(0).toBool(), false);
}

void GuiModelsTest::loaderReportsABadFileAndKeepsTheOldDatabase() {
  gui::BackgroundLoader loader;
  QSignalSpy opened(&loader, &gui::BackgroundLoader::databaseOpened);
  QSignalSpy failed(&loader, &gui::BackgroundLoader::databaseFailed);
  QSignalSpy loaded(&loader, &gui::BackgroundLoader::sessionLoaded);
  loader.open(m_db);
  QVERIFY(opened.wait(10'000));
  const QString bad = m_dir.filePath(QStringLiteral("garbage.db"));
  QFile file(bad);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("not a database at all, just text");
  file.close();
  loader.open(bad);
  QVERIFY(failed.wait(10'000));
  QCOMPARE(failed.front().at(0).toString(), bad);
  QVERIFY(failed.front().at(1).toString().contains(QStringLiteral("is not a SQLite database")));
  // The database opened before is still the one sessions load from.
  QCOMPARE(loader.path(), m_db);
  loader.loadSession(opened.front().at(1).value<gui::SessionList>()->front().id);
  QVERIFY(loaded.wait(10'000));
  QCOMPARE(loaded.front().at(0).value<gui::LoadedSessionPtr>()->results.runs.size(), std::size_t{3});
}

void GuiModelsTest::loaderDropsSupersededRequests() {
  const QString other = m_dir.filePath(QStringLiteral("other.db"));
  QVERIFY(testing::writeEmptyDatabase(other, 2));
  gui::BackgroundLoader loader;
  QSignalSpy opened(&loader, &gui::BackgroundLoader::databaseOpened);
  // Three opens in a row: only the last one is reported.
  loader.open(m_db);
  loader.open(other);
  loader.open(m_db);
  QTRY_VERIFY_WITH_TIMEOUT(!loader.busy(), 10'000);
  QCOMPARE(opened.size(), 1);
  QCOMPARE(opened.front().at(0).toString(), m_db);
  // A session request made for a database that another open has replaced is dropped.
  QSignalSpy loaded(&loader, &gui::BackgroundLoader::sessionLoaded);
  QSignalSpy failed(&loader, &gui::BackgroundLoader::sessionFailed);
  loader.open(other);
  loader.loadSession(model::SessionId(1));  // asked while m_db was on screen
  QTRY_VERIFY_WITH_TIMEOUT(!loader.busy(), 10'000);
  QCOMPARE(loaded.size(), 0);
  QCOMPARE(failed.size(), 0);
  QCOMPARE(loader.path(), other);
}

void GuiModelsTest::progressLinesAndRunArguments() {
  const auto p = gui::parseProgressLine(
      QStringLiteral("[3/12] kmeans/threads/n:2000/threads:2  7.90 ms ±60.2% (2 reps)"));
  QVERIFY(p);
  QCOMPARE(p->first, 3);
  QCOMPARE(p->second, 12);
  QVERIFY(!gui::parseProgressLine(QStringLiteral("session 1 → r.db: 3 case(s) × 2 repetition(s)")));
  QVERIFY(!gui::parseProgressLine(QStringLiteral("[x/2] nope")));

  gui::RunRequest r;
  r.workload = QStringLiteral("kmeans");
  r.variants = {QStringLiteral("threads")};
  r.params = {{QStringLiteral("n"), QStringLiteral("2000")}};
  r.threads = QStringLiteral("1,2");
  r.repetitions = 3;
  r.minTime = 0;
  r.label = QStringLiteral("from the gui");
  r.database = QStringLiteral("r.db");
  QCOMPARE(r.arguments(),
           (QStringList{QStringLiteral("run"), QStringLiteral("kmeans"), QStringLiteral("--variant"),
                        QStringLiteral("threads"), QStringLiteral("-p"), QStringLiteral("n=2000"),
                        QStringLiteral("--threads"), QStringLiteral("1,2"),
                        QStringLiteral("--repetitions"), QStringLiteral("3"),
                        QStringLiteral("--min-time"), QStringLiteral("0"),
                        QStringLiteral("--counters"), QStringLiteral("default"),
                        QStringLiteral("--label"), QStringLiteral("from the gui"),
                        QStringLiteral("--db"), QStringLiteral("r.db"),
                        QStringLiteral("--no-report")}));
}

void GuiModelsTest::workloadListComesFromTheCli() {
  QString output;
  QProcess list;
  list.start(QStringLiteral(TUNELAB_CLI), {QStringLiteral("list"), QStringLiteral("--json")});
  QVERIFY(list.waitForFinished(30'000));
  QCOMPARE(list.exitCode(), 0);
  QString error;
  const auto workloads = gui::parseWorkloadList(list.readAllStandardOutput(), &error);
  QVERIFY2(workloads, qPrintable(error));
  const auto kmeans = std::find_if(workloads->begin(), workloads->end(),
                                   [](const gui::WorkloadInfo& w) { return w.name == QStringLiteral("kmeans"); });
  QVERIFY(kmeans != workloads->end());
  QVERIFY(std::any_of(kmeans->variants.begin(), kmeans->variants.end(),
                      [](const auto& v) { return v.name == QStringLiteral("threads") && v.threaded; }));
  QVERIFY(std::any_of(kmeans->params.begin(), kmeans->params.end(), [](const auto& p) {
    return p.name == QStringLiteral("n") && p.type == QStringLiteral("int") && !p.defaultValue.isEmpty();
  }));
  QVERIFY(!gui::parseWorkloadList("{\"not\": \"a list\"}", &error));
  QVERIFY(error.contains(QStringLiteral("no list")));
  QVERIFY(!gui::parseWorkloadList("garbage", &error));
}

void GuiModelsTest::runProcessRunsAndReportsProgress() {
  const QString db = m_dir.filePath(QStringLiteral("run.db"));
  gui::RunProcess process;
  QSignalSpy progress(&process, &gui::RunProcess::progress);
  QSignalSpy finished(&process, &gui::RunProcess::finished);
  gui::RunRequest r;
  r.workload = QStringLiteral("kmeans");
  r.variants = {QStringLiteral("serial"), QStringLiteral("threads")};
  r.params = {{QStringLiteral("n"), QStringLiteral("2000")}};
  r.threads = QStringLiteral("1,2");
  r.repetitions = 2;
  r.minTime = 0;
  r.label = QStringLiteral("gui run");
  r.database = db;
  QVERIFY(process.start(QStringLiteral(TUNELAB_CLI), r));
  QVERIFY(process.running());
  QVERIFY(finished.wait(60'000));
  QCOMPARE(finished.front().at(0).toInt(), 0);
  // One line per case: serial, threads at 1, threads at 2.
  QCOMPARE(progress.size(), 3);
  for (int i = 0; i < 3; ++i) {
    QCOMPARE(progress[i].at(0).toInt(), i + 1);
    QCOMPARE(progress[i].at(1).toInt(), 3);
  }
  auto loader = gui::DatabaseLoader::open(db.toStdString());
  QVERIFY(loader.ok());
  QCOMPARE(gui::toQString(loader->sessions().front().label), QStringLiteral("gui run"));
}

void GuiModelsTest::runProcessCancelStopsAfterTheCurrentCase() {
  const QString db = m_dir.filePath(QStringLiteral("cancel.db"));
  gui::RunProcess process;
  QSignalSpy progress(&process, &gui::RunProcess::progress);
  QSignalSpy finished(&process, &gui::RunProcess::finished);
  gui::RunRequest r;
  r.workload = QStringLiteral("kmeans");
  r.variants = {QStringLiteral("serial"), QStringLiteral("threads")};
  r.params = {{QStringLiteral("n"), QStringLiteral("2000")}};
  r.threads = QStringLiteral("1,2");
  r.repetitions = 3;
  r.minTime = 0.3;  // ~1 s per case: time enough to cancel before the last one
  r.database = db;
  QVERIFY(process.start(QStringLiteral(TUNELAB_CLI), r));
  QVERIFY(progress.wait(30'000));
  process.cancel();
  QVERIFY(finished.wait(30'000));
  QCOMPARE(finished.front().at(0).toInt(), 143);  // Cancel sends SIGTERM: tunelab exits 143
  QVERIFY(finished.front().at(1).toString().contains(QStringLiteral("stopped")));
  auto loader = gui::DatabaseLoader::open(db.toStdString());
  QVERIFY(loader.ok());
  QCOMPARE(loader->sessions().front().status, model::SessionStatus::Interrupted);
  auto results = loader->load(loader->sessions().front().id);
  QVERIFY(results.ok());
  QVERIFY(!results->runs.empty());
  // Stopped early: fewer samples than 3 cases × 3 repetitions. (The threaded cases take turns
  // round by round, so a stop between rounds keeps both with the rounds they completed.)
  std::size_t samples = 0;
  for (const auto& run : results->runs) samples += run.samples.size();
  QVERIFY2(samples < 9, qPrintable(QString::number(samples)));
}

void GuiModelsTest::runProcessReportsTheCliError() {
  gui::RunProcess process;
  QSignalSpy finished(&process, &gui::RunProcess::finished);
  gui::RunRequest r;
  r.workload = QStringLiteral("kmeans");
  r.params = {{QStringLiteral("nope"), QStringLiteral("1")}};
  r.database = m_dir.filePath(QStringLiteral("refused.db"));
  QVERIFY(process.start(QStringLiteral(TUNELAB_CLI), r));
  QVERIFY(finished.wait(30'000));
  QCOMPARE(finished.front().at(0).toInt(), 2);
  // The CLI's own message, naming the bad parameter.
  const QString message = finished.front().at(1).toString();
  QVERIFY2(message.contains(QStringLiteral("nope")), qPrintable(message));

  gui::RunProcess missing;
  QSignalSpy gone(&missing, &gui::RunProcess::finished);
  QVERIFY(missing.start(m_dir.filePath(QStringLiteral("no-such-tunelab")), r));
  QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 10'000);
  QCOMPARE(gone.front().at(0).toInt(), -1);
  QVERIFY(gone.front().at(1).toString().startsWith(QStringLiteral("Cannot start")));
}

QTEST_MAIN(GuiModelsTest)
#include "gui_models_test.moc"
