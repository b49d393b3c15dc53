#pragma once

#include <QAbstractTableModel>
#include <QPointF>
#include <QStringList>
#include <optional>
#include <vector>

#include "tunelab/analysis/allocation.h"
#include "tunelab/analysis/net_cost.h"
#include "tunelab/gui/loaded_session.h"

namespace tunelab::gui {

// The Allocation view's data, from SessionReport::allocation: one row per run with heap
// figures — allocation rate (operations and bytes per second), peak heap, peak RSS, the
// utilization R = Σaᵢ / P and fragmentation 1 − R — and, per row, R over the trace.
//
// Rates: where the workload counts its own operations (the alloc workload reports
// ops_per_s and bytes_per_s: its allocators, jemalloc's mallocx or a pool, bypass malloc),
// those; otherwise the harness's malloc hooks (AllocationAnalysis). The source says which.
// Peak RSS is the workload's peak_rss metric where it reports one.
//
// Where a floor variant ran beside the others (alloc's `null`), each row also has its time
// per operation and its cost net of that floor with a 95 % interval (analysis/net_cost.h):
// the floor's own row says "the floor", a run at or below it "at the floor".
//
// Grouped bars: one bar set per variant (the allocator), one category per case (the
// parameters in which runs differ, such as the pattern, and the worker count).
class AllocationModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    RunColumn,
    VariantColumn,
    CategoryColumn,
    OpsPerSecondColumn,
    BytesPerSecondColumn,
    PerOperationColumn,     // median time per operation (ns), where a floor ran
    NetPerOperationColumn,  // less the floor's: sorts by the value, negative at the floor
    NetIntervalColumn,      // its 95 % interval; sorts by the low end
    PeakHeapColumn,
    PeakRssColumn,
    UtilizationColumn,
    FragmentationColumn,
    SourceColumn,
    ColumnCount
  };

  explicit AllocationModel(QObject* parent = nullptr);

  void setSession(LoadedSessionPtr session);
  void clear();

  // The bar chart's axes: variants (bar sets) and categories, in first-seen order.
  const QStringList& variants() const { return m_variants; }
  const QStringList& categories() const { return m_categories; }
  // The row of a variant in a category, or -1.
  int rowOf(const QString& variant, const QString& category) const;
  // R over the trace of a row (x: what seriesXName counts); empty without a curve.
  std::vector<QPointF> utilizationCurve(int row) const;
  std::vector<QPointF> fragmentationCurve(int row) const;
  QString curveXName() const;  // "operation", or empty when no row has a curve
  bool hasCurves() const;
  QString rowLabel(int row) const;
  // Net of the loop: whether any row has a floor beside it, whether a row is the floor,
  // and a row's net cost (nullptr for the floor and for runs without one).
  bool hasNetCosts() const;
  bool isFloor(int row) const;
  const analysis::NetCost* netCost(int row) const;
  const QString& commonParams() const { return m_shared; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    QString label;     // "alloc/jemalloc p=1 pattern:churn"
    QString variant;   // "jemalloc"
    QString category;  // "pattern:churn p=1"
    const analysis::AllocationAnalysis* analysis = nullptr;  // into m_data
    double opsPerSecond = 0, bytesPerSecond = 0;  // NaN when neither source has them
    double peakRss = 0;                           // NaN without the metric
    bool fromWorkload = false;                    // rates from the workload's own metrics
    bool floor = false;                           // the floor of its group
    double perOperation = 0;                      // ns; NaN without a floor beside it
    std::optional<analysis::NetCost> net;         // not for the floor itself
  };
  QVariant value(const Row& row, int column) const;
  QString text(const Row& row, int column) const;

  LoadedSessionPtr m_data;
  std::vector<Row> m_rows;
  QStringList m_variants;
  QStringList m_categories;
  QString m_shared;
};

}  // namespace tunelab::gui
