#include "tunelab/gui_app/scaling_view.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QTableWidget>
#include <QApplication>
#include <QBoxLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "tunelab/gui/format.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

namespace {

// Thread counts are integers: one tick per count up to a dozen, then a round step so the
// labels never crowd (1, 2 … 12, else every 2, 4, 8 … threads).
double tickStep(int maxWorkers) {
  double step = 1;
  while (maxWorkers / step > 12) step *= 2;
  return step;
}

}  // namespace

ScalingView::ScalingView(ScalingModel* model, QWidget* parent)
    : View(parent),
      m_model(model),
      m_axesBox(new QComboBox),
      m_fitTable(new QTableWidget),
      m_charts(new QWidget),
      m_speedupView(makeChartView(QString(), 160)),
      m_efficiencyView(makeChartView(QString(), 160)) {
  m_axesBox->addItem(tr("linear axes"));
  m_axesBox->addItem(tr("log₂ axes"));
  m_axesBox->setObjectName(QStringLiteral("scalingAxes"));
  m_axesBox->setToolTip(tr("Linear, or base-2 logarithmic thread and speedup axes (Ctrl+L)"));
  connect(m_axesBox, &QComboBox::currentIndexChanged, this,
          [this](int index) { setAxes(index == 1 ? Axes::Log2 : Axes::Linear); });
  // The fits, one row per series: a table a person scans, where a paragraph of a dozen fits
  // filled two thirds of the tab.
  m_fitTable->setObjectName(QStringLiteral("amdahlTable"));
  m_fitTable->setColumnCount(3);
  m_fitTable->setHorizontalHeaderLabels({tr("series"), tr("serial f"), tr("max S")});
  m_fitTable->horizontalHeaderItem(1)->setToolTip(
      tr("Amdahl's serial fraction f, least squares over every sample, with its 95 % interval"));
  m_fitTable->horizontalHeaderItem(2)->setToolTip(tr("The speedup the fit allows: 1 / f"));
  m_fitTable->verticalHeader()->hide();
  m_fitTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  m_fitTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_fitTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_fitTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_fitTable->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("M")) * 25);

  auto* fitsTitle = new QLabel(tr("Amdahl fits"));
  fitsTitle->setObjectName(QStringLiteral("amdahlTitle"));
  auto* side = new QVBoxLayout;
  side->setContentsMargins(4, 0, 4, 0);
  side->addWidget(m_axesBox);
  side->addWidget(fitsTitle);
  side->addWidget(m_fitTable, 1);
  side->addStretch();

  // The efficiency chart takes two fifths: it repeats the same series on another scale, but
  // shorter than ~200 px Qt Charts elides its axis labels and title to "…".
  auto* charts = new QVBoxLayout(m_charts);
  charts->setContentsMargins(0, 0, 0, 0);
  charts->setSpacing(0);
  charts->addWidget(m_speedupView, 3);
  charts->addWidget(m_efficiencyView, 2);
  m_speedupView->setObjectName(QStringLiteral("speedupChart"));
  m_efficiencyView->setObjectName(QStringLiteral("efficiencyChart"));

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addWidget(m_charts, 1);
  layout->addLayout(side);

  connect(m_model, &QAbstractItemModel::modelReset, this, &ScalingView::rebuild);
  connect(speedupChart(), &QGraphicsWidget::geometryChanged, this, &ScalingView::fitLegend);
  rebuild();
}

QChart* ScalingView::speedupChart() const { return m_speedupView->chart(); }
QChart* ScalingView::efficiencyChart() const { return m_efficiencyView->chart(); }
const QAbstractItemModel* ScalingView::table() const { return m_model; }

QString ScalingView::title() const {
  QString out = tr("Strong scaling");
  if (!m_context.isEmpty()) out += QStringLiteral(" — ") + m_context;
  return out;
}

void ScalingView::setAxes(Axes axes) {
  if (axes == m_axes) return;
  m_axes = axes;
  m_axesBox->setCurrentIndex(axes == Axes::Log2 ? 1 : 0);
  rebuild();
}

void ScalingView::rebuild() {
  // Deleting a series deletes its mapper (a child of the series) with it.
  for (QChart* c : {speedupChart(), efficiencyChart()}) resetChart(c, palette());
  int plotted = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s) plotted += m_model->seriesHasBaseline(s);
  fillFitTable();
  if (plotted == 0) {
    setChartTitle(speedupChart(),
                  m_model->seriesCount() == 0
                      ? tr("%1: no successful runs to plot").arg(title())
                      : tr("%1: no run at 1 thread, so no speedup T(1)/T(p) is defined").arg(title()));
    speedupChart()->legend()->hide();
    setChartTitle(efficiencyChart(), {});
    efficiencyChart()->legend()->hide();
    return;
  }
  const int maxWorkers = std::max(2, m_model->maxWorkers());
  buildSpeedup(plotted, maxWorkers);
  buildEfficiency(maxWorkers);
}

void ScalingView::addAxes(QChart* chart, int maxWorkers, double yMin, double yMax,
                          const QString& yTitle, const QString& yFormat, bool yLog) {
  const bool log = m_axes == Axes::Log2;
  QAbstractAxis* x;
  if (log) {
    auto* axis = new QLogValueAxis;
    axis->setBase(2);
    axis->setRange(0.8, maxWorkers * 1.25);
    axis->setLabelFormat(QStringLiteral("%g"));
    axis->setMinorTickCount(-1);
    x = axis;
  } else {
    auto* axis = new QValueAxis;
    // Some room on each side so that the markers at the ends are not cut in half.
    axis->setRange(1 - 0.1 * (maxWorkers - 1), maxWorkers + 0.1 * (maxWorkers - 1));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(tickStep(maxWorkers));
    axis->setLabelFormat(QStringLiteral("%d"));
    x = axis;
  }
  x->setTitleText(tr("threads × ranks (p)"));
  QAbstractAxis* y;
  if (yLog) {
    auto* axis = new QLogValueAxis;
    axis->setBase(2);
    axis->setRange(yMin, yMax);
    axis->setLabelFormat(yFormat);
    axis->setMinorTickCount(-1);
    y = axis;
  } else if (yFormat == QLatin1String("%")) {
    // Efficiency is a fraction, labelled on round halves. (A QCategoryAxis with "25%"
    // labels elides every label to "…" in a chart this short, Qt Charts 6.4.)
    auto* axis = new QValueAxis;
    axis->setRange(0, yMax);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    // About five labelled ticks whatever the top: one a unit apart up to 14× (super-linear
    // allocators) left eight labels in 150 px, and Qt elided all of them to "…".
    double step = 0.25;
    for (double s : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0})
      if (yMax / step > 5) step = s;
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%.1f"));
    y = axis;
  } else {
    auto* axis = new QValueAxis;
    axis->setRange(yMin, yMax);
    axis->applyNiceNumbers();
    axis->setLabelFormat(yFormat);
    y = axis;
  }
  y->setTitleText(yTitle);
  for (QAbstractAxis* axis : {x, y}) styleAxis(axis, palette());
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
}

void ScalingView::attach(QChart* chart, QXYSeries* series) {
  for (QAbstractAxis* axis : chart->axes()) series->attachAxis(axis);
}

void ScalingView::hideFromLegend(QChart* chart, QXYSeries* series) {
  for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
}

void ScalingView::addBand(QChart* chart, int series, int lowColumn, int highColumn,
                          const QColor& color) {
  if (!m_model->hasIntervals()) return;
  auto* upper = new QLineSeries;
  auto* lower = new QLineSeries;
  const int first = m_model->seriesFirstRow(series);
  for (int row = first; row < first + m_model->seriesRowCount(series); ++row) {
    const double p = m_model->index(row, ScalingModel::WorkersColumn).data().toDouble();
    const double low = m_model->index(row, lowColumn).data().toDouble();
    const double high = m_model->index(row, highColumn).data().toDouble();
    if (!std::isfinite(low) || !std::isfinite(high)) continue;
    lower->append(p, low);
    upper->append(p, high);
  }
  if (upper->count() < 2) {
    // A band needs two points; a lone point (a serial variant) keeps its marker only.
    delete upper;
    delete lower;
    return;
  }
  auto* band = new QAreaSeries(upper, lower);
  upper->setParent(band);
  lower->setParent(band);
  QColor fill = color;
  fill.setAlpha(isDark(palette()) ? 70 : 55);
  band->setBrush(fill);
  band->setPen(Qt::NoPen);
  band->setName(tr("%1 95% interval").arg(m_model->seriesLabel(series)));
  chart->addSeries(band);
  for (QAbstractAxis* axis : chart->axes()) band->attachAxis(axis);
  for (QLegendMarker* marker : chart->legend()->markers(band)) marker->setVisible(false);
}

void ScalingView::buildSpeedup(int plotted, int maxWorkers) {
  QChart* c = speedupChart();
  setChartTitle(c, title(), m_model->commonParams());
  c->legend()->show();
  // A dozen series along the bottom elide every name ("alloc/…"); down the side each has
  // the width it needs.
  c->legend()->setAlignment(plotted > 4 ? Qt::AlignRight : Qt::AlignBottom);
  // A dozen down the side (ann's default sweep: thirteen variants) ran past the chart's
  // height at 1200×720 and Qt scrolled the last ones out of sight: the font shrinks until
  // they fit, refitted when the chart is resized (fitLegend).
  c->legend()->setFont(QApplication::font());
  const double top = std::max<double>(maxWorkers, m_model->maxSpeedup());
  double bottom = 1;
  for (int row = 0; row < m_model->rowCount(); ++row) {
    const double low = m_model->index(row, ScalingModel::SpeedupLowColumn).data().toDouble();
    const double s = m_model->index(row, ScalingModel::SpeedupColumn).data().toDouble();
    for (double v : {low, s})
      if (std::isfinite(v) && v > 0) bottom = std::min(bottom, v);
  }
  const bool log = m_axes == Axes::Log2;
  addAxes(c, maxWorkers, log ? bottom / 1.25 : 0, log ? top * 1.25 : top * 1.1,
          tr("speedup S(p)"), log ? QStringLiteral("%g") : QStringLiteral("%.1f"),
          log);

  auto* ideal = new QLineSeries;
  ideal->setName(tr("ideal S(p) = p"));
  ideal->append(1, 1);
  ideal->append(maxWorkers, maxWorkers);
  ideal->setPen(QPen(referenceColor(palette()), 1.5, Qt::DashLine));
  c->addSeries(ideal);
  attach(c, ideal);

  // One fit is named in the legend; several would crowd it until Qt elides every entry to
  // "kmeans/…", so then each fit is the dotted line in its variant's colour, and the table
  // beside the chart gives their f.
  int fitted = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s)
    fitted += m_model->seriesHasBaseline(s) && m_model->seriesRowCount(s) > 1 &&
              m_model->amdahlCurve(s, maxWorkers).size() > 1;
  int drawn = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s) {
    if (!m_model->seriesHasBaseline(s)) continue;
    const QColor color = seriesColor(drawn);
    addBand(c, s, ScalingModel::SpeedupLowColumn, ScalingModel::SpeedupHighColumn, color);
    auto* line = new QLineSeries;
    line->setName(m_model->seriesLabel(s));
    line->setPointsVisible(true);
    // Every series passes through (1, 1), and a serial variant has no other point. Markers
    // that shrink from the first series drawn to the last show coinciding points as rings
    // instead of hiding all but the topmost.
    line->setMarkerSize(7 + 4 * std::min(plotted - 1 - drawn, 3));
    auto* mapper = new QVXYModelMapper(line);
    mapper->setXColumn(ScalingModel::WorkersColumn);
    mapper->setYColumn(ScalingModel::SpeedupColumn);
    mapper->setFirstRow(m_model->seriesFirstRow(s));
    mapper->setRowCount(m_model->seriesRowCount(s));
    mapper->setSeries(line);
    mapper->setModel(m_model);
    c->addSeries(line);
    line->setPen(QPen(color, 2.5));
    line->setColor(color);
    attach(c, line);
    connectHover(line, s);

    const auto curve = m_model->amdahlCurve(s, maxWorkers);
    if (m_model->seriesRowCount(s) > 1 && curve.size() > 1) {
      auto* fit = new QLineSeries;
      fit->setName(tr("%1: Amdahl fit, f = %2")
                       .arg(m_model->seriesLabel(s),
                            formatPercent(m_model->amdahl(s).serialFraction, 1)));
      for (const QPointF& point : curve) fit->append(point);
      c->addSeries(fit);
      fit->setPen(QPen(color, 1.5, Qt::DotLine));
      attach(c, fit);
      if (fitted > 1) hideFromLegend(c, fit);
    }
    ++drawn;
  }
  // The ideal line, a line per series, and the one fit named when only one is drawn (markers
  // report themselves hidden until the legend is laid out, so they are not counted).
  m_legendEntries = 1 + drawn + (fitted == 1 ? 1 : 0);
  // The efficiency chart has no legend: a long one (ann's thirteen variants) takes height
  // from it rather than going below 6.5 pt.
  if (auto* charts = qobject_cast<QBoxLayout*>(m_charts->layout())) {
    const bool longLegend = m_legendEntries > 10;
    charts->setStretch(0, longLegend ? 2 : 3);
    charts->setStretch(1, longLegend ? 1 : 2);
  }
  fitLegend();
}

void ScalingView::fitLegend() { fitLegendFont(speedupChart(), m_legendEntries); }

void ScalingView::buildEfficiency(int maxWorkers) {
  QChart* c = efficiencyChart();
  setChartTitle(c, tr("Parallel efficiency E(p) = S(p) / p"));
  double top = 1.0;
  for (int row = 0; row < m_model->rowCount(); ++row)
    for (int column : {ScalingModel::EfficiencyColumn, ScalingModel::EfficiencyHighColumn}) {
      const double v = m_model->index(row, column).data().toDouble();
      if (std::isfinite(v)) top = std::max(top, v);
    }
  top = std::ceil(top * 1.1 * 4) / 4;  // a round quarter above the highest point
  addAxes(c, maxWorkers, 0, top, tr("efficiency"), QStringLiteral("%"), false);

  auto* ideal = new QLineSeries;
  ideal->append(1, 1);
  ideal->append(maxWorkers, 1);
  ideal->setPen(QPen(referenceColor(palette()), 1.5, Qt::DashLine));
  c->addSeries(ideal);
  attach(c, ideal);

  int drawn = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s) {
    if (!m_model->seriesHasBaseline(s)) continue;
    const QColor color = seriesColor(drawn++);
    addBand(c, s, ScalingModel::EfficiencyLowColumn, ScalingModel::EfficiencyHighColumn, color);
    auto* line = new QLineSeries;
    line->setName(m_model->seriesLabel(s));
    line->setPointsVisible(true);
    line->setMarkerSize(7);
    auto* mapper = new QVXYModelMapper(line);
    mapper->setXColumn(ScalingModel::WorkersColumn);
    mapper->setYColumn(ScalingModel::EfficiencyColumn);
    mapper->setFirstRow(m_model->seriesFirstRow(s));
    mapper->setRowCount(m_model->seriesRowCount(s));
    mapper->setSeries(line);
    mapper->setModel(m_model);
    c->addSeries(line);
    line->setPen(QPen(color, 2.5));
    line->setColor(color);
    attach(c, line);
    connectHover(line, s);
  }
  // The speedup chart's legend names the colours; this one would only repeat it.
  c->legend()->hide();
}

void ScalingView::fillFitTable() {
  m_fitTable->setRowCount(0);
  int drawn = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s) {
    if (!m_model->seriesHasBaseline(s)) continue;
    const QColor color = seriesColor(drawn++);  // as buildSpeedup colours the series
    const auto& fit = m_model->amdahl(s);
    if (m_model->seriesRowCount(s) < 2 || !fit.defined) continue;
    const int row = m_fitTable->rowCount();
    m_fitTable->insertRow(row);
    QPixmap swatch(10, 10);
    swatch.fill(color);
    auto* name = new QTableWidgetItem(QIcon(swatch), m_model->seriesLabel(s));
    name->setToolTip(m_model->seriesLabel(s) + QLatin1Char('\n') + m_model->amdahlText(s));
    m_fitTable->setItem(row, 0, name);
    auto* f = new QTableWidgetItem(formatPercent(fit.serialFraction, 1));
    if (fit.serialFractionInterval.defined())
      f->setToolTip(tr("95 % interval [%1, %2]")
                        .arg(formatPercent(fit.serialFractionInterval.low, 1),
                             formatPercent(fit.serialFractionInterval.high, 1)));
    f->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_fitTable->setItem(row, 1, f);
    const bool lawful = fit.serialFraction >= 0 && fit.serialFraction <= 1;
    auto* ceiling = new QTableWidgetItem(lawful && std::isfinite(fit.ceiling) && fit.ceiling > 0
                                             ? formatSpeedup(fit.ceiling)
                                             : QStringLiteral("–"));
    if (!lawful) {
      const QString why = fit.serialFraction < 0
                              ? tr("f < 0: the series scales super-linearly, which Amdahl's law "
                                   "does not describe (no curve drawn)")
                              : tr("f > 1: the series gets slower with more workers, which "
                                   "Amdahl's law does not describe (no curve drawn)");
      f->setToolTip(f->toolTip().isEmpty() ? why : f->toolTip() + QLatin1Char('\n') + why);
      ceiling->setToolTip(why);
    }
    ceiling->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_fitTable->setItem(row, 2, ceiling);
  }
  m_fitTable->resizeColumnToContents(1);
  m_fitTable->resizeColumnToContents(2);
  // No fit (fewer than three worker counts): the charts get the room, and a line says why.
  auto* fitsTitle = findChild<QLabel*>(QStringLiteral("amdahlTitle"));
  const bool any = m_fitTable->rowCount() > 0;
  m_fitTable->setVisible(any);
  fitsTitle->setWordWrap(!any);
  fitsTitle->setMaximumWidth(any ? QWIDGETSIZE_MAX : m_axesBox->sizeHint().width());
  fitsTitle->setText(any ? tr("Amdahl fits") : tr("No Amdahl fit: it needs three or more worker counts."));
  fitsTitle->setToolTip(any ? QString() : tr("e.g. tunelab run W -t 1,2,4"));
}

void ScalingView::connectHover(QXYSeries* line, int series) {
  connect(line, &QXYSeries::hovered, this, [this, series](const QPointF& point, bool state) {
    if (!state) {
      QToolTip::hideText();
      return;
    }
    const QString text = pointTooltip(series, static_cast<int>(std::lround(point.x())));
    if (!text.isEmpty()) QToolTip::showText(QCursor::pos(), text, this);
  });
}

QString ScalingView::pointTooltip(int series, int workers) const {
  const int first = m_model->seriesFirstRow(series);
  for (int row = first; row >= 0 && row < first + m_model->seriesRowCount(series); ++row) {
    const QModelIndex index = m_model->index(row, ScalingModel::WorkersColumn);
    if (m_model->data(index).toInt() == workers)
      return m_model->data(index, Qt::ToolTipRole).toString();
  }
  return {};
}

}  // namespace tunelab::gui
