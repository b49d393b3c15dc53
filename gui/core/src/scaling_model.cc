#include "tunelab/gui/scaling_model.h"

#include <algorithm>
#include <cmath>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/shared_params.h"
#include "tunelab/model/params.h"

namespace tunelab::gui {

ScalingModel::ScalingModel(QObject* parent) : QAbstractTableModel(parent) {}

void ScalingModel::setResults(const std::vector<model::Run>& runs) {
  beginResetModel();
  m_series = analysis::scalingSeries(runs);
  m_rows.clear();
  m_firstRow.clear();
  m_labels.clear();
  // ScalingSeries carries its parameters formatted; one run of each series has them as
  // values, which is what telling shared from distinct parameters needs.
  std::vector<model::Run> representatives;
  for (const auto& series : m_series) {
    for (const auto& run : runs) {
      if (run.workload == series.workload && run.variant == series.variant &&
          model::formatParams(run.params) == series.params) {
        representatives.push_back(run);
        break;
      }
    }
  }
  const auto shared = sharedParams(representatives);
  m_commonParams = toQString(model::formatParams(shared));
  for (std::size_t s = 0; s < m_series.size(); ++s) {
    m_firstRow.push_back(static_cast<int>(m_rows.size()));
    for (std::size_t p = 0; p < m_series[s].points.size(); ++p)
      m_rows.push_back({static_cast<int>(s), static_cast<int>(p)});
    QString label =
        toQString(m_series[s].workload) + QLatin1Char('/') + toQString(m_series[s].variant);
    const auto distinct = s < representatives.size()
                              ? distinctParams(representatives[s].params, shared)
                              : std::vector<model::Param>{};
    if (!distinct.empty()) label += QLatin1Char(' ') + toQString(model::formatParams(distinct));
    m_labels.push_back(label);
  }
  endResetModel();
}

void ScalingModel::clear() { setResults({}); }

QString ScalingModel::seriesLabel(int series) const {
  if (series < 0 || series >= seriesCount()) return {};
  return m_labels[static_cast<std::size_t>(series)];
}

int ScalingModel::seriesFirstRow(int series) const {
  if (series < 0 || series >= seriesCount()) return -1;
  return m_firstRow[static_cast<std::size_t>(series)];
}

int ScalingModel::seriesRowCount(int series) const {
  if (series < 0 || series >= seriesCount()) return 0;
  return static_cast<int>(m_series[static_cast<std::size_t>(series)].points.size());
}

bool ScalingModel::seriesHasBaseline(int series) const {
  if (series < 0 || series >= seriesCount()) return false;
  return m_series[static_cast<std::size_t>(series)].hasBaseline;
}

int ScalingModel::maxWorkers() const {
  int out = 0;
  for (const auto& s : m_series)
    for (const auto& p : s.points) out = std::max(out, p.workers);
  return out;
}

double ScalingModel::maxSpeedup() const {
  double out = 0;
  for (const auto& s : m_series)
    for (const auto& p : s.points)
      if (std::isfinite(p.speedup)) out = std::max(out, p.speedup);
  return out;
}

int ScalingModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ScalingModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScalingModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto ref = m_rows[static_cast<std::size_t>(index.row())];
  const auto& point =
      m_series[static_cast<std::size_t>(ref.series)].points[static_cast<std::size_t>(ref.point)];
  const auto column = static_cast<Column>(index.column());
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (column) {
        case SeriesColumn:
          return seriesLabel(ref.series);
        case WorkersColumn:
          return point.workers;
        case MedianColumn:
          return point.medianSeconds;
        case SpeedupColumn:
          return point.speedup;
        case EfficiencyColumn:
          return point.efficiency;
        case ColumnCount:
          break;
      }
      break;
    case Qt::ToolTipRole:
      return tr("%1, p = %2: median %3, speedup %4, efficiency %5")
          .arg(seriesLabel(ref.series))
          .arg(point.workers)
          .arg(formatDuration(point.medianSeconds), formatSpeedup(point.speedup),
               formatPercent(point.efficiency, 0));
    case Qt::TextAlignmentRole:
      if (column != SeriesColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
      break;
    default:
      break;
  }
  return {};
}

QVariant ScalingModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case SeriesColumn:
      return tr("Series");
    case WorkersColumn:
      return tr("Workers");
    case MedianColumn:
      return tr("Median (s)");
    case SpeedupColumn:
      return tr("Speedup");
    case EfficiencyColumn:
      return tr("Efficiency");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
