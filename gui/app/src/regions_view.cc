#include "tunelab/gui_app/regions_view.h"

#include <QBarCategoryAxis>

#include <algorithm>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QHorizontalStackedBarSeries>
#include <QFontMetrics>
#include <QFrame>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include "tunelab/gui/region_model.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

RegionsView::RegionsView(RegionModel* model, QWidget* parent)
    : View(parent), m_model(model), m_view(makeChartView(QStringLiteral("regionsChart"))) {
  // Inside a scroll area: past what the window's height holds, each run keeps a row tall
  // enough for its name (rebuild) and the chart scrolls.
  auto* scroll = new QScrollArea;
  scroll->setObjectName(QStringLiteral("regionsScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setWidget(m_view);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scroll);
  connect(m_model, &QAbstractItemModel::modelReset, this, &RegionsView::rebuild);
  rebuild();
}

QChart* RegionsView::chart() const { return m_view->chart(); }
QWidget* RegionsView::exportWidget() { return m_view; }
const QAbstractItemModel* RegionsView::table() const { return m_model; }

QString RegionsView::title() const {
  QString out = tr("Time per region");
  if (!m_context.isEmpty()) out += QStringLiteral(" — ") + m_context;
  return out;
}

void RegionsView::rebuild() {
  QChart* c = chart();
  resetChart(c, palette());
  m_view->setMinimumHeight(0);
  if (m_model->rowCount() == 0) {
    setChartTitle(c, tr("%1: no run recorded regions (TUNELAB_REGION)").arg(title()));
    c->legend()->hide();
    return;
  }
  setChartTitle(c, title(), m_model->commonParams());
  c->legend()->show();

  // Bar sets are filled from the model here rather than by a QVBarModelMapper: in Qt Charts
  // 6.4 the mapper, created while the model announces its reset, hands out bar sets that it
  // then replaces, and touching them crashes (QBarSet::setColor on a deleted set).
  auto* series = new QHorizontalStackedBarSeries;
  series->setBarWidth(0.7);
  for (int column = RegionModel::FirstRegionColumn; column < m_model->columnCount(); ++column) {
    auto* set = new QBarSet(m_model->regions().value(column - RegionModel::FirstRegionColumn));
    for (int row = 0; row < m_model->rowCount(); ++row)
      set->append(m_model->index(row, column).data().toDouble());
    const QColor color = seriesColor(column - RegionModel::FirstRegionColumn);
    set->setColor(color);
    set->setBorderColor(color.darker(115));
    series->append(set);
  }
  c->addSeries(series);
  connect(series, &QAbstractBarSeries::hovered, this,
          [this](bool state, int row, QBarSet* set) {
            if (!state) {
              QToolTip::hideText();
              return;
            }
            const int column = RegionModel::FirstRegionColumn +
                               static_cast<int>(m_model->regions().indexOf(set->label()));
            QToolTip::showText(QCursor::pos(),
                               m_model->index(row, column).data(Qt::ToolTipRole).toString(), this);
          });

  auto* runs = new QBarCategoryAxis;
  QStringList labels;
  for (int row = 0; row < m_model->rowCount(); ++row) labels << m_model->rowLabel(row);
  runs->append(labels);
  runs->setTitleText(tr("run"));
  auto* time = new QValueAxis;
  time->setRange(0, m_model->maxTotal() / m_model->unitSeconds() * 1.05);
  time->applyNiceNumbers();
  time->setLabelFormat(QStringLiteral("%g"));
  time->setTitleText(
      tr("time per execution (%1), summed over threads").arg(m_model->unit()));
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(runs), static_cast<QAbstractAxis*>(time)})
    styleAxis(axis, palette());
  runs->setGridLineVisible(false);
  c->addAxis(runs, Qt::AlignLeft);
  // Qt Charts elides a category label unless the category is a line of text plus two label
  // paddings tall: past ~16 runs at 1200×720 (ann's default sweep: 25) every label read "…".
  // A smaller font with truncation off keeps each name on its own row; past ~30 (the sweep
  // at p = 1, 2, 4: 35) Qt hid every other name, so the chart then grows a row's height per
  // run, and scrolls.
  if (const int rows = m_model->rowCount(); rows > 16) {
    QFont font = runs->labelsFont();
    font.setPointSizeF(std::max(6.5, font.pointSizeF() * 14.0 / rows));
    runs->setLabelsFont(font);
    runs->setTruncateLabels(false);
    // Title, legend and the time axis: about 190 px at 1200×720.
    const int rowHeight = QFontMetrics(font).height() + 6;
    m_view->setMinimumHeight(190 + rows * rowHeight);
  }
  c->addAxis(time, Qt::AlignBottom);
  series->attachAxis(runs);
  series->attachAxis(time);
}

}  // namespace tunelab::gui
