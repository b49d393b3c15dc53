#pragma once

#include <QStringList>

#include "tunelab/gui_app/view.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QTableView;

namespace tunelab::gui {

class TrendModel;

// One benchmark across sessions: the median of each session with its 95 % interval, the
// levels analysis::analyzeTrend found as horizontal segments, and where a step begins a
// vertical marker (a shift, or an excursion of one odd session). The benchmark is picked
// above the chart; trendRequested asks the loader for it.
class TrendView : public View {
  Q_OBJECT

 public:
  explicit TrendView(TrendModel* model, QWidget* parent = nullptr);

  QString title() const override;
  QWidget* exportWidget() override;
  const QAbstractItemModel* table() const override;

  // The benchmark names to pick from (most recent first); keeps the current one if listed.
  void setBenchmarks(const QStringList& names);
  QString benchmark() const;
  // Picks a benchmark and emits trendRequested.
  void setBenchmark(const QString& name);
  QChart* chart() const;

 signals:
  void trendRequested(const QString& benchmark);

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();

  TrendModel* m_model;
  QComboBox* m_benchmark;
  QLabel* m_conclusion;
  QTableView* m_view;
  QChartView* m_chart;
};

}  // namespace tunelab::gui
