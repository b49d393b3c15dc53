#include "tunelab/gui/run_table_model.h"

#include <QBrush>
#include <QColor>
#include <cmath>
#include <limits>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/model/params.h"
#include "tunelab/model/status.h"

namespace tunelab::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The raw value for SortRole: undefined stays an invalid QVariant rather than NaN, because
// NaN compares false both ways and would scramble the order of everything around it.
QVariant sortable(double value) { return std::isfinite(value) ? QVariant(value) : QVariant(); }

bool isOk(const model::Run& run) { return run.status == model::RunStatus::Ok; }

}  // namespace

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunTableModel::setSession(LoadedSessionPtr data) {
  beginResetModel();
  m_data = std::move(data);
  m_points.clear();
  m_metricNames.clear();
  m_metricUnits.clear();
  m_distinctParams.clear();
  const auto& all = runs();
  static const std::vector<model::Param> kNone;
  const auto& shared = m_data ? m_data->report.sharedParamValues : kNone;
  m_commonParams = toQString(model::formatParams(shared));
  m_hasDistinctParams = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& run = all[i];
    const auto* point = analysis::findPoint(m_data->report.scaling, run);
    m_points.push_back(point ? std::optional(*point) : std::nullopt);
    const auto distinct = analysis::distinctParams(run.params, shared);
    m_hasDistinctParams = m_hasDistinctParams || !distinct.empty();
    m_distinctParams.push_back(toQString(model::formatParams(distinct)));
    for (const auto& m : m_data->report.runs[i].metrics) {
      const QString name = toQString(m.name);
      if (!m_metricNames.contains(name)) {
        m_metricNames.append(name);
        m_metricUnits.append(toQString(m.unit));
      }
    }
  }
  endResetModel();
}

void RunTableModel::clear() { setSession(nullptr); }

const model::Session& RunTableModel::session() const {
  static const model::Session kNone;
  return m_data ? m_data->results.session : kNone;
}

const std::vector<model::Run>& RunTableModel::runs() const {
  static const std::vector<model::Run> kNone;
  return m_data ? m_data->results.runs : kNone;
}

int RunTableModel::okCount() const {
  int n = 0;
  for (const auto& run : runs()) n += isOk(run);
  return n;
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(runs().size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : FirstMetricColumn + static_cast<int>(m_metricNames.size());
}

const analysis::MetricSummary* RunTableModel::metric(int row, int column) const {
  const int i = column - FirstMetricColumn;
  if (i < 0 || i >= m_metricNames.size()) return nullptr;
  for (const auto& m : summary(row).metrics)
    if (toQString(m.name) == m_metricNames[i]) return &m;
  return nullptr;
}

bool RunTableModel::isNumeric(int column) const {
  return column >= ThreadsColumn && column != StatusColumn;
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const int row = index.row();
  const int column = index.column();
  const auto& run = this->run(row);
  switch (role) {
    case Qt::DisplayRole:
      return display(row, column);
    case SortRole:
      return sortValue(row, column);
    case IdRole:
      return static_cast<qlonglong>(run.id.value());
    case Qt::ToolTipRole: {
      const QString text = tooltip(row, column);
      return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case Qt::TextAlignmentRole:
      return QVariant((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::ForegroundRole:
      if (!isOk(run) && column == StatusColumn) return QBrush(QColor(0xb0, 0x3a, 0x2e));
      return {};
    default:
      return {};
  }
}

QVariant RunTableModel::display(int row, int column) const {
  const auto& run = this->run(row);
  const auto& summary = this->summary(row);
  const auto& point = m_points[static_cast<std::size_t>(row)];
  const bool ok = isOk(run);
  switch (column) {
    case WorkloadColumn:
      return toQString(run.workload);
    case VariantColumn:
      return toQString(run.variant);
    case ParamsColumn:
      return m_distinctParams[static_cast<std::size_t>(row)];
    case ThreadsColumn:
      if (run.ranks > 1) return QStringLiteral("%1 × %2 ranks").arg(run.threads).arg(run.ranks);
      return run.threads;
    case StatusColumn:
      return toQString(model::toString(run.status));
    case RepetitionsColumn:
      return static_cast<qulonglong>(summary.wall.count);
    case MedianColumn:
      return formatDuration(ok ? summary.wall.median : kNaN);
    case CvColumn:
      return formatPercent(ok ? summary.wall.cv : kNaN, 1);
    case CpuPerWallColumn:
      return formatRatio(ok ? summary.cpuUtilization() : kNaN);
    case SpeedupColumn:
      return formatSpeedup(point ? point->speedup : kNaN);
    case EfficiencyColumn:
      return formatPercent(point ? point->efficiency : kNaN, 0);
    default: {
      const auto* m = metric(row, column);
      return formatMetric(m && ok ? m->summary.median : kNaN);
    }
  }
}

QVariant RunTableModel::sortValue(int row, int column) const {
  const auto& run = this->run(row);
  const auto& summary = this->summary(row);
  const auto& point = m_points[static_cast<std::size_t>(row)];
  const bool ok = isOk(run);
  switch (column) {
    case WorkloadColumn:
    case VariantColumn:
    case ParamsColumn:
    case StatusColumn:
      return display(row, column);
    case ThreadsColumn:
      return run.threads * run.ranks;
    case RepetitionsColumn:
      return static_cast<qulonglong>(summary.wall.count);
    case MedianColumn:
      return ok ? sortable(summary.wall.median) : QVariant();
    case CvColumn:
      return ok ? sortable(summary.wall.cv) : QVariant();
    case CpuPerWallColumn:
      return ok ? sortable(summary.cpuUtilization()) : QVariant();
    case SpeedupColumn:
      return point ? sortable(point->speedup) : QVariant();
    case EfficiencyColumn:
      return point ? sortable(point->efficiency) : QVariant();
    default: {
      const auto* m = metric(row, column);
      return m && ok ? sortable(m->summary.median) : QVariant();
    }
  }
}

QString RunTableModel::tooltip(int row, int column) const {
  const auto& run = this->run(row);
  const auto& summary = this->summary(row);
  // A failure's reason is the one thing to read about that row, whichever cell is hovered.
  if (!isOk(run))
    return QStringLiteral("%1: %2").arg(toQString(model::toString(run.status)),
                                        toQString(run.reason));
  switch (column) {
    case WorkloadColumn:
    case VariantColumn:
    case ParamsColumn:
      return toQString(run.name);
    case MedianColumn:
      return tr("median of %1 repetitions; min %2, max %3")
          .arg(summary.wall.count)
          .arg(formatDuration(summary.wall.min), formatDuration(summary.wall.max));
    default: {
      const auto* m = metric(row, column);
      if (!m) return {};
      return tr("median %1%2 over %3 repetitions (min %4, max %5)")
          .arg(formatMetric(m->summary.median),
               m->unit.empty() ? QString() : QStringLiteral(" ") + toQString(m->unit))
          .arg(m->summary.count)
          .arg(formatMetric(m->summary.min), formatMetric(m->summary.max));
    }
  }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::TextAlignmentRole)
    return QVariant((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  const bool tip = role == Qt::ToolTipRole;
  switch (section) {
    case WorkloadColumn:
      return tr("Workload");
    case VariantColumn:
      return tr("Variant");
    case ParamsColumn:
      return tip ? tr("Parameters in which the runs differ; those they share are stated once")
                 : tr("Parameters");
    case ThreadsColumn:
      return tr("Threads");
    case StatusColumn:
      return tr("Status");
    case RepetitionsColumn:
      return tip ? tr("Repetitions stored as samples") : tr("Reps");
    case MedianColumn:
      return tip ? tr("Median wall time per execution") : tr("Median");
    case CvColumn:
      return tip ? tr("Coefficient of variation of the wall time over the repetitions") : tr("CV");
    case CpuPerWallColumn:
      return tip ? tr("CPU time over wall time: about the thread count when all threads work")
                 : tr("CPU/wall");
    case SpeedupColumn:
      return tip ? tr("Speedup T(1)/T(p) against the same variant and parameters at p = 1")
                 : tr("Speedup");
    case EfficiencyColumn:
      return tip ? tr("Efficiency: speedup / p") : tr("Eff.");
    default: {
      const int i = section - FirstMetricColumn;
      if (i < 0 || i >= m_metricNames.size()) return {};
      if (tip) return tr("Median of the metric %1 over the repetitions").arg(m_metricNames[i]);
      const QString& unit = m_metricUnits[i];
      return unit.isEmpty() ? m_metricNames[i]
                            : QStringLiteral("%1 (%2)").arg(m_metricNames[i], unit);
    }
  }
}

}  // namespace tunelab::gui
