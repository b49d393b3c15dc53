#include "tunelab/gui_app/ann_view.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLegend>
#include <QScatterSeries>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <vector>

#include "tunelab/gui/ann_model.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui_app/ann_chart.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

AnnView::AnnView(AnnModel* model, QWidget* parent)
    : View(parent),
      m_model(model),
      m_groupRow(new QWidget),
      m_groups(new QComboBox),
      m_view(makeChartView(QStringLiteral("annChart"), 260)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView) {
  // Which data set and worker count: a front is one group's (analysis/ann.h).
  m_groups->setObjectName(QStringLiteral("annGroup"));
  m_groups->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  auto* row = new QHBoxLayout(m_groupRow);
  row->setContentsMargins(6, 0, 0, 0);
  auto* label = new QLabel(tr("Data set and worker count:"));
  label->setBuddy(m_groups);
  row->addWidget(label);
  row->addWidget(m_groups);
  row->addStretch(1);

  m_proxy->setSourceModel(m_model);
  m_proxy->setSortRole(SortRole);
  m_table->setObjectName(QStringLiteral("annTable"));
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
  // A header and three rows: with the box above the chart, the Stream tab's 120 px clipped the
  // chart's axis at the window's smallest (800×500 asks for 800×567).
  m_table->setMinimumHeight(90);

  // The chart above, the table of the cases below, as the Stream tab lays them out.
  m_layout = new QVBoxLayout(this);
  m_layout->setContentsMargins(0, 4, 0, 0);
  m_layout->setSpacing(4);
  m_layout->addWidget(m_groupRow);
  m_layout->addWidget(m_view, 2);
  m_layout->addWidget(m_table, 1);
  connect(m_groups, &QComboBox::activated, m_model, &AnnModel::setGroup);
  connect(m_model, &QAbstractItemModel::modelReset, this, &AnnView::rebuild);
  connect(chart(), &QGraphicsWidget::geometryChanged, this,
          [this] { fitLegendFont(chart(), m_legendEntries); });
  rebuild();
}

QChart* AnnView::chart() const { return m_view->chart(); }
QWidget* AnnView::exportWidget() { return m_view; }
const QAbstractItemModel* AnnView::table() const { return m_model; }

QList<int> AnnView::selectedRows() const { return selectedSourceRows(m_table, m_proxy); }

QString AnnView::title() const {
  // The chart spreads along the knobs: a knob the scope pins is the other tabs'.
  const QString context = widenedContext(m_model->scopeText(), m_model->annScopeText());
  QString out = tr("Recall and queries/s");
  if (!context.isEmpty()) out += QStringLiteral(" — ") + context;
  return out;
}

void AnnView::rebuild() {
  QChart* c = chart();
  {
    // Refilled only when the groups change (not when one of them is chosen here).
    QStringList groups, shown;
    for (int g = 0; g < m_model->groupCount(); ++g) groups << m_model->groupLabel(g);
    for (int i = 0; i < m_groups->count(); ++i) shown << m_groups->itemText(i);
    const QSignalBlocker quiet(m_groups);
    if (groups != shown) {
      m_groups->clear();
      m_groups->addItems(groups);
    }
    m_groups->setCurrentIndex(m_model->group());
  }
  m_groupRow->setVisible(m_model->groupCount() > 1);
  std::vector<QColor> colours;
  const auto& series = m_model->series();
  for (std::size_t k = 0; k < series.size(); ++k)
    colours.push_back(annSeriesColor(series[k], k, m_model->variants()));
  m_model->setSeriesColours(colours);
  m_table->setColumnHidden(AnnModel::KnobsColumn, m_model->varyingKnobs().isEmpty());
  m_table->resizeColumnsToContents();
  // Nothing to list: the chart's sentence has the tab.
  m_table->setVisible(!m_model->cases().empty());
  if (m_model->cases().empty()) {
    // Never an empty chart: a sentence of what is missing and where it is.
    resetChart(c, palette());
    setChartTitle(c, m_model->annOutsideScope()
                         ? tr("%1: no ann runs in this scope (the session has some: choose ann "
                              "under Show, above)")
                               .arg(title())
                         : tr("%1: no ann runs (runs that report recall_at_k and qps: `tunelab "
                              "run ann`)")
                               .arg(title()));
    c->legend()->hide();
    m_legendEntries = 0;
    return;
  }
  bool anyFront = false;
  for (const auto& k : m_model->cases()) anyFront = anyFront || k.pareto;
  m_legendEntries = static_cast<int>(series.size()) + (anyFront ? 1 : 0);
  // Many variants down the side (the default sweep's thirteen) get three quarters of the tab.
  m_layout->setStretch(1, m_legendEntries > 12 ? 3 : 2);
  drawAnnChart(c, m_model->cases(), series, title(), m_model->groupText(), palette(),
               m_model->variants());
  // Hovering a point shows its row's tooltip.
  for (QAbstractSeries* s : c->series()) {
    auto* points = qobject_cast<QScatterSeries*>(s);
    if (!points) continue;
    int k = 0;
    while (k < m_model->seriesCount() && m_model->seriesLabel(k) != points->name()) ++k;
    if (k == m_model->seriesCount()) continue;  // the front's rings
    connect(points, &QXYSeries::hovered, this, [this, k](const QPointF& at, bool state) {
      if (!state) {
        QToolTip::hideText();
        return;
      }
      const auto& cases = m_model->series()[static_cast<std::size_t>(k)].cases;
      for (int j = 0; j < static_cast<int>(cases.size()); ++j) {
        const auto& a = m_model->cases()[cases[static_cast<std::size_t>(j)]];
        if (std::abs(a.recallAtK - at.x()) < 1e-9 && std::abs(std::log10(a.qps) - at.y()) < 1e-9) {
          const int row = m_model->rowOf(k, j);
          QToolTip::showText(QCursor::pos(),
                             m_model->index(row, 0).data(Qt::ToolTipRole).toString(), this);
          return;
        }
      }
    });
  }
}

}  // namespace tunelab::gui
