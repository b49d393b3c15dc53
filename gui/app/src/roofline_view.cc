#include "tunelab/gui_app/roofline_view.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/roofline_model.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

RooflineView::RooflineView(RooflineModel* model, QWidget* parent)
    : View(parent), m_model(model), m_view(makeChartView(QStringLiteral("rooflineChart"))) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_view);
  connect(m_model, &QAbstractItemModel::modelReset, this, &RooflineView::rebuild);
  rebuild();
}

QChart* RooflineView::chart() const { return m_view->chart(); }
const QAbstractItemModel* RooflineView::table() const { return m_model; }

QString RooflineView::title() const {
  QString out = tr("Roofline");
  if (!m_context.isEmpty()) out += QStringLiteral(" — ") + m_context;
  return out;
}

void RooflineView::rebuild() {
  QChart* c = chart();
  resetChart(c, palette());
  const auto& ceilings = m_model->ceilings();
  QString subtitle;
  if (!m_model->hasCeilings()) {
    subtitle = RooflineModel::notMeasuredText();
  } else {
    QStringList parts;
    if (ceilings.bandwidth) parts << tr("bandwidth %1 GB/s").arg(formatMetric(ceilings.bandwidth->value));
    if (ceilings.peakF64) parts << tr("fp64 peak %1 GFLOP/s").arg(formatMetric(ceilings.peakF64->value));
    if (ceilings.peakF32) parts << tr("fp32 peak %1 GFLOP/s").arg(formatMetric(ceilings.peakF32->value));
    subtitle = tr("measured by tunelab (%1): %2").arg(m_model->ceilingsSource(), parts.join(QStringLiteral(", ")));
  }
  if (m_model->rowCount() == 0 && !m_model->hasCeilings()) {
    setChartTitle(c, tr("%1: no run reports gflops and arithmetic_intensity").arg(title()),
                  subtitle);
    c->legend()->hide();
    return;
  }
  setChartTitle(c, title(), subtitle);
  c->legend()->show();

  // The axes span the points and the ridge, a decade around them.
  double xMin = 1e300, xMax = 0, yMin = 1e300, yMax = 0;
  for (int row = 0; row < m_model->rowCount(); ++row) {
    const double x = m_model->index(row, RooflineModel::IntensityColumn).data(SortRole).toDouble();
    const double y = m_model->index(row, RooflineModel::GflopsColumn).data(SortRole).toDouble();
    xMin = std::min(xMin, x), xMax = std::max(xMax, x);
    yMin = std::min(yMin, y), yMax = std::max(yMax, y);
  }
  const auto peak = ceilings.peakF64 ? ceilings.peakF64 : ceilings.peakF32;
  for (bool f64 : {true, false})
    if (const auto ridge = ceilings.ridgePoint(f64)) xMin = std::min(xMin, *ridge), xMax = std::max(xMax, *ridge);
  for (const auto& p : {ceilings.peakF64, ceilings.peakF32})
    if (p) yMax = std::max(yMax, p->value), yMin = std::min(yMin, p->value);
  if (xMax <= 0) xMin = 0.01, xMax = 100;
  if (yMax <= 0) yMin = 0.1, yMax = 100;
  xMin = std::pow(10, std::floor(std::log10(xMin)));
  xMax = std::pow(10, std::ceil(std::log10(xMax)));
  if (ceilings.bandwidth) yMin = std::min(yMin, ceilings.bandwidth->value * xMin);
  yMin = std::pow(10, std::floor(std::log10(yMin)));
  yMax = std::pow(10, std::ceil(std::log10(yMax * 1.5)));

  auto* x = new QLogValueAxis;
  x->setBase(10);
  x->setRange(xMin, xMax);
  x->setLabelFormat(QStringLiteral("%g"));
  x->setMinorTickCount(8);
  x->setTitleText(tr("arithmetic intensity (FLOP per byte of memory traffic)"));
  auto* y = new QLogValueAxis;
  y->setBase(10);
  y->setRange(yMin, yMax);
  y->setLabelFormat(QStringLiteral("%g"));
  y->setMinorTickCount(8);
  y->setTitleText(tr("GFLOP/s"));
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);

  // The roofs: bandwidth × intensity up to each peak's ridge, then flat.
  const QColor roofColor = referenceColor(palette());
  for (bool f64 : {true, false}) {
    const auto& p = f64 ? ceilings.peakF64 : ceilings.peakF32;
    if (!p) continue;
    auto* roof = new QLineSeries;
    roof->setName(f64 ? tr("fp64 roof") : tr("fp32 roof"));
    if (ceilings.bandwidth) {
      const double ridge = p->value / ceilings.bandwidth->value;
      roof->append(xMin, ceilings.bandwidth->value * xMin);
      roof->append(ridge, p->value);
    } else {
      roof->append(xMin, p->value);
    }
    roof->append(xMax, p->value);
    c->addSeries(roof);
    roof->attachAxis(x);
    roof->attachAxis(y);
    // Two roofs, two swatches: the legend draws a square of the pen's colour, which would be
    // the same grey for both (the dash alone does not show in it).
    const QColor colour = f64 ? roofColor : QColor(0xa0, 0x8c, 0x6e);  // khaki: no series has it
    roof->setPen(QPen(colour, f64 ? 2.5 : 1.5, f64 ? Qt::SolidLine : Qt::DashLine));
  }
  if (ceilings.bandwidth && !peak) {
    auto* roof = new QLineSeries;
    roof->setName(tr("bandwidth roof"));
    roof->append(xMin, ceilings.bandwidth->value * xMin);
    roof->append(xMax, ceilings.bandwidth->value * xMax);
    c->addSeries(roof);
    roof->attachAxis(x);
    roof->attachAxis(y);
    roof->setPen(QPen(roofColor, 2.5));
  }

  const QStringList variants = m_model->variants();
  for (int v = 0; v < variants.size(); ++v) {
    auto* points = new QScatterSeries;
    points->setName(variants[v]);
    points->setMarkerSize(11);
    for (int row = 0; row < m_model->rowCount(); ++row) {
      if (m_model->rowVariant(row) != variants[v]) continue;
      points->append(m_model->index(row, RooflineModel::IntensityColumn).data(SortRole).toDouble(),
                     m_model->index(row, RooflineModel::GflopsColumn).data(SortRole).toDouble());
    }
    c->addSeries(points);
    points->attachAxis(x);
    points->attachAxis(y);
    points->setColor(seriesColor(v));
    points->setBorderColor(seriesColor(v).darker(130));
    connect(points, &QXYSeries::hovered, this, [this, v, variants](const QPointF& p, bool state) {
      if (!state) {
        QToolTip::hideText();
        return;
      }
      for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->rowVariant(row) == variants[v] &&
            std::abs(m_model->index(row, RooflineModel::IntensityColumn).data(SortRole).toDouble() -
                     p.x()) <= 1e-9 * p.x()) {
          QToolTip::showText(QCursor::pos(), m_model->index(row, 0).data(Qt::ToolTipRole).toString(),
                             this);
          return;
        }
    });
  }
}

}  // namespace tunelab::gui
