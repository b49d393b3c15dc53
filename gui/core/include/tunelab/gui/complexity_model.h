#pragma once

#include <QAbstractTableModel>
#include <QPointF>
#include <vector>

#include "tunelab/analysis/complexity.h"
#include "tunelab/gui/loaded_session.h"

namespace tunelab::gui {

// The Complexity view's data: the session report's size sweeps (SessionReport::complexity):
// every size sweep (`tunelab run W -p n=1000,10000,100000`) with its median time per size
// and the fitted class (O(n), O(n log n) …). One row per (sweep, size), sweep after sweep.
class ComplexityModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { SweepColumn, SizeColumn, MedianColumn, FittedColumn, ClassColumn, ColumnCount };

  explicit ComplexityModel(QObject* parent = nullptr);

  void setSession(LoadedSessionPtr session);
  void clear();

  const std::vector<analysis::ComplexitySweep>& sweeps() const { return m_sweeps; }
  int sweepCount() const { return static_cast<int>(m_sweeps.size()); }
  // "kmeans/serial p=1 over n (d:8/k:8)".
  QString sweepLabel(int sweep) const;
  // "O(n log n), RMS 2.1 %, runner-up O(n) 1.6× worse", or why there is no fit.
  QString fitText(int sweep) const;
  int sweepFirstRow(int sweep) const;
  // The fitted curve over the sweep's range, `points` points spaced evenly in log n.
  std::vector<QPointF> fittedCurve(int sweep, int points = 40) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct RowRef {
    int sweep, point;
  };
  std::vector<analysis::ComplexitySweep> m_sweeps;
  std::vector<RowRef> m_rows;
  std::vector<int> m_firstRow;
};

}  // namespace tunelab::gui
