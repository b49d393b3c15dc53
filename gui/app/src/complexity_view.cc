#include "tunelab/gui_app/complexity_view.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "tunelab/gui/complexity_model.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

ComplexityView::ComplexityView(ComplexityModel* model, QWidget* parent)
    : View(parent), m_model(model), m_view(makeChartView(QStringLiteral("complexityChart"))) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_view);
  connect(m_model, &QAbstractItemModel::modelReset, this, &ComplexityView::rebuild);
  rebuild();
}

QChart* ComplexityView::chart() const { return m_view->chart(); }
const QAbstractItemModel* ComplexityView::table() const { return m_model; }

QString ComplexityView::title() const {
  QString out = tr("Complexity");
  if (!m_context.isEmpty()) out += QStringLiteral(" — ") + m_context;
  return out;
}

void ComplexityView::rebuild() {
  QChart* c = chart();
  resetChart(c, palette());
  if (m_model->sweepCount() == 0) {
    setChartTitle(c, tr("%1: no size sweep in this session").arg(title()),
                  tr("three or more sizes of one parameter make one: "
                     "tunelab run W -p n=1000,10000,100000"));
    c->legend()->hide();
    return;
  }
  setChartTitle(c, title(), tr("time per execution against size, with the fitted class"));
  c->legend()->show();
  double xMin = 1e300, xMax = 0, yMin = 1e300, yMax = 0;
  for (int row = 0; row < m_model->rowCount(); ++row) {
    const double n = m_model->index(row, ComplexityModel::SizeColumn).data(SortRole).toDouble();
    const double t = m_model->index(row, ComplexityModel::MedianColumn).data(SortRole).toDouble();
    xMin = std::min(xMin, n), xMax = std::max(xMax, n);
    yMin = std::min(yMin, t), yMax = std::max(yMax, t);
  }
  auto* x = new QLogValueAxis;
  x->setBase(10);
  x->setRange(std::pow(10, std::floor(std::log10(xMin))), std::pow(10, std::ceil(std::log10(xMax))));
  x->setLabelFormat(QStringLiteral("%g"));
  x->setMinorTickCount(8);
  x->setTitleText(tr("size"));
  auto* y = new QLogValueAxis;
  y->setBase(10);
  y->setRange(std::pow(10, std::floor(std::log10(yMin))), std::pow(10, std::ceil(std::log10(yMax))));
  y->setLabelFormat(QStringLiteral("%g"));
  y->setMinorTickCount(8);
  y->setTitleText(tr("median time per execution (s)"));
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);

  for (int s = 0; s < m_model->sweepCount(); ++s) {
    const QColor color = seriesColor(s);
    auto* measured = new QLineSeries;
    measured->setName(m_model->sweepLabel(s));
    const int first = m_model->sweepFirstRow(s);
    for (int row = first; row < first + static_cast<int>(m_model->sweeps()[static_cast<std::size_t>(s)].sizes.size()); ++row)
      measured->append(m_model->index(row, ComplexityModel::SizeColumn).data(SortRole).toDouble(),
                       m_model->index(row, ComplexityModel::MedianColumn).data(SortRole).toDouble());
    measured->setPointsVisible(true);
    measured->setMarkerSize(8);
    c->addSeries(measured);
    measured->attachAxis(x);
    measured->attachAxis(y);
    measured->setPen(QPen(color, 2.5));
    measured->setColor(color);
    connect(measured, &QXYSeries::hovered, this, [this, first](const QPointF& p, bool state) {
      if (!state) {
        QToolTip::hideText();
        return;
      }
      for (int row = first; row < m_model->rowCount(); ++row)
        if (m_model->index(row, ComplexityModel::SizeColumn).data(SortRole).toDouble() == p.x()) {
          QToolTip::showText(QCursor::pos(), m_model->index(row, 0).data(Qt::ToolTipRole).toString(), this);
          return;
        }
    });
    const auto curve = m_model->fittedCurve(s);
    if (curve.empty()) continue;
    auto* fit = new QLineSeries;
    fit->setName(tr("fit: %1").arg(m_model->fitText(s)));
    for (const QPointF& p : curve) fit->append(p);
    c->addSeries(fit);
    fit->attachAxis(x);
    fit->attachAxis(y);
    fit->setPen(QPen(color, 1.5, Qt::DotLine));
  }
}

}  // namespace tunelab::gui
