#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "tunelab/analysis/ann.h"
#include "tunelab/gui/loaded_session.h"

namespace tunelab::gui {

// The ANN view's data, from LoadedSession::ann (analysis/ann.h: the scope's runs at every
// value of the index's knobs): the nearest-neighbour cases of one group — one data set at one
// worker count, the cases whose Pareto front is one — one row per case, as the terminal
// report's ANN section lists them (by recall@k, then q/s, descending): its variant, the knobs
// that differ among the group's cases, recall@1 and @k, queries/s, time per query, memory
// per vector, training and encoding time, and whether it is on the front. The group's
// cases and series are what the chart draws (gui::drawAnnChart). A session of several data
// sets or worker counts has a group each; the view offers them.
class AnnModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    VariantColumn,
    KnobsColumn,
    RecallAt1Column,
    RecallAtKColumn,
    QpsColumn,
    MsPerQueryColumn,
    BytesColumn,
    TrainColumn,
    EncodeColumn,
    FrontColumn,
    ColumnCount
  };

  explicit AnnModel(QObject* parent = nullptr);

  // Keeps the group shown (the same data set and worker count) where the new session has it.
  void setSession(LoadedSessionPtr session);
  void clear();

  // The groups, in the analysis' order (data set first seen, then worker count ascending):
  // "p=1", "p=2"; with several data sets, each group's data first ("n:10000 · p=1").
  int groupCount() const { return static_cast<int>(m_groups.size()); }
  QString groupLabel(int group) const;
  int group() const { return m_group; }
  void setGroup(int group);

  // The group's cases (the rows, in order) and its series, whose cases index cases().
  const std::vector<analysis::AnnCase>& cases() const { return m_cases; }
  const std::vector<analysis::AnnSeries>& series() const { return m_series; }
  int seriesCount() const { return static_cast<int>(m_series.size()); }
  QString seriesLabel(int series) const;
  // The series a row's case is in; the row of a series' point (series()[s].cases[point]).
  int seriesOfRow(int row) const;
  int rowOf(int series, int point) const;
  // Every variant in the ANN scope, in first-seen order: a variant's colour is its place
  // here, the same whichever group is shown.
  const std::vector<std::string>& variants() const { return m_variants; }
  // The knobs whose value differs among the group's cases (the Knobs column shows these).
  const QStringList& varyingKnobs() const { return m_varyingKnobs; }
  // The group's data and worker count ("dataset:synthetic n:10000 nq:200 d:64 k:10 · p=1"):
  // the chart's subtitle.
  QString groupText() const;
  // Whether the session holds ann runs outside the scope (another workload is chosen).
  bool annOutsideScope() const;
  // The scope the session was loaded in, and the one the chart shows (the knobs open).
  QString scopeText() const;
  QString annScopeText() const;
  // The colour the chart gives each series, shown beside its rows (DecorationRole).
  void setSeriesColours(const std::vector<QColor>& colours);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Group {
    std::string workload;
    std::string data;  // AnnCase::data
    int workers = 1;
    std::vector<model::Param> dataParams;
    bool same(const Group& o) const {
      return workload == o.workload && data == o.data && workers == o.workers;
    }
  };
  void select(int group);  // fills the group's cases and series, without a reset

  LoadedSessionPtr m_data;
  std::vector<Group> m_groups;
  int m_group = -1;
  std::vector<analysis::AnnCase> m_cases;
  std::vector<analysis::AnnSeries> m_series;
  std::vector<int> m_seriesOfRow;
  std::vector<std::string> m_variants;
  QStringList m_varyingKnobs;
  std::vector<QColor> m_colours;
};

}  // namespace tunelab::gui
