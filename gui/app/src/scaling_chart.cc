#include "tunelab/gui_app/scaling_chart.h"

#include <QCursor>
#include <QLineSeries>
#include <QPen>
#include <QToolTip>
#include <QVXYModelMapper>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "tunelab/gui/scaling_model.h"

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

ScalingChart::ScalingChart(ScalingModel* model, QWidget* parent)
    : QChartView(parent), m_model(model) {
  setRenderHint(QPainter::Antialiasing);
  chart()->legend()->setAlignment(Qt::AlignBottom);
  chart()->setMargins(QMargins(8, 8, 8, 8));
  connect(m_model, &QAbstractItemModel::modelReset, this, &ScalingChart::rebuild);
  rebuild();
}

void ScalingChart::setContext(const QString& context) {
  m_context = context;
  rebuild();
}

void ScalingChart::rebuild() {
  QChart* c = chart();
  // Deleting a series deletes its mapper (a child of the series) with it.
  c->removeAllSeries();
  for (QAbstractAxis* axis : c->axes()) {
    c->removeAxis(axis);
    delete axis;
  }

  int plotted = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s) plotted += m_model->seriesHasBaseline(s);
  if (plotted == 0) {
    c->setTitle(m_model->seriesCount() == 0
                    ? tr("No successful runs to plot")
                    : tr("No run at 1 thread, so no speedup T(1)/T(p) is defined"));
    c->legend()->hide();
    return;
  }

  QString title = tr("Strong scaling");
  if (!m_context.isEmpty()) title += QStringLiteral(" — ") + m_context;
  if (const QString params = m_model->commonParams(); !params.isEmpty())
    title += QStringLiteral(" (%1)").arg(params);
  c->setTitle(title);
  c->legend()->show();

  const int maxWorkers = std::max(2, m_model->maxWorkers());
  auto* x = new QValueAxis(c);
  x->setTitleText(tr("threads"));
  // Some room on each side so that the markers at the ends are not cut in half.
  const double step = tickStep(maxWorkers);
  x->setRange(1 - 0.1 * (maxWorkers - 1), maxWorkers + 0.1 * (maxWorkers - 1));
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(step);
  x->setLabelFormat(QStringLiteral("%d"));
  auto* y = new QValueAxis(c);
  y->setTitleText(tr("speedup T(1)/T(p)"));
  y->setRange(0, std::max<double>(maxWorkers, m_model->maxSpeedup()) * 1.1);
  y->applyNiceNumbers();
  y->setLabelFormat(QStringLiteral("%.1f"));
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);

  addIdealLine(maxWorkers);
  int drawn = 0;
  for (int s = 0; s < m_model->seriesCount(); ++s) {
    if (!m_model->seriesHasBaseline(s)) continue;
    auto* line = new QLineSeries;
    line->setName(m_model->seriesLabel(s));
    line->setPointsVisible(true);
    // Every series passes through (1, 1), and a serial variant has no other point. Markers
    // that shrink from the first series drawn to the last show coinciding points as rings
    // instead of hiding all but the topmost.
    line->setMarkerSize(7 + 4 * std::min(plotted - 1 - drawn++, 3));
    auto* mapper = new QVXYModelMapper(line);
    mapper->setXColumn(ScalingModel::WorkersColumn);
    mapper->setYColumn(ScalingModel::SpeedupColumn);
    mapper->setFirstRow(m_model->seriesFirstRow(s));
    mapper->setRowCount(m_model->seriesRowCount(s));
    mapper->setSeries(line);
    mapper->setModel(m_model);
    c->addSeries(line);
    // Only once added does the series have the theme's colour; widen that pen, not a default.
    QPen pen = line->pen();
    pen.setWidthF(2.5);
    line->setPen(pen);
    line->attachAxis(x);
    line->attachAxis(y);
    connect(line, &QXYSeries::hovered, this,
            [this, s](const QPointF& point, bool state) { showPointTooltip(s, point, state); });
  }
}

void ScalingChart::addIdealLine(int maxWorkers) {
  auto* ideal = new QLineSeries;
  ideal->setName(tr("ideal S(p) = p"));
  ideal->append(1, 1);
  ideal->append(maxWorkers, maxWorkers);
  ideal->setPen(QPen(QColor(0x80, 0x80, 0x80), 1.5, Qt::DashLine));
  chart()->addSeries(ideal);
  for (QAbstractAxis* axis : chart()->axes()) ideal->attachAxis(axis);
}

void ScalingChart::showPointTooltip(int series, const QPointF& point, bool hovered) {
  if (!hovered) {
    QToolTip::hideText();
    return;
  }
  const int first = m_model->seriesFirstRow(series);
  const int workers = static_cast<int>(std::lround(point.x()));
  for (int row = first; row < first + m_model->seriesRowCount(series); ++row) {
    const QModelIndex index = m_model->index(row, ScalingModel::WorkersColumn);
    if (m_model->data(index).toInt() == workers) {
      QToolTip::showText(QCursor::pos(), m_model->data(index, Qt::ToolTipRole).toString(), this);
      return;
    }
  }
}

}  // namespace tunelab::gui
