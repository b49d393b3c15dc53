#include "tunelab/gui/scaling_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/model/params.h"

namespace tunelab::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

ScalingModel::ScalingModel(QObject* parent) : QAbstractTableModel(parent) {}

void ScalingModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  m_data = std::move(session);
  m_rows.clear();
  m_firstRow.clear();
  m_labels.clear();
  const auto& all = series();
  // The parameters every series shares go in the title; a label states only its own.
  std::vector<std::vector<model::Param>> params;
  for (const auto& s : all) params.push_back(s.paramValues);
  const auto shared = analysis::commonParams(params);
  m_commonParams = toQString(model::formatParams(shared));
  const bool oneWorkload = std::all_of(all.begin(), all.end(), [&](const analysis::ScalingSeries& x) {
    return x.workload == all.front().workload;
  });
  for (std::size_t s = 0; s < all.size(); ++s) {
    m_firstRow.push_back(static_cast<int>(m_rows.size()));
    for (std::size_t p = 0; p < all[s].points.size(); ++p)
      m_rows.push_back({static_cast<int>(s), static_cast<int>(p)});
    // Scoped to one workload (the scope bar's usual choice), the workload is the title's to
    // name, and a label is its variant: "jemalloc", not "alloc/jemalloc".
    QString label = oneWorkload ? toQString(all[s].variant)
                                : toQString(all[s].workload) + QLatin1Char('/') + toQString(all[s].variant);
    const auto distinct = analysis::distinctParams(all[s].paramValues, shared);
    if (!distinct.empty()) label += QLatin1Char(' ') + toQString(model::formatParams(distinct));
    m_labels.push_back(label);
  }
  endResetModel();
}

void ScalingModel::clear() { setSession(nullptr); }

const std::vector<analysis::ScalingSeries>& ScalingModel::series() const {
  static const std::vector<analysis::ScalingSeries> kNone;
  return m_data ? m_data->report.scaling : kNone;
}

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
  return static_cast<int>(this->series()[static_cast<std::size_t>(series)].points.size());
}

bool ScalingModel::seriesHasBaseline(int series) const {
  if (series < 0 || series >= seriesCount()) return false;
  return this->series()[static_cast<std::size_t>(series)].hasBaseline;
}

const analysis::AmdahlFit& ScalingModel::amdahl(int series) const {
  static const analysis::AmdahlFit kUndefined;
  if (series < 0 || series >= seriesCount()) return kUndefined;
  return this->series()[static_cast<std::size_t>(series)].amdahl;
}

QString ScalingModel::amdahlText(int series) const {
  const auto& fit = amdahl(series);
  if (!fit.defined) return {};
  QString text = tr("serial fraction f = %1").arg(formatPercent(fit.serialFraction, 1));
  if (fit.serialFractionInterval.defined())
    text += QStringLiteral(" [%1, %2]")
                .arg(formatPercent(fit.serialFractionInterval.low, 1),
                     formatPercent(fit.serialFractionInterval.high, 1));
  if (std::isfinite(fit.ceiling) && fit.ceiling > 0)
    text += tr(", max speedup %1").arg(formatSpeedup(fit.ceiling));
  return text;
}

std::vector<QPointF> ScalingModel::amdahlCurve(int series, int maxWorkers) const {
  const auto& fit = amdahl(series);
  std::vector<QPointF> out;
  // Outside 0 ≤ f ≤ 1 (super-linear, or slower with more workers) Amdahl's law describes
  // nothing, and its curve has a pole between the workers: no curve, the table says why.
  if (!fit.defined || !(fit.serialFraction >= 0 && fit.serialFraction <= 1)) return out;
  for (int p = 1; p <= maxWorkers; ++p)
    out.emplace_back(p, analysis::amdahlSpeedup(fit.serialFraction, p));
  return out;
}

int ScalingModel::maxWorkers() const {
  int out = 0;
  for (const auto& s : series())
    for (const auto& p : s.points) out = std::max(out, p.workers);
  return out;
}

double ScalingModel::maxSpeedup() const {
  double out = 0;
  for (const auto& s : series())
    for (const auto& p : s.points)
      if (std::isfinite(p.speedup)) out = std::max(out, p.speedup);
  for (const auto& s : series())
    for (const auto& p : s.points)
      if (std::isfinite(p.speedupInterval.high)) out = std::max(out, p.speedupInterval.high);
  return out;
}

int ScalingModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ScalingModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScalingModel::value(const RowRef& ref, int column) const {
  const auto s = static_cast<std::size_t>(ref.series);
  const auto& point = this->series()[s].points[static_cast<std::size_t>(ref.point)];
  const auto interval = [&] { return point.speedupInterval; };
  switch (column) {
    case SeriesColumn:
      return seriesLabel(ref.series);
    case WorkersColumn:
      return point.workers;
    case MedianColumn:
      return point.medianSeconds;
    case SpeedupColumn:
      return point.speedup;
    case SpeedupLowColumn:
      return interval().low;
    case SpeedupHighColumn:
      return interval().high;
    case EfficiencyColumn:
      return point.efficiency;
    case EfficiencyLowColumn:
      return interval().low / point.workers;
    case EfficiencyHighColumn:
      return interval().high / point.workers;
    case AmdahlColumn: {
      const auto& fit = amdahl(ref.series);
      return fit.defined ? analysis::amdahlSpeedup(fit.serialFraction, point.workers) : kNaN;
    }
    default:
      return {};
  }
}

QString ScalingModel::tooltip(const RowRef& ref) const {
  const auto s = static_cast<std::size_t>(ref.series);
  const auto& point = this->series()[s].points[static_cast<std::size_t>(ref.point)];
  QString text = tr("%1 at p = %2").arg(seriesLabel(ref.series)).arg(point.workers);
  text += QLatin1Char('\n') + tr("speedup %1 (%2)")
                                  .arg(formatSpeedup(point.speedup))
                                  .arg(std::isfinite(point.speedup)
                                           ? QString::number(point.speedup, 'f', 4)
                                           : undefinedText());
  const double low = value(ref, SpeedupLowColumn).toDouble();
  const double high = value(ref, SpeedupHighColumn).toDouble();
  if (std::isfinite(low) && std::isfinite(high))
    text += tr(", 95% interval [%1, %2]").arg(formatSpeedup(low), formatSpeedup(high));
  else if (point.workers > 1 && seriesHasBaseline(ref.series) && !hasIntervals())
    text += tr(", interval still being computed");
  text += QLatin1Char('\n') + tr("efficiency %1").arg(formatPercent(point.efficiency, 1));
  if (std::isfinite(low) && std::isfinite(high))
    text += QStringLiteral(" [%1, %2]")
                .arg(formatPercent(low / point.workers, 1), formatPercent(high / point.workers, 1));
  if (std::isfinite(point.karpFlatt))
    text += QLatin1Char('\n') + tr("Karp–Flatt serial fraction e = %1").arg(formatPercent(point.karpFlatt, 1));
  const auto& series = this->series()[s];
  if (std::isfinite(point.absoluteSpeedup) && !series.bestSerialVariant.empty() &&
      series.bestSerialVariant != series.variant)
    text += QLatin1Char('\n') + tr("against the fastest serial variant (%1): %2")
                                    .arg(toQString(series.bestSerialVariant),
                                         formatSpeedup(point.absoluteSpeedup));
  text += QLatin1Char('\n') + tr("median wall time %1 over %2 repetitions")
                                  .arg(formatDuration(point.medianSeconds))
                                  .arg(point.samples);
  const double predicted = value(ref, AmdahlColumn).toDouble();
  if (std::isfinite(predicted))
    text += QLatin1Char('\n') + tr("Amdahl fit predicts %1").arg(formatSpeedup(predicted));
  return text;
}

QVariant ScalingModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto ref = m_rows[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      return value(ref, index.column());
    case Qt::ToolTipRole:
      return tooltip(ref);
    case Qt::TextAlignmentRole:
      if (index.column() != SeriesColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
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
    case SpeedupLowColumn:
      return tr("Speedup low (95%)");
    case SpeedupHighColumn:
      return tr("Speedup high (95%)");
    case EfficiencyColumn:
      return tr("Efficiency");
    case EfficiencyLowColumn:
      return tr("Efficiency low (95%)");
    case EfficiencyHighColumn:
      return tr("Efficiency high (95%)");
    case AmdahlColumn:
      return tr("Amdahl speedup");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
