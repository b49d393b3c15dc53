#include "tunelab/gui/region_model.h"

#include <algorithm>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_label.h"

namespace tunelab::gui {

RegionModel::RegionModel(QObject* parent) : QAbstractTableModel(parent) {}

void RegionModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  m_data = std::move(session);
  m_rows.clear();
  m_regions.clear();
  m_shared.clear();
  if (m_data) {
    const auto& runs = m_data->results.runs;
    const RunLabeler labeler(m_data->report.sharedParamValues);
    m_shared = labeler.shared();
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto& run = runs[i];
      const auto& summary = m_data->report.runs[i];
      if (run.status != model::RunStatus::Ok || run.samples.empty() || summary.regions.empty())
        continue;
      for (const auto& r : summary.regions) {
        const QString name = toQString(r.name);
        if (!m_regions.contains(name)) m_regions.append(name);
      }
      m_rows.push_back({labeler.label(run), &summary});
    }
  }
  const double top = maxTotal();
  m_unitSeconds = top >= 1 ? 1 : top >= 1e-3 ? 1e-3 : 1e-6;
  m_unit = m_unitSeconds == 1 ? QStringLiteral("s")
           : m_unitSeconds == 1e-3 ? QStringLiteral("ms") : QStringLiteral("µs");
  endResetModel();
}

void RegionModel::clear() { setSession(nullptr); }

const analysis::RegionSummary* RegionModel::region(int row, int column) const {
  const int i = column - FirstRegionColumn;
  if (row < 0 || row >= rowCount() || i < 0 || i >= m_regions.size()) return nullptr;
  for (const auto& r : m_rows[static_cast<std::size_t>(row)].summary->regions)
    if (toQString(r.name) == m_regions[i]) return &r;
  return nullptr;
}

double RegionModel::maxTotal() const {
  double out = 0;
  for (const auto& row : m_rows) {
    double total = 0;
    for (const auto& r : row.summary->regions) total += r.secondsPerExecution.median;
    out = std::max(out, total);
  }
  return out;
}

QString RegionModel::rowLabel(int row) const {
  if (row < 0 || row >= rowCount()) return {};
  return m_rows[static_cast<std::size_t>(row)].label;
}

int RegionModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RegionModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : FirstRegionColumn + static_cast<int>(m_regions.size());
}

QVariant RegionModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& row = m_rows[static_cast<std::size_t>(index.row())];
  const int column = index.column();
  const auto* r = region(index.row(), column);
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      if (column == LabelColumn) return row.label;
      return r ? r->secondsPerExecution.median / m_unitSeconds : 0.0;
    case Qt::ToolTipRole:
      if (column == LabelColumn) return row.label;
      if (!r) return tr("%1 never entered %2").arg(row.label, m_regions[column - FirstRegionColumn]);
      // Summed over threads: at p threads the share of wall time can pass 100 %.
      return tr("%1, %2: %3 per execution, summed over threads (%4 of the wall time %5)%6")
          .arg(row.label, toQString(r->name), formatDuration(r->secondsPerExecution.median),
               formatPercent(r->shareOfWall, 0), formatDuration(row.summary->wall.median),
               r->overheadSecondsPerExecution > 0
                   ? tr("; net of %1 of recording it (%2 entries)")
                         .arg(formatDuration(r->overheadSecondsPerExecution),
                              QString::number(r->entriesPerExecution, 'g', 4))
                   : QString());
    case Qt::TextAlignmentRole:
      return QVariant((column == LabelColumn ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant RegionModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  if (section == LabelColumn) return tr("Run");
  const int i = section - FirstRegionColumn;
  if (i < 0 || i >= m_regions.size()) return {};
  return tr("%1 (%2 per execution)").arg(m_regions[i], m_unit);
}

}  // namespace tunelab::gui
