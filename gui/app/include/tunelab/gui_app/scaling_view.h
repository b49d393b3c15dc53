#pragma once

#include <QString>

#include "tunelab/gui_app/view.h"

class QAbstractAxis;
class QChart;
class QChartView;
class QComboBox;
class QTableWidget;
class QPointF;
class QXYSeries;

namespace tunelab::gui {

class ScalingModel;

// Strong scaling: speedup S(p) = T(1)/T(p) per series with its 95 % interval as a band, the
// ideal S(p) = p, and the series' Amdahl fit as a dashed curve; below it, the efficiency
// E(p) = S(p)/p. Axes linear or log₂. Hovering a point shows its exact values (the model's
// tooltip). Beside the charts, a small table gives each series' Amdahl fit (serial fraction
// with its interval, the speedup it allows), in the series' colour. The measured lines are bound to ScalingModel's rows by QVXYModelMapper; the view
// rebuilds whenever the model is reset.
class ScalingView : public View {
  Q_OBJECT

 public:
  enum class Axes { Linear, Log2 };

  explicit ScalingView(ScalingModel* model, QWidget* parent = nullptr);

  QString title() const override;
  QWidget* exportWidget() override { return m_charts; }
  const QAbstractItemModel* table() const override;

  void setAxes(Axes axes);
  Axes axes() const { return m_axes; }
  QChart* speedupChart() const;
  QChart* efficiencyChart() const;
  // The tooltip shown when hovering series `series` at p = workers (empty if no such point).
  QString pointTooltip(int series, int workers) const;

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();
  void buildSpeedup(int plotted, int maxWorkers);
  void buildEfficiency(int maxWorkers);
  // Axes for one chart: x threads (1 … maxWorkers), y from 0 (linear) or around yMin (log₂).
  void addAxes(QChart* chart, int maxWorkers, double yMin, double yMax, const QString& yTitle,
               const QString& yFormat, bool yLog);
  void addBand(QChart* chart, int series, int lowColumn, int highColumn, const QColor& color);
  void attach(QChart* chart, QXYSeries* series);
  void hideFromLegend(QChart* chart, QXYSeries* series);
  void connectHover(QXYSeries* line, int series);
  void fillFitTable();
  void fitLegend();  // the speedup chart's legend font, to fit its height

  ScalingModel* m_model;
  Axes m_axes = Axes::Linear;
  QComboBox* m_axesBox;
  QTableWidget* m_fitTable;
  QWidget* m_charts;
  QChartView* m_speedupView;
  QChartView* m_efficiencyView;
  int m_legendEntries = 0;
};

}  // namespace tunelab::gui
