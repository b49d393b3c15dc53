#pragma once

#include <QAbstractTableModel>
#include <QPointF>
#include <vector>

#include "tunelab/gui/loaded_session.h"

namespace tunelab::gui {

// The strong-scaling view's data: one row per (series, workers) point of the session
// report's scaling series (SessionReport::scaling), series after series, each ordered by
// workers. The numeric columns hold raw numbers in DisplayRole (Qt Charts' model mappers read
// DisplayRole); tooltips carry the formatted text. Speedup and efficiency are NaN where a
// series has no p = 1 run; interval bounds are NaN until computed. Each series occupies a
// contiguous block of rows (seriesFirstRow/seriesRowCount), which is what a QVXYModelMapper
// binds to.
class ScalingModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    SeriesColumn,
    WorkersColumn,
    MedianColumn,
    SpeedupColumn,
    SpeedupLowColumn,   // 95 % bootstrap interval of the speedup
    SpeedupHighColumn,
    EfficiencyColumn,
    EfficiencyLowColumn,  // the speedup interval over p
    EfficiencyHighColumn,
    AmdahlColumn,  // the speedup the series' Amdahl fit predicts at this p
    ColumnCount
  };

  explicit ScalingModel(QObject* parent = nullptr);

  // Shows the session's scaling series (SessionReport::scaling; the model keeps the pointer).
  void setSession(LoadedSessionPtr session);
  void clear();

  const std::vector<analysis::ScalingSeries>& series() const;
  int seriesCount() const { return static_cast<int>(series().size()); }
  // "kmeans/threads", followed by the parameters in which this series differs from the others.
  QString seriesLabel(int series) const;
  int seriesFirstRow(int series) const;
  int seriesRowCount(int series) const;
  bool seriesHasBaseline(int series) const;
  // Whether the speedups' intervals were computed (the whole session, not its first stage).
  bool hasIntervals() const { return m_data && m_data->complete; }
  // The series' Amdahl fit; `defined` is false with fewer than two distinct worker counts.
  const analysis::AmdahlFit& amdahl(int series) const;
  // "Amdahl fit: serial fraction f = 3.1 % [1.2 %, 5.0 %], max speedup 32×", or empty.
  QString amdahlText(int series) const;
  // The fit's predicted speedups at p = 1 … maxWorkers, for drawing it.
  std::vector<QPointF> amdahlCurve(int series, int maxWorkers) const;
  // The parameters every series shares (for a chart title); empty when they share none.
  const QString& commonParams() const { return m_commonParams; }
  // The largest worker count, and the largest defined speedup or interval bound (0 without).
  int maxWorkers() const;
  double maxSpeedup() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct RowRef {
    int series;
    int point;
  };
  QVariant value(const RowRef& ref, int column) const;
  QString tooltip(const RowRef& ref) const;

  LoadedSessionPtr m_data;
  std::vector<RowRef> m_rows;
  std::vector<int> m_firstRow;    // per series
  std::vector<QString> m_labels;  // per series
  QString m_commonParams;
};

}  // namespace tunelab::gui
