#include "tunelab/gui/stream_model.h"

#include <cmath>

#include "tunelab/analysis/format.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"

namespace tunelab::gui {

namespace {

const std::vector<analysis::StreamCurve> kNoCurves;

QVariant sortable(double v) { return std::isfinite(v) ? QVariant(v) : QVariant(); }
QString micros(double us) { return formatDuration(us * 1e-6); }
QString count(double v) { return toQString(analysis::formatCount(v)); }

}  // namespace

StreamModel::StreamModel(QObject* parent) : QAbstractTableModel(parent) {}

void StreamModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  m_data = std::move(session);
  m_rows.clear();
  m_rowOfPoint.clear();
  m_colours.clear();
  m_shared.clear();
  if (m_data) {
    const auto& stream = m_data->stream;
    m_shared = m_data->streamShared;
    m_rowOfPoint.resize(stream.curves.size());
    for (std::size_t k = 0; k < stream.curves.size(); ++k)
      m_rowOfPoint[k].assign(stream.curves[k].points.size(), -1);
    for (std::size_t i = 0; i < stream.cases.size(); ++i) {
      const auto& c = stream.cases[i];
      Row row;
      row.c = &c;
      row.run = m_data->streamRunLabels[i];
      for (std::size_t k = 0; k < stream.curves.size(); ++k) {
        const auto& points = stream.curves[k].points;
        for (std::size_t p = 0; p < points.size(); ++p)
          if (points[p].runIndex == c.runIndex) {
            row.curve = static_cast<int>(k);
            m_rowOfPoint[k][p] = static_cast<int>(m_rows.size());
          }
      }
      m_rows.push_back(std::move(row));
    }
  }
  endResetModel();
}

void StreamModel::clear() { setSession(nullptr); }

const std::vector<analysis::StreamCurve>& StreamModel::curves() const {
  return m_data ? m_data->stream.curves : kNoCurves;
}

QString StreamModel::scopeText() const {
  return m_data ? toQString(analysis::describe(m_data->scope)) : QString();
}

QString StreamModel::streamScopeText() const {
  return m_data ? toQString(analysis::describe(m_data->streamScope)) : QString();
}

QString StreamModel::curveLabel(int curve) const {
  if (curve < 0 || curve >= curveCount()) return {};
  return toQString(curves()[static_cast<std::size_t>(curve)].label);
}

int StreamModel::rowOf(int curve, int point) const {
  if (curve < 0 || curve >= static_cast<int>(m_rowOfPoint.size())) return -1;
  const auto& rows = m_rowOfPoint[static_cast<std::size_t>(curve)];
  return point >= 0 && point < static_cast<int>(rows.size()) ? rows[static_cast<std::size_t>(point)] : -1;
}

int StreamModel::curveOfRow(int row) const {
  return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)].curve : -1;
}

void StreamModel::setCurveColours(const std::vector<QColor>& colours) {
  m_colours = colours;
  if (rowCount() > 0) emit dataChanged(index(0, CurveColumn), index(rowCount() - 1, CurveColumn), {Qt::DecorationRole});
}

int StreamModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int StreamModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant StreamModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const Row& row = m_rows[static_cast<std::size_t>(index.row())];
  const analysis::StreamCase& c = *row.c;
  const bool display = role == Qt::DisplayRole;
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case CurveColumn:
          return display ? curveLabel(row.curve) : QVariant(row.curve);
        case OfferedColumn:
          // The closed loop sorts last, as the curve draws it: "offered ∞".
          if (!display) return c.closedLoop() ? QVariant(INFINITY) : QVariant(c.offeredRate);
          return c.closedLoop() ? tr("closed loop") : count(c.offeredRate);
        case EventsColumn:
          return display ? count(c.eventsPerSecond) + (c.fellBehind() ? QStringLiteral("!") : QString())
                         : sortable(c.eventsPerSecond);
        case P50Column:
          return display ? QVariant(micros(c.p50Us)) : sortable(c.p50Us);
        case P99Column:
          return display ? QVariant(micros(c.p99Us)) : sortable(c.p99Us);
        case P999Column:
          return display ? QVariant(micros(c.p999Us)) : sortable(c.p999Us);
        case MaxColumn:
          return display ? QVariant(micros(c.maxUs)) : sortable(c.maxUs);
        case MeanBatchColumn:
          return display ? QVariant(std::isfinite(c.meanBatch) ? QString::number(c.meanBatch, 'f', 1)
                                                               : undefinedText())
                         : sortable(c.meanBatch);
        case QueueColumn:
          return display ? QVariant(formatPercent(c.queueOccupancy, 0)) : sortable(c.queueOccupancy);
        case BlockedColumn:
          return display ? QVariant(formatPercent(c.blockedFraction, 1)) : sortable(c.blockedFraction);
        case PerCpuColumn:
          return display ? QVariant(count(c.eventsPerCpuSecond)) : sortable(c.eventsPerCpuSecond);
        case RunColumn:
          return row.run;
        default:
          return {};
      }
    case Qt::DecorationRole:
      if (index.column() == CurveColumn && row.curve >= 0 &&
          row.curve < static_cast<int>(m_colours.size()))
        return m_colours[static_cast<std::size_t>(row.curve)];
      return {};
    case Qt::ToolTipRole: {
      QString tip = tr("%1, %2: %3 events/s achieved; latency p50 %4, p99 %5, p99.9 %6, max %7 "
                       "(repetition %8 of %9, the one closest to the median wall time)")
                        .arg(curveLabel(row.curve),
                             c.closedLoop() ? tr("closed loop") : tr("offered %1 events/s").arg(count(c.offeredRate)),
                             count(c.eventsPerSecond), micros(c.p50Us), micros(c.p99Us),
                             micros(c.p999Us), micros(c.maxUs))
                        .arg(c.typicalRepetition + 1)
                        .arg(c.repetitions);
      if (c.fellBehind())
        tip += tr(". It fell behind: below %1 of the offered rate, its queue grew all along, and "
                  "its latency measures how long it ran")
                   .arg(formatPercent(analysis::kKeptUpShare, 0));
      return tip;
    }
    case Qt::TextAlignmentRole:
      return QVariant((index.column() == CurveColumn || index.column() == RunColumn ? Qt::AlignLeft
                                                                                     : Qt::AlignRight) |
                      Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant StreamModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case OfferedColumn:
        return tr("The open-loop arrival rate (events/s); closed loop: as fast as it goes");
      case EventsColumn:
        return tr("Achieved events per second, median over the repetitions; ! where below %1 of "
                  "the offered rate (it fell behind)")
            .arg(formatPercent(analysis::kKeptUpShare, 0));
      case P50Column:
      case P99Column:
      case P999Column:
      case MaxColumn:
        return tr("Latency of the typical repetition, from each event's scheduled arrival (open "
                  "loop) or its ingestion (closed loop)");
      case MeanBatchColumn:
        return tr("Events per batch sent, mean");
      case QueueColumn:
        return tr("Mean occupancy of the queues");
      case BlockedColumn:
        return tr("The producers' share of time blocked by backpressure");
      case PerCpuColumn:
        return tr("Events per second of CPU time");
      default:
        return {};
    }
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case CurveColumn:
      return tr("Series");
    case OfferedColumn:
      return tr("Offered");
    case EventsColumn:
      return tr("Events/s");
    case P50Column:
      return tr("p50");
    case P99Column:
      return tr("p99");
    case P999Column:
      return tr("p99.9");
    case MaxColumn:
      return tr("max");
    case MeanBatchColumn:
      return tr("Mean batch");
    case QueueColumn:
      return tr("Queue");
    case BlockedColumn:
      return tr("Blocked");
    case PerCpuColumn:
      return tr("Per CPU-s");
    case RunColumn:
      return tr("Run");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
