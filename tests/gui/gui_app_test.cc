// The main window and the tunelab-gui executable, offscreen, over a database written by the
// real CLI.
#include <QAbstractItemModelTester>
#include <QChart>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QValueAxis>
#include <QXYSeries>

#include "test_database.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/scaling_chart.h"

using tunelab::gui::MainWindow;
using tunelab::gui::RunTableModel;

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

}  // namespace

class GuiAppTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void windowShowsTheDatabase();
  void grabbedWindowIsNotBlank();
  void scalingChartPlotsEverySeriesAndTheIdealLine();
  void runTableSortsByRawValues();
  void fileThatIsNotSqliteShowsTheStoreMessage();
  void screenshotOptionWritesAPng();
  void screenshotOfABadFileFails();

 private:
  QString writeNotSqlite() const;

  QTemporaryDir m_dir;
  QString m_db;
};

void GuiAppTest::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("results.db"));
  QString output;
  QCOMPARE(tunelab::testing::runCli(tunelab::testing::sweepArguments(m_db, QStringLiteral("sweep")),
                                    &output),
           0);
}

QString GuiAppTest::writeNotSqlite() const {
  QString path = m_dir.filePath(QStringLiteral("hello.db"));
  QFile file(path);
  if (file.open(QIODevice::WriteOnly)) file.write("hello");
  return path;
}

void GuiAppTest::windowShowsTheDatabase() {
  MainWindow window;
  QString error;
  QVERIFY2(window.loadDatabase(m_db, &error), qPrintable(error));
  QVERIFY2(window.windowTitle().contains(QStringLiteral("results.db")),
           qPrintable(window.windowTitle()));
  QCOMPARE(window.databasePath(), m_db);

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
  QVERIFY(table->isColumnHidden(RunTableModel::ParamsColumn));
  auto* header = window.findChild<QLabel*>(QStringLiteral("sessionHeader"));
  QVERIFY(header);
  QVERIFY2(header->text().contains(QStringLiteral("n:2000")), qPrintable(header->text()));
  QVERIFY(header->text().contains(QStringLiteral("\"sweep\"")));
  auto* path = window.findChild<QLabel*>(QStringLiteral("statusPath"));
  auto* counts = window.findChild<QLabel*>(QStringLiteral("statusCounts"));
  QVERIFY(path && counts);
  QCOMPARE(path->text(), m_db);
  QVERIFY2(counts->text().contains(QStringLiteral("3 runs, 3 ok")), qPrintable(counts->text()));
}

void GuiAppTest::grabbedWindowIsNotBlank() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  window.resize(1200, 720);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  for (auto tab : {MainWindow::Tab::Runs, MainWindow::Tab::Scaling}) {
    window.setCurrentTab(tab);
    QCoreApplication::processEvents();
    const QImage image = window.grab().toImage();
    QCOMPARE(image.size(), QSize(1200, 720));
    QVERIFY(greyVariance(image) > 0);
  }
  // The chart itself, not just the frame around it, has something drawn.
  auto* chart = window.findChild<tunelab::gui::ScalingChart*>(QStringLiteral("scalingChart"));
  QVERIFY(chart);
  QVERIFY(greyVariance(chart->grab().toImage()) > 0);
}

void GuiAppTest::scalingChartPlotsEverySeriesAndTheIdealLine() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  auto* view = window.findChild<tunelab::gui::ScalingChart*>(QStringLiteral("scalingChart"));
  QVERIFY(view);
  QChart* chart = view->chart();
  // kmeans/serial, kmeans/threads and the ideal line.
  const auto series = chart->series();
  QCOMPARE(series.size(), window.scalingModel()->seriesCount() + 1);
  QStringList names;
  for (auto* s : series) names << s->name();
  QVERIFY2(names.contains(QStringLiteral("kmeans/threads")),
           qPrintable(names.join(QLatin1Char(','))));
  QVERIFY(names.contains(QStringLiteral("kmeans/serial")));
  for (auto* s : series) {
    auto* xy = qobject_cast<QXYSeries*>(s);
    QVERIFY(xy);
    if (s->name() == QStringLiteral("kmeans/threads")) {
      // Bound through the model mapper: one point per thread count, S(1) = 1.
      QCOMPARE(xy->count(), 2);
      QCOMPARE(xy->at(0), QPointF(1, 1));
      QCOMPARE(xy->at(1).x(), 2.0);
      QVERIFY(xy->at(1).y() > 0);
    }
  }
  QStringList titles;
  for (auto* axis : chart->axes()) titles << axis->titleText();
  titles.sort();
  QCOMPARE(titles, (QStringList{QStringLiteral("speedup T(1)/T(p)"), QStringLiteral("threads")}));
  QVERIFY(chart->title().contains(QStringLiteral("scaling")));
}

void GuiAppTest::runTableSortsByRawValues() {
  MainWindow window;
  QVERIFY(window.loadDatabase(m_db));
  auto* table = window.findChild<QTableView*>(QStringLiteral("runTable"));
  QVERIFY(table);
  for (auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
    table->sortByColumn(RunTableModel::MedianColumn, order);
    const QAbstractItemModel* model = table->model();
    for (int row = 1; row < model->rowCount(); ++row) {
      const double before = model->index(row - 1, RunTableModel::MedianColumn)
                                .data(tunelab::gui::SortRole)
                                .toDouble();
      const double after =
          model->index(row, RunTableModel::MedianColumn).data(tunelab::gui::SortRole).toDouble();
      QVERIFY(order == Qt::AscendingOrder ? before <= after : before >= after);
    }
  }
}

void GuiAppTest::fileThatIsNotSqliteShowsTheStoreMessage() {
  MainWindow window;
  window.show();
  QVERIFY(window.openDatabase(m_db));
  const QString title = window.windowTitle();
  const QString bad = writeNotSqlite();

  QString error;
  QVERIFY(!window.loadDatabase(bad, &error));
  QVERIFY2(error.contains(QStringLiteral("is not a SQLite database")), qPrintable(error));

  // The interactive path: a message box that does not block, over a window that still
  // shows the database it had.
  QVERIFY(!window.openDatabase(bad));
  auto* box = window.findChild<QMessageBox*>(QStringLiteral("errorBox"));
  QVERIFY(box);
  QVERIFY(box->isVisible());
  QCOMPARE(box->text(), error);
  QCOMPARE(window.windowTitle(), title);
  QCOMPARE(window.databasePath(), m_db);
  QCOMPARE(window.runModel()->rowCount(), 3);
  box->close();
  QTRY_VERIFY(!window.findChild<QMessageBox*>(QStringLiteral("errorBox")));
  // And it can still open a good database afterwards.
  QVERIFY(window.openDatabase(m_db));
}

void GuiAppTest::screenshotOptionWritesAPng() {
  for (const QString& tab : {QStringLiteral("runs"), QStringLiteral("scaling")}) {
    const QString png = m_dir.filePath(QStringLiteral("shot-%1.png").arg(tab));
    QProcess gui;
    gui.start(QStringLiteral(TUNELAB_GUI),
              {m_db, QStringLiteral("--screenshot"), png, QStringLiteral("--tab"), tab});
    QVERIFY(gui.waitForFinished(30'000));
    QVERIFY2(gui.exitStatus() == QProcess::NormalExit && gui.exitCode() == 0,
             gui.readAllStandardError().constData());
    QImage image;
    QVERIFY(image.load(png));
    QCOMPARE(image.size(), QSize(1200, 720));
    QVERIFY(greyVariance(image) > 0);
  }
}

void GuiAppTest::screenshotOfABadFileFails() {
  const QString bad = writeNotSqlite();
  const QString png = m_dir.filePath(QStringLiteral("bad.png"));
  QProcess gui;
  gui.start(QStringLiteral(TUNELAB_GUI), {bad, QStringLiteral("--screenshot"), png});
  QVERIFY(gui.waitForFinished(30'000));
  QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
  QCOMPARE(gui.exitCode(), 2);
  QVERIFY(QString::fromLocal8Bit(gui.readAllStandardError())
              .contains(QStringLiteral("is not a SQLite database")));
  QVERIFY(!QFile::exists(png));
}

QTEST_MAIN(GuiAppTest)
#include "gui_app_test.moc"
