#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <vector>

#include "tunelab/analysis/comparison.h"
#include "tunelab/gui/cross_session.h"

namespace tunelab::gui {

// The Compare view's verdict table: analysis::compare's Comparison, one row per benchmark
// in the report order (regressions first), with the primary measure's medians, the ratio
// candidate / baseline with its 95 % interval, the p-value, the verdict and what explains
// it. Rows are coloured by verdict (BackgroundRole: slower red, faster green, noisy amber).
class CompareModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    BenchmarkColumn,
    VerdictColumn,
    MeasureColumn,
    BaselineColumn,
    CandidateColumn,
    RatioColumn,
    LowColumn,
    HighColumn,
    PValueColumn,
    ExplanationColumn,
    ColumnCount
  };

  explicit CompareModel(QObject* parent = nullptr);

  void setComparison(ComparisonPtr comparison);
  void clear();
  const analysis::Comparison* comparison() const { return m_comparison.get(); }
  // One line: "3 compared: 1 slower, 2 unchanged · geometric mean time 1.04× [0.99×, 1.09×]".
  QString summaryText() const;
  // The row's benchmark name without the path segments every benchmark shares
  // ("serial/threads:1" rather than "kmeans/serial/n:2000/d:8/…/threads:1"), for chart labels.
  QString shortName(int row) const;
  // The benchmark of a row, and whether it has a ratio to draw.
  const analysis::BenchmarkComparison& benchmark(int row) const;
  bool hasRatio(int row) const;
  // The colour a verdict is shown in (also the Compare chart's), for a light or dark palette.
  static QColor verdictColor(const QString& verdict, bool dark);
  // "slower", "faster", "unchanged", "noisy", or the status ("failed in candidate" …).
  QString verdictText(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  QVariant value(int row, int column, bool text) const;

  ComparisonPtr m_comparison;
  std::vector<std::size_t> m_order;  // rows → benchmarks
  QStringList m_shortNames;          // by row
};

}  // namespace tunelab::gui
