#include "tunelab/gui/trend_model.h"

#include <cmath>

#include "tunelab/analysis/format.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"

namespace tunelab::gui {

TrendModel::TrendModel(QObject* parent) : QAbstractTableModel(parent) {}

void TrendModel::setTrend(TrendPtr trend) {
  beginResetModel();
  m_trend = std::move(trend);
  endResetModel();
}

void TrendModel::clear() { setTrend(nullptr); }

const analysis::TrendStep* TrendModel::stepAt(int row) const {
  if (!m_trend) return nullptr;
  for (const auto& s : m_trend->steps)
    if (static_cast<int>(s.index) == row) return &s;
  return nullptr;
}

QString TrendModel::measureTitle() const {
  if (!m_trend) return {};
  const QString measure = toQString(m_trend->measure);
  return m_trend->unit.empty() ? measure
                               : QStringLiteral("%1 (%2)").arg(measure, toQString(m_trend->unit));
}

QString TrendModel::formatValue(double v) const {
  if (!std::isfinite(v)) return undefinedText();
  if (m_trend && m_trend->unit == "s") return formatDuration(v);
  return toQString(analysis::formatCount(v));
}

int TrendModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !m_trend ? 0 : static_cast<int>(m_trend->points.size());
}

int TrendModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrendModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& p = m_trend->points[static_cast<std::size_t>(index.row())];
  const auto* step = stepAt(index.row());
  const bool text = role == Qt::DisplayRole;
  const auto number = [&](double v) -> QVariant {
    if (!p.ok || !std::isfinite(v)) return text ? QVariant(undefinedText()) : QVariant();
    return text ? QVariant(formatValue(v)) : QVariant(v);
  };
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case SessionColumn:
          return toQString(p.name);
        case StartedColumn:
          return text ? formatTimestamp(p.startedAt, false) : toQString(p.startedAt);
        case MedianColumn:
          return number(p.median);
        case LowColumn:
          return number(p.interval.low);
        case HighColumn:
          return number(p.interval.high);
        case LevelColumn:
          if (!p.ok) return text ? QVariant(undefinedText()) : QVariant();
          return text ? QVariant(formatValue(m_trend->levels[p.level].value))
                      : QVariant(m_trend->levels[p.level].value);
        case StepColumn:
          if (!step) return text ? QVariant(QString()) : QVariant();
          return text ? QVariant(QStringLiteral("%1 %2")
                                     .arg(toQString(analysis::stepKindName(step->kind)),
                                          formatSpeedup(step->ratio)))
                      : QVariant(step->ratio);
        case NoteColumn:
          if (!p.ok) return toQString(p.reason);
          return p.noisy ? tr("noisy: CV %1").arg(formatPercent(p.cv, 1)) : QString();
        default:
          return {};
      }
    case Qt::ToolTipRole: {
      QString tip = tr("%1, %2 repetitions").arg(toQString(p.name)).arg(p.count);
      if (!p.revision.empty()) tip += tr(", git %1").arg(toQString(p.revision));
      if (p.ok)
        tip += tr("\nmedian %1, 95% interval %2 – %3, CV %4")
                   .arg(formatValue(p.median), formatValue(p.interval.low),
                        formatValue(p.interval.high), formatPercent(p.cv, 1));
      if (step)
        tip += tr("\n%1 starts here: %2 (%3 – %4), %5 standard errors")
                   .arg(toQString(analysis::stepKindName(step->kind)), formatSpeedup(step->ratio),
                        formatSpeedup(step->ratioInterval.low), formatSpeedup(step->ratioInterval.high),
                        QString::number(step->z, 'f', 1));
      return tip;
    }
    case Qt::TextAlignmentRole: {
      const int c = index.column();
      const bool left = c == SessionColumn || c == StartedColumn || c == NoteColumn;
      return QVariant((left ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    }
    default:
      return {};
  }
}

QVariant TrendModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case SessionColumn:
      return tr("Session");
    case StartedColumn:
      return tr("Started (UTC)");
    case MedianColumn:
      return tr("Median");
    case LowColumn:
      return tr("95% low");
    case HighColumn:
      return tr("95% high");
    case LevelColumn:
      return tr("Level");
    case StepColumn:
      return tr("Step");
    case NoteColumn:
      return tr("Note");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
