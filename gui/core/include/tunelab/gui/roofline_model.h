#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <optional>
#include <vector>

#include "tunelab/analysis/ceilings.h"
#include "tunelab/gui/loaded_session.h"

namespace tunelab::gui {

// The Roofline view's data: one row per successful run that reports both `gflops` and
// `arithmetic_intensity` (the workloads' convention: achieved GFLOP/s and FLOP per byte of
// memory traffic), as medians over the repetitions; and the machine's ceilings — memory
// bandwidth and fp32/fp64 peaks — as tunelab measured them (analysis::machineCeilings over
// the `machine` workload's runs). Ceilings are never typed in: without measured ones the
// view says how to measure them. The machine workload's own runs are the ceilings, not points.
class RooflineModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { RunColumn, VariantColumn, IntensityColumn, GflopsColumn, PercentOfPeakColumn, ColumnCount };

  explicit RooflineModel(QObject* parent = nullptr);

  // The session's points; its own machine runs, if any, give the ceilings.
  void setSession(LoadedSessionPtr session);
  // Ceilings measured in another session of the database (`tunelab info --measure`), used
  // when the session shown has none of its own. `source` names it ("session 4 "machine"").
  void setFallbackCeilings(const analysis::MachineCeilings& ceilings, const QString& source);
  void clear();

  // The ceilings in use (the session's own, else the fallback), and where they come from.
  const analysis::MachineCeilings& ceilings() const;
  bool hasCeilings() const { return ceilings().any(); }
  QString ceilingsSource() const;
  // "ceilings not measured: run `tunelab info --measure`" when there are none.
  static QString notMeasuredText();
  const QStringList& variants() const { return m_variants; }
  QString rowVariant(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    QString label, variant;
    double intensity = 0, gflops = 0;
  };
  void rebuild();
  // The attainable GFLOP/s at an intensity: min(peak, bandwidth × intensity); NaN without both.
  double attainable(double intensity) const;

  LoadedSessionPtr m_data;
  std::vector<Row> m_rows;
  QStringList m_variants;
  analysis::MachineCeilings m_own;
  analysis::MachineCeilings m_fallback;
  QString m_fallbackSource;
};

}  // namespace tunelab::gui
