// Every tab of the window on a real session of every workload (the sweep fixture, 225 runs)
// at the default size, 1200×720 (a little less, see below), in the default scope of each workload
// and at each value the scope bar pins of alloc's pattern and stream's query and batch size:
// whatever a chart shows a reader can read. Every legend entry names its series, once; no chart title, axis
// title, tick or category label, or legend label is cut short with "…" (Qt Charts elides
// what does not fit, so an elided text item in a chart's scene is text a person cannot read).
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QFont>
#include <QFontMetrics>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QBarCategoryAxis>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QSet>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "test_database.h"
#include "tunelab/gui/ann_model.h"
#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/stream_model.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/views.h"

using namespace tunelab;
using gui::MainWindow;
using gui::ViewKind;

namespace {

bool elided(const QString& text) {
  return text.endsWith(QStringLiteral("...")) || text.endsWith(QChar(0x2026));
}

// What is wrong with the charts on screen, one line per finding.
QStringList unreadable(MainWindow& window, const QString& where) {
  QStringList problems;
  for (auto* view : window.findChildren<QChartView*>()) {
    if (!view->isVisible() || !view->chart()) continue;
    const QString name = where + QLatin1Char('/') + view->objectName();
    QSet<QString> shown;  // every text on screen
    for (QGraphicsItem* item : view->scene()->items()) {
      if (!item->isVisible()) continue;
      QString text;
      if (auto* t = dynamic_cast<QGraphicsTextItem*>(item))
        text = t->toPlainText();
      else if (auto* s = dynamic_cast<QGraphicsSimpleTextItem*>(item))
        text = s->text();
      else
        continue;
      shown.insert(text);
      // A legend with more entries than room scrolls its entries out of sight, silently.
      QLegend* legend = view->chart()->legend();
      if (legend->isVisible() && legend->isAncestorOf(item) &&
          !legend->sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(item->sceneBoundingRect()))
        problems << QStringLiteral("%1: legend entry \"%2\" outside the legend").arg(name, text);
      if (elided(text))
        problems << QStringLiteral("%1: elided \"%2\" (chart %3×%4)")
                        .arg(name, text)
                        .arg(view->chart()->size().width())
                        .arg(view->chart()->size().height());
    }
    // Qt Charts hides a category label that would overlap its neighbour: the bar is then
    // nobody's.
    for (QAbstractAxis* axis : view->chart()->axes()) {
      auto* categories = qobject_cast<QBarCategoryAxis*>(axis);
      if (!categories || !categories->isVisible() || !categories->labelsVisible()) continue;
      for (const QString& category : categories->categories())
        if (!shown.contains(category))
          problems << QStringLiteral("%1: category \"%2\" has no label (chart %3×%4)")
                          .arg(name, category)
                          .arg(view->chart()->size().width())
                          .arg(view->chart()->size().height());
    }
    QSet<QString> seen;
    for (auto* marker : view->chart()->legend()->markers()) {
      if (!marker->isVisible() || !view->chart()->legend()->isVisible()) continue;
      const QString label = marker->label().trimmed();
      if (label.isEmpty()) problems << QStringLiteral("%1: an unnamed legend entry").arg(name);
      else if (seen.contains(label))
        problems << QStringLiteral("%1: legend entry \"%2\" twice").arg(name, label);
      seen.insert(label);
    }
  }
  // The Amdahl fit table beside the scaling charts: every series named in full.
  if (auto* fits = window.findChild<QTableWidget*>(QStringLiteral("amdahlTable"));
      fits && fits->isVisible())
    for (int row = 0; row < fits->rowCount(); ++row) {
      const QString text = fits->item(row, 0)->text();
      const int need = fits->fontMetrics().horizontalAdvance(text) + fits->iconSize().width() + 12;
      if (need > fits->columnWidth(0))
        problems << QStringLiteral("%1/amdahlTable: \"%2\" needs %3 px, has %4")
                        .arg(where, text)
                        .arg(need)
                        .arg(fits->columnWidth(0));
    }
  return problems;
}

}  // namespace

class GuiReadableTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = testing::copySweepFixture(m_dir.path());
    QVERIFY(!m_db.isEmpty());
  }

  void everyTabOfEveryWorkloadIsReadableAtTheDefaultSize() {
    // 1200×720 less the line a longer session header takes where the CPU's name is long (the
    // header wraps to a second line there).
    MainWindow window;
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.loadDatabase(m_db, &error), qPrintable(error));
    auto* workloads = window.findChild<QComboBox*>(QStringLiteral("scopeWorkload"));
    QVERIFY(workloads);
    QStringList names;
    for (int i = 0; i < workloads->count(); ++i) names << workloads->itemData(i).toString();
    QVERIFY2(names.size() >= 5, qPrintable(names.join(QLatin1Char(','))));
    QStringList problems;
    int charts = 0;
    const auto everyTab = [&](const QString& scope) {
      for (ViewKind kind : gui::allViews()) {
        window.setCurrentView(kind);
        if (!window.waitUntilIdle()) problems << scope + QStringLiteral(": still loading");
        QTest::qWait(50);
        for (auto* v : window.findChildren<QChartView*>()) charts += v->isVisible() ? 1 : 0;
        // A chart lays itself out in posted events, over a few rounds of the event loop (and a
        // loaded machine may take a while): what is still unreadable after two seconds stays so.
        const QString where = scope + QLatin1Char('/') + gui::viewName(kind);
        QStringList found = unreadable(window, where);
        for (QDeadlineTimer deadline(2000); !found.isEmpty() && !deadline.hasExpired();) {
          QTest::qWait(20);
          found = unreadable(window, where);
        }
        problems << found;
      }
    };
    for (const QString& workload : names) {
      if (workload.isEmpty()) continue;  // "every workload" is a choice, not a default
      window.showWorkload(workload);
      QVERIFY(window.waitUntilIdle());
      everyTab(workload);
    }
    // Every value the scope bar pins of a workload's parameter, one at a time: every pattern
    // of the allocators (eleven of them to a legend), every query and batch size of stream.
    const auto everyValueOf = [&](const QString& workload, const QString& key, int atLeast) {
      window.showWorkload(workload);
      QVERIFY(window.waitUntilIdle());
      const QString box = QStringLiteral("scope-") + key;
      QVERIFY2(window.findChild<QComboBox*>(box), qPrintable(box));
      const int values = window.findChild<QComboBox*>(box)->count();
      QVERIFY2(values >= atLeast, qPrintable(box));
      for (int i = 0; i + 1 < values; ++i) {  // the last is "every …"
        auto* combo = window.findChild<QComboBox*>(box);
        QVERIFY(combo);
        const QString name = combo->itemText(i);
        combo->setCurrentIndex(i);  // (the bar may rebuild itself: combo is not used again)
        QVERIFY(window.waitUntilIdle());
        everyTab(workload + QLatin1Char(':') + key + QLatin1Char('=') + name);
      }
    };
    everyValueOf(QStringLiteral("alloc"), QStringLiteral("pattern"), 3);
    everyValueOf(QStringLiteral("stream"), QStringLiteral("query"), 3);
    everyValueOf(QStringLiteral("stream"), QStringLiteral("batch"), 3);
    QVERIFY2(charts >= 40, qPrintable(QString::number(charts)));
    for (const QString& p : problems) qWarning("%s", qPrintable(p));  // QVERIFY2 cuts long text
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 unreadable texts").arg(problems.size())));
  }

  // Compare on the sweep and a second, real session of kmeans: the scope bar's workload is
  // what is compared, and the table and chart of it are readable.
  void compareOfTheScopeIsReadable() {
    const QString db = m_dir.filePath(QStringLiteral("two.db"));
    QVERIFY(QFile::copy(m_db, db));
    QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner);
    QString out;
    QCOMPARE(testing::runCli({QStringLiteral("run"), QStringLiteral("kmeans"), QStringLiteral("-v"),
                              QStringLiteral("serial,threads"), QStringLiteral("-t"),
                              QStringLiteral("1,2"), QStringLiteral("-r"), QStringLiteral("3"),
                              QStringLiteral("--min-time"), QStringLiteral("0"), QStringLiteral("-q"),
                              QStringLiteral("--no-report"), QStringLiteral("--db"), db},
                             &out),
             0);
    MainWindow window;
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.loadDatabase(db));
    window.showWorkload(QStringLiteral("kmeans"));  // as a reader picks it in the scope bar
    QVERIFY(window.waitUntilIdle());
    QCOMPARE(QString::fromStdString(window.scope().workload), QStringLiteral("kmeans"));
    window.setCurrentView(ViewKind::Compare);
    QVERIFY(window.waitUntilIdle());
    auto* table = window.findChild<QTableView*>(QStringLiteral("compareTable"));
    QVERIFY(table);
    // Three benchmarks in common (serial p=1, threads p=1 and 2); the sweep's other kmeans
    // variants are on one side only: every row is a kmeans run.
    QTRY_VERIFY(table->model()->rowCount() >= 3);
    for (int r = 0; r < table->model()->rowCount(); ++r)
      QVERIFY2(table->model()->index(r, 0).data().toString().startsWith(QStringLiteral("kmeans/")),
               qPrintable(table->model()->index(r, 0).data().toString()));
    // The ratio column is on screen.
    const int ratio = gui::CompareModel::RatioColumn;
    QVERIFY2(table->columnViewportPosition(ratio) + table->columnWidth(ratio) <=
                 table->viewport()->width(),
             qPrintable(QString::number(table->columnViewportPosition(ratio))));
    QTest::qWait(50);
    QStringList found = unreadable(window, QStringLiteral("compare"));
    for (QDeadlineTimer deadline(2000); !found.isEmpty() && !deadline.hasExpired();) {
      QTest::qWait(20);
      found = unreadable(window, QStringLiteral("compare"));
    }
    for (const QString& p : found) qWarning("%s", qPrintable(p));
    QVERIFY(found.isEmpty());
  }

  // The stream view of a sweep of dynamic batching (test_database.h: 36 runs, nine curves of
  // the score query to a legend, and the passthrough query), at each query the scope bar
  // offers and at every query at once: chart and legend readable, and the percentiles of the
  // table on screen without scrolling.
  void streamViewIsReadable() {
    const QString db = m_dir.filePath(QStringLiteral("stream.db"));
    QVERIFY(testing::writeDatabase(db, testing::streamRuns(), "stream"));
    MainWindow window;
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.loadDatabase(db, &error), qPrintable(error));
    QVERIFY(window.waitUntilIdle());
    QCOMPARE(QString::fromStdString(analysis::describe(window.scope())),
             QStringLiteral("stream · rate:max query:score"));
    window.setCurrentView(ViewKind::Stream);
    QVERIFY(window.waitUntilIdle());
    auto* queries = window.findChild<QComboBox*>(QStringLiteral("scope-query"));
    QVERIFY(queries);
    const int count = queries->count();
    QCOMPARE(count, 3);  // score, passthrough, every query
    QStringList problems;
    int legends = 0;
    for (int i = 0; i < count; ++i) {
      // (The bar rebuilds itself on a change: the combo box is looked up again each time.)
      window.findChild<QComboBox*>(QStringLiteral("scope-query"))->setCurrentIndex(i);
      QVERIFY(window.waitUntilIdle());
      const QString where = QStringLiteral("stream:") + QString::number(i);
      QTest::qWait(50);
      QStringList found = unreadable(window, where);
      for (QDeadlineTimer deadline(2000); !found.isEmpty() && !deadline.hasExpired();) {
        QTest::qWait(20);
        found = unreadable(window, where);
      }
      problems << found;
      auto* chart = window.findChild<QChartView*>(QStringLiteral("streamChart"));
      QVERIFY(chart && chart->isVisible());
      for (auto* marker : chart->chart()->legend()->markers()) legends += marker->isVisible();
      // The latency columns, up to max, in view beside the series' names.
      auto* table = window.findChild<QTableView*>(QStringLiteral("streamTable"));
      QVERIFY(table);
      QVERIFY(table->model()->rowCount() > 0);
      const int max = gui::StreamModel::MaxColumn;
      if (table->columnViewportPosition(max) + table->columnWidth(max) > table->viewport()->width())
        problems << QStringLiteral("%1/streamTable: max ends at %2 px, the table shows %3")
                        .arg(where)
                        .arg(table->columnViewportPosition(max) + table->columnWidth(max))
                        .arg(table->viewport()->width());
    }
    QVERIFY2(legends >= 9 + 2 + 1, qPrintable(QString::number(legends)));
    for (const QString& p : problems) qWarning("%s", qPrintable(p));
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 unreadable texts").arg(problems.size())));
  }

  // The ANN tab on a real sweep of every ann variant but MPI's (test_database.h: twelve series
  // and the front's ring to a legend, as the default sweep's thirteen) at each worker count:
  // chart and legend readable, the legend in 6.5 pt or more, every column of the table on
  // screen and no figure in it cut short.
  void annViewIsReadable() {
    qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache")).toLocal8Bit());
    const QString db = m_dir.filePath(QStringLiteral("ann.db"));
    QString out;
    QVERIFY2(testing::runCli(testing::annArguments(db, QStringLiteral("ann")), &out) == 0,
             qPrintable(out));
    MainWindow window;
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.loadDatabase(db, &error), qPrintable(error));
    QVERIFY(window.waitUntilIdle());
    window.showWorkload(QStringLiteral("ann"));
    QVERIFY(window.waitUntilIdle());
    window.setCurrentView(ViewKind::Ann);
    QVERIFY(window.waitUntilIdle());
    gui::AnnModel* model = window.models()->ann();
    QCOMPARE(model->groupCount(), 2);  // p=1 and p=2
    QStringList problems;
    for (int group = 0; group < model->groupCount(); ++group) {
      model->setGroup(group);
      const QString where = QStringLiteral("ann:") + model->groupLabel(group);
      QTest::qWait(50);
      QStringList found = unreadable(window, where);
      for (QDeadlineTimer deadline(2000); !found.isEmpty() && !deadline.hasExpired();) {
        QTest::qWait(20);
        found = unreadable(window, where);
      }
      problems << found;
      auto* chart = window.findChild<QChartView*>(QStringLiteral("annChart"));
      QVERIFY(chart && chart->isVisible());
      int legends = 0;
      for (auto* marker : chart->chart()->legend()->markers()) legends += marker->isVisible();
      QCOMPARE(legends, model->seriesCount() + 1);  // and the front's ring
      if (chart->chart()->legend()->font().pointSizeF() < 6.5)
        problems << QStringLiteral("%1: the legend in %2 pt")
                        .arg(where)
                        .arg(chart->chart()->legend()->font().pointSizeF());
      auto* table = window.findChild<QTableView*>(QStringLiteral("annTable"));
      QVERIFY(table && table->isVisible());
      QCOMPARE(table->model()->rowCount(), model->rowCount());
      const int last = gui::AnnModel::FrontColumn;
      if (table->columnViewportPosition(last) + table->columnWidth(last) >
          table->viewport()->width())
        problems << QStringLiteral("%1/annTable: the front column ends at %2 px, shown %3")
                        .arg(where)
                        .arg(table->columnViewportPosition(last) + table->columnWidth(last))
                        .arg(table->viewport()->width());
      // resizeColumnsToContents: each cell's text, bold on the front, in its column.
      for (int row = 0; row < table->model()->rowCount(); ++row)
        for (int column = 0; column < table->model()->columnCount(); ++column) {
          if (table->isColumnHidden(column)) continue;
          const QModelIndex index = table->model()->index(row, column);
          QFont font = table->font();
          if (auto f = index.data(Qt::FontRole); f.isValid()) font = f.value<QFont>();
          const int need =
              QFontMetrics(font).horizontalAdvance(index.data().toString()) + 6 +
              (column == gui::AnnModel::VariantColumn ? table->iconSize().width() + 4 : 0);
          if (need > table->columnWidth(column))
            problems << QStringLiteral("%1/annTable: \"%2\" needs %3 px, has %4")
                            .arg(where, index.data().toString())
                            .arg(need)
                            .arg(table->columnWidth(column));
        }
    }
    for (const QString& p : problems) qWarning("%s", qPrintable(p));
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 unreadable texts").arg(problems.size())));
  }

 private:
  QTemporaryDir m_dir;
  QString m_db;
};

QTEST_MAIN(GuiReadableTest)
#include "gui_readable_test.moc"
