// The window on a real session of every workload (`tunelab run all`, 225 runs, packed as
// tests/fixtures/sessions/sweep.sql.gz by scripts/make-sweep-fixture) at the default size: it opens scoped to the first workload, the
// scope bar moves between workloads and patterns, and the legends name every series once.
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QLegendMarker>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "test_database.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui_app/main_window.h"

using namespace tunelab;
using gui::MainWindow;
using gui::ViewKind;

namespace {

// The labels of a chart's legend entries a reader sees (the window is shown first: a legend
// makes its markers visible when it lays them out).
QStringList visibleLegend(MainWindow& window, ViewKind kind, const QString& chartName) {
  window.setCurrentView(kind);
  QCoreApplication::processEvents();
  auto* view = window.findChild<QChartView*>(chartName);
  if (!view) return {QStringLiteral("(no chart %1)").arg(chartName)};
  QStringList labels;
  for (auto* marker : view->chart()->legend()->markers())
    if (marker->isVisible()) labels << marker->label();
  return labels;
}

}  // namespace

class GuiScopeTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = testing::copySweepFixture(m_dir.path());
    QVERIFY(!m_db.isEmpty());
  }

  // The default sweep opens at its first workload, every tab showing only its runs.
  void aLargeSessionOpensAtItsFirstWorkload() {
    MainWindow window;
    window.resize(1200, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.loadDatabase(m_db, &error), qPrintable(error));
    QCOMPARE(QString::fromStdString(window.scope().workload), QStringLiteral("kmeans"));
    auto* bar = window.findChild<QWidget*>(QStringLiteral("scopeBar"));
    QVERIFY(bar && bar->isVisible());
    auto* workload = window.findChild<QComboBox*>(QStringLiteral("scopeWorkload"));
    QVERIFY(workload);
    QCOMPARE(workload->count(), 8);  // seven workloads and "every workload"
    QCOMPARE(workload->currentText(), QStringLiteral("kmeans"));
    QCOMPARE(window.models()->runs()->rowCount(), 10);  // kmeans' runs only

    // Every legend entry of the scaling chart names its series, once.
    const QStringList labels = visibleLegend(window, ViewKind::Scaling, QStringLiteral("speedupChart"));
    QVERIFY2(labels.size() >= 4, qPrintable(labels.join(QLatin1Char(','))));
    QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), labels.size());
    for (const QString& l : labels) QVERIFY2(!l.trimmed().isEmpty(), "an unnamed legend entry");
  }

  // The bar moves to alloc, which opens at its first pattern; the allocation legend lists
  // exactly the allocators measured there.
  void theBarScopesEveryTabToAWorkloadAndAPattern() {
    MainWindow window;
    window.resize(1200, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.loadDatabase(m_db));
    window.showWorkload(QStringLiteral("alloc"));
    QVERIFY(window.waitUntilIdle());
    const auto& scope = window.scope();
    QCOMPARE(QString::fromStdString(scope.workload), QStringLiteral("alloc"));
    QCOMPARE(scope.where.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(scope.where[0].key), QStringLiteral("pattern"));
    auto* pattern = window.findChild<QComboBox*>(QStringLiteral("scope-pattern"));
    QVERIFY(pattern);
    QCOMPARE(pattern->currentText(), QString::fromStdString(scope.where[0].value));

    // The runs in scope, as the store holds them, against what the window shows.
    auto db = gui::DatabaseLoader::open(m_db.toStdString());
    QVERIFY(db.ok());
    auto all = gui::loadSessionNow(*db, db->sessions().front().id);
    QVERIFY(all.ok());
    const auto inScope = analysis::runsInScope((*all)->results.runs, scope);
    QCOMPARE(window.models()->runs()->rowCount(), int(inScope.size()));
    QSet<QString> allocators;
    for (const auto& r : inScope) allocators.insert(QString::fromStdString(r.variant));
    const QStringList legend =
        visibleLegend(window, ViewKind::Allocation, QStringLiteral("allocationOpsChart"));
    QCOMPARE(QSet<QString>(legend.begin(), legend.end()), allocators);
    QCOMPARE(legend.size(), allocators.size());

    // "every pattern": the scope lets go of the parameter. (The bar is found again: it is the
    // window's to rebuild while the session loads.)
    pattern = window.findChild<QComboBox*>(QStringLiteral("scope-pattern"));
    QVERIFY(pattern);
    pattern->setCurrentIndex(pattern->count() - 1);
    QVERIFY(window.waitUntilIdle());
    QTRY_VERIFY(window.scope().where.empty());
    QCOMPARE(QString::fromStdString(window.scope().workload), QStringLiteral("alloc"));
    QVERIFY(window.models()->runs()->rowCount() > int(inScope.size()));
  }

 private:
  QTemporaryDir m_dir;
  QString m_db;
};

QTEST_MAIN(GuiScopeTest)
#include "gui_scope_test.moc"
