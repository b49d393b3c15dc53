#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/gui/loaded_session.h"
#include "tunelab/model/run.h"

namespace tunelab::gui {

// The Counters view: one row per successful run, one column per event (in the order the
// runs list them), each cell the median count per execution over the repetitions
// (analysis::summarizeRun). An event the machine could not count reads "unsupported" —
// never 0 — with the kernel's reason as its tooltip. Counts simulated by valgrind are shown
// in italics with a leading "≈"; multiplexed ones (scaled by time enabled / running) with a
// trailing "*". perf's clocks (task-clock, cpu-clock) count nanoseconds and read as durations.
// After the events come the derived figures (analysis::deriveCounters: IPC, misses per
// kilo-instruction, miss ratios) where the events they need were counted — never a 0 made up
// from unsupported ones.
class CounterTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { CaseColumn, ThreadsColumn, FirstEventColumn };

  explicit CounterTableModel(QObject* parent = nullptr);

  // Shows a session's counters (its summaries; the model keeps the pointer).
  void setSession(LoadedSessionPtr session);
  void clear();

  const QStringList& events() const { return m_events; }
  // The derived figures' names, in the columns after the events.
  const QStringList& derivedNames() const { return m_derivedNames; }
  int firstDerivedColumn() const { return FirstEventColumn + static_cast<int>(m_events.size()); }
  // The summary of an event in a row, or null where the run did not record it.
  const analysis::CounterSummary* counter(int row, int eventIndex) const;
  // Whether any run recorded any event.
  bool hasCounters() const { return !m_events.isEmpty(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    QString label;
    int workers = 1;
    const analysis::RunSummary* summary = nullptr;                   // into m_data
    const std::vector<analysis::DerivedCounter>* derived = nullptr;  // into m_data
  };
  const analysis::DerivedCounter* derived(const Row& row, int column) const;
  QString display(const Row& row, int column) const;
  QVariant sortValue(const Row& row, int column) const;
  QString tooltip(const Row& row, int column) const;

  LoadedSessionPtr m_data;
  std::vector<Row> m_rows;
  QStringList m_events;
  QStringList m_derivedNames;
};

// perf counts clock events in nanoseconds: "task-clock", "cpu-clock".
bool isClockEvent(const QString& event);

}  // namespace tunelab::gui
