#include "tunelab/gui_app/stream_view.h"

#include <QBrush>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "tunelab/gui/roles.h"
#include "tunelab/gui/stream_model.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

namespace {

// A tick label of a power of ten, as the report writes such numbers: "100 k", "1 M" events/s,
// "10 µs", "1 ms", "10 s".
QString countTick(double v) {
  if (v >= 1e9) return QStringLiteral("%1 G").arg(v / 1e9);
  if (v >= 1e6) return QStringLiteral("%1 M").arg(v / 1e6);
  if (v >= 1e3) return QStringLiteral("%1 k").arg(v / 1e3);
  return QString::number(v);
}
QString microsTick(double us) {
  if (us >= 1e6) return QStringLiteral("%1 s").arg(us / 1e6);
  if (us >= 1e3) return QStringLiteral("%1 ms").arg(us / 1e3);
  return QStringLiteral("%1 µs").arg(us);
}

// How one axis maps values: log10 (labels at the decades), or linear in a unit that keeps
// its numbers short.
struct Scale {
  bool log = false;
  double divisor = 1;
  QString unit;
  double map(double v) const { return log ? std::log10(v) : v / divisor; }
  bool drawable(double v) const { return std::isfinite(v) && (!log || v > 0); }
};

// The axis for `values` (µs when `micros`, else events/s), and its scale.
QAbstractAxis* makeAxis(const std::vector<double>& values, bool micros, const QString& what,
                        Scale& scale) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (double v : values)
    if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(hi > 0)) lo = 1, hi = 10;
  scale = {};
  // More than a decade apart: a log scale, or the low points sit on top of each other.
  if (hi / lo > 10) {
    scale.log = true;
    // A little room around the points (none sits on an axis), labels at the decades within,
    // and at 2× and 5× them where the axis spans few decades.
    const double from = std::log10(lo) - 0.2, to = std::log10(hi) + 0.2;
    const bool fine = to - from < 3;
    auto* axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(from);
    for (int d = static_cast<int>(std::floor(from)); d <= static_cast<int>(std::ceil(to)); ++d)
      for (double m : {1.0, 2.0, 5.0}) {
        if (m != 1 && !fine) continue;
        const double v = m * std::pow(10.0, d), at = std::log10(v);
        if (at > from && at < to) axis->append(micros ? microsTick(v) : countTick(v), at);
      }
    axis->setRange(from, to);
    // The ticks carry the unit of a duration; a rate's says what it counts.
    axis->setTitleText(micros ? what : QStringLiteral("%1 (%2)").arg(what, QObject::tr("events/s")));
    return axis;
  }
  if (micros) {
    scale.divisor = hi >= 1e6 ? 1e6 : hi >= 1e3 ? 1e3 : 1;
    scale.unit = hi >= 1e6 ? QStringLiteral("s") : hi >= 1e3 ? QStringLiteral("ms") : QStringLiteral("µs");
  } else {
    scale.divisor = hi >= 1e6 ? 1e6 : hi >= 1e3 ? 1e3 : 1;
    scale.unit = hi >= 1e6 ? QObject::tr("M events/s") : hi >= 1e3 ? QObject::tr("k events/s")
                                                               : QObject::tr("events/s");
  }
  auto* axis = new QValueAxis;
  axis->setRange(0, hi / scale.divisor * 1.12);
  axis->applyNiceNumbers();
  axis->setLabelFormat(QStringLiteral("%g"));
  axis->setTitleText(QStringLiteral("%1 (%2)").arg(what, scale.unit));
  return axis;
}

}  // namespace

StreamView::StreamView(StreamModel* model, QWidget* parent)
    : View(parent),
      m_model(model),
      m_view(makeChartView(QStringLiteral("streamChart"), 260)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView) {
  m_proxy->setSourceModel(m_model);
  m_proxy->setSortRole(SortRole);
  m_table->setObjectName(QStringLiteral("streamTable"));
  m_table->setModel(m_proxy);
  m_table->setAlternatingRowColors(true);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_table->setWordWrap(false);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
  m_table->horizontalHeader()->setHighlightSections(false);
  m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_table->setSortingEnabled(true);
  m_table->setMinimumHeight(120);

  // The chart above, the table of percentiles below: the chart gets two thirds, room for a
  // legend of a dozen entries down its side at the default size.
  m_layout = new QVBoxLayout(this);
  m_layout->setContentsMargins(0, 4, 0, 0);
  m_layout->setSpacing(4);
  m_layout->addWidget(m_view, 2);
  m_layout->addWidget(m_table, 1);
  connect(m_model, &QAbstractItemModel::modelReset, this, &StreamView::rebuild);
  connect(chart(), &QGraphicsWidget::geometryChanged, this, &StreamView::fitLegend);
  rebuild();
}

QChart* StreamView::chart() const { return m_view->chart(); }
QWidget* StreamView::exportWidget() { return m_view; }
const QAbstractItemModel* StreamView::table() const { return m_model; }

QList<int> StreamView::selectedRows() const { return selectedSourceRows(m_table, m_proxy); }

QString StreamView::title() const {
  // The curves spread along the offered rate: a rate the scope pins is the other tabs'.
  const QString context = widenedContext(m_model->scopeText(), m_model->streamScopeText());
  QString out = tr("Throughput and p99 latency");
  if (!context.isEmpty()) out += QStringLiteral(" — ") + context;
  return out;
}

void StreamView::fitLegend() {
  // Down to 6.5 pt, the allocation view's legend of eleven.
  fitLegendFont(chart(), m_legendEntries, 6.5);
}

QString StreamView::pointTooltip(int curve, int point) const {
  const int row = m_model->rowOf(curve, point);
  return row < 0 ? QString() : m_model->index(row, 0).data(Qt::ToolTipRole).toString();
}

void StreamView::rebuild() {
  QChart* c = chart();
  resetChart(c, palette());
  const auto& curves = m_model->curves();
  std::vector<QColor> colours;
  for (std::size_t k = 0; k < curves.size(); ++k) colours.push_back(seriesColor(static_cast<int>(k)));
  m_model->setCurveColours(colours);
  m_table->resizeColumnsToContents();
  if (curves.empty()) {
    setChartTitle(c, tr("%1: no stream runs (runs that report events_per_s and latency_p99_us: "
                        "`tunelab run stream`)")
                         .arg(title()));
    c->legend()->hide();
    return;
  }
  setChartTitle(c, title(), m_model->commonParams());

  std::vector<double> xs, ys;
  bool anyClosed = false, anyBehind = false;
  for (const auto& k : curves)
    for (const auto& p : k.points) {
      xs.push_back(p.eventsPerSecond);
      ys.push_back(p.p99Us);
      anyClosed = anyClosed || p.closedLoop;
      anyBehind = anyBehind || p.fellBehind;
    }
  // Where the legend goes and its font, before the series make its entries: set after them
  // (the entries laid out along the bottom first), an entry down the side stayed cut short
  // after a change of scope ("closed loop (maximum throughp…"), with room for it.
  const int entries = static_cast<int>(curves.size()) + anyClosed + anyBehind;
  c->legend()->show();
  c->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
  c->legend()->setAlignment(entries > 4 ? Qt::AlignRight : Qt::AlignBottom);
  // Many entries down the side (the default sweep at every batch size: five variants × p ×
  // batch, twenty-two with the marks' keys) get three quarters of the tab, and a smaller font
  // where the chart is too short for them (fitLegend).
  m_legendEntries = entries;
  m_layout->setStretch(0, entries > 12 ? 3 : 2);
  fitLegend();

  Scale sx, sy;
  QAbstractAxis* x = makeAxis(xs, false, tr("achieved throughput"), sx);
  QAbstractAxis* y = makeAxis(ys, true, tr("p99 latency"), sy);
  m_logX = sx.log;
  m_logY = sy.log;
  for (QAbstractAxis* axis : {x, y}) styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);

  const QColor reference = referenceColor(palette());
  const QColor hollow = palette().color(QPalette::Base);
  const auto attach = [&](QXYSeries* s) {
    c->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  };
  const auto hideFromLegend = [&](QXYSeries* s) {
    for (QLegendMarker* m : c->legend()->markers(s)) m->setVisible(false);
  };
  for (int k = 0; k < static_cast<int>(curves.size()); ++k) {
    const auto& curve = curves[static_cast<std::size_t>(k)];
    const QColor colour = colours[static_cast<std::size_t>(k)];
    // The curve: the open-loop points by offered rate. The closed loop (its maximum
    // throughput, latency from ingestion under backpressure) is a mark of its own, apart.
    auto* line = new QLineSeries;
    line->setName(m_model->curveLabel(k));
    line->setPen(QPen(colour, 2));
    // Its points in three kinds of marks; which point each mark is, for the tooltips.
    auto* open = new QScatterSeries;
    auto* closed = new QScatterSeries;
    auto* behind = new QScatterSeries;
    std::vector<int> openAt, closedAt, behindAt;
    open->setMarkerSize(9);
    closed->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    closed->setMarkerSize(11);
    behind->setMarkerSize(10);
    for (auto* s : {open, closed}) {
      s->setColor(colour);
      s->setBorderColor(colour.darker(130));
    }
    behind->setColor(hollow);
    behind->setBorderColor(colour);
    behind->setPen(QPen(colour, 2));
    for (int i = 0; i < static_cast<int>(curve.points.size()); ++i) {
      const auto& p = curve.points[static_cast<std::size_t>(i)];
      if (!sx.drawable(p.eventsPerSecond) || !sy.drawable(p.p99Us)) continue;
      const QPointF at(sx.map(p.eventsPerSecond), sy.map(p.p99Us));
      if (!p.closedLoop) line->append(at);
      if (p.closedLoop) {
        closed->append(at);
        closedAt.push_back(i);
      } else if (p.fellBehind) {
        behind->append(at);
        behindAt.push_back(i);
      } else {
        open->append(at);
        openAt.push_back(i);
      }
    }
    attach(line);
    for (auto [marks, at] : {std::pair{open, openAt}, std::pair{behind, behindAt},
                             std::pair{closed, closedAt}}) {
      attach(marks);
      hideFromLegend(marks);
      connect(marks, &QXYSeries::hovered, this,
              [this, marks, k, at](const QPointF& point, bool state) {
                if (!state) {
                  QToolTip::hideText();
                  return;
                }
                const auto pts = marks->points();
                for (int j = 0; j < static_cast<int>(pts.size()); ++j)
                  if (std::abs(pts[j].x() - point.x()) < 1e-9 && std::abs(pts[j].y() - point.y()) < 1e-9) {
                    QToolTip::showText(QCursor::pos(), pointTooltip(k, at[static_cast<std::size_t>(j)]), this);
                    return;
                  }
              });
    }
  }
  // What the two kinds of special marks mean, once, in grey.
  if (anyClosed) {
    auto* key = new QScatterSeries;
    key->setName(tr("closed loop (maximum throughput)"));
    key->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    key->setMarkerSize(11);
    key->setColor(reference);
    key->setBorderColor(reference);
    attach(key);
  }
  if (anyBehind) {
    auto* key = new QScatterSeries;
    key->setName(tr("fell behind the offered rate"));
    key->setMarkerSize(10);
    key->setColor(hollow);
    key->setBorderColor(reference);
    key->setPen(QPen(reference, 2));
    attach(key);
  }
}

}  // namespace tunelab::gui
