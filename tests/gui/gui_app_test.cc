// The main window, its views, export, the Run dialog and the tunelab-gui / tunelab-plot
// executables, offscreen, over databases written by the real CLI.
#include <signal.h>
#include <sys/resource.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsView>
#include <QHorizontalStackedBarSeries>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLogValueAxis>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>
#include <QXYSeries>
#include <QXmlStreamReader>

#include "test_database.h"
#include "tunelab/gui/counter_table_model.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/region_model.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/table_export.h"
#include "tunelab/gui_app/chart_style.h"
#include "tunelab/gui_app/image_export.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/regions_view.h"
#include "tunelab/gui_app/run_dialog.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/gui_app/table_view.h"

using namespace tunelab;
using gui::MainWindow;
using gui::ViewKind;

namespace {

// The variance of the grey levels: 0 for an image of one colour, i.e. nothing drawn.
double greyVariance(const QImage& image) {
  const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
  double sum = 0, sumSquares = 0;
  for (int y = 0; y < grey.height(); ++y) {
    const uchar* line = grey.constScanLine(y);
    for (int x = 0; x < grey.width(); ++x) {
      sum += line[x];
      sumSquares += double(line[x]) * line[x];
    }
  }
  const double n = double(grey.width()) * grey.height();
  return n > 0 ? sumSquares / n - (sum / n) * (sum / n) : 0;
}

// The labels of the legend entries a reader sees. A legend makes its markers visible when
// it lays them out, so the window is shown first: markers of a chart never shown all read
// as hidden (so it went under ASan's slower timing).
QStringList visibleLegend(MainWindow& window, ViewKind kind, QChart* chart) {
  window.resize(1200, 720);
  window.setCurrentView(kind);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) return {QStringLiteral("(window not exposed)")};
  QCoreApplication::processEvents();
  QStringList labels;
  for (auto* marker : chart->legend()->markers())
    if (marker->isVisible()) labels << marker->label();
  return labels;
}

struct Process {
  int exitCode = -1;
  QString out, err;
};

Process runProgram(const QString& program, const QStringList& arguments,
                   const QStringList& unset = {}) {
  QProcess p;
  if (!unset.isEmpty()) {
    auto env = QProcessEnvironment::systemEnvironment();
    for (const auto& name : unset) env.remove(name);
    p.setProcessEnvironment(env);
  }
  p.start(program, arguments);
  Process out;
  if (!p.waitForFinished(60'000)) return out;
  out.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  out.out = QString::fromUtf8(p.readAllStandardOutput());
  out.err = QString::fromUtf8(p.readAllStandardError());
  return out;
}

}  // namespace

class GuiAppTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void windowShowsTheDatabase();
  void everyViewIsDrawnWithItsTitle();
  void scalingViewDrawsIdealAmdahlIntervalsAndEfficiency();
  void severalFitsLeaveTheLegendToTheVariants();
  void regionsViewStacksEveryRegion();
  void runTableSortsByRawValues();
  void exportWritesPngSvgAndCsv();
  void copyPutsTheSelectedRowsOnTheClipboard();
  void badFilesShowADialogAndKeepTheWindowUsable();
  void emptyDatabasesShowWhatToDo();
  void sessionFilterKeepsMatchingSessions();
  void chartsFollowTheDarkPalette();
  void runDialogRunsTunelabAndShowsTheNewSession();
  void plotRendersViewsWithoutADisplay();
  void plotRefusesBadArguments();
  void screenshotOptionWritesAPng();
  void screenshotOfABadFileFails();
  void withoutADisplayHelpWorksAndAWindowSaysWhatToDo();

 private:
  QString writeFile(const QString& name, const QByteArray& content) const;

  QTemporaryDir m_dir;
  QString m_db;
};

void GuiAppTest::initTestCase() {
  // The window remembers geometry and recent files: in a test profile, not the user's.
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("tunelab-tests"));
  QSettings().clear();
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("results.db"));
  QString output;
  QCOMPARE(testing::runCli(testing::sweepArguments(m_db, QStringLiteral("sweep")), &output), 0);
}

QString GuiAppTest::writeFile(const QString& name, const QByteArray& content) const {
  const QString path = m_dir.filePath(name);
  QFile file(path);
  if (file.open(QIODevice::WriteOnly)) file.write(content);
  return path;
}

void GuiAppTest::windowShowsTheDatabase() {
  MainWindow window;
  QSignalSpy shown(&window, &MainWindow::sessionShown);
  QString error;
  QVERIFY2(window.loadDatabase(m_db, &error), qPrintable(error));
  // Two stages: the times first, then the whole session.
  QCOMPARE(shown.size(), 2);
  QCOMPARE(shown[0].at(1).toBool(), false);
  QCOMPARE(shown[1].at(1).toBool(), true);
  QVERIFY2(window.windowTitle().contains(QStringLiteral("results.db")),
           qPrintable(window.windowTitle()));
  QCOMPARE(window.databasePath(), m_db);
  QVERIFY(window.recentFiles().contains(m_db));

  auto* sessions = window.findChild<QTreeView*>(QStringLiteral("sessionList"));
  QVERIFY(sessions);
  QCOMPARE(sessions->model()->rowCount(), 1);
  QCOMPARE(sessions->currentIndex().row(), 0);

  auto* table = window.findChild<QTableView*>(QStringLiteral("runTable"));
  QVERIFY(table);
  QCOMPARE(table->model()->rowCount(), 3);
  // The proxy in between must not upset the model contract either.
  QAbstractItemModelTester tester(table->model(),
                                  QAbstractItemModelTester::FailureReportingMode::QtTest);
  // All runs share their parameters: the header says them, the column is hidden.
  QVERIFY(table->isColumnHidden(gui::RunTableModel::ParamsColumn));
  auto* header = window.findChild<QLabel*>(QStringLiteral("sessionHeader"));
  QVERIFY(header);
  QVERIFY2(header->text().contains(QStringLiteral("n:2000")), qPrintable(header->text()));
  QVERIFY(header->text().contains(QStringLiteral("\"sweep\"")));
  auto* path = window.findChild<QLabel*>(QStringLiteral("statusPath"));
  auto* counts = window.findChild<QLabel*>(QStringLiteral("statusCounts"));
  QVERIFY(path && counts);
  QCOMPARE(path->text(), m_db);
  QVERIFY2(counts->text().contains(QStringLiteral("3 runs, 3 ok, 6 samples")),
           qPrintable(counts->text()));
}

void GuiAppTest::everyViewIsDrawnWithItsTitle() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  window.resize(1200, 720);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  for (ViewKind kind : gui::allViews()) {
    window.setCurrentView(kind);
    QCoreApplication::processEvents();
    gui::View* view = window.view(kind);
    QVERIFY(view);
    QCOMPARE(window.currentView(), view);
    const QString name = gui::viewName(kind);
    // Views of one session name it; compare and trend name what they compare and follow.
    if (kind != ViewKind::Compare && kind != ViewKind::Trend)
      QVERIFY2(view->title().endsWith(QStringLiteral("session 1")), qPrintable(view->title()));
    QVERIFY(!view->title().isEmpty());
    const QImage image = view->grab().toImage();
    QVERIFY2(greyVariance(image) > 100, qPrintable(name));
    const QImage exported = view->exportWidget()->grab().toImage();
    QVERIFY2(greyVariance(exported) > 100, qPrintable(name));
    // The title is drawn: the chart's, or the table view's note and header above the rows.
    if (view->hasChart()) {
      bool titled = false;
      for (auto* chartView : view->findChildren<QGraphicsView*>())
        for (auto* item : chartView->items())
          if (auto* chart = dynamic_cast<QChart*>(item))
            titled = titled || gui::plainChartTitle(chart).contains(view->title());
      QVERIFY2(titled, qPrintable(name));
    } else {
      QVERIFY(view->table()->rowCount() > 0);
    }
  }
}

// Two threaded variants, two fits: the legend names the variants only (five fits of the
// default sweep elided every entry to "kmeans/…"); each fit where the law applies stays drawn,
// and the table beside the chart gives every f.
void GuiAppTest::severalFitsLeaveTheLegendToTheVariants() {
  const QString db = m_dir.filePath(QStringLiteral("fits.db"));
  QString out;
  QCOMPARE(testing::runCli({QStringLiteral("run"), QStringLiteral("kmeans"), QStringLiteral("-v"),
                   QStringLiteral("threads,hamerly"), QStringLiteral("-t"), QStringLiteral("1,2,3"),
                   QStringLiteral("-p"), QStringLiteral("n=2000"), QStringLiteral("-r"),
                   QStringLiteral("2"), QStringLiteral("--min-time"), QStringLiteral("0"),
                   QStringLiteral("-q"), QStringLiteral("--no-report"), QStringLiteral("--db"), db},
                  &out),
           0);
  MainWindow window;
  QVERIFY(window.loadDatabase(db));
  auto* view = qobject_cast<gui::ScalingView*>(window.view(ViewKind::Scaling));
  QVERIFY(view);
  // A fit curve is drawn where Amdahl's law applies (0 ≤ f ≤ 1: on two cores and 2 000 points
  // a variant may well get slower at three threads, f > 1); the table lists both fits.
  auto* model = window.models()->scaling();
  int lawful = 0;
  for (int s = 0; s < model->seriesCount(); ++s)
    if (model->amdahl(s).defined)
      lawful += model->amdahl(s).serialFraction >= 0 && model->amdahl(s).serialFraction <= 1;
  int fits = 0;
  for (auto* s : view->speedupChart()->series()) fits += s->name().contains(QStringLiteral("Amdahl fit"));
  QCOMPARE(fits, lawful);
  const QStringList legend = visibleLegend(window, ViewKind::Scaling, view->speedupChart());
  if (lawful > 1) QCOMPARE(legend.filter(QStringLiteral("Amdahl fit")).size(), 0);
  QVERIFY2(legend.contains(QStringLiteral("threads")) && legend.contains(QStringLiteral("hamerly")),
           qPrintable(legend.join(u',')));
  auto* table = view->findChild<QTableWidget*>(QStringLiteral("amdahlTable"));
  QVERIFY(table);
  QCOMPARE(table->rowCount(), 2);
  QStringList rows;
  for (int r = 0; r < table->rowCount(); ++r) rows << table->item(r, 0)->text();
  rows.sort();
  QCOMPARE(rows, (QStringList{QStringLiteral("hamerly"), QStringLiteral("threads")}));
}

void GuiAppTest::scalingViewDrawsIdealAmdahlIntervalsAndEfficiency() {
  // Three thread counts (an Amdahl fit needs three) and seven repetitions (the fewest with a
  // distribution-free interval of the speedup).
  const QString db = m_dir.filePath(QStringLiteral("scaling.db"));
  QString out;
  QCOMPARE(testing::runCli({QStringLiteral("run"), QStringLiteral("kmeans"), QStringLiteral("-v"),
                            QStringLiteral("serial,threads"), QStringLiteral("-t"),
                            QStringLiteral("1,2,3"), QStringLiteral("-p"), QStringLiteral("n=2000"),
                            QStringLiteral("-r"), QStringLiteral("7"), QStringLiteral("--min-time"),
                            QStringLiteral("0"), QStringLiteral("-q"), QStringLiteral("--no-report"),
                            QStringLiteral("--db"), db},
                           &out),
           0);
  MainWindow window;
  QVERIFY(window.loadDatabase(db));
  auto* view = qobject_cast<gui::ScalingView*>(window.view(ViewKind::Scaling));
  QVERIFY(view);
  const gui::ScalingModel* model = window.models()->scaling();
  QStringList names;
  int bands = 0;
  for (auto* s : view->speedupChart()->series()) {
    names << s->name();
    bands += qobject_cast<QAreaSeries*>(s) != nullptr;
  }
  QVERIFY2(names.contains(QStringLiteral("ideal S(p) = p")), qPrintable(names.join(u',')));
  QVERIFY(names.contains(QStringLiteral("threads")));  // one workload: the title names it
  QVERIFY(names.contains(QStringLiteral("serial")));
  // The Amdahl fit of the threaded variant (three worker counts); serial has one point, no fit.
  // Its curve is drawn where the law applies, 0 ≤ f ≤ 1 (at three threads on two cores the
  // variant may get slower: f > 1, no curve).
  int threads = -1;
  for (int s = 0; s < model->seriesCount(); ++s)
    if (model->seriesLabel(s) == QStringLiteral("threads")) threads = s;
  QVERIFY(threads >= 0);
  QVERIFY(model->amdahl(threads).defined);
  const double f = model->amdahl(threads).serialFraction;
  const int curves = f >= 0 && f <= 1 ? 1 : 0;
  QCOMPARE(names.filter(QStringLiteral("Amdahl fit")).size(), curves);
  if (curves == 1)
    QVERIFY(names.filter(QStringLiteral("Amdahl fit")).front().startsWith(QStringLiteral("threads")));
  QCOMPARE(visibleLegend(window, ViewKind::Scaling, view->speedupChart())
               .filter(QStringLiteral("Amdahl fit"))
               .size(),
           curves);
  // One interval band: the threaded variant's (a lone point has no band).
  QCOMPARE(bands, 1);
  for (auto* s : view->speedupChart()->series()) {
    if (s->name() != QStringLiteral("threads")) continue;
    auto* xy = qobject_cast<QXYSeries*>(s);
    QVERIFY(xy);
    // Bound through the model mapper: one point per thread count, S(1) = 1.
    QCOMPARE(xy->count(), 3);
    QCOMPARE(xy->at(0), QPointF(1, 1));
    QCOMPARE(xy->at(1).x(), 2.0);
    QVERIFY(xy->at(1).y() > 0);
  }
  QStringList titles;
  for (auto* axis : view->speedupChart()->axes()) titles << axis->titleText();
  titles.sort();
  QCOMPARE(titles, (QStringList{QStringLiteral("speedup S(p)"),
                                QStringLiteral("threads × ranks (p)")}));
  // Efficiency below: the same series (the serial one is a single point at 100 %).
  QStringList efficiency;
  for (auto* s : view->efficiencyChart()->series())
    if (auto* xy = qobject_cast<QXYSeries*>(s); xy && !s->name().isEmpty()) efficiency << s->name();
  QVERIFY(efficiency.contains(QStringLiteral("threads")));
  QVERIFY(gui::plainChartTitle(view->efficiencyChart()).contains(QStringLiteral("efficiency")));

  // Hovering a point: its exact value and interval.
  const QString tip = view->pointTooltip(threads, 2);
  QVERIFY2(tip.contains(QStringLiteral("95% interval")), qPrintable(tip));
  QVERIFY(tip.contains(QStringLiteral("at p = 2")));
  QVERIFY(view->pointTooltip(threads, 7).isEmpty());

  // log₂ axes: both axes of both charts but the efficiency's y.
  view->setAxes(gui::ScalingView::Axes::Log2);
  int logAxes = 0;
  for (QChart* c : {view->speedupChart(), view->efficiencyChart()})
    for (auto* axis : c->axes())
      if (auto* log = qobject_cast<QLogValueAxis*>(axis)) {
        QCOMPARE(log->base(), 2.0);
        ++logAxes;
      }
  QCOMPARE(logAxes, 3);
  QVERIFY(names.size() <= view->speedupChart()->series().size());
  view->setAxes(gui::ScalingView::Axes::Linear);
  for (auto* axis : view->speedupChart()->axes()) QVERIFY(!qobject_cast<QLogValueAxis*>(axis));
}

void GuiAppTest::regionsViewStacksEveryRegion() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  auto* view = qobject_cast<gui::RegionsView*>(window.view(ViewKind::Regions));
  QVERIFY(view);
  const gui::RegionModel* model = window.models()->regions();
  const auto series = view->chart()->series();
  QCOMPARE(series.size(), 1);
  auto* bars = qobject_cast<QHorizontalStackedBarSeries*>(series.front());
  QVERIFY(bars);
  QCOMPARE(bars->count(), model->regions().size());  // update, assign, reduce
  QCOMPARE(bars->count(), 3);
  for (int i = 0; i < bars->count(); ++i) {
    QBarSet* set = bars->barSets()[i];
    QCOMPARE(set->label(), model->regions()[i]);
    QCOMPARE(set->count(), model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row)
      QCOMPARE(set->at(row), model->index(row, gui::RegionModel::FirstRegionColumn + i).data().toDouble());
  }
  QVERIFY(gui::plainChartTitle(view->chart()).startsWith(QStringLiteral("Time per region")));
}

void GuiAppTest::runTableSortsByRawValues() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  auto* table = window.findChild<QTableView*>(QStringLiteral("runTable"));
  QVERIFY(table);
  for (auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
    table->sortByColumn(gui::RunTableModel::MedianColumn, order);
    const QAbstractItemModel* model = table->model();
    for (int row = 1; row < model->rowCount(); ++row) {
      const double before =
          model->index(row - 1, gui::RunTableModel::MedianColumn).data(gui::SortRole).toDouble();
      const double after =
          model->index(row, gui::RunTableModel::MedianColumn).data(gui::SortRole).toDouble();
      QVERIFY(order == Qt::AscendingOrder ? before <= after : before >= after);
    }
  }
}

void GuiAppTest::exportWritesPngSvgAndCsv() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  window.resize(1200, 720);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  for (ViewKind kind : {ViewKind::Scaling, ViewKind::Regions}) {
    window.setCurrentView(kind);
    QCoreApplication::processEvents();
    gui::View* view = window.view(kind);
    const QString png = m_dir.filePath(gui::viewName(kind) + QStringLiteral(".png"));
    QString error;
    QVERIFY2(gui::exportImage(view->exportWidget(), png, view->title(), &error), qPrintable(error));
    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QCOMPARE(image.size(), view->exportWidget()->size());
    QVERIFY(greyVariance(image) > 100);

    const QString svg = m_dir.filePath(gui::viewName(kind) + QStringLiteral(".svg"));
    QVERIFY2(gui::exportImage(view->exportWidget(), svg, view->title(), &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int paths = 0;
    bool root = false, titled = false;
    QString text;
    while (!xml.atEnd()) {
      if (xml.readNext() != QXmlStreamReader::StartElement) continue;
      if (xml.name() == QLatin1String("svg")) root = true;
      if (QStringList({QStringLiteral("path"), QStringLiteral("polyline"), QStringLiteral("polygon"),
                       QStringLiteral("rect"), QStringLiteral("ellipse")})
              .contains(xml.name().toString()))
        ++paths;
      if (xml.name() == QLatin1String("title"))
        titled = xml.readElementText() == view->title();
      if (xml.name() == QLatin1String("text")) text += xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(root && titled);
    // Vector drawing: lines and bars as paths, labels as text, not one embedded bitmap.
    QVERIFY2(paths > 10, qPrintable(QString::number(paths)));
    QVERIFY2(text.contains(QStringLiteral("threads")) || text.contains(QStringLiteral("assign")),
             qPrintable(text.left(200)));
  }
  QString error;
  QVERIFY(!gui::exportImage(window.view(ViewKind::Scaling), m_dir.filePath(QStringLiteral("x.gif")),
                            QString(), &error));
  QVERIFY(error.contains(QStringLiteral("use .png or .svg")));

  // A failed export leaves the previous file whole and no temporary beside it: the file-size
  // limit (SIGXFSZ ignored, so writes fail with EFBIG, as on a full disk) stops the write.
  for (const QString& suffix : {QStringLiteral(".png"), QStringLiteral(".svg")}) {
    const QString path = m_dir.filePath(gui::viewName(ViewKind::Scaling) + suffix);
    QFile before(path);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray old = before.readAll();
    before.close();
    QVERIFY(old.size() > 4096);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction savedAction {};
    sigaction(SIGXFSZ, &ignore, &savedAction);
    rlimit savedLimit{};
    getrlimit(RLIMIT_FSIZE, &savedLimit);
    rlimit small = savedLimit;
    small.rlim_cur = 1024;
    setrlimit(RLIMIT_FSIZE, &small);
    const bool ok = gui::exportImage(window.view(ViewKind::Scaling)->exportWidget(), path,
                                     QStringLiteral("t"), &error);
    setrlimit(RLIMIT_FSIZE, &savedLimit);
    sigaction(SIGXFSZ, &savedAction, nullptr);
    QVERIFY2(!ok, qPrintable(suffix + QStringLiteral(": now ") +
                             QString::number(QFileInfo(path).size()) + QStringLiteral(" bytes")));
    QVERIFY2(error.contains(QStringLiteral("nothing was replaced")), qPrintable(error));
    QVERIFY(before.open(QIODevice::ReadOnly));
    QCOMPARE(before.readAll(), old);
    before.close();
    const QStringList left =
        QDir(m_dir.path())
            .entryList({QStringLiteral("*") + suffix + QStringLiteral(".*")}, QDir::Files);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
  }

  // Tables to CSV: as shown, header first, one line per row.
  gui::View* runs = window.view(ViewKind::Runs);
  const QString csv = m_dir.filePath(QStringLiteral("runs.csv"));
  QVERIFY2(gui::writeCsv(*runs->table(), csv, runs->tableColumns(), &error), qPrintable(error));
  QFile file(csv);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 4);
  QVERIFY(lines[0].startsWith(QStringLiteral("Workload,Variant,Threads,Status,Reps,Median")));
  QVERIFY(!lines[0].contains(QStringLiteral("Parameters")));  // hidden: every run shares them
  QVERIFY(lines[1].startsWith(QStringLiteral("kmeans,")));
}

void GuiAppTest::copyPutsTheSelectedRowsOnTheClipboard() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  window.setCurrentView(ViewKind::Counters);
  auto* table = window.findChild<QTableView*>(QStringLiteral("counterTable"));
  QVERIFY(table);
  table->selectRow(1);
  QApplication::clipboard()->clear();
  // Through the menu's action (Ctrl+C), as the user copies.
  QAction* copy = nullptr;
  for (QAction* a : window.findChildren<QAction*>())
    if (a->shortcut() == QKeySequence(QKeySequence::Copy)) copy = a;
  QVERIFY(copy);
  copy->trigger();
  const QStringList lines = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 2);
  QVERIFY(lines[0].startsWith(QStringLiteral("Case\tp\t")));
  QCOMPARE(lines[1].section(u'\t', 0, 0),
           table->model()->index(1, gui::CounterTableModel::CaseColumn).data().toString());
}

void GuiAppTest::badFilesShowADialogAndKeepTheWindowUsable() {
  const QString notSqlite = writeFile(QStringLiteral("hello.db"), "hello");
  const QString foreign = m_dir.filePath(QStringLiteral("foreign.db"));
  QVERIFY(testing::sqliteShell(foreign, QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (1);")));
  const QString newer = m_dir.filePath(QStringLiteral("newer.db"));
  QVERIFY(testing::writeEmptyDatabase(newer, 1));
  QVERIFY(testing::sqliteShell(newer, QStringLiteral("PRAGMA user_version = 99;")));
  // A real results database cut short, as a full disk or a copy interrupted leaves it.
  const QString truncated = m_dir.filePath(QStringLiteral("truncated.db"));
  QVERIFY(QFile::copy(m_db, truncated));
  QVERIFY(QFile::resize(truncated, 8192));
  const QList<QPair<QString, QString>> cases = {
      {notSqlite, QStringLiteral("is not a SQLite database")},
      {truncated, QStringLiteral(".recover")},
      {foreign, QStringLiteral("not a tunelab results database")},
      {newer, QStringLiteral("newer tunelab")},
      {m_dir.filePath(QStringLiteral("absent.db")), QStringLiteral("no such results database")},
  };

  MainWindow window;
  window.show();
  QVERIFY(window.loadDatabase(m_db));
  const QString title = window.windowTitle();
  for (const auto& [path, expected] : cases) {
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openDatabase(path);
    QVERIFY(failed.wait(10'000));
    const QString message = failed.front().at(1).toString();
    QVERIFY2(message.contains(expected) && message.contains(path), qPrintable(message));
    // The interactive path: a message box that does not block, over a window that still
    // shows the database it had.
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->text(), message);
    QCOMPARE(window.windowTitle(), title);
    QCOMPARE(window.databasePath(), m_db);
    QCOMPARE(window.models()->runs()->rowCount(), 3);
    box->close();
    QTRY_VERIFY(!window.findChild<QMessageBox*>(QStringLiteral("errorBox")));
  }
  // And it can still open a good database afterwards.
  QVERIFY(window.loadDatabase(m_db));
}

void GuiAppTest::emptyDatabasesShowWhatToDo() {
  for (int sessions : {0, 1}) {
    const QString path = m_dir.filePath(QStringLiteral("empty-%1.db").arg(sessions));
    QVERIFY(testing::writeEmptyDatabase(path, sessions));
    MainWindow window;
    QString error;
    QVERIFY2(window.loadDatabase(path, &error), qPrintable(error));
    window.resize(1000, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* header = window.findChild<QLabel*>(QStringLiteral("sessionHeader"));
    QVERIFY(header);
    if (sessions == 0) QVERIFY2(header->text().contains(QStringLiteral("no sessions yet")), qPrintable(header->text()));
    for (ViewKind kind : gui::allViews()) {
      window.setCurrentView(kind);
      QCoreApplication::processEvents();
      QVERIFY(greyVariance(window.view(kind)->grab().toImage()) > 0);
      QCOMPARE(window.view(kind)->table()->rowCount(), 0);
    }
    auto* scaling = qobject_cast<gui::ScalingView*>(window.view(ViewKind::Scaling));
    QVERIFY(gui::plainChartTitle(scaling->speedupChart()).contains(QStringLiteral("no successful runs")));
  }
}

void GuiAppTest::sessionFilterKeepsMatchingSessions() {
  const QString path = m_dir.filePath(QStringLiteral("two.db"));
  QVERIFY(QFile::copy(m_db, path));
  QVERIFY(testing::writeEmptyDatabase(path, 1));  // adds session 2, "empty"
  MainWindow window;
  QVERIFY(window.loadDatabase(path));
  auto* list = window.findChild<QTreeView*>(QStringLiteral("sessionList"));
  auto* filter = window.findChild<QLineEdit*>(QStringLiteral("sessionFilter"));
  QVERIFY(list && filter);
  QCOMPARE(list->model()->rowCount(), 2);
  // Newest first: the empty session is shown.
  QCOMPARE(window.models()->session().id.value(), 2);
  filter->setText(QStringLiteral("swe"));
  QCOMPARE(list->model()->rowCount(), 1);
  QCOMPARE(list->model()->index(0, gui::SessionListModel::LabelColumn).data().toString(),
           QStringLiteral("sweep"));
  filter->clear();
  QSignalSpy shown(&window, &MainWindow::sessionShown);
  QVERIFY(window.selectSession(model::SessionId(1)));
  QTRY_VERIFY(!shown.isEmpty() && shown.last().at(1).toBool());
  QCOMPARE(window.models()->runs()->rowCount(), 3);
}

void GuiAppTest::chartsFollowTheDarkPalette() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  auto* view = qobject_cast<gui::ScalingView*>(window.view(ViewKind::Scaling));
  const QPalette light = QApplication::palette();
  QCOMPARE(view->speedupChart()->backgroundBrush().color(), light.color(QPalette::Base));
  QApplication::setPalette(gui::darkPalette());
  QCoreApplication::processEvents();
  QCOMPARE(view->speedupChart()->backgroundBrush().color(), gui::darkPalette().color(QPalette::Base));
  QVERIFY(gui::isDark(view->palette()));
  QApplication::setPalette(light);
  QCoreApplication::processEvents();
  QCOMPARE(view->speedupChart()->backgroundBrush().color(), light.color(QPalette::Base));
}

void GuiAppTest::runDialogRunsTunelabAndShowsTheNewSession() {
  const QString path = m_dir.filePath(QStringLiteral("dialog.db"));
  QVERIFY(QFile::copy(m_db, path));
  MainWindow window;
  QVERIFY(window.loadDatabase(path));
  gui::RunDialog dialog(QStringLiteral(TUNELAB_CLI), path, &window);
  QSignalSpy catalogue(&dialog, &gui::RunDialog::catalogueLoaded);
  dialog.loadCatalogue();
  QVERIFY(catalogue.wait(30'000));
  QCOMPARE(catalogue.front().at(0).toBool(), true);
  gui::RunRequest r;
  r.workload = QStringLiteral("kmeans");
  r.variants = {QStringLiteral("threads")};
  r.params = {{QStringLiteral("n"), QStringLiteral("3000")}};
  r.threads = QStringLiteral("1,2");
  r.repetitions = 2;
  r.minTime = 0;
  r.label = QStringLiteral("from the dialog");
  r.database = path;
  dialog.setRequest(r);
  // What the form says is what was asked (all variants but one: the list is explicit).
  QCOMPARE(dialog.request().arguments(), r.arguments());
  connect(&dialog, &gui::RunDialog::runFinished, &window,
          [&window](const QString& database, int) { window.openDatabase(database); });
  QSignalSpy finished(&dialog, &gui::RunDialog::runFinished);
  QSignalSpy shown(&window, &MainWindow::sessionShown);
  QVERIFY(dialog.startRun());
  QVERIFY(dialog.running());
  QVERIFY(finished.wait(60'000));
  QCOMPARE(finished.front().at(1).toInt(), 0);
  auto* bar = dialog.findChild<QProgressBar*>();
  QVERIFY(bar);
  QCOMPARE(bar->maximum(), 2);
  QCOMPARE(bar->value(), 2);
  // The window reloads and shows the new session, newest first.
  QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().at(1).toBool(), 10'000);
  QCOMPARE(window.sessionModel()->rowCount(), 2);
  QCOMPARE(gui::toQString(window.models()->session().label), QStringLiteral("from the dialog"));
  QCOMPARE(window.models()->runs()->rowCount(), 2);
}

void GuiAppTest::plotRendersViewsWithoutADisplay() {
  for (const QString& view : {QStringLiteral("scaling"), QStringLiteral("regions")}) {
    const QString svg = m_dir.filePath(QStringLiteral("plot-%1.svg").arg(view));
    const QString png = m_dir.filePath(QStringLiteral("plot-%1.png").arg(view));
    auto p = runProgram(QStringLiteral(TUNELAB_PLOT),
                        {QStringLiteral("--view"), view, QStringLiteral("--db"), m_db,
                         QStringLiteral("--session"), QStringLiteral("sweep"), QStringLiteral("--out"), svg});
    QVERIFY2(p.exitCode == 0, qPrintable(p.err));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.contains("<svg"));
    QVERIFY(content.contains("session 1"));
    // The CLI's way in: `tunelab plot` runs the same renderer.
    p = runProgram(QStringLiteral(TUNELAB_CLI),
                   {QStringLiteral("plot"), QStringLiteral("--view"), view, QStringLiteral("--db"),
                    m_db, QStringLiteral("--out"), png, QStringLiteral("--size"), QStringLiteral("800x500")});
    QVERIFY2(p.exitCode == 0, qPrintable(p.err));
    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QCOMPARE(image.size(), QSize(800, 500));  // the chart alone, at the size asked for
    QVERIFY(greyVariance(image) > 100);
  }
}

void GuiAppTest::plotRefusesBadArguments() {
  const QString out = m_dir.filePath(QStringLiteral("never.svg"));
  const QList<QPair<QStringList, QString>> cases = {
      {{QStringLiteral("--view"), QStringLiteral("pie"), QStringLiteral("--db"), m_db,
        QStringLiteral("--out"), out},
       QStringLiteral("unknown view 'pie'; valid views: runs, scaling")},
      {{QStringLiteral("--view"), QStringLiteral("scaling"), QStringLiteral("--db"), m_db,
        QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.gif"))},
       QStringLiteral("must end in .svg or .png")},
      {{QStringLiteral("--view"), QStringLiteral("scaling"), QStringLiteral("--db"), m_db,
        QStringLiteral("--session"), QStringLiteral("42"), QStringLiteral("--out"), out},
       QStringLiteral("has no session '42'")},
      {{QStringLiteral("--view"), QStringLiteral("scaling"), QStringLiteral("--db"),
        writeFile(QStringLiteral("plot-bad.db"), "xyz"), QStringLiteral("--out"), out},
       QStringLiteral("is not a SQLite database")},
  };
  for (const auto& [arguments, expected] : cases) {
    const auto p = runProgram(QStringLiteral(TUNELAB_PLOT), arguments);
    QCOMPARE(p.exitCode, 2);
    QVERIFY2(p.err.contains(expected), qPrintable(p.err));
  }
  QVERIFY(!QFile::exists(out));
}

void GuiAppTest::screenshotOptionWritesAPng() {
  // A table, a chart, a view of several charts and one of no ann run (gui_ann_tests: with
  // some); every view is grabbed in-process above.
  for (const QString& tab : {QStringLiteral("runs"), QStringLiteral("scaling"),
                             QStringLiteral("allocation"), QStringLiteral("ann")}) {
    const QString png = m_dir.filePath(QStringLiteral("shot-%1.png").arg(tab));
    const auto p = runProgram(QStringLiteral(TUNELAB_GUI),
                              {m_db, QStringLiteral("--screenshot"), png, QStringLiteral("--tab"), tab});
    QVERIFY2(p.exitCode == 0, qPrintable(p.err));
    QImage image;
    QVERIFY(image.load(png));
    QCOMPARE(image.size(), QSize(1200, 720));
    QVERIFY(greyVariance(image) > 100);
  }
}

// On a machine without a display (CI, ssh): help and screenshots still work, and a window
// asked for says why it cannot open instead of Qt's abort.
void GuiAppTest::withoutADisplayHelpWorksAndAWindowSaysWhatToDo() {
  const QStringList noDisplay = {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("DISPLAY"),
                                 QStringLiteral("WAYLAND_DISPLAY")};
  const auto help = runProgram(QStringLiteral(TUNELAB_GUI), {QStringLiteral("--help")}, noDisplay);
  QCOMPARE(help.exitCode, 0);
  QVERIFY2(help.out.contains(QStringLiteral("--screenshot")), qPrintable(help.out + help.err));
  const QString png = m_dir.filePath(QStringLiteral("no-display.png"));
  const auto shot = runProgram(QStringLiteral(TUNELAB_GUI),
                               {m_db, QStringLiteral("--screenshot"), png}, noDisplay);
  QVERIFY2(shot.exitCode == 0, qPrintable(shot.err));
  QVERIFY(QFile::exists(png));
  const auto window = runProgram(QStringLiteral(TUNELAB_GUI), {m_db}, noDisplay);
  QCOMPARE(window.exitCode, 2);
  QVERIFY2(window.err.contains(QStringLiteral("no display to open a window on")),
           qPrintable(window.err));
  QVERIFY2(window.err.contains(QStringLiteral("--screenshot")), qPrintable(window.err));
}

void GuiAppTest::screenshotOfABadFileFails() {
  const QString bad = writeFile(QStringLiteral("hello2.db"), "hello");
  const QString png = m_dir.filePath(QStringLiteral("bad.png"));
  const auto p = runProgram(QStringLiteral(TUNELAB_GUI), {bad, QStringLiteral("--screenshot"), png});
  QCOMPARE(p.exitCode, 2);
  QVERIFY(p.err.contains(QStringLiteral("is not a SQLite database")));
  QVERIFY(!QFile::exists(png));
}

QTEST_MAIN(GuiAppTest)
#include "gui_app_test.moc"
