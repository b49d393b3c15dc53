#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/gui/loaded_session.h"
#include "tunelab/model/run.h"

namespace tunelab::gui {

// The Regions view's data: one row per successful run that recorded regions (labelled
// "kmeans/threads p=2"), one column per region (assign, update …, in the order the runs
// entered them), each the median time per execution (analysis::summarizeRun). DisplayRole
// holds numbers for the bar mapper, in unit() (s, ms or µs, whichever suits the tallest
// stack); a region a run never entered is 0 there and says so in its tooltip. Region times are summed over threads, so at p threads the stack can
// be up to p times the wall time.
class RegionModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { LabelColumn, FirstRegionColumn };

  explicit RegionModel(QObject* parent = nullptr);

  // Shows a session's regions (its summaries; the model keeps the pointer).
  void setSession(LoadedSessionPtr session);
  void clear();

  const QStringList& regions() const { return m_regions; }
  // The tallest stack, in seconds (0 without rows).
  double maxTotal() const;
  // The unit of the numbers in DisplayRole: "s", "ms" or "µs"; and seconds per that unit.
  const QString& unit() const { return m_unit; }
  double unitSeconds() const { return m_unitSeconds; }
  QString rowLabel(int row) const;
  // The parameters every run shares, for a title.
  const QString& commonParams() const { return m_shared; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    QString label;
    const analysis::RunSummary* summary = nullptr;  // into m_data
  };
  const analysis::RegionSummary* region(int row, int column) const;

  LoadedSessionPtr m_data;
  std::vector<Row> m_rows;
  QStringList m_regions;
  QString m_shared;
  QString m_unit = QStringLiteral("s");
  double m_unitSeconds = 1;
};

}  // namespace tunelab::gui
