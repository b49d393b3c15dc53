#pragma once

#include <QString>

#include "tunelab/gui_app/view.h"

class QAbstractAxis;
class QChart;
class QChartView;
class QSortFilterProxyModel;
class QTableView;
class QVBoxLayout;

namespace tunelab::gui {

class StreamModel;

// Event-stream processing: the throughput–latency curve of each configuration (a series per
// variant, p, batch and wait — what differs among the curves in scope), p99 latency against
// the achieved events/s, a line through one point per offered rate; the closed loop (the
// configuration's maximum throughput) a square in the curve's colour, apart from the line; a
// point that fell behind its offered rate hollow. Axes are logarithmic where the values span more than a decade, labelled
// as the report writes them ("100 k", "1 ms"). Below the chart, the percentile table: one row
// per case, its series in the chart's colour. Hovering a point shows its row's tooltip.
class StreamView : public View {
  Q_OBJECT

 public:
  explicit StreamView(StreamModel* model, QWidget* parent = nullptr);

  QString title() const override;
  QWidget* exportWidget() override;
  const QAbstractItemModel* table() const override;
  QList<int> selectedRows() const override;

  QChart* chart() const;
  QTableView* tableView() const { return m_table; }
  // Whether an axis is logarithmic (the values span more than a decade).
  bool logThroughput() const { return m_logX; }
  bool logLatency() const { return m_logY; }
  // The tooltip hovering curve `curve`'s point `point` shows (empty if there is none).
  QString pointTooltip(int curve, int point) const;

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();
  void fitLegend();

  StreamModel* m_model;
  QChartView* m_view;
  QSortFilterProxyModel* m_proxy;
  QTableView* m_table;
  QVBoxLayout* m_layout;
  int m_legendEntries = 0;
  bool m_logX = false;
  bool m_logY = false;
};

}  // namespace tunelab::gui
