#include "tunelab/gui/allocation_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tunelab/analysis/format.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_label.h"
#include "tunelab/model/params.h"

namespace tunelab::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The median of a workload metric over the run's repetitions (from its summary), or NaN.
double metric(const analysis::RunSummary& summary, std::string_view name) {
  for (const auto& m : summary.metrics)
    if (m.name == name) return m.summary.median;
  return kNaN;
}

QVariant sortable(double v) { return std::isfinite(v) ? QVariant(v) : QVariant(); }

}  // namespace

AllocationModel::AllocationModel(QObject* parent) : QAbstractTableModel(parent) {}

void AllocationModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  m_data = std::move(session);
  m_rows.clear();
  m_variants.clear();
  m_categories.clear();
  m_shared.clear();
  if (m_data) {
    const auto& runs = m_data->results.runs;
    const RunLabeler labeler(m_data->report.sharedParamValues);
    m_shared = labeler.shared();
    for (const auto& analysis : m_data->report.allocation) {
      const std::size_t i = analysis.runIndex;
      const auto& summary = m_data->report.runs[i];
      Row row;
      row.label = labeler.label(runs[i]);
      row.variant = toQString(runs[i].variant);
      QString category = labeler.distinct(runs[i]);
      category += (category.isEmpty() ? QString() : QStringLiteral(" ")) +
                  QStringLiteral("p=%1").arg(runs[i].threads * runs[i].ranks);
      row.category = category;
      const double ops = metric(summary, "ops_per_s");
      const double bytes = metric(summary, "bytes_per_s");
      row.fromWorkload = std::isfinite(ops) || std::isfinite(bytes);
      const bool hooked = analysis.allocationsPerSecond.count > 0;
      row.opsPerSecond = row.fromWorkload ? ops
                         : hooked         ? analysis.allocationsPerSecond.median
                                          : kNaN;
      row.bytesPerSecond = row.fromWorkload ? bytes
                           : hooked         ? analysis.bytesPerSecond.median
                                            : kNaN;
      row.peakRss = metric(summary, "peak_rss");
      row.perOperation = kNaN;
      for (const auto& g : m_data->report.netCost) {
        if (g.floorName == runs[i].name) {
          row.floor = true;
          row.perOperation = g.floorNsPerOp;
        }
        for (const auto& c : g.costs)
          if (c.name == runs[i].name) {
            row.net = c;
            row.perOperation = c.nsPerOp;
          }
      }
      row.analysis = &analysis;
      if (!m_variants.contains(row.variant)) m_variants.append(row.variant);
      if (!m_categories.contains(row.category)) m_categories.append(row.category);
      m_rows.push_back(std::move(row));
    }
  }
  endResetModel();
}

void AllocationModel::clear() { setSession(nullptr); }

int AllocationModel::rowOf(const QString& variant, const QString& category) const {
  for (std::size_t i = 0; i < m_rows.size(); ++i)
    if (m_rows[i].variant == variant && m_rows[i].category == category) return static_cast<int>(i);
  return -1;
}

std::vector<QPointF> AllocationModel::utilizationCurve(int row) const {
  std::vector<QPointF> out;
  if (row < 0 || row >= rowCount()) return out;
  for (const auto& p : m_rows[static_cast<std::size_t>(row)].analysis->overTime)
    out.emplace_back(p.x, p.utilization);
  return out;
}

std::vector<QPointF> AllocationModel::fragmentationCurve(int row) const {
  std::vector<QPointF> out;
  if (row < 0 || row >= rowCount()) return out;
  for (const auto& p : m_rows[static_cast<std::size_t>(row)].analysis->overTime)
    out.emplace_back(p.x, p.fragmentation);
  return out;
}

bool AllocationModel::hasCurves() const {
  for (const auto& r : m_rows)
    if (!r.analysis->overTime.empty()) return true;
  return false;
}

QString AllocationModel::curveXName() const {
  for (const auto& r : m_rows)
    if (!r.analysis->overTime.empty()) return toQString(r.analysis->seriesXName);
  return {};
}

QString AllocationModel::rowLabel(int row) const {
  if (row < 0 || row >= rowCount()) return {};
  return m_rows[static_cast<std::size_t>(row)].label;
}

bool AllocationModel::hasNetCosts() const {
  return std::any_of(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.net.has_value(); });
}

bool AllocationModel::isFloor(int row) const {
  return row >= 0 && row < rowCount() && m_rows[static_cast<std::size_t>(row)].floor;
}

const analysis::NetCost* AllocationModel::netCost(int row) const {
  if (row < 0 || row >= rowCount()) return nullptr;
  const auto& net = m_rows[static_cast<std::size_t>(row)].net;
  return net ? &*net : nullptr;
}

int AllocationModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AllocationModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant AllocationModel::value(const Row& row, int column) const {
  const auto& a = *row.analysis;
  switch (column) {
    case RunColumn:
      return row.label;
    case VariantColumn:
      return row.variant;
    case CategoryColumn:
      return row.category;
    case OpsPerSecondColumn:
      return sortable(row.opsPerSecond);
    case BytesPerSecondColumn:
      return sortable(row.bytesPerSecond);
    case PerOperationColumn:
      return sortable(row.perOperation);
    case NetPerOperationColumn:
      return row.net ? sortable(row.net->netNsPerOp) : QVariant();
    case NetIntervalColumn:
      return row.net && row.net->netInterval.defined() ? sortable(row.net->netInterval.low)
                                                       : QVariant();
    case PeakHeapColumn:
      return a.peakLiveBytes.count > 0 ? sortable(a.peakLiveBytes.median) : QVariant();
    case PeakRssColumn:
      return sortable(row.peakRss);
    case UtilizationColumn:
      if (a.utilization) return sortable(a.utilization->median);
      return a.overTime.empty() ? QVariant() : sortable(a.meanUtilization);
    case FragmentationColumn:
      if (a.fragmentation) return sortable(*a.fragmentation);
      return a.overTime.empty() ? QVariant() : sortable(1 - a.meanUtilization);
    case SourceColumn:
      return row.fromWorkload ? tr("workload") : tr("malloc hooks");
    default:
      return {};
  }
}

QString AllocationModel::text(const Row& row, int column) const {
  const QVariant v = value(row, column);
  if (column <= CategoryColumn || column == SourceColumn) return v.toString();
  const auto ns = [](double x) { return toQString(analysis::formatDuration(x * 1e-9)); };
  if (column == NetPerOperationColumn) {
    if (row.floor) return tr("the floor");
    if (!row.net) return undefinedText();
    return row.net->atFloor() ? tr("at the floor (%1)").arg(ns(row.net->netNsPerOp))
                              : ns(row.net->netNsPerOp);
  }
  if (column == NetIntervalColumn) {
    if (!row.net || !row.net->netInterval.defined()) return row.floor ? QString() : undefinedText();
    return QStringLiteral("%1 – %2").arg(ns(row.net->netInterval.low),
                                         ns(row.net->netInterval.high));
  }
  if (!v.isValid()) return undefinedText();
  const double x = v.toDouble();
  switch (column) {
    case OpsPerSecondColumn:
      return toQString(analysis::formatCount(x)) + QStringLiteral("/s");
    case BytesPerSecondColumn:
      return toQString(analysis::formatBytes(x)) + QStringLiteral("/s");
    case PeakHeapColumn:
    case PeakRssColumn:
      return toQString(analysis::formatBytes(x));
    case PerOperationColumn:
      return ns(x);
    default:
      return formatPercent(x, 1);
  }
}

QVariant AllocationModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& row = m_rows[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return text(row, index.column());
    case SortRole:
      return value(row, index.column());
    case Qt::ToolTipRole:
      if (index.column() == UtilizationColumn || index.column() == FragmentationColumn) {
        const auto& a = *row.analysis;
        if (a.utilization) return tr("R = allocated bytes / pool bytes, median over the repetitions");
        if (!a.overTime.empty())
          return tr("mean R over the trace (%1 points); lowest %2, last %3")
              .arg(a.overTime.size())
              .arg(formatPercent(a.minUtilization, 1), formatPercent(a.finalUtilization, 1));
        return tr("the allocator reports no pool size: R is not defined");
      }
      if (index.column() == NetPerOperationColumn || index.column() == NetIntervalColumn) {
        if (row.floor)
          return tr("the loop alone: the other variants of this case are measured net of it");
        if (!row.net) return tr("no floor ran beside this case: nothing to subtract");
        if (!row.net->netInterval.defined())
          return tr("no interval: it needs %1 repetitions of this run and of its floor")
              .arg(analysis::kNetIntervalMinRepetitions);
        return tr(
            "time per operation less the floor's; 95 % bootstrap interval of the "
            "difference of medians");
      }
      if (index.column() == SourceColumn)
        return row.fromWorkload
                   ? tr("rates the workload counted itself (its allocators bypass malloc)")
                   : tr("rates from tunelab's malloc/new hooks over the measured loop");
      return text(row, index.column());
    case Qt::TextAlignmentRole:
      return QVariant((index.column() <= CategoryColumn || index.column() == SourceColumn
                           ? Qt::AlignLeft
                           : Qt::AlignRight) |
                      Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant AllocationModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case RunColumn:
      return tr("Run");
    case VariantColumn:
      return tr("Variant");
    case CategoryColumn:
      return tr("Case");
    case OpsPerSecondColumn:
      return tr("Allocations/s");
    case BytesPerSecondColumn:
      return tr("Bytes/s");
    case PerOperationColumn:
      return tr("Per op");
    case NetPerOperationColumn:
      return tr("Net per op");
    case NetIntervalColumn:
      return tr("Net 95 % interval");
    case PeakHeapColumn:
      return tr("Peak heap");
    case PeakRssColumn:
      return tr("Peak RSS");
    case UtilizationColumn:
      return tr("Utilization R");
    case FragmentationColumn:
      return tr("Fragmentation");
    case SourceColumn:
      return tr("Rates from");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
