#include "tunelab/gui/roofline_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_label.h"

namespace tunelab::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double metric(const analysis::RunSummary& summary, std::string_view name) {
  for (const auto& m : summary.metrics)
    if (m.name == name) return m.summary.median;
  return kNaN;
}

}  // namespace

RooflineModel::RooflineModel(QObject* parent) : QAbstractTableModel(parent) {}

void RooflineModel::setSession(LoadedSessionPtr session) {
  m_data = std::move(session);
  rebuild();
}

void RooflineModel::setFallbackCeilings(const analysis::MachineCeilings& ceilings,
                                        const QString& source) {
  m_fallback = ceilings;
  m_fallbackSource = source;
  rebuild();
}

void RooflineModel::clear() {
  m_data.reset();
  rebuild();
}

void RooflineModel::rebuild() {
  beginResetModel();
  m_rows.clear();
  m_variants.clear();
  m_own = {};
  if (m_data) {
    const auto& runs = m_data->results.runs;
    m_own = m_data->report.ceilings;  // analysed on the loader's thread
    const RunLabeler labeler(m_data->report.sharedParamValues);
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto& run = runs[i];
      if (run.status != model::RunStatus::Ok || run.workload == "machine") continue;
      const double gflops = metric(m_data->report.runs[i], "gflops");
      const double intensity = metric(m_data->report.runs[i], "arithmetic_intensity");
      if (!(gflops > 0) || !(intensity > 0)) continue;  // log axes: positive values only
      const QString variant = toQString(run.workload) + QLatin1Char('/') + toQString(run.variant);
      if (!m_variants.contains(variant)) m_variants.append(variant);
      m_rows.push_back({labeler.label(run), variant, intensity, gflops});
    }
  }
  endResetModel();
}

const analysis::MachineCeilings& RooflineModel::ceilings() const {
  return m_own.any() ? m_own : m_fallback;
}

QString RooflineModel::ceilingsSource() const {
  if (m_own.any()) return tr("this session's machine runs");
  if (m_fallback.any()) return m_fallbackSource;
  return {};
}

QString RooflineModel::notMeasuredText() {
  return tr("ceilings not measured: run `tunelab info --measure`");
}

QString RooflineModel::rowVariant(int row) const {
  if (row < 0 || row >= rowCount()) return {};
  return m_rows[static_cast<std::size_t>(row)].variant;
}

double RooflineModel::attainable(double intensity) const {
  const auto& c = ceilings();
  const auto& peak = c.peakF64 ? c.peakF64 : c.peakF32;
  if (!c.bandwidth || !peak) return kNaN;
  return std::min(peak->value, c.bandwidth->value * intensity);
}

int RooflineModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RooflineModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant RooflineModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& row = m_rows[static_cast<std::size_t>(index.row())];
  const double roof = attainable(row.intensity);
  const bool display = role == Qt::DisplayRole;
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case RunColumn:
          return row.label;
        case VariantColumn:
          return row.variant;
        case IntensityColumn:
          return display ? QVariant(formatMetric(row.intensity)) : QVariant(row.intensity);
        case GflopsColumn:
          return display ? QVariant(formatMetric(row.gflops)) : QVariant(row.gflops);
        case PercentOfPeakColumn:
          if (!std::isfinite(roof)) return display ? QVariant(undefinedText()) : QVariant();
          return display ? QVariant(formatPercent(row.gflops / roof, 0)) : QVariant(row.gflops / roof);
        default:
          return {};
      }
    case Qt::ToolTipRole:
      return tr("%1: %2 GFLOP/s at %3 FLOP/B%4")
          .arg(row.label, formatMetric(row.gflops), formatMetric(row.intensity),
               std::isfinite(roof) ? tr("; the roof there is %1 GFLOP/s (%2 reached)")
                                         .arg(formatMetric(roof), formatPercent(row.gflops / roof, 0))
                                   : QStringLiteral("; ") + notMeasuredText());
    case Qt::TextAlignmentRole:
      return QVariant((index.column() <= VariantColumn ? Qt::AlignLeft : Qt::AlignRight) |
                      Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant RooflineModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case RunColumn:
      return tr("Run");
    case VariantColumn:
      return tr("Variant");
    case IntensityColumn:
      return tr("Arithmetic intensity (FLOP/B)");
    case GflopsColumn:
      return tr("GFLOP/s");
    case PercentOfPeakColumn:
      return tr("Of the roof");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
