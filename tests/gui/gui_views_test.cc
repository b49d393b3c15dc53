// The views that look across sessions or need particular runs — compare, trend, roofline,
// complexity, allocation — in the real window and through tunelab-plot, over a database the
// real CLI fills with five sessions.
#include <QApplication>
#include <QAreaSeries>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QLineSeries>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QCategoryAxis>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QXmlStreamReader>

#include <cmath>

#include "test_database.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/gui/allocation_model.h"
#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/complexity_model.h"
#include "tunelab/gui/roofline_model.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/stream_model.h"
#include "tunelab/gui/trend_model.h"
#include "tunelab/gui_app/chart_style.h"
#include "tunelab/gui_app/allocation_view.h"
#include "tunelab/gui_app/compare_view.h"
#include "tunelab/gui_app/complexity_view.h"
#include "tunelab/gui_app/image_export.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/roofline_view.h"
#include "tunelab/gui_app/stream_view.h"
#include "tunelab/gui_app/trend_view.h"
#include "tunelab/model/params.h"

using namespace tunelab;
using gui::MainWindow;
using gui::ViewKind;

namespace {

QStringList common(const QString& db, const QString& label, int repetitions = 2) {
  return {QStringLiteral("-r"), QString::number(repetitions), QStringLiteral("--min-time"), QStringLiteral("0"),
          QStringLiteral("--label"), label, QStringLiteral("--db"), db, QStringLiteral("-q"),
          QStringLiteral("--no-report")};
}

double greyVariance(const QImage& image) {
  const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
  double sum = 0, sumSquares = 0;
  for (int y = 0; y < grey.height(); ++y)
    for (int x = 0; x < grey.width(); ++x) {
      const double v = grey.constScanLine(y)[x];
      sum += v;
      sumSquares += v * v;
    }
  const double n = double(grey.width()) * grey.height();
  return n > 0 ? sumSquares / n - (sum / n) * (sum / n) : 0;
}


QStringList seriesNames(QChart* chart) {
  QStringList out;
  for (auto* s : chart->series()) out << s->name();
  return out;
}

}  // namespace

class GuiViewsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void compareViewShowsVerdictsAndWhiskers();
  void trendViewFollowsTheSessionsBenchmark();
  void rooflineViewDrawsMeasuredRoofs();
  void rooflineWithoutCeilingsSaysHowToMeasureThem();
  void complexityViewDrawsTheFit();
  void allocationViewGroupsBarsByVariant();
  void allocationViewDrawsNetCostsAndNamesWhatItLeavesOut();
  void streamViewDrawsThroughputAgainstP99PerConfiguration();
  void plotDrawsTheStreamView();
  void plotDrawsCrossSessionViews();
  void dropOpensADatabaseOrImportsJson();

 private:
  // A window on the database, showing session `id` in full, on tab `kind`.
  void show(MainWindow& window, qint64 id, ViewKind kind);

  QTemporaryDir m_dir;
  QString m_db;
};

void GuiViewsTest::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("tunelab-tests"));
  QSettings().clear();
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("views.db"));
  QString out;
  const auto run = [&](QStringList args, const QString& label, int repetitions = 2) {
    return testing::runCli(QStringList{QStringLiteral("run")} + args + common(m_db, label, repetitions), &out);
  };
  // 1 sizes, 2 before, 3 after, 4 machine, 5 factor.
  QCOMPARE(run({QStringLiteral("kmeans"), QStringLiteral("-v"), QStringLiteral("serial"), QStringLiteral("-p"),
                QStringLiteral("n=1000,2000,4000")},
               QStringLiteral("sizes")),
           0);
  for (const QString& label : {QStringLiteral("before"), QStringLiteral("after")})
    QCOMPARE(run({QStringLiteral("kmeans"), QStringLiteral("-v"), QStringLiteral("serial,threads"),
                  QStringLiteral("-t"), QStringLiteral("1,2"), QStringLiteral("-p"),
                  QStringLiteral("n=2000")},
                 label, 5),  // 5 a side: the fewest the compare view's U test can decide with
             0);
  QCOMPARE(run({QStringLiteral("machine"), QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("-p"),
                QStringLiteral("mib=16"), QStringLiteral("-p"), QStringLiteral("mflop=20")},
               QStringLiteral("machine")),
           0);
  QCOMPARE(run({QStringLiteral("factor"), QStringLiteral("-v"), QStringLiteral("naive,blocked"), QStringLiteral("-t"),
                QStringLiteral("1"), QStringLiteral("-p"), QStringLiteral("op=lu"), QStringLiteral("-p"),
                QStringLiteral("n=64")},
               QStringLiteral("factor")),
           0);
}

void GuiViewsTest::show(MainWindow& window, qint64 id, ViewKind kind) {
  window.resize(1200, 760);
  QString error;
  QVERIFY2(window.loadDatabase(m_db, &error, model::SessionId(id)), qPrintable(error));
  QCOMPARE(window.models()->session().id.value(), id);
  window.setCurrentView(kind);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  // Compare and trend ask the loader when their tab comes up.
  QVERIFY(window.waitUntilIdle());
  QCoreApplication::processEvents();
  QVERIFY(greyVariance(window.view(kind)->exportWidget()->grab().toImage()) > 100);
}

void GuiViewsTest::compareViewShowsVerdictsAndWhiskers() {
  MainWindow window;
  show(window, 3, ViewKind::Compare);
  auto* view = qobject_cast<gui::CompareView*>(window.view(ViewKind::Compare));
  QVERIFY(view);
  // The session shown is the candidate, the one before it the baseline.
  QCOMPARE(view->candidate().value(), 3);
  QCOMPARE(view->baseline().value(), 2);
  const gui::CompareModel* model = window.models()->compare();
  QVERIFY(model->comparison());
  QCOMPARE(model->rowCount(), 3);
  QVERIFY2(view->title().contains(QStringLiteral("views.db:3 against views.db:2")), qPrintable(view->title()));
  QVERIFY(gui::plainChartTitle(view->chart()).contains(QStringLiteral("Compare")));
  int whiskers = 0, points = 0;
  for (auto* s : view->chart()->series()) {
    if (auto* scatter = qobject_cast<QScatterSeries*>(s)) {
      points += scatter->count();
      QVERIFY(QStringList({QStringLiteral("faster"), QStringLiteral("slower"), QStringLiteral("unchanged"),
                           QStringLiteral("noisy"), QStringLiteral("undecided")})
                  .contains(s->name()));
    } else if (auto* line = qobject_cast<QLineSeries*>(s); line && line->at(0).y() == line->at(1).y()) {
      ++whiskers;  // horizontal: an interval (the reference lines are vertical)
    }
  }
  QCOMPARE(points, 3);
  QCOMPARE(whiskers, 3);
  // The table is coloured by verdict, as the model says.
  auto* table = view->tableView();
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    const QString verdict = table->model()->index(row, gui::CompareModel::VerdictColumn).data().toString();
    QCOMPARE(table->model()->index(row, 0).data(Qt::BackgroundRole).isValid(),
             verdict != QStringLiteral("unchanged"));
  }
  // Picking another baseline recomputes.
  QSignalSpy reset(window.models()->compare(), &QAbstractItemModel::modelReset);
  view->setSessions(model::SessionId(1), model::SessionId(3));
  view->request();
  QVERIFY(reset.wait(30'000));
  QVERIFY(model->comparison()->baseline.source.ends_with(":1"));
  // Session 1 swept n; session 3 ran n = 2000: "n" keeps benchmarks apart and is offered,
  // as `tunelab compare --ignore-param n` would leave it out.
  auto* n = view->findChild<QCheckBox*>(QStringLiteral("ignore-n"));
  QVERIFY2(n, "a check box for the parameter that differs");
  QVERIFY(!n->isChecked());
  QVERIFY(view->findChild<QCheckBox*>(QStringLiteral("ignore-seed")) == nullptr);
  const std::size_t apart = model->comparison()->summary.onlyInBaseline;
  n->setChecked(true);
  QVERIFY(reset.wait(30'000));
  QCOMPARE(model->comparison()->options.ignoreParams, std::vector<std::string>{"n"});
  QVERIFY(model->comparison()->summary.onlyInBaseline < apart);  // n:1000 and n:4000 now match
  QCOMPARE(view->ignoredParams(), QStringList{QStringLiteral("n")});
}

void GuiViewsTest::trendViewFollowsTheSessionsBenchmark() {
  MainWindow window;
  show(window, 3, ViewKind::Trend);
  auto* view = qobject_cast<gui::TrendView*>(window.view(ViewKind::Trend));
  QVERIFY(view);
  const gui::TrendModel* model = window.models()->trend();
  QVERIFY(model->trend());
  // The session's first run, followed through every session that ran it: sizes, before, after.
  QCOMPARE(view->benchmark(), QStringLiteral("kmeans/serial/n:2000/d:8/k:8/iters:20/spread:1.5/seed:42/init:kmeans++/input:blobs/columns:all/simd:auto/threads:1"));
  QCOMPARE(model->rowCount(), 3);
  auto* combo = view->findChild<QComboBox*>(QStringLiteral("trendBenchmark"));
  QVERIFY(combo && combo->count() >= 5);  // every run name of the database
  QLineSeries* medians = nullptr;
  int levels = 0;
  for (auto* s : view->chart()->series()) {
    if (s->name() == QStringLiteral("median")) medians = qobject_cast<QLineSeries*>(s);
    if (s->name() == QStringLiteral("level")) ++levels;
  }
  QVERIFY(medians);
  QCOMPARE(medians->count(), 3);
  QCOMPARE(levels, static_cast<int>(model->trend()->levels.size()));
  QVERIFY(gui::plainChartTitle(view->chart()).contains(QStringLiteral("Trend")));
}

void GuiViewsTest::rooflineViewDrawsMeasuredRoofs() {
  MainWindow window;
  show(window, 5, ViewKind::Roofline);
  auto* view = qobject_cast<gui::RooflineView*>(window.view(ViewKind::Roofline));
  QVERIFY(view);
  const gui::RooflineModel* model = window.models()->roofline();
  QCOMPARE(model->rowCount(), 2);
  // Ceilings from session 4, the only one that measured the machine.
  QCOMPARE(model->ceilingsSource(), QStringLiteral("machine (4)"));
  const QStringList names = seriesNames(view->chart());
  QVERIFY2(names.contains(QStringLiteral("fp64 roof")), qPrintable(names.join(u',')));
  QVERIFY(names.contains(QStringLiteral("factor/naive")));
  QVERIFY(names.contains(QStringLiteral("factor/blocked")));
  QVERIFY(gui::plainChartTitle(view->chart()).contains(QStringLiteral("measured by tunelab")));
  for (auto* s : view->chart()->series())
    if (s->name() == QStringLiteral("factor/naive")) QCOMPARE(qobject_cast<QScatterSeries*>(s)->count(), 1);
}

void GuiViewsTest::rooflineWithoutCeilingsSaysHowToMeasureThem() {
  const QString path = m_dir.filePath(QStringLiteral("no-ceilings.db"));
  QString out;
  QCOMPARE(testing::runCli({QStringLiteral("run"), QStringLiteral("factor"), QStringLiteral("-v"), QStringLiteral("naive"),
                            QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("-p"), QStringLiteral("op=lu"),
                            QStringLiteral("-p"), QStringLiteral("n=64"), QStringLiteral("-r"), QStringLiteral("2"),
                            QStringLiteral("--min-time"), QStringLiteral("0"), QStringLiteral("--db"), path,
                            QStringLiteral("-q"), QStringLiteral("--no-report")},
                           &out),
           0);
  MainWindow window;
  QVERIFY(window.loadDatabase(path));
  QVERIFY(window.waitUntilIdle());
  auto* view = qobject_cast<gui::RooflineView*>(window.view(ViewKind::Roofline));
  QVERIFY(!window.models()->roofline()->hasCeilings());
  QVERIFY2(gui::plainChartTitle(view->chart()).contains(QStringLiteral("ceilings not measured: run `tunelab info --measure`")),
           qPrintable(gui::plainChartTitle(view->chart())));
  QCOMPARE(seriesNames(view->chart()).filter(QStringLiteral("roof")).size(), 0);
  QCOMPARE(seriesNames(view->chart()).size(), 1);  // the points alone
}

void GuiViewsTest::complexityViewDrawsTheFit() {
  MainWindow window;
  show(window, 1, ViewKind::Complexity);
  auto* view = qobject_cast<gui::ComplexityView*>(window.view(ViewKind::Complexity));
  QVERIFY(view);
  const QStringList names = seriesNames(view->chart());
  QCOMPARE(names.size(), 2);
  QVERIFY(names[0].startsWith(QStringLiteral("kmeans/serial p=1 over n")));
  QVERIFY2(names[1].startsWith(QStringLiteral("fit: O(")), qPrintable(names[1]));
  QCOMPARE(qobject_cast<QLineSeries*>(view->chart()->series()[0])->count(), 3);
}

void GuiViewsTest::allocationViewGroupsBarsByVariant() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  QSKIP("a sanitizer owns malloc in this build: tunelab's allocation hooks are off");
#endif
  MainWindow window;
  show(window, 2, ViewKind::Allocation);
  auto* view = qobject_cast<gui::AllocationView*>(window.view(ViewKind::Allocation));
  QVERIFY(view);
  for (QChart* chart : {view->opsChart(), view->bytesChart(), view->memoryChart()}) {
    QCOMPARE(chart->series().size(), 2);  // serial, threads: a dot series each
    auto* serial = qobject_cast<QScatterSeries*>(chart->series().front());
    QVERIFY(serial);
    QCOMPARE(serial->name(), QStringLiteral("serial"));
    // serial did not run at p=2: one dot (p=1), no mark at p=2 — never a bar of height 0 —
    // and the title says which value is missing.
    QCOMPARE(serial->count(), 1);
    QVERIFY(serial->at(0).y() > 0);
    QCOMPARE(qobject_cast<QScatterSeries*>(chart->series().back())->count(), 2);
    QVERIFY2(gui::plainChartTitle(chart).contains(QStringLiteral("no value: serial at")), qPrintable(gui::plainChartTitle(chart)));
  }
  // The chart with the legend has a one-line title; the one below it names view and session.
  QVERIFY(gui::plainChartTitle(view->opsChart()).startsWith(QStringLiteral("Allocations per second")));
  QVERIFY(gui::plainChartTitle(view->memoryChart()).contains(QStringLiteral("Peak live heap")));
  QVERIFY(gui::plainChartTitle(view->memoryChart()).contains(QStringLiteral("Allocation — session 2")));
  // k-means reports no utilization series: the chart says so instead of drawing zeros.
  QVERIFY(gui::plainChartTitle(view->utilizationChart()).contains(QStringLiteral("not reported")));
  QVERIFY(view->utilizationChart()->series().isEmpty());
}

void GuiViewsTest::allocationViewDrawsNetCostsAndNamesWhatItLeavesOut() {
  gui::AllocationModel model;
  model.setSession(gui::loadedSession(model::Session{}, testing::netRuns()));
  gui::AllocationView view(&model);
  view.resize(1200, 720);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  // The net chart takes the bytes chart's place.
  QVERIFY(view.findChild<QWidget*>(QStringLiteral("allocationNetChart"))->isVisible());
  QVERIFY(!view.findChild<QWidget*>(QStringLiteral("allocationBytesChart"))->isVisible());
  QChart* chart = view.netChart();
  // One dot series per allocator above a floor (not the floor itself), one point per case it
  // is above the floor in: the arena, below the floor on phase, is left out and counted.
  QList<QScatterSeries*> dots;
  int whiskers = 0;
  for (auto* s : chart->series()) {
    if (auto* d = qobject_cast<QScatterSeries*>(s)) dots << d;
    if (qobject_cast<QLineSeries*>(s) && !qobject_cast<QScatterSeries*>(s)) ++whiskers;
  }
  QStringList names;
  int points = 0;
  for (auto* d : dots) names << d->name(), points += d->count();
  QCOMPARE(names, (QStringList{QStringLiteral("glibc"), QStringLiteral("object-pool")}));
  QCOMPARE(points, 3);  // glibc on churn and phase, object-pool on churn
  for (auto* d : dots)
    for (const QPointF& p : d->points()) QVERIFY(p.y() > 0);  // never a zero for a missing one
  QCOMPARE(whiskers, 2);  // glibc on phase has 5 repetitions: no interval
  QVERIFY(gui::plainChartTitle(chart).contains(QStringLiteral("1 at the floor, not drawn")));
  QVERIFY(gui::plainChartTitle(chart).contains(QStringLiteral("1 without an interval")));
  QVERIFY(view.findChild<QWidget*>(QStringLiteral("allocationNetChart"))
              ->toolTip()
              .contains(QStringLiteral("arena phase")));
}

// The stream workload's scope (one query, as the scope bar opens it): a curve per variant, p,
// batch and wait, p99 against the achieved events/s over the offered rates, the closed loop a
// square apart from the line, points that fell behind hollow; log axes labelled as the report
// writes numbers; the table's rows in the curves' colours, their tooltips on the points.
void GuiViewsTest::streamViewDrawsThroughputAgainstP99PerConfiguration() {
  // The scope bar pins the query and the rate (max beside numbers: a family to it), so the
  // other tabs show the closed loop; the curves spread along the rate.
  const auto runs = testing::streamRuns();
  const auto scope = analysis::defaultScope(runs, "stream");
  QCOMPARE(QString::fromStdString(analysis::describe(scope)), QStringLiteral("stream · rate:max query:score"));
  gui::StreamModel model;
  model.setSession(gui::loadedSession(gui::SessionResults{model::Session{}, runs}, true, scope));
  QCOMPARE(model.streamScopeText(), QStringLiteral("stream · query:score"));
  gui::StreamView view(&model);
  view.setContext(QStringLiteral("session 1 · stream · rate:max query:score"));
  view.resize(1000, 700);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  // 6 optimized (3 batches × 2 waits), naive, threads at p = 1 and 2.
  QCOMPARE(model.curveCount(), 9);
  QCOMPARE(model.rowCount(), 24 + 4 + 6);
  QCOMPARE(model.curveLabel(0), QStringLiteral("optimized · p=1 · batch 1 · wait 0"));
  QCOMPARE(model.curveLabel(1), QStringLiteral("optimized · p=1 · batch 1 · wait 50 µs"));
  QCOMPARE(model.curveLabel(8), QStringLiteral("threads · p=2 · batch 32 · wait 50 µs"));
  QVERIFY(view.logThroughput());  // 20 k … 1.5 M events/s
  QVERIFY(view.logLatency());     // 50 µs … 2 s
  QChart* chart = view.chart();
  QVERIFY2(gui::plainChartTitle(chart).startsWith(
               QStringLiteral("Throughput and p99 latency — session 1 · stream · query:score\n")),
           qPrintable(gui::plainChartTitle(chart)));
  // A line per curve through its open-loop points, named in the legend; its marks unnamed.
  QStringList lines;
  int closed = 0, hollow = 0, points = 0;
  for (auto* s : chart->series()) {
    if (auto* line = qobject_cast<QLineSeries*>(s); line && !qobject_cast<QScatterSeries*>(s)) {
      lines << line->name();
      points += line->count();
    } else if (auto* marks = qobject_cast<QScatterSeries*>(s); marks && marks->name().isEmpty()) {
      if (marks->markerShape() == QScatterSeries::MarkerShapeRectangle) closed += marks->count();
      else if (marks->color() == view.palette().color(QPalette::Base)) hollow += marks->count();
    }
  }
  QCOMPARE(lines.size(), 9);
  QCOMPARE(lines.front(), model.curveLabel(0));
  QCOMPARE(points, 34 - 9);  // every point but the closed loops
  QCOMPARE(closed, 9);
  // Batch 1 (180 k) and batch 8 (at most 225 k) at 400 k offered, both waits; naive at 100 k
  // and 400 k.
  QCOMPARE(hollow, 6);
  const QStringList keys = seriesNames(chart).filter(QRegularExpression(QStringLiteral("^(closed loop|fell behind)")));
  QCOMPARE(keys.size(), 2);
  // Decades labelled as durations and counts.
  QStringList ticks;
  for (auto* axis : chart->axes())
    if (auto* c = qobject_cast<QCategoryAxis*>(axis)) ticks << c->categoriesLabels();
  for (const char* t : {"100 µs", "1 ms", "1 s", "100 k", "1 M"})
    QVERIFY2(ticks.contains(QString::fromUtf8(t)), qPrintable(ticks.join(u',')));
  // Each curve's rows carry its colour; hovering a point shows its row's tooltip.
  QCOMPARE(model.index(0, gui::StreamModel::CurveColumn).data(Qt::DecorationRole).value<QColor>(),
           gui::seriesColor(0));
  QCOMPARE(model.index(model.rowOf(8, 0), gui::StreamModel::CurveColumn).data(Qt::DecorationRole).value<QColor>(),
           gui::seriesColor(8));
  const QString naiveBehind = view.pointTooltip(6, 1);  // naive at 100 k offered
  QVERIFY2(naiveBehind.contains(QStringLiteral("offered 100 k events/s")) &&
               naiveBehind.contains(QStringLiteral("fell behind")),
           qPrintable(naiveBehind));
  QVERIFY(view.pointTooltip(0, 3).contains(QStringLiteral("closed loop")));
  // Rows by curve, each by offered rate with the closed loop last; sortable by the value.
  QCOMPARE(model.index(3, gui::StreamModel::OfferedColumn).data().toString(), QStringLiteral("closed loop"));
  QCOMPARE(model.index(1, gui::StreamModel::P99Column).data().toString(), QStringLiteral("53.3 µs"));
  QVERIFY(model.index(2, gui::StreamModel::EventsColumn).data().toString().endsWith(u'!'));
}

void GuiViewsTest::plotDrawsTheStreamView() {
  const QString db = m_dir.filePath(QStringLiteral("stream.db"));
  QVERIFY(testing::writeDatabase(db, testing::streamRuns(), "stream"));
  const QString svg = m_dir.filePath(QStringLiteral("stream.svg"));
  QProcess plot;
  plot.start(QStringLiteral(TUNELAB_PLOT),
             {QStringLiteral("--view"), QStringLiteral("stream"), QStringLiteral("--workload"), QStringLiteral("stream"),
              QStringLiteral("--where"), QStringLiteral("query=passthrough"), QStringLiteral("--db"), db,
              QStringLiteral("--out"), svg});
  QVERIFY(plot.waitForFinished(60'000));
  QVERIFY2(plot.exitCode() == 0, plot.readAllStandardError().constData());
  QFile file(svg);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray text = file.readAll();
  QVERIFY(text.contains("query:passthrough"));
  QVERIFY2(text.contains("optimized"), "the one curve, in the legend");
  QVERIFY2(!text.contains("batch 32"), "another query's curves");
  // The workload's default scope pins rate:max too; the curves still span every rate.
  QProcess whole;
  const QString score = m_dir.filePath(QStringLiteral("score.svg"));
  whole.start(QStringLiteral(TUNELAB_PLOT),
              {QStringLiteral("--view"), QStringLiteral("stream"), QStringLiteral("--workload"),
               QStringLiteral("stream"), QStringLiteral("--db"), db, QStringLiteral("--out"), score});
  QVERIFY(whole.waitForFinished(60'000));
  QVERIFY2(whole.exitCode() == 0, whole.readAllStandardError().constData());
  QFile scoreFile(score);
  QVERIFY(scoreFile.open(QIODevice::ReadOnly));
  const QByteArray scoreText = scoreFile.readAll();
  QVERIFY(scoreText.contains("batch 32"));
  QVERIFY2(scoreText.contains("fell behind"), "open-loop points, not the closed loop alone");
  QVERIFY(!scoreText.contains("rate:max"));
}

void GuiViewsTest::plotDrawsCrossSessionViews() {
  const QList<QStringList> cases = {
      {QStringLiteral("--view"), QStringLiteral("compare"), QStringLiteral("--baseline"), QStringLiteral("before"),
       QStringLiteral("--session"), QStringLiteral("after")},
      {QStringLiteral("--view"), QStringLiteral("trend"), QStringLiteral("--session"), QStringLiteral("after")},
      {QStringLiteral("--view"), QStringLiteral("roofline"), QStringLiteral("--session"), QStringLiteral("factor")},
      {QStringLiteral("--view"), QStringLiteral("complexity"), QStringLiteral("--session"), QStringLiteral("sizes")},
      {QStringLiteral("--view"), QStringLiteral("allocation"), QStringLiteral("--session"), QStringLiteral("before")},
  };
  for (const QStringList& args : cases) {
    const QString svg = m_dir.filePath(args[1] + QStringLiteral(".svg"));
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // No allocation statistics: a sanitizer owns malloc, so the hooks are off.
    if (args[1] == QLatin1String("allocation")) continue;
#endif
    QProcess plot;
    plot.start(QStringLiteral(TUNELAB_PLOT), args + QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--out"), svg});
    QVERIFY(plot.waitForFinished(60'000));
    QVERIFY2(plot.exitCode() == 0, plot.readAllStandardError().constData());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int paths = 0;
    while (!xml.atEnd())
      if (xml.readNext() == QXmlStreamReader::StartElement &&
          QStringList({QStringLiteral("path"), QStringLiteral("polyline"), QStringLiteral("polygon"),
                       QStringLiteral("rect"), QStringLiteral("ellipse"), QStringLiteral("circle")})
              .contains(xml.name().toString()))
        ++paths;
    QVERIFY2(!xml.hasError(), qPrintable(args[1]));
    QVERIFY2(paths > 10, qPrintable(args[1]));
  }
  // compare without a baseline is a usage error that says what is missing.
  QProcess plot;
  plot.start(QStringLiteral(TUNELAB_PLOT), {QStringLiteral("--view"), QStringLiteral("compare"), QStringLiteral("--db"),
                                            m_db, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.svg"))});
  QVERIFY(plot.waitForFinished(60'000));
  QCOMPARE(plot.exitCode(), 2);
  QVERIFY(plot.readAllStandardError().contains("needs --baseline"));
  // Two sessions with no benchmark in common: a blank chart would pass for a result, so it is
  // refused with the reason and the way out.
  QProcess none;
  const QString noneSvg = m_dir.filePath(QStringLiteral("none.svg"));
  none.start(QStringLiteral(TUNELAB_PLOT),
             {QStringLiteral("--view"), QStringLiteral("compare"), QStringLiteral("--baseline"),
              QStringLiteral("factor"), QStringLiteral("--session"), QStringLiteral("sizes"),
              QStringLiteral("--db"), m_db, QStringLiteral("--out"), noneSvg});
  QVERIFY(none.waitForFinished(60'000));
  QCOMPARE(none.exitCode(), 2);
  const QByteArray why = none.readAllStandardError();
  QVERIFY2(why.contains("no benchmark in common") && why.contains("--ignore-param"), why.constData());
  QVERIFY(!QFile::exists(noneSvg));
}

// Drag and drop onto the window: a .db opens; a Google Benchmark .json is imported by
// `tunelab import` into a database of its own, which then opens; a broken one says why.
void GuiViewsTest::dropOpensADatabaseOrImportsJson() {
  qputenv("TUNELAB_CLI", TUNELAB_CLI);
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const auto drop = [&](const QString& path) {
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(path)});
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QDropEvent dropped(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &dropped);
    return enter.isAccepted() && dropped.isAccepted();
  };

  QSignalSpy shown(&window, &MainWindow::databaseShown);
  QVERIFY(drop(m_db));
  QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 10'000);
  QCOMPARE(window.databasePath(), m_db);

  const QString fixtures = QStringLiteral(TUNELAB_TEST_FIXTURES "/gbench/");
  QVERIFY(drop(fixtures + QStringLiteral("repetitions.json")));
  QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 30'000);
  QVERIFY2(window.databasePath().endsWith(QStringLiteral("/repetitions.db")),
           qPrintable(window.databasePath()));
  QTRY_COMPARE_WITH_TIMEOUT(window.models()->runs()->rowCount(), 6, 10'000);  // two of them failed

  QVERIFY(drop(fixtures + QStringLiteral("malformed.json")));
  QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QMessageBox*>(QStringLiteral("errorBox")), 30'000);
  const auto* box = window.findChild<QMessageBox*>(QStringLiteral("errorBox"));
  QVERIFY2(box->text().contains(QStringLiteral("not valid JSON")), qPrintable(box->text()));
  QVERIFY(window.databasePath().endsWith(QStringLiteral("/repetitions.db")));  // still shown
}

QTEST_MAIN(GuiViewsTest)
#include "gui_views_test.moc"
