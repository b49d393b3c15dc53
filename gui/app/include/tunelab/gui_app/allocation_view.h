#pragma once

#include "tunelab/gui_app/view.h"

class QChart;
class QChartView;
class QComboBox;

namespace tunelab::gui {

class AllocationModel;

// Heap behaviour of a session, from AllocationModel: allocation rate (allocations and bytes
// per second) as grouped bars — one bar per allocator (variant), grouped by case (pattern,
// thread count) —, peak memory (RSS where the workload measured it, else peak heap) the same
// way, and utilization R with fragmentation 1 − R over the trace as lines, for the case
// chosen above the charts. Where a floor variant ran (alloc's `null`), the bytes-per-second
// chart gives way to each allocator's cost per operation net of that floor: a point with its
// 95 % interval per allocator and case, on a log scale; what cannot be drawn there (at the
// floor, no interval) is left out and named in the title.
class AllocationView : public View {
  Q_OBJECT

 public:
  explicit AllocationView(AllocationModel* model, QWidget* parent = nullptr);

  QString title() const override;
  QWidget* exportWidget() override { return m_charts; }
  const QAbstractItemModel* table() const override;

  QChart* opsChart() const;
  QChart* bytesChart() const;
  QChart* netChart() const;  // shown instead of bytesChart() where the model has net costs
  QChart* memoryChart() const;
  QChart* utilizationChart() const;
  // The case whose curves the utilization chart shows.
  void setCurveCategory(const QString& category);

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();
  void buildDots(QChart* chart, int column, const QString& what, bool bytes);
  void buildCurves();
  void buildNet();

  AllocationModel* m_model;
  QComboBox* m_case;
  QWidget* m_charts;
  QChartView* m_ops;
  QChartView* m_bytes;
  QChartView* m_net;
  QChartView* m_memory;
  QChartView* m_utilization;
};

}  // namespace tunelab::gui
