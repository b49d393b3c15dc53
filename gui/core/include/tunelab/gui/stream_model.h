#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QPointF>
#include <QString>
#include <vector>

#include "tunelab/analysis/stream.h"
#include "tunelab/gui/loaded_session.h"

namespace tunelab::gui {

// The Stream view's data, from LoadedSession::stream (analysis/stream.h: the scope's runs at
// every offered rate, which a curve spreads along): one row per event-stream case — its curve (the configuration: variant, p, batch, wait …,
// named as the chart's legend names it), the offered rate or the closed loop, the achieved
// events/s, the typical repetition's latency percentiles, the mean batch, the queues'
// occupancy and backpressure — grouped by curve, each curve's by offered rate; and the
// throughput–p99 curves themselves, in the same order.
class StreamModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    CurveColumn,
    OfferedColumn,
    EventsColumn,
    P50Column,
    P99Column,
    P999Column,
    MaxColumn,
    MeanBatchColumn,
    QueueColumn,
    BlockedColumn,
    PerCpuColumn,
    RunColumn,
    ColumnCount
  };

  explicit StreamModel(QObject* parent = nullptr);

  void setSession(LoadedSessionPtr session);
  void clear();

  int curveCount() const { return static_cast<int>(curves().size()); }
  const std::vector<analysis::StreamCurve>& curves() const;
  QString curveLabel(int curve) const;
  // The row of a curve's point (curves()[curve].points[point]); −1 if none.
  int rowOf(int curve, int point) const;
  // Which curve a row's case is on.
  int curveOfRow(int row) const;
  // What every stream case shares ("query:score events:200000 …"): the chart's subtitle.
  const QString& commonParams() const { return m_shared; }
  // The scope the session was loaded in, and the one the curves show (the same with the
  // offered rate open): "stream · query:score rate:max", "stream · query:score".
  QString scopeText() const;
  QString streamScopeText() const;
  // The colour the chart gives each curve, shown beside its rows (DecorationRole).
  void setCurveColours(const std::vector<QColor>& colours);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    const analysis::StreamCase* c = nullptr;
    int curve = -1;
    QString run;  // the run's label, as the run table names it
  };

  LoadedSessionPtr m_data;
  std::vector<Row> m_rows;
  std::vector<std::vector<int>> m_rowOfPoint;  // [curve][point] → row
  std::vector<QColor> m_colours;
  QString m_shared;
};

}  // namespace tunelab::gui
