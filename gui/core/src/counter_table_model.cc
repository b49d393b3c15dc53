#include "tunelab/gui/counter_table_model.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <cmath>

#include "tunelab/analysis/format.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_label.h"

namespace tunelab::gui {

bool isClockEvent(const QString& event) { return event.endsWith(QLatin1String("-clock")); }

CounterTableModel::CounterTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CounterTableModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  m_data = std::move(session);
  m_rows.clear();
  m_events.clear();
  m_derivedNames.clear();
  if (m_data) {
    const auto& runs = m_data->results.runs;
    const RunLabeler labeler(m_data->report.sharedParamValues);
    std::vector<const std::vector<analysis::DerivedCounter>*> derivedOf(runs.size(), nullptr);
    for (const auto& d : m_data->report.derived) derivedOf[d.runIndex] = &d.counters;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto& run = runs[i];
      if (run.status != model::RunStatus::Ok || run.samples.empty()) continue;
      const auto& summary = m_data->report.runs[i];
      for (const auto& c : summary.counters) {
        const QString name = toQString(c.event);
        if (!m_events.contains(name)) m_events.append(name);
      }
      const auto* derived = derivedOf[i];
      if (derived)
        for (const auto& d : *derived)
          if (!m_derivedNames.contains(toQString(d.name))) m_derivedNames.append(toQString(d.name));
      m_rows.push_back({labeler.label(run), run.threads * run.ranks, &summary, derived});
    }
  }
  endResetModel();
}

void CounterTableModel::clear() { setSession(nullptr); }

const analysis::CounterSummary* CounterTableModel::counter(int row, int eventIndex) const {
  if (row < 0 || row >= rowCount() || eventIndex < 0 || eventIndex >= m_events.size())
    return nullptr;
  for (const auto& c : m_rows[static_cast<std::size_t>(row)].summary->counters)
    if (toQString(c.event) == m_events[eventIndex]) return &c;
  return nullptr;
}

int CounterTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CounterTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : firstDerivedColumn() + static_cast<int>(m_derivedNames.size());
}

const analysis::DerivedCounter* CounterTableModel::derived(const Row& row, int column) const {
  const int i = column - firstDerivedColumn();
  if (i < 0 || i >= m_derivedNames.size() || !row.derived) return nullptr;
  for (const auto& d : *row.derived)
    if (toQString(d.name) == m_derivedNames[i]) return &d;
  return nullptr;
}

QString CounterTableModel::display(const Row& row, int column) const {
  if (column == CaseColumn) return row.label;
  if (column == ThreadsColumn) return QString::number(row.workers);
  if (column >= firstDerivedColumn()) {
    const auto* d = derived(row, column);
    if (!d) return undefinedText();
    return (d->simulated ? QStringLiteral("≈ ") : QString()) + formatMetric(d->value.median);
  }
  const auto* c = counter(static_cast<int>(&row - m_rows.data()), column - FirstEventColumn);
  if (!c) return undefinedText();
  if (!c->supported) return tr("unsupported");
  const double median = c->perExecution.median;
  QString text = isClockEvent(m_events[column - FirstEventColumn])
                     ? formatDuration(median * 1e-9)
                     : toQString(analysis::formatCount(median));
  if (c->simulated) text.prepend(QStringLiteral("≈ "));
  if (c->multiplexed) text += QLatin1Char('*');
  return text;
}

QVariant CounterTableModel::sortValue(const Row& row, int column) const {
  if (column == CaseColumn) return row.label;
  if (column == ThreadsColumn) return row.workers;
  if (column >= firstDerivedColumn()) {
    const auto* d = derived(row, column);
    return d && std::isfinite(d->value.median) ? QVariant(d->value.median) : QVariant();
  }
  const auto* c = counter(static_cast<int>(&row - m_rows.data()), column - FirstEventColumn);
  // Unsupported sorts after every count, as undefined values do everywhere in the GUI.
  if (!c || !c->supported || !std::isfinite(c->perExecution.median)) return {};
  return c->perExecution.median;
}

QString CounterTableModel::tooltip(const Row& row, int column) const {
  if (column < FirstEventColumn) return {};
  if (column >= firstDerivedColumn()) {
    const auto* d = derived(row, column);
    const QString name = m_derivedNames[column - firstDerivedColumn()];
    if (!d)
      return tr("%1: not defined for this run (the events it needs were not counted)").arg(name);
    return tr("%1 = %2: median %3 over %4 repetitions%5")
        .arg(name, toQString(d->formula), formatMetric(d->value.median))
        .arg(d->value.count)
        .arg(d->simulated ? tr(" (from valgrind's simulated counts)") : QString());
  }
  const QString& event = m_events[column - FirstEventColumn];
  const auto* c = counter(static_cast<int>(&row - m_rows.data()), column - FirstEventColumn);
  if (!c) return tr("%1 was not recorded for this run").arg(event);
  if (!c->supported)
    return tr("%1 is unsupported here: %2").arg(event, toQString(c->reason));
  QString text = tr("%1 per execution: median %2, min %3, max %4 over %5 repetitions")
                     .arg(event, formatMetric(c->perExecution.median),
                          formatMetric(c->perExecution.min), formatMetric(c->perExecution.max))
                     .arg(c->perExecution.count);
  if (isClockEvent(event)) text += tr(" (nanoseconds)");
  if (c->simulated) text += QLatin1Char('\n') + tr("simulated by valgrind, not counted by the PMU");
  if (c->multiplexed)
    text += QLatin1Char('\n') +
            tr("multiplexed: the kernel counted it part of the time; scaled by time enabled / "
               "time running");
  return text;
}

QVariant CounterTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& row = m_rows[static_cast<std::size_t>(index.row())];
  const int column = index.column();
  const auto* c = column >= FirstEventColumn && column < firstDerivedColumn()
                      ? counter(index.row(), column - FirstEventColumn)
                      : nullptr;
  switch (role) {
    case Qt::DisplayRole:
      return display(row, column);
    case SortRole:
      return sortValue(row, column);
    case Qt::ToolTipRole: {
      const QString text = tooltip(row, column);
      return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case Qt::TextAlignmentRole:
      return QVariant((column == CaseColumn ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    case Qt::FontRole:
      if (c && c->supported && c->simulated) {
        QFont font;
        font.setItalic(true);
        return font;
      }
      return {};
    case Qt::ForegroundRole:
      // Greyed like disabled text in either palette: "unsupported" is a fact, not a value.
      if (c && !c->supported)
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
      return {};
    default:
      return {};
  }
}

QVariant CounterTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::TextAlignmentRole)
    return QVariant((section == CaseColumn ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  const bool tip = role == Qt::ToolTipRole;
  if (section == CaseColumn) return tr("Case");
  if (section == ThreadsColumn) return tip ? tr("Workers: threads × ranks") : tr("p");
  if (section >= firstDerivedColumn()) {
    const int d = section - firstDerivedColumn();
    if (d >= m_derivedNames.size()) return {};
    return tip ? tr("%1, derived from the counted events (median over the repetitions)")
                     .arg(m_derivedNames[d])
               : m_derivedNames[d];
  }
  const int i = section - FirstEventColumn;
  if (i < 0 || i >= m_events.size()) return {};
  if (!tip) return m_events[i];
  return tr("%1: median per execution over the repetitions%2")
      .arg(m_events[i], isClockEvent(m_events[i]) ? tr(" (a clock: shown as time)") : QString());
}

}  // namespace tunelab::gui
