#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "tunelab/analysis/trend.h"
#include "tunelab/gui/cross_session.h"

namespace tunelab::gui {

// The Trend view's data: analysis::analyzeTrend of one benchmark across sessions, one row
// per session (oldest first) with its median and 95 % interval, the level it belongs to, and
// the step that starts there (a shift or an excursion, with its ratio).
class TrendModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    SessionColumn,
    StartedColumn,
    MedianColumn,
    LowColumn,
    HighColumn,
    LevelColumn,
    StepColumn,
    NoteColumn,
    ColumnCount
  };

  explicit TrendModel(QObject* parent = nullptr);

  void setTrend(TrendPtr trend);
  void clear();
  const analysis::Trend* trend() const { return m_trend.get(); }
  // The step that starts at a row, if one does.
  const analysis::TrendStep* stepAt(int row) const;
  // "time (s)", for an axis.
  QString measureTitle() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  QString formatValue(double v) const;

  TrendPtr m_trend;
};

}  // namespace tunelab::gui
