#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "tunelab/analysis/scaling.h"
#include "tunelab/model/run.h"

namespace tunelab::gui {

// The strong-scaling chart's data: one row per (series, workers) point of
// analysis::scalingSeries, series after series, each ordered by workers. The numeric
// columns hold raw numbers in DisplayRole (Qt Charts' model mappers read DisplayRole);
// tooltips carry the formatted text. Speedup and efficiency are NaN where a series has no
// p = 1 run. Each series occupies a contiguous block of rows (seriesFirstRow/seriesRowCount),
// which is what a QVXYModelMapper binds to.
class ScalingModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    SeriesColumn,
    WorkersColumn,
    MedianColumn,
    SpeedupColumn,
    EfficiencyColumn,
    ColumnCount
  };

  explicit ScalingModel(QObject* parent = nullptr);

  void setResults(const std::vector<model::Run>& runs);
  void clear();

  const std::vector<analysis::ScalingSeries>& series() const { return m_series; }
  int seriesCount() const { return static_cast<int>(m_series.size()); }
  // "kmeans/threads", followed by the parameters in which this series differs from the others.
  QString seriesLabel(int series) const;
  int seriesFirstRow(int series) const;
  int seriesRowCount(int series) const;
  bool seriesHasBaseline(int series) const;
  // The parameters every series shares (for a chart title); empty when they share none.
  const QString& commonParams() const { return m_commonParams; }
  // The largest worker count, and the largest defined speedup (0 without one).
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

  std::vector<analysis::ScalingSeries> m_series;
  std::vector<RowRef> m_rows;
  std::vector<int> m_firstRow;    // per series
  std::vector<QString> m_labels;  // per series
  QString m_commonParams;
};

}  // namespace tunelab::gui
