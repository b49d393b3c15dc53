#include "tunelab/gui_app/allocation_view.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSet>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "tunelab/gui/allocation_model.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

namespace {

// Four charts share the view: each keeps room for its axes.
QChartView* sizedChartView(const QString& name) {
  auto* view = makeChartView(name);
  view->setMinimumSize(240, 180);
  return view;
}

// Axis labels as short as they stay distinct: "fixed-churn" for "pattern:fixed-churn p=1"
// where every run had p = 1 and only the pattern differs. Long labels are elided to
// "pattern:fixed…" under bars; the tooltips keep the whole name.
QStringList shortLabels(QStringList labels) {
  const auto distinct = [](const QStringList& l) {
    return QSet<QString>(l.begin(), l.end()).size();
  };
  const qsizetype wanted = distinct(labels);
  for (const QRegularExpression& drop : {QRegularExpression(QStringLiteral(" ?p=\\d+$")),
                                         QRegularExpression(QStringLiteral("[\\w.+-]+:"))}) {
    QStringList shorter;
    for (const QString& l : labels) shorter << QString(l).remove(drop).trimmed();
    if (distinct(shorter) == wanted && !shorter.contains(QString())) labels = shorter;
  }
  return labels;
}

// The cases along a value axis, one band each (−0.5 … n − 0.5, case k centred on k), so that
// every allocator's dot keeps its own offset within each case: dotX().
QCategoryAxis* caseAxis(const QStringList& labels) {
  auto* x = new QCategoryAxis;
  x->setRange(-0.5, static_cast<double>(labels.size()) - 0.5);
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
  for (qsizetype k = 0; k < labels.size(); ++k) x->append(labels[k], static_cast<double>(k) + 0.5);
  x->setGridLineVisible(false);
  return x;
}

double dotX(int category, int slot, int slotCount) {
  // (Not "slots": Qt defines that word as a macro.)
  const double width = 0.8 / static_cast<double>(std::max(slotCount, 1));
  return category - 0.4 + width * (slot + 0.5);
}

// One allocator's dots, in its colour.
QScatterSeries* dotSeries(const QString& name, int colour, qreal size) {
  auto* dots = new QScatterSeries;
  dots->setName(name);
  dots->setMarkerSize(size);
  dots->setColor(seriesColor(colour));
  dots->setBorderColor(seriesColor(colour).darker(115));
  return dots;
}

// A unit that keeps the axis numbers short: (divisor, suffix) for the largest value.
std::pair<double, QString> scaleFor(double top, bool bytes) {
  if (bytes) {
    if (top >= 1024.0 * 1024 * 1024) return {1024.0 * 1024 * 1024, QStringLiteral("GiB")};
    if (top >= 1024.0 * 1024) return {1024.0 * 1024, QStringLiteral("MiB")};
    if (top >= 1024.0) return {1024.0, QStringLiteral("KiB")};
    return {1, QStringLiteral("B")};
  }
  if (top >= 1e9) return {1e9, QObject::tr("billion")};
  if (top >= 1e6) return {1e6, QObject::tr("million")};
  if (top >= 1e3) return {1e3, QObject::tr("thousand")};
  return {1, QString()};
}

}  // namespace

AllocationView::AllocationView(AllocationModel* model, QWidget* parent)
    : View(parent),
      m_model(model),
      m_case(new QComboBox),
      m_charts(new QWidget),
      m_ops(sizedChartView(QStringLiteral("allocationOpsChart"))),
      m_bytes(sizedChartView(QStringLiteral("allocationBytesChart"))),
      m_net(sizedChartView(QStringLiteral("allocationNetChart"))),
      m_memory(sizedChartView(QStringLiteral("allocationMemoryChart"))),
      m_utilization(sizedChartView(QStringLiteral("utilizationChart"))) {
  m_case->setObjectName(QStringLiteral("allocationCase"));
  m_case->setToolTip(tr("The case whose utilization and fragmentation curves are drawn"));
  connect(m_case, &QComboBox::currentTextChanged, this, [this] { buildCurves(); });
  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(4, 0, 4, 0);
  controls->addStretch(1);
  controls->addWidget(new QLabel(tr("Curves of:")));
  controls->addWidget(m_case);

  auto* grid = new QGridLayout(m_charts);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setSpacing(0);
  grid->addWidget(m_ops, 0, 0);
  grid->addWidget(m_bytes, 0, 1);
  grid->addWidget(m_net, 0, 1);  // one of the two is shown (rebuild)
  grid->addWidget(m_memory, 1, 0);
  grid->addWidget(m_utilization, 1, 1);
  // The top row holds the legend of every allocator (eleven in the default sweep): it gets
  // a little more of the height than the row below.
  grid->setRowStretch(0, 6);
  grid->setRowStretch(1, 5);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(m_charts, 1);
  connect(m_model, &QAbstractItemModel::modelReset, this, &AllocationView::rebuild);
  rebuild();
}

QChart* AllocationView::opsChart() const { return m_ops->chart(); }
QChart* AllocationView::bytesChart() const { return m_bytes->chart(); }
QChart* AllocationView::netChart() const { return m_net->chart(); }
QChart* AllocationView::memoryChart() const { return m_memory->chart(); }
QChart* AllocationView::utilizationChart() const { return m_utilization->chart(); }
const QAbstractItemModel* AllocationView::table() const { return m_model; }

QString AllocationView::title() const {
  QString out = tr("Allocation");
  if (!m_context.isEmpty()) out += QStringLiteral(" — ") + m_context;
  return out;
}

void AllocationView::setCurveCategory(const QString& category) { m_case->setCurrentText(category); }

void AllocationView::rebuild() {
  {
    const QSignalBlocker block(m_case);
    const QString current = m_case->currentText();
    m_case->clear();
    for (const QString& category : m_model->categories()) {
      bool curves = false;
      for (const QString& variant : m_model->variants())
        curves = curves || !m_model->utilizationCurve(m_model->rowOf(variant, category)).empty();
      if (curves) m_case->addItem(category);
    }
    if (m_case->findText(current) >= 0) m_case->setCurrentText(current);
    m_case->setEnabled(m_case->count() > 1);
  }
  for (QChart* c : {opsChart(), bytesChart(), memoryChart(), netChart()}) resetChart(c, palette());
  // Bytes per second say little the allocation rate does not; net of the loop is what a
  // comparison of allocators needs, where the session has a floor.
  const bool net = m_model->hasNetCosts();
  m_bytes->setVisible(!net);
  m_net->setVisible(net);
  if (m_model->rowCount() == 0) {
    setChartTitle(opsChart(), tr("%1: no run recorded heap activity").arg(title()));
    for (QChart* c : {opsChart(), bytesChart(), memoryChart()}) c->legend()->hide();
    buildCurves();
    return;
  }
  buildDots(opsChart(), AllocationModel::OpsPerSecondColumn, tr("Allocations per second"), false);
  if (net)
    buildNet();
  else
    buildDots(bytesChart(), AllocationModel::BytesPerSecondColumn, tr("Bytes allocated per second"),
              true);
  // Peak RSS where the workload measured it (the whole process's memory, as the OS sees it);
  // else the peak of live heap bytes the hooks saw.
  bool rss = false;
  for (int row = 0; row < m_model->rowCount(); ++row)
    rss = rss || m_model->index(row, AllocationModel::PeakRssColumn).data(SortRole).isValid();
  buildDots(memoryChart(), rss ? AllocationModel::PeakRssColumn : AllocationModel::PeakHeapColumn,
            rss ? tr("Peak resident memory (RSS)") : tr("Peak live heap"), true);
  buildCurves();
}

void AllocationView::buildDots(QChart* chart, int column, const QString& what, bool bytes) {
  // A dot per allocator and case (Cleveland's dot plot) rather than grouped bars: a combination
  // without a value gets no mark at all. Bars cannot say that — Qt Charts drops a NaN from a
  // bar set (shifting the later values into the wrong cases), so a missing value was drawn as
  // a bar of height 0, which reads as "measured, and zero".
  double top = 0;
  for (int row = 0; row < m_model->rowCount(); ++row)
    top = std::max(top, m_model->index(row, column).data(SortRole).toDouble());
  const auto [divisor, unit] = scaleFor(top, bytes);
  const QStringList variants = m_model->variants();
  const QStringList categories = m_model->categories();
  const QStringList labels = shortLabels(categories);
  QStringList missing;  // "serial at p=2"
  auto* x = caseAxis(labels);
  auto* y = new QValueAxis;
  y->setRange(0, std::max(top / divisor * 1.1, 1e-9));
  y->applyNiceNumbers();
  y->setLabelFormat(QStringLiteral("%g"));
  QString yTitle = bytes ? (column == AllocationModel::BytesPerSecondColumn ? tr("%1/s") : tr("%1"))
                               .arg(unit)
                         : unit.isEmpty() ? tr("per second") : tr("%1/s").arg(unit);
  // ("thousand/s": "per second (thousands)" was elided in a chart with a four-line title.)
  y->setTitleText(yTitle);
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (int v = 0; v < variants.size(); ++v) {
    auto* dots = dotSeries(variants[v], v, 9);
    std::vector<int> rows;  // parallel to the series' points, for the tooltips
    for (int k = 0; k < categories.size(); ++k) {
      const int row = m_model->rowOf(variants[v], categories[k]);
      const QVariant value = row >= 0 ? m_model->index(row, column).data(SortRole) : QVariant();
      if (!value.isValid()) {
        missing << tr("%1 at %2").arg(variants[v], labels[k]);
        continue;
      }
      dots->append(dotX(k, v, static_cast<int>(variants.size())), value.toDouble() / divisor);
      rows.push_back(row);
    }
    chart->addSeries(dots);
    dots->attachAxis(x);
    dots->attachAxis(y);
    connect(dots, &QScatterSeries::hovered, this,
            [this, rows, dots, column](const QPointF& at, bool state) {
              if (!state) {
                QToolTip::hideText();
                return;
              }
              const auto pts = dots->points();
              for (qsizetype i = 0; i < pts.size(); ++i)
                if (pts[i] == at) {
                  const int row = rows[static_cast<std::size_t>(i)];
                  QToolTip::showText(
                      QCursor::pos(),
                      QStringLiteral("%1: %2").arg(m_model->rowLabel(row),
                                                   m_model->index(row, column).data().toString()),
                      this);
                }
            });
  }
  setChartTitle(chart,
                what + (missing.isEmpty() ? QString()
                        : missing.size() <= 2
                            ? tr(" · no value: %1").arg(missing.join(QStringLiteral(", ")))
                            : tr(" · %n without a value", nullptr, int(missing.size()))),
                // The chart with the legend has a title of one line: a longer one left the
                // eleventh allocator no room in the legend. The chart below it names the view
                // and its scope; the one beside it the parameters every run shares.
                chart == opsChart()      ? QString()
                : chart == memoryChart() ? title()
                                         : m_model->commonParams());
  // One legend names the colours for all three charts: three copies of ten allocators along
  // the bottom elided every name to "j…". Many entries go down the right side.
  chart->legend()->setVisible(chart == opsChart());
  chart->legend()->setAlignment(variants.size() > 4 ? Qt::AlignRight : Qt::AlignBottom);
  // Eleven allocators down the side of a quarter of the window: a smaller font keeps every
  // name in the legend (Qt drops the entries that do not fit, silently).
  if (chart == opsChart()) {
    QFont font = chart->legend()->font();
    // (ann's fourteen variants needed smaller still: hnsw fell off the end at 6.5 pt)
    font.setPointSizeF(variants.size() > 12  ? 5.5
                       : variants.size() > 8 ? 6.5
                                             : QFont().pointSizeF());
    chart->legend()->setFont(font);
  }
}

void AllocationView::buildCurves() {
  QChart* c = utilizationChart();
  resetChart(c, palette());
  const QString category = m_case->currentText();
  if (category.isEmpty()) {
    setChartTitle(c, tr("Utilization R over the trace: not reported (the workload has no "
                        "\"utilization\" series)"));
    c->legend()->hide();
    return;
  }
  setChartTitle(c, tr("Utilization R (solid) and fragmentation 1 − R (dashed)"), category);
  auto* x = new QValueAxis;
  x->setTitleText(m_model->curveXName().isEmpty() ? tr("trace")
                                                  : tr("%1s").arg(m_model->curveXName()));
  x->setLabelFormat(QStringLiteral("%g"));
  auto* y = new QValueAxis;
  y->setRange(0, 1.0);
  y->setLabelFormat(QStringLiteral("%.1f"));
  y->setTitleText(tr("R, 1 − R"));
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  double xMax = 0;
  const QStringList variants = m_model->variants();
  for (int v = 0; v < variants.size(); ++v) {
    const int row = m_model->rowOf(variants[v], category);
    const auto r = m_model->utilizationCurve(row);
    if (r.empty()) continue;
    auto* line = new QLineSeries;
    line->setName(variants[v]);
    for (const QPointF& p : r) line->append(p);
    auto* frag = new QLineSeries;
    frag->setName(tr("%1 fragmentation").arg(variants[v]));
    for (const QPointF& p : m_model->fragmentationCurve(row)) frag->append(p);
    xMax = std::max(xMax, r.back().x());
    for (QLineSeries* s : {line, frag}) {
      c->addSeries(s);
      s->attachAxis(x);
      s->attachAxis(y);
    }
    line->setPen(QPen(seriesColor(v), 2));
    frag->setPen(QPen(seriesColor(v), 1.5, Qt::DashLine));
    for (auto* marker : c->legend()->markers(frag)) marker->setVisible(false);
  }
  x->setRange(0, xMax > 0 ? xMax : 1);
  x->applyNiceNumbers();
}

void AllocationView::buildNet() {
  QChart* c = netChart();
  const QStringList variants = m_model->variants();
  const QStringList categories = m_model->categories();
  const QStringList labels = shortLabels(categories);
  struct Point {
    int variant, category, row;
    double net, low, high;  // low/high NaN without an interval
  };
  std::vector<Point> points;
  QStringList atFloor;
  int withoutInterval = 0;
  QList<int> shown;  // variants with a point, in the model's order
  for (int v = 0; v < variants.size(); ++v)
    for (int k = 0; k < categories.size(); ++k) {
      const int row = m_model->rowOf(variants[v], categories[k]);
      const analysis::NetCost* n = m_model->netCost(row);
      if (!n) continue;
      // A log scale has no place for 0 or less: named in the title instead.
      if (n->atFloor()) {
        atFloor << QStringLiteral("%1 %2").arg(variants[v], labels[k]);
        continue;
      }
      withoutInterval += !n->netInterval.defined();
      points.push_back({v, k, row, n->netNsPerOp, n->netInterval.low, n->netInterval.high});
      if (!shown.contains(v)) shown.append(v);
    }

  // The subtitle counts what is left out; the chart's tooltip names it (a subtitle listing
  // every case was elided at 1200 × 720).
  QStringList notes;
  if (!atFloor.isEmpty()) notes << tr("%n at the floor, not drawn", nullptr, int(atFloor.size()));
  m_net->setToolTip(atFloor.isEmpty() ? QString()
                                      : tr("At the floor (net ≤ 0), not drawn on the log scale: %1")
                                            .arg(atFloor.join(QStringLiteral(", "))));
  if (withoutInterval > 0)
    notes << tr("%1 without an interval (fewer than %2 repetitions)")
                 .arg(withoutInterval)
                 .arg(analysis::kNetIntervalMinRepetitions);
  setChartTitle(c, tr("Cost per operation net of the loop, 95 % intervals"),
                notes.join(QStringLiteral("; ")));
  c->legend()->hide();  // the allocation-rate chart's legend names the colours
  if (points.empty()) return;

  double lo = points.front().net, hi = lo;
  for (const Point& p : points) {
    lo = std::min(lo, p.net), hi = std::max(hi, p.net);
    if (p.low > 0) lo = std::min(lo, p.low);
    if (std::isfinite(p.high)) hi = std::max(hi, p.high);
  }
  auto* y = new QLogValueAxis;
  y->setBase(10);
  y->setRange(lo / 1.5, hi * 1.5);
  y->setLabelFormat(QStringLiteral("%g"));
  y->setTitleText(tr("ns/op above the floor"));
  // Categories along a value axis, so each allocator's point sits at its own offset within
  // its case, as the bars of the other charts do.
  auto* x = caseAxis(labels);
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);

  const auto xOf = [&](const Point& p) {
    return dotX(p.category, static_cast<int>(shown.indexOf(p.variant)), static_cast<int>(shown.size()));
  };
  for (int v : shown) {
    auto* dots = dotSeries(variants[v], v, 8);
    std::vector<int> rows;  // parallel to the series' points, for the tooltips
    for (const Point& p : points) {
      if (p.variant != v) continue;
      dots->append(xOf(p), p.net);
      rows.push_back(p.row);
      if (!std::isfinite(p.low)) continue;
      // The interval as a whisker; a lower end at or below the floor runs off the bottom.
      auto* whisker = new QLineSeries;
      whisker->append(xOf(p), std::max(p.low, lo / 1.5));
      whisker->append(xOf(p), p.high);
      whisker->setPen(QPen(seriesColor(v), 1.5));
      c->addSeries(whisker);
      whisker->attachAxis(x);
      whisker->attachAxis(y);
    }
    c->addSeries(dots);
    dots->attachAxis(x);
    dots->attachAxis(y);
    connect(
        dots, &QScatterSeries::hovered, this, [this, rows, dots](const QPointF& at, bool state) {
          if (!state) {
            QToolTip::hideText();
            return;
          }
          const auto pts = dots->points();
          for (qsizetype i = 0; i < pts.size(); ++i) {
            if (pts[i] != at) continue;
            const int row = rows[static_cast<std::size_t>(i)];
            QToolTip::showText(
                QCursor::pos(),
                QStringLiteral("%1: %2 net, 95 %: %3")
                    .arg(m_model->rowLabel(row),
                         m_model->index(row, AllocationModel::NetPerOperationColumn)
                             .data()
                             .toString(),
                         m_model->index(row, AllocationModel::NetIntervalColumn).data().toString()),
                this);
          }
        });
  }
}

}  // namespace tunelab::gui
