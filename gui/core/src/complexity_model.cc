#include "tunelab/gui/complexity_model.h"

#include <cmath>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"

namespace tunelab::gui {

ComplexityModel::ComplexityModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComplexityModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  m_sweeps = session ? session->report.complexity : std::vector<analysis::ComplexitySweep>{};
  m_rows.clear();
  m_firstRow.clear();
  for (std::size_t s = 0; s < m_sweeps.size(); ++s) {
    m_firstRow.push_back(static_cast<int>(m_rows.size()));
    for (std::size_t p = 0; p < m_sweeps[s].sizes.size(); ++p)
      m_rows.push_back({static_cast<int>(s), static_cast<int>(p)});
  }
  endResetModel();
}

void ComplexityModel::clear() { setSession(nullptr); }

QString ComplexityModel::sweepLabel(int sweep) const {
  if (sweep < 0 || sweep >= sweepCount()) return {};
  const auto& s = m_sweeps[static_cast<std::size_t>(sweep)];
  QString out = tr("%1/%2 p=%3 over %4")
                    .arg(toQString(s.workload), toQString(s.variant))
                    .arg(s.workers)
                    .arg(toQString(s.sizeParam));
  if (!s.fixedParams.empty()) out += QStringLiteral(" (%1)").arg(toQString(s.fixedParams));
  return out;
}

QString ComplexityModel::fitText(int sweep) const {
  if (sweep < 0 || sweep >= sweepCount()) return {};
  const auto& fit = m_sweeps[static_cast<std::size_t>(sweep)].fit;
  if (!fit.defined) return tr("no fit (sizes below 1 or times not positive)");
  QString out = tr("%1, RMS %2")
                    .arg(toQString(analysis::complexityName(fit.best.complexity)),
                         formatPercent(fit.best.rms, 1));
  // margin = best RMS / runner-up RMS: near 1, the sweep cannot tell the two classes apart.
  if (fit.margin > 0.7)
    out += tr(" — barely ahead of the next class: widen the range of sizes");
  return out;
}

int ComplexityModel::sweepFirstRow(int sweep) const {
  if (sweep < 0 || sweep >= sweepCount()) return -1;
  return m_firstRow[static_cast<std::size_t>(sweep)];
}

std::vector<QPointF> ComplexityModel::fittedCurve(int sweep, int points) const {
  std::vector<QPointF> out;
  if (sweep < 0 || sweep >= sweepCount() || points < 2) return out;
  const auto& s = m_sweeps[static_cast<std::size_t>(sweep)];
  if (!s.fit.defined || s.sizes.empty()) return out;
  const double lo = std::log(s.sizes.front()), hi = std::log(s.sizes.back());
  for (int i = 0; i < points; ++i) {
    const double n = std::exp(lo + (hi - lo) * i / (points - 1));
    out.emplace_back(n, analysis::predictTime(s.fit.best, n));
  }
  return out;
}

int ComplexityModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ComplexityModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComplexityModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto ref = m_rows[static_cast<std::size_t>(index.row())];
  const auto& s = m_sweeps[static_cast<std::size_t>(ref.sweep)];
  const auto p = static_cast<std::size_t>(ref.point);
  const double fitted = s.fit.defined ? analysis::predictTime(s.fit.best, s.sizes[p])
                                      : std::nan("");
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case SweepColumn:
          return sweepLabel(ref.sweep);
        case SizeColumn:
          return s.sizes[p];
        case MedianColumn:
          return role == SortRole ? QVariant(s.medianSeconds[p])
                                  : QVariant(formatDuration(s.medianSeconds[p]));
        case FittedColumn:
          return role == SortRole ? QVariant(fitted) : QVariant(formatDuration(fitted));
        case ClassColumn:
          return s.fit.defined ? toQString(analysis::complexityName(s.fit.best.complexity))
                               : undefinedText();
        default:
          return {};
      }
    case Qt::ToolTipRole:
      return tr("%1 at %2 = %3: median %4, the fit says %5\n%6")
          .arg(sweepLabel(ref.sweep), toQString(s.sizeParam), formatMetric(s.sizes[p]),
               formatDuration(s.medianSeconds[p]), formatDuration(fitted), fitText(ref.sweep));
    case Qt::TextAlignmentRole:
      return QVariant((index.column() == SweepColumn ? Qt::AlignLeft : Qt::AlignRight) |
                      Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant ComplexityModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case SweepColumn:
      return tr("Sweep");
    case SizeColumn:
      return tr("Size");
    case MedianColumn:
      return tr("Median time");
    case FittedColumn:
      return tr("Fitted time");
    case ClassColumn:
      return tr("Class");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
