#pragma once

#include <QString>

#include "tunelab/gui_app/view.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QVBoxLayout;

namespace tunelab::gui {

class AnnModel;

// Nearest-neighbour search: the recall–queries/s chart of the scope's ann cases (drawAnnChart,
// as `tunelab plot --view ann` draws it: recall@k across, queries/s up on a log scale, a series
// per variant over its knobs with a line through its own best trade-offs, the cases on the
// Pareto front ringed) — one data set at one worker count, chosen above the chart where the
// session has several. Below the chart, the report's ANN table: one row per case, its variant
// in the chart's colour, the front's cases in bold. Where the scope holds no ann run, the
// chart's title says so and what makes one.
class AnnView : public View {
  Q_OBJECT

 public:
  explicit AnnView(AnnModel* model, QWidget* parent = nullptr);

  QString title() const override;
  QWidget* exportWidget() override;
  const QAbstractItemModel* table() const override;
  QList<int> selectedRows() const override;

  QChart* chart() const;
  QTableView* tableView() const { return m_table; }
  QComboBox* groupBox() const { return m_groups; }

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();

  AnnModel* m_model;
  QWidget* m_groupRow;
  QComboBox* m_groups;
  QChartView* m_view;
  QSortFilterProxyModel* m_proxy;
  QTableView* m_table;
  QVBoxLayout* m_layout;
  int m_legendEntries = 0;
};

}  // namespace tunelab::gui
