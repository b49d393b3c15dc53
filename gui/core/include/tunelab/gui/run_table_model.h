#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <optional>
#include <vector>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/gui/loaded_session.h"
#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::gui {

// One row per run of a session, as the CLI's report table shows it: the case, its status,
// the median wall time and its spread, speedup and efficiency against p = 1, and the median
// of every metric the workload reported (one column per metric name, first-seen order).
//
// The parameters column lists what differs between the runs; the parameters they all share
// are given once by commonParams() (analysis::SessionReport::sharedParamValues).
//
// DisplayRole is formatted text ("10.3 ms", "1.39×", "–" when undefined); SortRole is the
// raw value behind it; a failed run shows its status, and its reason as the row's tooltip.
// All numbers come from the session's analysis::SessionReport (its run summaries and scaling
// series).
class RunTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    WorkloadColumn,
    VariantColumn,
    ParamsColumn,
    ThreadsColumn,
    StatusColumn,
    RepetitionsColumn,
    MedianColumn,
    CvColumn,
    CpuPerWallColumn,
    SpeedupColumn,
    EfficiencyColumn,
    FirstMetricColumn,  // metric columns follow, metricNames().size() of them
  };

  explicit RunTableModel(QObject* parent = nullptr);

  // Shows a session; the model keeps the pointer (no copy of the runs).
  void setSession(LoadedSessionPtr session);
  void clear();

  const model::Session& session() const;
  const std::vector<model::Run>& runs() const;
  const QStringList& metricNames() const { return m_metricNames; }
  // "n:20000/d:8/…": the parameters every run has alike; empty when they have none in common.
  const QString& commonParams() const { return m_commonParams; }
  // Whether any run has a parameter the others lack or set differently, i.e. whether the
  // parameters column says anything.
  bool hasDistinctParams() const { return m_hasDistinctParams; }
  int okCount() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  QVariant display(int row, int column) const;
  QVariant sortValue(int row, int column) const;
  QString tooltip(int row, int column) const;
  // The summary of a metric column's metric in a row, if that run reported it.
  const analysis::MetricSummary* metric(int row, int column) const;
  bool isNumeric(int column) const;

  const model::Run& run(int row) const { return runs()[static_cast<std::size_t>(row)]; }
  const analysis::RunSummary& summary(int row) const {
    return m_data->report.runs[static_cast<std::size_t>(row)];
  }

  LoadedSessionPtr m_data;
  std::vector<std::optional<analysis::ScalingPoint>> m_points;  // parallel to the runs
  std::vector<QString> m_distinctParams;                        // parallel to the runs
  QString m_commonParams;
  bool m_hasDistinctParams = false;
  QStringList m_metricNames;
  QStringList m_metricUnits;
};

}  // namespace tunelab::gui
