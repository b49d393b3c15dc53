// The models of the views that need more than one plain sweep — allocation, complexity,
// roofline, compare, trend — and the loader's queries across sessions, over one database
// that the real CLI fills with four sessions.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "test_database.h"
#include "tunelab/gui/allocation_model.h"
#include "tunelab/gui/background_loader.h"
#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/complexity_model.h"
#include "tunelab/gui/cross_session.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/roofline_model.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/trend_model.h"
#include "tunelab/model/params.h"

using namespace tunelab;

namespace {

QStringList common(const QString& db, const QString& label) {
  return {QStringLiteral("-r"), QStringLiteral("2"), QStringLiteral("--min-time"), QStringLiteral("0"),
          QStringLiteral("--label"), label, QStringLiteral("--db"), db, QStringLiteral("-q"),
          QStringLiteral("--no-report")};
}


const std::string kTrended = "kmeans/serial/n:2000/d:8/k:8/iters:20/spread:1.5/seed:42/init:kmeans++/input:blobs/columns:all/simd:auto/threads:1";

}  // namespace

class GuiCrossTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void allocationRatesFromTheHooks();
  void allocationCurvesAndWorkloadRates();
  void allocationNetOfTheFloor();
  void complexityOfASizeSweep();
  void rooflinePointsUnderMeasuredCeilings();
  void rooflineWithoutCeilingsSaysHowToMeasure();
  void compareModelHoldsTheComparison();
  void trendModelFollowsABenchmark();
  void loaderAnswersCrossSessionQueries();
  void everyModelPassesTheModelTester();

 private:
  gui::LoadedSessionPtr session(const QString& label) const;

  QTemporaryDir m_dir;
  QString m_db;
  std::optional<gui::DatabaseLoader> m_database;
};

void GuiCrossTest::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("cross.db"));
  QString out;
  // A size sweep (complexity), the same cases twice more (compare, trend), and the machine's
  // ceilings with a factorization that reports GFLOP/s and intensity (roofline), all small.
  QCOMPARE(testing::runCli(QStringList{QStringLiteral("run"), QStringLiteral("kmeans"), QStringLiteral("-v"),
                                       QStringLiteral("serial"), QStringLiteral("-p"),
                                       QStringLiteral("n=1000,2000,4000")} +
                               common(m_db, QStringLiteral("sizes")),
                           &out),
           0);
  for (const QString& label : {QStringLiteral("before"), QStringLiteral("after")})
    QCOMPARE(testing::runCli(QStringList{QStringLiteral("run"), QStringLiteral("kmeans"), QStringLiteral("-v"),
                                         QStringLiteral("serial,threads"), QStringLiteral("-t"),
                                         QStringLiteral("1,2"), QStringLiteral("-p"), QStringLiteral("n=2000")} +
                                 common(m_db, label),
                             &out),
             0);
  QCOMPARE(testing::runCli(QStringList{QStringLiteral("run"), QStringLiteral("machine"), QStringLiteral("-t"),
                                       QStringLiteral("1"), QStringLiteral("-p"), QStringLiteral("mib=16"),
                                       QStringLiteral("-p"), QStringLiteral("mflop=20")} +
                               common(m_db, QStringLiteral("machine")),
                           &out),
           0);
  QCOMPARE(testing::runCli(QStringList{QStringLiteral("run"), QStringLiteral("factor"), QStringLiteral("-v"),
                                       QStringLiteral("naive,blocked"), QStringLiteral("-t"), QStringLiteral("1"),
                                       QStringLiteral("-p"), QStringLiteral("op=lu"), QStringLiteral("-p"),
                                       QStringLiteral("n=64")} +
                               common(m_db, QStringLiteral("factor")),
                           &out),
           0);
  auto db = gui::DatabaseLoader::open(m_db.toStdString());
  QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
  m_database.emplace(std::move(db).value());
  QCOMPARE(m_database->sessions().size(), std::size_t{5});
}

gui::LoadedSessionPtr GuiCrossTest::session(const QString& label) const {
  for (const auto& s : m_database->sessions())
    if (gui::toQString(s.label) == label) {
      auto loaded = gui::loadSessionNow(*m_database, s.id);
      if (!loaded) qFatal("%s", loaded.error().message.c_str());
      return *loaded;
    }
  qFatal("no session %s", qPrintable(label));
}

void GuiCrossTest::allocationRatesFromTheHooks() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  QSKIP("a sanitizer owns malloc in this build: tunelab's allocation hooks are off");
#endif
  const auto s = session(QStringLiteral("before"));
  gui::AllocationModel model;
  model.setSession(s);
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.variants(), (QStringList{QStringLiteral("serial"), QStringLiteral("threads")}));
  QCOMPARE(model.categories(), (QStringList{QStringLiteral("p=1"), QStringLiteral("p=2")}));
  QCOMPARE(model.rowOf(QStringLiteral("serial"), QStringLiteral("p=2")), -1);
  for (int row = 0; row < model.rowCount(); ++row) {
    const auto a = analysis::analyzeAllocation(s->results.runs[static_cast<std::size_t>(row)]);
    QVERIFY(a);
    // k-means allocates through malloc/new: the hooks' rates, said to be theirs.
    QCOMPARE(model.index(row, gui::AllocationModel::SourceColumn).data().toString(),
             QStringLiteral("malloc hooks"));
    QCOMPARE(model.index(row, gui::AllocationModel::OpsPerSecondColumn).data(gui::SortRole).toDouble(),
             a->allocationsPerSecond.median);
    QCOMPARE(model.index(row, gui::AllocationModel::BytesPerSecondColumn).data(gui::SortRole).toDouble(),
             a->bytesPerSecond.median);
    QCOMPARE(model.index(row, gui::AllocationModel::PeakHeapColumn).data(gui::SortRole).toDouble(),
             a->peakLiveBytes.median);
    QVERIFY(model.index(row, gui::AllocationModel::OpsPerSecondColumn).data().toString().endsWith(
        QStringLiteral("/s")));
    // No pool size and no curve: utilization is not defined, never 0.
    QVERIFY(!model.index(row, gui::AllocationModel::UtilizationColumn).data(gui::SortRole).isValid());
    QCOMPARE(model.index(row, gui::AllocationModel::UtilizationColumn).data().toString(),
             gui::undefinedText());
  }
  QVERIFY(!model.hasCurves());
}

void GuiCrossTest::allocationCurvesAndWorkloadRates() {
  // What the alloc workload reports: its own rates, RSS, and R over the trace.
  model::Run run;
  run.workload = "alloc";
  run.variant = "jemalloc";
  run.params = {{"pattern", "churn"}};
  for (int rep = 0; rep < 3; ++rep) {
    model::Sample s;
    s.repetition = rep;
    s.wallSeconds = 0.01;
    s.alloc = model::AllocStats{100, 100, 6400, 4096, std::nullopt, std::nullopt};
    s.metrics = {{"ops_per_s", 2e6 + rep, "op/s"}, {"bytes_per_s", 1.5e8, "B/s"}, {"peak_rss", 3e6, "B"}};
    s.series = {{"utilization", "", "operation", {0, 100, 200}, {1.0, 0.5, 0.75}}};
    run.samples.push_back(s);
  }
  gui::AllocationModel model;
  model.setSession(gui::loadedSession(model::Session{}, {run}));
  QCOMPARE(model.rowCount(), 1);
  QCOMPARE(model.index(0, gui::AllocationModel::SourceColumn).data().toString(), QStringLiteral("workload"));
  QCOMPARE(model.index(0, gui::AllocationModel::OpsPerSecondColumn).data(gui::SortRole).toDouble(), 2e6 + 1);
  QCOMPARE(model.index(0, gui::AllocationModel::PeakRssColumn).data(gui::SortRole).toDouble(), 3e6);
  QVERIFY(model.hasCurves());
  QCOMPARE(model.curveXName(), QStringLiteral("operation"));
  const auto r = model.utilizationCurve(0);
  QCOMPARE(r.size(), std::size_t{3});
  QCOMPARE(r[1], QPointF(100, 0.5));
  QCOMPARE(model.fragmentationCurve(0)[1], QPointF(100, 0.5));
  QCOMPARE(model.fragmentationCurve(0)[2], QPointF(200, 0.25));
  QCOMPARE(model.index(0, gui::AllocationModel::UtilizationColumn).data(gui::SortRole).toDouble(),
           0.75);  // the mean over the trace
}

void GuiCrossTest::allocationNetOfTheFloor() {
  gui::AllocationModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSession(gui::loadedSession(model::Session{}, testing::netRuns()));
  QCOMPARE(model.rowCount(), 6);
  QVERIFY(model.hasNetCosts());
  const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
    return model.index(row, column).data(role);
  };
  // The floor: its own time per operation, and it is the floor, not a net cost of zero.
  QVERIFY(model.isFloor(0));
  QVERIFY(!model.netCost(0));
  QCOMPARE(cell(0, gui::AllocationModel::PerOperationColumn, gui::SortRole).toDouble(), 1.0);
  QCOMPARE(cell(0, gui::AllocationModel::NetPerOperationColumn).toString(),
           QStringLiteral("the floor"));
  QVERIFY(!cell(0, gui::AllocationModel::NetPerOperationColumn, gui::SortRole).isValid());
  // glibc on churn: 6.0 − 1.0 ns, with an interval (7 repetitions on each side).
  QVERIFY(model.netCost(1));
  QCOMPARE(cell(1, gui::AllocationModel::NetPerOperationColumn, gui::SortRole).toDouble(), 5.0);
  QCOMPARE(cell(1, gui::AllocationModel::NetPerOperationColumn).toString(),
           QStringLiteral("5.00 ns"));
  QVERIFY(
      cell(1, gui::AllocationModel::NetIntervalColumn).toString().contains(QStringLiteral(" – ")));
  // The arena on phase runs below its floor: said, with its (negative) value to sort by.
  QCOMPARE(cell(5, gui::AllocationModel::NetPerOperationColumn).toString(),
           QStringLiteral("at the floor (-0.30 ns)"));
  QVERIFY(cell(5, gui::AllocationModel::NetPerOperationColumn, gui::SortRole).toDouble() < 0);
  // Five repetitions: no interval, and the tooltip says why.
  QCOMPARE(cell(4, gui::AllocationModel::NetIntervalColumn).toString(), gui::undefinedText());
  QVERIFY(cell(4, gui::AllocationModel::NetIntervalColumn, Qt::ToolTipRole)
              .toString()
              .contains(QStringLiteral("6 repetitions")));
  // Without a floor, nothing is subtracted.
  model.setSession(
      gui::loadedSession(model::Session{}, {testing::netRun("glibc", "churn", {6.0, 6.1, 6.2})}));
  QVERIFY(!model.hasNetCosts());
  QCOMPARE(model.index(0, gui::AllocationModel::NetPerOperationColumn).data().toString(),
           gui::undefinedText());
}

void GuiCrossTest::complexityOfASizeSweep() {
  const auto s = session(QStringLiteral("sizes"));
  gui::ComplexityModel model;
  model.setSession(s);
  QCOMPARE(model.sweepCount(), 1);
  const auto& sweep = model.sweeps().front();
  QCOMPARE(sweep.sizeParam, std::string("n"));
  QCOMPARE(sweep.sizes, (std::vector<double>{1000, 2000, 4000}));
  QVERIFY(sweep.fit.defined);
  QCOMPARE(model.rowCount(), 3);
  QVERIFY(model.sweepLabel(0).startsWith(QStringLiteral("kmeans/serial p=1 over n")));
  for (int row = 0; row < 3; ++row) {
    QCOMPARE(model.index(row, gui::ComplexityModel::SizeColumn).data().toDouble(), sweep.sizes[row]);
    QCOMPARE(model.index(row, gui::ComplexityModel::MedianColumn).data(gui::SortRole).toDouble(),
             sweep.medianSeconds[row]);
    QCOMPARE(model.index(row, gui::ComplexityModel::ClassColumn).data().toString(),
             gui::toQString(analysis::complexityName(sweep.fit.best.complexity)));
  }
  const auto curve = model.fittedCurve(0, 10);
  QCOMPARE(curve.size(), std::size_t{10});
  QCOMPARE(curve.front().x(), 1000.0);
  QVERIFY(std::abs(curve.back().x() - 4000.0) < 1e-6);
  QCOMPARE(curve.back().y(), analysis::predictTime(sweep.fit.best, curve.back().x()));
  QVERIFY(model.fitText(0).contains(QStringLiteral("RMS")));
}

void GuiCrossTest::rooflinePointsUnderMeasuredCeilings() {
  const auto factor = session(QStringLiteral("factor"));
  gui::RooflineModel model;
  model.setSession(factor);
  QCOMPARE(model.rowCount(), 2);  // naive and blocked LU
  QVERIFY(!model.hasCeilings());  // this session did not measure the machine
  auto measured = gui::newestCeilings(*m_database);
  QVERIFY(measured.ok());
  QVERIFY(measured->ceilings.bandwidth && measured->ceilings.peakF64);
  QCOMPARE(measured->source, std::string("machine (4)"));
  model.setFallbackCeilings(measured->ceilings, gui::toQString(measured->source));
  QVERIFY(model.hasCeilings());
  QCOMPARE(model.ceilingsSource(), QStringLiteral("machine (4)"));
  for (int row = 0; row < model.rowCount(); ++row) {
    const auto summary = analysis::summarizeRun(factor->results.runs[static_cast<std::size_t>(row)]);
    double gflops = 0, intensity = 0;
    for (const auto& m : summary.metrics) {
      if (m.name == "gflops") gflops = m.summary.median;
      if (m.name == "arithmetic_intensity") intensity = m.summary.median;
    }
    QCOMPARE(model.index(row, gui::RooflineModel::GflopsColumn).data(gui::SortRole).toDouble(), gflops);
    QCOMPARE(model.index(row, gui::RooflineModel::IntensityColumn).data(gui::SortRole).toDouble(), intensity);
    // Percent of the roof at that intensity: min(peak, bandwidth × intensity).
    const double roof = std::min(measured->ceilings.peakF64->value,
                                 measured->ceilings.bandwidth->value * intensity);
    QCOMPARE(model.index(row, gui::RooflineModel::PercentOfPeakColumn).data(gui::SortRole).toDouble(),
             gflops / roof);
  }
  // The machine session's own runs are its ceilings, not points.
  model.setSession(session(QStringLiteral("machine")));
  QCOMPARE(model.rowCount(), 0);
  QCOMPARE(model.ceilingsSource(), QStringLiteral("this session's machine runs"));
}

void GuiCrossTest::rooflineWithoutCeilingsSaysHowToMeasure() {
  gui::RooflineModel model;
  model.setSession(session(QStringLiteral("factor")));
  QVERIFY(!model.hasCeilings());
  QCOMPARE(gui::RooflineModel::notMeasuredText(),
           QStringLiteral("ceilings not measured: run `tunelab info --measure`"));
  QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("info --measure")));
  QCOMPARE(model.index(0, gui::RooflineModel::PercentOfPeakColumn).data().toString(), gui::undefinedText());
}

void GuiCrossTest::compareModelHoldsTheComparison() {
  model::SessionId before, after;
  for (const auto& s : m_database->sessions()) {
    if (s.label == "before") before = s.id;
    if (s.label == "after") after = s.id;
  }
  auto comparison = gui::compareSessions(*m_database, before, after, {});
  QVERIFY(comparison.ok());
  QCOMPARE(comparison->benchmarks.size(), std::size_t{3});
  QVERIFY(comparison->baseline.source.ends_with(":" + std::to_string(before.value())));
  gui::CompareModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setComparison(std::make_shared<const analysis::Comparison>(*comparison));
  QCOMPARE(model.rowCount(), 3);
  const auto order = analysis::reportOrder(*comparison);
  for (int row = 0; row < 3; ++row) {
    const auto& b = comparison->benchmarks[order[static_cast<std::size_t>(row)]];
    QCOMPARE(model.index(row, gui::CompareModel::BenchmarkColumn).data().toString(), gui::toQString(b.name));
    const QString verdict = model.index(row, gui::CompareModel::VerdictColumn).data().toString();
    QCOMPARE(verdict, gui::toQString(analysis::verdictName(b.primary.result.verdict)));
    QCOMPARE(model.index(row, gui::CompareModel::RatioColumn).data(gui::SortRole).toDouble(),
             b.primary.result.ratio);
    QCOMPARE(model.index(row, gui::CompareModel::RatioColumn).data().toString(),
             gui::formatSpeedup(b.primary.result.ratio));
    // Coloured by verdict: every verdict but "unchanged" has a background.
    QCOMPARE(model.index(row, 0).data(Qt::BackgroundRole).isValid(), verdict != QStringLiteral("unchanged"));
    QVERIFY(model.hasRatio(row));
  }
  QVERIFY(model.summaryText().startsWith(QStringLiteral("3 compared: ")));
  QVERIFY(gui::CompareModel::verdictColor(QStringLiteral("slower"), false).isValid());
}

void GuiCrossTest::trendModelFollowsABenchmark() {
  auto names = gui::benchmarkNames(*m_database);
  QVERIFY(names.ok());
  QVERIFY(std::find(names->begin(), names->end(), kTrended) != names->end());
  auto trend = gui::trendOf(*m_database, kTrended, {});
  QVERIFY(trend.ok());
  // sizes (n=2000 is one of its sizes), before, after: three sessions, oldest first.
  QCOMPARE(trend->points.size(), std::size_t{3});
  QCOMPARE(trend->points[0].name, std::string("sizes (1)"));
  QCOMPARE(trend->points[2].name, std::string("after (3)"));
  gui::TrendModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setTrend(std::make_shared<const analysis::Trend>(*trend));
  QCOMPARE(model.rowCount(), 3);
  for (int row = 0; row < 3; ++row) {
    const auto& p = trend->points[static_cast<std::size_t>(row)];
    QCOMPARE(model.index(row, gui::TrendModel::MedianColumn).data(gui::SortRole).toDouble(), p.median);
    QCOMPARE(model.index(row, gui::TrendModel::MedianColumn).data().toString(), gui::formatDuration(p.median));
    QCOMPARE(model.index(row, gui::TrendModel::LevelColumn).data(gui::SortRole).toDouble(),
             trend->levels[p.level].value);
    QCOMPARE(model.stepAt(row) != nullptr,
             std::any_of(trend->steps.begin(), trend->steps.end(),
                         [&](const analysis::TrendStep& s) { return s.index == std::size_t(row); }));
  }
  QCOMPARE(model.measureTitle(), QStringLiteral("time (s)"));
}

void GuiCrossTest::loaderAnswersCrossSessionQueries() {
  gui::BackgroundLoader loader;
  QSignalSpy opened(&loader, &gui::BackgroundLoader::databaseOpened);
  loader.open(m_db);
  QVERIFY(opened.wait(10'000));
  QSignalSpy names(&loader, &gui::BackgroundLoader::benchmarksListed);
  QSignalSpy ceilings(&loader, &gui::BackgroundLoader::ceilingsFound);
  QSignalSpy compared(&loader, &gui::BackgroundLoader::comparisonReady);
  QSignalSpy trended(&loader, &gui::BackgroundLoader::trendReady);
  QSignalSpy failed(&loader, &gui::BackgroundLoader::queryFailed);
  loader.listBenchmarks();
  loader.findCeilings();
  loader.compare(model::SessionId(2), model::SessionId(3));
  loader.trend(QString::fromStdString(kTrended));
  loader.compare(model::SessionId(42), model::SessionId(3));  // supersedes the first compare
  QTRY_VERIFY_WITH_TIMEOUT(!loader.busy(), 60'000);
  QCOMPARE(names.size(), 1);
  QVERIFY(names.front().at(0).toStringList().contains(QString::fromStdString(kTrended)));
  QCOMPARE(ceilings.size(), 1);
  QVERIFY(ceilings.front().at(0).value<gui::MeasuredCeilings>().ceilings.any());
  QCOMPARE(trended.size(), 1);
  QCOMPARE(trended.front().at(0).value<gui::TrendPtr>()->points.size(), std::size_t{3});
  // Only the last compare answers, and it fails: session 42 does not exist.
  QCOMPARE(compared.size(), 0);
  QCOMPARE(failed.size(), 1);
  QVERIFY(failed.front().at(1).toString().contains(QStringLiteral("no session 42")));
}

void GuiCrossTest::everyModelPassesTheModelTester() {
  gui::SessionModels models;
  std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
  const QList<QAbstractItemModel*> all = {models.allocation(), models.complexity(), models.roofline(),
                                          models.compare(), models.trend(), models.sessions()};
  for (QAbstractItemModel* m : all)
    testers.push_back(std::make_unique<QAbstractItemModelTester>(
        m, QAbstractItemModelTester::FailureReportingMode::QtTest));
  for (const QString& label : {QStringLiteral("sizes"), QStringLiteral("factor"), QStringLiteral("before")}) {
    const auto s = session(label);
    models.showTimes(s);
    models.show(s);
  }
  models.clear();
  QCOMPARE(models.allocation()->rowCount(), 0);
}

QTEST_MAIN(GuiCrossTest)
#include "gui_cross_test.moc"
