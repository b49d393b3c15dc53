// The ANN tab and its model over real sessions of nearest-neighbour search, which the real
// `tunelab run ann` writes at tiny sizes: a knob sweep (gemm and ivfpq at three nprobe, p = 1
// and 2) and every variant but MPI's; `tunelab-gui --tab ann`.
#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileInfo>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QProcess>
#include <QSet>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "test_database.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/gui/ann_model.h"
#include "tunelab/gui/database_loader.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui_app/ann_view.h"
#include "tunelab/gui_app/chart_style.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/views.h"

using namespace tunelab;
using gui::AnnModel;
using gui::MainWindow;
using gui::ViewKind;

namespace {

gui::LoadedSessionPtr loadNow(const QString& path) {
  auto db = gui::DatabaseLoader::open(path.toStdString());
  if (!db) qFatal("cannot open %s: %s", qPrintable(path), db.error().message.c_str());
  auto loaded = gui::loadSessionNow(*db, db->sessions().front().id);
  if (!loaded) qFatal("cannot load: %s", loaded.error().message.c_str());
  return std::move(loaded).value();
}

QString cell(const AnnModel& model, int row, int column) {
  return model.index(row, column).data().toString();
}

QStringList visibleLegend(QChart* chart) {
  QStringList labels;
  for (auto* marker : chart->legend()->markers())
    if (marker->isVisible()) labels << marker->label();
  return labels;
}

}  // namespace

class GuiAnnTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    // The exact answers the recall is measured against are cached: in the test's folder.
    qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache")).toLocal8Bit());
    m_knobs = m_dir.filePath(QStringLiteral("knobs.db"));
    m_variants = m_dir.filePath(QStringLiteral("variants.db"));
    QString out;
    QVERIFY2(
        testing::runCli(testing::annArguments(m_knobs, QStringLiteral("knobs"), true), &out) == 0,
        qPrintable(out));
    QVERIFY2(
        testing::runCli(testing::annArguments(m_variants, QStringLiteral("variants")), &out) == 0,
        qPrintable(out));
    m_kmeans = m_dir.filePath(QStringLiteral("kmeans.db"));
    QCOMPARE(testing::runCli(testing::sweepArguments(m_kmeans, QStringLiteral("kmeans")), &out), 0);
  }

  // A group per worker count, each the report's table of it: by recall@k, then q/s, the knob
  // that differs named, the front marked; the group shown stays through a reload.
  void modelHoldsTheReportsTableOfEachWorkerCount() {
    gui::SessionModels models;
    AnnModel* model = models.ann();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto loaded = loadNow(m_knobs);
    models.show(loaded);
    QCOMPARE(model->groupCount(), 2);
    QCOMPARE(model->groupLabel(0), QStringLiteral("p=1"));
    QCOMPARE(model->groupLabel(1), QStringLiteral("p=2"));
    QCOMPARE(model->group(), 0);
    QCOMPARE(model->groupText(), QStringLiteral("dataset:synthetic n:2000 nq:50 d:32 k:10 · p=1"));
    QCOMPARE(model->rowCount(), 6);
    QCOMPARE(model->seriesCount(), 2);
    QCOMPARE(model->varyingKnobs(), QStringList{QStringLiteral("nprobe")});
    QCOMPARE(model->variants(), (std::vector<std::string>{"gemm", "ivfpq"}));
    int front = 0;
    double previous = 2;
    for (int row = 0; row < model->rowCount(); ++row) {
      const double recall =
          model->index(row, AnnModel::RecallAtKColumn).data(gui::SortRole).toDouble();
      QVERIFY2(recall <= previous, "by recall@k, descending");
      previous = recall;
      QVERIFY(model->index(row, AnnModel::QpsColumn).data(gui::SortRole).toDouble() > 0);
      QVERIFY(cell(*model, row, AnnModel::KnobsColumn).startsWith(QStringLiteral("nprobe:")));
      QCOMPARE(model->seriesLabel(model->seriesOfRow(row)),
               cell(*model, row, AnnModel::VariantColumn));
      const bool onFront = model->cases()[static_cast<std::size_t>(row)].pareto;
      QCOMPARE(cell(*model, row, AnnModel::FrontColumn),
               onFront ? QStringLiteral("◆ yes") : QStringLiteral("no"));
      front += onFront;
      QVERIFY(model->index(row, 0)
                  .data(Qt::ToolTipRole)
                  .toString()
                  .contains(QStringLiteral("queries/s")));
    }
    QVERIFY(front >= 1);
    // Exact search first: every neighbour found.
    QCOMPARE(cell(*model, 0, AnnModel::VariantColumn), QStringLiteral("gemm"));
    QCOMPARE(cell(*model, 0, AnnModel::RecallAt1Column), QStringLiteral("1.000"));
    QCOMPARE(cell(*model, 0, AnnModel::RecallAtKColumn), QStringLiteral("1.000"));
    // The inverted file finds more at nprobe 16 (every list) than at 1.
    const auto recallOf = [&](const QString& knobs) {
      for (int row = 0; row < model->rowCount(); ++row)
        if (cell(*model, row, AnnModel::VariantColumn) == QLatin1String("ivfpq") &&
            cell(*model, row, AnnModel::KnobsColumn) == knobs)
          return model->cases()[static_cast<std::size_t>(row)].recallAtK;
      return -1.0;
    };
    QVERIFY(recallOf(QStringLiteral("nprobe:16")) > recallOf(QStringLiteral("nprobe:1")));
    QVERIFY(recallOf(QStringLiteral("nprobe:1")) >= 0);
    // A series' points are its rows.
    for (int s = 0; s < model->seriesCount(); ++s)
      for (int p = 0; p < 3; ++p) QCOMPARE(model->seriesOfRow(model->rowOf(s, p)), s);

    model->setGroup(1);
    QCOMPARE(model->rowCount(), 6);
    QVERIFY(model->groupText().endsWith(QStringLiteral("p=2")));
    for (const auto& c : model->cases()) QCOMPARE(c.workers(), 2);
    models.show(loaded);  // a reload: still p=2
    QCOMPARE(model->group(), 1);
    models.clear();
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(model->groupCount(), 0);
  }

  // The scope bar pins nprobe like a family for the other tabs; the ANN tab opens it again,
  // and a scope of another workload holds no ann case (and knows the session has some).
  void modelFollowsTheScope() {
    const auto whole = loadNow(m_knobs);
    const auto& runs = whole->results.runs;
    const auto traits = analysis::workloadTraits(whole->results.session.environment.extra);
    const auto scope = analysis::defaultScope(runs, "ann", traits);
    QCOMPARE(QString::fromStdString(analysis::describe(scope)), QStringLiteral("ann · nprobe:1"));
    const auto scoped =
        gui::loadedSession(gui::SessionResults{whole->results.session, runs}, true, scope);
    QCOMPARE(scoped->results.runs.size(), std::size_t{4});  // the other tabs: nprobe 1 only
    AnnModel model;
    model.setSession(scoped);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.scopeText(), QStringLiteral("ann · nprobe:1"));
    QCOMPARE(model.annScopeText(), QStringLiteral("ann"));
    QVERIFY(!model.annOutsideScope());
    model.setSession(gui::loadedSession(gui::SessionResults{whole->results.session, runs}, true,
                                        analysis::Scope{"kmeans", {}}));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.groupCount(), 0);
    QVERIFY(model.annOutsideScope());
  }

  // The tab: the chart of the group with a legend entry per variant and the front's, the
  // group box where there are two worker counts, the table with the knobs that differ.
  void tabDrawsTheChartOfTheChosenGroupAndItsTable() {
    MainWindow window;
    window.resize(1200, 720);
    QVERIFY(window.loadDatabase(m_knobs));
    QVERIFY(window.waitUntilIdle());
    window.setCurrentView(ViewKind::Ann);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* view = qobject_cast<gui::AnnView*>(window.view(ViewKind::Ann));
    QVERIFY(view);
    QCOMPARE(window.currentView(), view);
    QCOMPARE(view->title(), QStringLiteral("Recall and queries/s — session 1"));
    QVERIFY2(gui::plainChartTitle(view->chart()).contains(QStringLiteral("p=1")),
             qPrintable(gui::plainChartTitle(view->chart())));
    QCOMPARE(visibleLegend(view->chart()),
             (QStringList{QStringLiteral("gemm"), QStringLiteral("ivfpq"),
                          QStringLiteral("Pareto front (◆ in the report)")}));
    QCOMPARE(view->chart()->axes().size(), 2);
    QVERIFY(view->groupBox()->isVisible());
    QCOMPARE(view->groupBox()->count(), 2);
    QVERIFY(!view->tableView()->isColumnHidden(AnnModel::KnobsColumn));
    QCOMPARE(view->tableView()->model()->rowCount(), 6);
    // The rows in their series' colours.
    const auto* model = window.models()->ann();
    QVERIFY(model->index(0, AnnModel::VariantColumn)
                .data(Qt::DecorationRole)
                .value<QColor>()
                .isValid());
    // p=2 from the box: the chart and the table follow.
    view->groupBox()->setCurrentIndex(1);
    emit view->groupBox()->activated(1);
    QCOMPARE(model->group(), 1);
    QVERIFY(gui::plainChartTitle(view->chart()).contains(QStringLiteral("p=2")));
    QCOMPARE(view->groupBox()->currentIndex(), 1);
    QCOMPARE(view->tableView()->model()->rowCount(), 6);
  }

  // Every variant, one knob setting: no Knobs column, a legend of twelve and the front.
  void everyVariantHasItsLegendEntry() {
    MainWindow window;
    window.resize(1200, 720);
    QVERIFY(window.loadDatabase(m_variants));
    QVERIFY(window.waitUntilIdle());
    window.showWorkload(QStringLiteral("ann"));
    QVERIFY(window.waitUntilIdle());
    window.setCurrentView(ViewKind::Ann);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* view = qobject_cast<gui::AnnView*>(window.view(ViewKind::Ann));
    QVERIFY(view);
    QCOMPARE(window.models()->ann()->rowCount(), 12);
    QTRY_COMPARE(visibleLegend(view->chart()).size(), 12 + 1);
    QVERIFY(view->tableView()->isColumnHidden(AnnModel::KnobsColumn));
  }

  // No ann run in scope: a sentence, no axes, an empty table; and the same from the command
  // line, `tunelab-gui --tab ann`.
  void withoutAnnRunsTheTabSaysSo() {
    MainWindow window;
    window.resize(1200, 720);
    QVERIFY(window.loadDatabase(m_kmeans));
    QVERIFY(window.waitUntilIdle());
    window.setCurrentView(ViewKind::Ann);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* view = qobject_cast<gui::AnnView*>(window.view(ViewKind::Ann));
    QVERIFY(view);
    const QString title = gui::plainChartTitle(view->chart());
    QVERIFY2(title.contains(QStringLiteral("no ann runs")) &&
                 title.contains(QStringLiteral("`tunelab run ann`")),
             qPrintable(title));
    QVERIFY(view->chart()->axes().isEmpty());
    QVERIFY(!view->chart()->legend()->isVisible());
    QVERIFY(!view->groupBox()->isVisible());
    QCOMPARE(view->table()->rowCount(), 0);

    for (const QString& db : {m_kmeans, m_knobs}) {
      const QString png = m_dir.filePath(QFileInfo(db).baseName() + QStringLiteral("-ann.png"));
      QProcess gui;
      gui.start(QStringLiteral(TUNELAB_GUI), {db, QStringLiteral("--tab"), QStringLiteral("ann"),
                                              QStringLiteral("--screenshot"), png});
      QVERIFY(gui.waitForFinished(60'000));
      QVERIFY2(gui.exitCode() == 0, gui.readAllStandardError().constData());
      QImage image;
      QVERIFY(image.load(png));
      QCOMPARE(image.size(), QSize(1200, 720));
    }
    QVERIFY(gui::viewFromName(QStringLiteral("ann")) == ViewKind::Ann);
    QCOMPARE(gui::viewLabel(ViewKind::Ann), QStringLiteral("A&NN"));
  }

  // Each tab's mnemonic (the letter after '&') is its own, and none is a menu's.
  void mnemonicsDoNotClash() {
    QStringList keys = {QStringLiteral("F"), QStringLiteral("E"), QStringLiteral("V"),
                        QStringLiteral("R"), QStringLiteral("H")};  // the menus
    for (ViewKind kind : gui::allViews()) {
      const QString label = gui::viewLabel(kind);
      const auto amp = label.indexOf(QLatin1Char('&'));
      QVERIFY2(amp >= 0 && amp + 1 < label.size(), qPrintable(label));
      keys << label.mid(amp + 1, 1).toUpper();
    }
    // The Runs tab and the Run menu share R, and Roofline the File menu's F, from before.
    keys.removeOne(QStringLiteral("R"));
    keys.removeOne(QStringLiteral("F"));
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()).size(), keys.size());
  }

 private:
  QTemporaryDir m_dir;
  QString m_knobs, m_variants, m_kmeans;
};

QTEST_MAIN(GuiAnnTest)
#include "gui_ann_test.moc"
