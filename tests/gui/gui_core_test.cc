// gui_core's loader and models over a database written by the real CLI.
#include <QAbstractItemModelTester>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

#include "test_database.h"
#include "tunelab/gui/database_loader.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_list_model.h"

using tunelab::gui::DatabaseLoader;
using tunelab::gui::loadedSession;
using tunelab::gui::RunTableModel;
using tunelab::gui::ScalingModel;
using tunelab::gui::SessionListModel;
using tunelab::gui::SessionResults;

class GuiCoreTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void loaderListsSessionsNewestFirst();
  void sessionListModelShowsEverySession();
  void runTableHasOneRowPerRun();
  void runTableSortRoleHoldsRawValues();
  void runTableStatesSharedParametersOnce();
  void scalingSpeedupAtOneThreadIsOne();
  void runTableAgreesWithScalingModel();
  void failedRunsShowStatusAndReason();
  void modelsPassTheModelTester();
  void fileThatIsNotSqliteIsAnError();
  void missingFileIsAnError();
  void formatting();

 private:
  SessionResults load(const QString& label) const;

  QTemporaryDir m_dir;
  QString m_db;
};

void GuiCoreTest::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("t.db"));
  QString output;
  QCOMPARE(tunelab::testing::runCli(tunelab::testing::sweepArguments(m_db, QStringLiteral("sweep")),
                                    &output),
           0);
  // Exit 1: a workload failed, which is the point of this session.
  QCOMPARE(tunelab::testing::runCli(
               tunelab::testing::failingArguments(m_db, QStringLiteral("broken")), &output),
           1);
}

SessionResults GuiCoreTest::load(const QString& label) const {
  auto loader = DatabaseLoader::open(m_db.toStdString());
  if (!loader) qFatal("cannot open %s: %s", qPrintable(m_db), loader.error().message.c_str());
  for (const auto& s : loader->sessions()) {
    if (QString::fromStdString(s.label) != label) continue;
    auto results = loader->load(s.id);
    if (!results) qFatal("cannot load session: %s", results.error().message.c_str());
    return std::move(results).value();
  }
  qFatal("no session labelled %s", qPrintable(label));
}

void GuiCoreTest::loaderListsSessionsNewestFirst() {
  auto loader = DatabaseLoader::open(m_db.toStdString());
  QVERIFY2(loader.ok(), loader.ok() ? "" : loader.error().message.c_str());
  QCOMPARE(loader->sessions().size(), std::size_t{2});
  QCOMPARE(QString::fromStdString(loader->sessions()[0].label), QStringLiteral("broken"));
  QCOMPARE(QString::fromStdString(loader->sessions()[1].label), QStringLiteral("sweep"));
  QVERIFY(loader->sessions()[0].id > loader->sessions()[1].id);
  QCOMPARE(QString::fromStdString(loader->path().string()), m_db);
}

void GuiCoreTest::sessionListModelShowsEverySession() {
  auto loader = DatabaseLoader::open(m_db.toStdString());
  QVERIFY(loader.ok());
  SessionListModel model;
  model.setSessions(loader->sessions());
  QCOMPARE(model.rowCount(), 2);
  QCOMPARE(model.columnCount(), int{SessionListModel::ColumnCount});
  for (int row = 0; row < 2; ++row) {
    const auto& s = loader->sessions()[static_cast<std::size_t>(row)];
    QCOMPARE(
        model.data(model.index(row, SessionListModel::IdColumn), tunelab::gui::IdRole).toLongLong(),
        s.id.value());
    QCOMPARE(model.data(model.index(row, SessionListModel::LabelColumn)).toString(),
             QString::fromStdString(s.label));
    QCOMPARE(model.data(model.index(row, SessionListModel::StatusColumn)).toString(),
             QStringLiteral("complete"));
    // "2026-11-25 04:59": the stored ISO time, shown without T, seconds and Z.
    const QString started =
        model.data(model.index(row, SessionListModel::StartedColumn)).toString();
    QCOMPARE(started.size(), 16);
    QVERIFY(QString::fromStdString(s.startedAt).startsWith(started.left(10)));
    QCOMPARE(model.rowOf(s.id), row);
  }
}

void GuiCoreTest::runTableHasOneRowPerRun() {
  const auto results = load(QStringLiteral("sweep"));
  QCOMPARE(results.runs.size(), std::size_t{3});
  RunTableModel model;
  model.setSession(loadedSession(results.session, results.runs));
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.okCount(), 3);

  QSet<QString> cases;  // workload/variant/threads
  for (int row = 0; row < model.rowCount(); ++row) {
    auto text = [&](int column) { return model.data(model.index(row, column)).toString(); };
    cases.insert(QStringLiteral("%1/%2/%3")
                     .arg(text(RunTableModel::WorkloadColumn), text(RunTableModel::VariantColumn))
                     .arg(model.data(model.index(row, RunTableModel::ThreadsColumn)).toInt()));
    QCOMPARE(text(RunTableModel::StatusColumn), QStringLiteral("ok"));
    QCOMPARE(model.data(model.index(row, RunTableModel::RepetitionsColumn)).toInt(), 2);
    const double median =
        model.data(model.index(row, RunTableModel::MedianColumn), tunelab::gui::SortRole)
            .toDouble();
    QVERIFY2(median > 0 && median < 10, qPrintable(QString::number(median)));
    QCOMPARE(text(RunTableModel::MedianColumn), tunelab::gui::formatDuration(median));
    QVERIFY(text(RunTableModel::MedianColumn).endsWith(QLatin1Char('s')));
    // Every metric kmeans reports is there for an ok run.
    QVERIFY(!model.metricNames().isEmpty());
    for (int c = RunTableModel::FirstMetricColumn; c < model.columnCount(); ++c)
      QVERIFY(text(c) != tunelab::gui::undefinedText());
  }
  const QSet<QString> expected{QStringLiteral("kmeans/serial/1"),
                               QStringLiteral("kmeans/threads/1"),
                               QStringLiteral("kmeans/threads/2")};
  QCOMPARE(cases, expected);
  QVERIFY(model.metricNames().contains(QStringLiteral("inertia")));
}

void GuiCoreTest::runTableSortRoleHoldsRawValues() {
  const auto results = load(QStringLiteral("sweep"));
  RunTableModel model;
  model.setSession(loadedSession(results.session, results.runs));
  for (int row = 0; row < model.rowCount(); ++row) {
    const auto threads =
        model.data(model.index(row, RunTableModel::ThreadsColumn), tunelab::gui::SortRole);
    QCOMPARE(threads.typeId(), QMetaType::Int);
    const auto median =
        model.data(model.index(row, RunTableModel::MedianColumn), tunelab::gui::SortRole);
    QCOMPARE(median.typeId(), QMetaType::Double);
    const auto cv = model.data(model.index(row, RunTableModel::CvColumn), tunelab::gui::SortRole);
    QVERIFY(cv.toDouble() >= 0);
    QCOMPARE(model.data(model.index(row, RunTableModel::MedianColumn), tunelab::gui::IdRole)
                 .toLongLong(),
             results.runs[static_cast<std::size_t>(row)].id.value());
  }
}

void GuiCoreTest::runTableStatesSharedParametersOnce() {
  const auto results = load(QStringLiteral("sweep"));
  RunTableModel model;
  model.setSession(loadedSession(results.session, results.runs));
  // All three runs have the same parameters: stated once, and the column has nothing to add.
  QVERIFY(model.commonParams().startsWith(QStringLiteral("n:2000/")));
  QVERIFY(!model.hasDistinctParams());
  for (int row = 0; row < model.rowCount(); ++row) {
    QCOMPARE(model.data(model.index(row, RunTableModel::ParamsColumn)).toString(), QString());
    // The tooltip still names the whole case.
    QVERIFY(model.data(model.index(row, RunTableModel::ParamsColumn), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("n:2000")));
  }
}

void GuiCoreTest::scalingSpeedupAtOneThreadIsOne() {
  const auto results = load(QStringLiteral("sweep"));
  ScalingModel model;
  model.setSession(loadedSession(results.session, results.runs));
  QCOMPARE(model.seriesCount(), 2);
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.maxWorkers(), 2);
  QVERIFY(model.commonParams().startsWith(QStringLiteral("n:2000/")));
  QStringList labels;
  int rows = 0;
  for (int s = 0; s < model.seriesCount(); ++s) {
    labels << model.seriesLabel(s);
    QVERIFY(model.seriesHasBaseline(s));
    QCOMPARE(model.seriesFirstRow(s), rows);
    rows += model.seriesRowCount(s);
    const int first = model.seriesFirstRow(s);
    QCOMPARE(model.data(model.index(first, ScalingModel::WorkersColumn)).toInt(), 1);
    QCOMPARE(model.data(model.index(first, ScalingModel::SpeedupColumn)).toDouble(), 1.0);
    QCOMPARE(model.data(model.index(first, ScalingModel::EfficiencyColumn)).toDouble(), 1.0);
    QCOMPARE(model.data(model.index(first, ScalingModel::SeriesColumn)).toString(),
             model.seriesLabel(s));
  }
  QCOMPARE(rows, model.rowCount());
  labels.sort();
  QCOMPARE(labels,
           (QStringList{QStringLiteral("serial"), QStringLiteral("threads")}));  // one workload
}

void GuiCoreTest::runTableAgreesWithScalingModel() {
  const auto results = load(QStringLiteral("sweep"));
  RunTableModel runs;
  runs.setSession(loadedSession(results.session, results.runs));
  ScalingModel scaling;
  scaling.setSession(loadedSession(results.session, results.runs));
  for (int row = 0; row < runs.rowCount(); ++row) {
    const QString variant = runs.data(runs.index(row, RunTableModel::VariantColumn)).toString();
    const int threads = runs.data(runs.index(row, RunTableModel::ThreadsColumn)).toInt();
    const double speedup =
        runs.data(runs.index(row, RunTableModel::SpeedupColumn), tunelab::gui::SortRole).toDouble();
    const double efficiency =
        runs.data(runs.index(row, RunTableModel::EfficiencyColumn), tunelab::gui::SortRole)
            .toDouble();
    QCOMPARE(efficiency, speedup / threads);
    bool found = false;
    for (int r = 0; r < scaling.rowCount(); ++r) {
      if (scaling.data(scaling.index(r, ScalingModel::SeriesColumn)).toString() !=
              variant ||
          scaling.data(scaling.index(r, ScalingModel::WorkersColumn)).toInt() != threads)
        continue;
      found = true;
      QCOMPARE(scaling.data(scaling.index(r, ScalingModel::SpeedupColumn)).toDouble(), speedup);
      // T(1)/T(p) from the medians the two models show.
      const double median =
          runs.data(runs.index(row, RunTableModel::MedianColumn), tunelab::gui::SortRole)
              .toDouble();
      QCOMPARE(scaling.data(scaling.index(r, ScalingModel::MedianColumn)).toDouble(), median);
    }
    QVERIFY(found);
    if (threads == 1)
      QCOMPARE(runs.data(runs.index(row, RunTableModel::SpeedupColumn)).toString(),
               QStringLiteral("1.00×"));
  }
}

void GuiCoreTest::failedRunsShowStatusAndReason() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  QSKIP("--memory-limit caps the address space; sanitizers reserve terabytes of it");
#endif
  const auto results = load(QStringLiteral("broken"));
  RunTableModel model;
  model.setSession(loadedSession(results.session, results.runs));
  QCOMPARE(model.rowCount(), 2);
  QCOMPARE(model.okCount(), 0);
  for (int row = 0; row < model.rowCount(); ++row) {
    QCOMPARE(model.data(model.index(row, RunTableModel::StatusColumn)).toString(),
             QStringLiteral("failed"));
    const QString reason =
        model.data(model.index(row, RunTableModel::StatusColumn), Qt::ToolTipRole).toString();
    QVERIFY2(reason.contains(QStringLiteral("out of memory")), qPrintable(reason));
    QCOMPARE(model.data(model.index(row, RunTableModel::MedianColumn)).toString(),
             tunelab::gui::undefinedText());
    QVERIFY(!model.data(model.index(row, RunTableModel::MedianColumn), tunelab::gui::SortRole)
                 .isValid());
    QCOMPARE(model.data(model.index(row, RunTableModel::SpeedupColumn)).toString(),
             tunelab::gui::undefinedText());
    QVERIFY(
        model.data(model.index(row, RunTableModel::StatusColumn), Qt::ForegroundRole).isValid());
  }
  // A failure has no time to scale.
  ScalingModel scaling;
  scaling.setSession(loadedSession(results.session, results.runs));
  QCOMPARE(scaling.rowCount(), 0);
  QCOMPARE(scaling.seriesCount(), 0);
}

void GuiCoreTest::modelsPassTheModelTester() {
  const auto sweep = load(QStringLiteral("sweep"));
  const auto broken = load(QStringLiteral("broken"));
  auto loader = DatabaseLoader::open(m_db.toStdString());
  QVERIFY(loader.ok());

  SessionListModel sessions;
  RunTableModel runs;
  ScalingModel scaling;
  // Attached before the data arrives, so that the resets are checked too.
  QAbstractItemModelTester t1(&sessions, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester t2(&runs, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester t3(&scaling, QAbstractItemModelTester::FailureReportingMode::QtTest);
  sessions.setSessions(loader->sessions());
  runs.setSession(loadedSession(sweep.session, sweep.runs));
  scaling.setSession(loadedSession(sweep.session, sweep.runs));
  runs.setSession(loadedSession(broken.session, broken.runs));
  scaling.setSession(loadedSession(broken.session, broken.runs));
  runs.setSession(loadedSession(sweep.session, sweep.runs));
  scaling.setSession(loadedSession(sweep.session, sweep.runs));
  sessions.clear();
  runs.clear();
  scaling.clear();
  QCOMPARE(runs.rowCount(), 0);
  QCOMPARE(runs.columnCount(), int{RunTableModel::FirstMetricColumn});
}

void GuiCoreTest::fileThatIsNotSqliteIsAnError() {
  const QString path = m_dir.filePath(QStringLiteral("hello.db"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("hello");
  file.close();
  auto loader = DatabaseLoader::open(path.toStdString());
  QVERIFY(!loader.ok());
  const QString message = QString::fromStdString(loader.error().message);
  QVERIFY2(message.contains(QStringLiteral("is not a SQLite database")), qPrintable(message));
  QVERIFY(message.contains(path));
  // Read-only: the file is left exactly as it was.
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(file.readAll(), QByteArray("hello"));
}

void GuiCoreTest::missingFileIsAnError() {
  const QString path = m_dir.filePath(QStringLiteral("absent.db"));
  auto loader = DatabaseLoader::open(path.toStdString());
  QVERIFY(!loader.ok());
  QVERIFY(!loader.error().message.empty());
  // Opening read-only never creates a database.
  QVERIFY(!QFile::exists(path));
}

void GuiCoreTest::formatting() {
  using namespace tunelab::gui;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  QCOMPARE(formatDuration(0.0103), QStringLiteral("10.3 ms"));
  QCOMPARE(formatDuration(0.000950), QStringLiteral("950 µs"));
  QCOMPARE(formatDuration(1.25), QStringLiteral("1.25 s"));
  QCOMPARE(formatDuration(kNaN), undefinedText());
  QCOMPARE(formatSpeedup(1.386), QStringLiteral("1.39×"));
  QCOMPARE(formatSpeedup(kNaN), undefinedText());
  QCOMPARE(formatPercent(0.6931, 0), QStringLiteral("69%"));
  QCOMPARE(formatPercent(0.147, 1), QStringLiteral("14.7%"));
  QCOMPARE(formatMetric(20), QStringLiteral("20"));
  QCOMPARE(formatMetric(606800.5), QStringLiteral("6.068e+05"));
  QCOMPARE(formatTimestamp("2026-11-25T04:59:20.724Z"), QStringLiteral("2026-11-25 04:59:20"));
  QCOMPARE(formatTimestamp("2026-11-25T04:59:20.724Z", false), QStringLiteral("2026-11-25 04:59"));
  QCOMPARE(formatTimestamp("not a time"), QStringLiteral("not a time"));
}

QTEST_GUILESS_MAIN(GuiCoreTest)
#include "gui_core_test.moc"
