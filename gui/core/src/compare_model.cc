#include "tunelab/gui/compare_model.h"

#include <QGuiApplication>
#include <QPalette>
#include <algorithm>
#include <cmath>

#include "tunelab/analysis/format.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"

namespace tunelab::gui {

namespace {

QString formatValue(double v, const std::string& unit) {
  if (!std::isfinite(v)) return undefinedText();
  if (unit == "s") return formatDuration(v);
  if (unit == "B") return toQString(analysis::formatBytes(v));
  return toQString(analysis::formatCount(v));
}

QVariant sortable(double v) { return std::isfinite(v) ? QVariant(v) : QVariant(); }

bool darkPalette() {
  return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

}  // namespace

CompareModel::CompareModel(QObject* parent) : QAbstractTableModel(parent) {}

void CompareModel::setComparison(ComparisonPtr comparison) {
  beginResetModel();
  m_comparison = std::move(comparison);
  m_order = m_comparison ? analysis::reportOrder(*m_comparison) : std::vector<std::size_t>{};
  // Segments of the names ("kmeans", "n:2000" …) that every benchmark has say nothing in a
  // chart label; the rest tells the benchmarks apart.
  m_shortNames.clear();
  std::vector<QStringList> parts;
  for (std::size_t row = 0; row < m_order.size(); ++row)
    parts.push_back(toQString(m_comparison->benchmarks[m_order[row]].name).split(QLatin1Char('/')));
  for (const auto& p : parts) {
    QStringList kept;
    for (const QString& segment : p) {
      const bool everywhere = parts.size() > 1 && std::all_of(parts.begin(), parts.end(),
                                                              [&](const QStringList& o) { return o.contains(segment); });
      if (!everywhere) kept << segment;
    }
    m_shortNames << (kept.isEmpty() ? p.join(QLatin1Char('/')) : kept.join(QLatin1Char('/')));
  }
  endResetModel();
}

void CompareModel::clear() { setComparison(nullptr); }

const analysis::BenchmarkComparison& CompareModel::benchmark(int row) const {
  return m_comparison->benchmarks[m_order[static_cast<std::size_t>(row)]];
}

QString CompareModel::shortName(int row) const { return m_shortNames.value(row); }

bool CompareModel::hasRatio(int row) const {
  if (row < 0 || row >= rowCount()) return false;
  const auto& b = benchmark(row);
  return b.status == analysis::BenchmarkStatus::Compared && std::isfinite(b.primary.result.ratio);
}

QString CompareModel::verdictText(int row) const {
  const auto& b = benchmark(row);
  if (b.status != analysis::BenchmarkStatus::Compared)
    return toQString(analysis::benchmarkStatusName(b.status));
  return toQString(analysis::verdictName(b.primary.result.verdict));
}

QColor CompareModel::verdictColor(const QString& verdict, bool dark) {
  // Tableau's red, green and amber, darkened into backgrounds for text on either palette.
  QColor c;
  if (verdict == QLatin1String("slower") || verdict == QLatin1String("failed in candidate"))
    c = QColor(0xe1, 0x57, 0x59);
  else if (verdict == QLatin1String("faster"))
    c = QColor(0x59, 0xa1, 0x4f);
  else if (verdict == QLatin1String("noisy"))
    c = QColor(0xed, 0xc9, 0x48);
  else if (verdict == QLatin1String("undecided"))
    c = QColor(0xb0, 0x7a, 0xa1);  // Tableau's purple: neither a pass nor a regression
  else
    return {};
  c.setAlpha(dark ? 110 : 80);
  return c;
}

QString CompareModel::summaryText() const {
  if (!m_comparison) return {};
  const auto& s = m_comparison->summary;
  QStringList parts;
  if (s.slower) parts << tr("%1 slower").arg(s.slower);
  if (s.faster) parts << tr("%1 faster").arg(s.faster);
  if (s.unchanged) parts << tr("%1 unchanged").arg(s.unchanged);
  if (s.noisy) parts << tr("%1 noisy").arg(s.noisy);
  if (s.undecided) parts << tr("%1 undecided").arg(s.undecided);
  if (s.failedInCandidate) parts << tr("%1 failed in the candidate").arg(s.failedInCandidate);
  if (s.onlyInBaseline) parts << tr("%1 only in the baseline").arg(s.onlyInBaseline);
  if (s.onlyInCandidate) parts << tr("%1 only in the candidate").arg(s.onlyInCandidate);
  QString out = tr("%1 compared: %2").arg(s.compared).arg(parts.join(QStringLiteral(", ")));
  if (s.undecided) out += tr(" · cannot tell: %1").arg(toQString(s.undecidedReason));
  for (const auto& g : s.geometricMeans) {
    out += tr(" · geometric mean %1 %2").arg(toQString(g.measure), formatSpeedup(g.ratio));
    if (g.interval.defined())
      out += QStringLiteral(" [%1, %2]").arg(formatSpeedup(g.interval.low), formatSpeedup(g.interval.high));
  }
  return out;
}

int CompareModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_order.size());
}

int CompareModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant CompareModel::value(int row, int column, bool text) const {
  const auto& b = benchmark(row);
  const bool compared = b.status == analysis::BenchmarkStatus::Compared;
  const auto& m = b.primary;
  const auto& r = m.result;
  switch (column) {
    case BenchmarkColumn:
      return toQString(b.name);
    case VerdictColumn:
      return verdictText(row);
    case MeasureColumn:
      return compared ? toQString(m.measure) : QString();
    case BaselineColumn:
      if (!compared) return text ? QVariant(undefinedText()) : QVariant();
      return text ? QVariant(formatValue(r.baselineMedian, m.unit)) : sortable(r.baselineMedian);
    case CandidateColumn:
      if (!compared) return text ? QVariant(undefinedText()) : QVariant();
      return text ? QVariant(formatValue(r.candidateMedian, m.unit)) : sortable(r.candidateMedian);
    case RatioColumn:
      if (!compared) return text ? QVariant(undefinedText()) : QVariant();
      return text ? QVariant(formatSpeedup(r.ratio)) : sortable(r.ratio);
    case LowColumn:
      if (!compared) return text ? QVariant(undefinedText()) : QVariant();
      return text ? QVariant(formatSpeedup(r.ratioInterval.low)) : sortable(r.ratioInterval.low);
    case HighColumn:
      if (!compared) return text ? QVariant(undefinedText()) : QVariant();
      return text ? QVariant(formatSpeedup(r.ratioInterval.high)) : sortable(r.ratioInterval.high);
    case PValueColumn:
      if (!compared) return text ? QVariant(undefinedText()) : QVariant();
      if (r.deterministic) return text ? QVariant(tr("exact")) : QVariant(0.0);
      return text ? QVariant(QString::number(r.pValue, 'g', 2)) : sortable(r.pValue);
    case ExplanationColumn: {
      if (!b.reason.empty()) return toQString(b.reason);
      QStringList out;
      for (const auto& mv : b.explanation) out << toQString(analysis::describeMovement(mv));
      return out.join(QStringLiteral(", "));
    }
    default:
      return {};
  }
}

QVariant CompareModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  switch (role) {
    case Qt::DisplayRole:
      return value(index.row(), index.column(), true);
    case SortRole:
      return value(index.row(), index.column(), false);
    case Qt::BackgroundRole: {
      const QColor c = verdictColor(verdictText(index.row()), darkPalette());
      return c.isValid() ? QVariant(c) : QVariant();
    }
    case Qt::ToolTipRole: {
      const auto& b = benchmark(index.row());
      QString tip = toQString(b.name) + QLatin1Char('\n') + verdictText(index.row());
      if (b.status == analysis::BenchmarkStatus::Compared) {
        const auto& r = b.primary.result;
        tip += tr(": %1 ratio %2 (95% interval %3 – %4), p = %5, %6 vs %7 repetitions")
                   .arg(toQString(b.primary.measure), QString::number(r.ratio, 'f', 4),
                        formatSpeedup(r.ratioInterval.low), formatSpeedup(r.ratioInterval.high),
                        r.deterministic ? tr("exact (deterministic counts)")
                                        : QString::number(r.pValue, 'g', 3))
                   .arg(r.baselineCount)
                   .arg(r.candidateCount);
        for (const auto& s : b.secondary)
          tip += QStringLiteral("\n  %1: %2 (%3)")
                     .arg(toQString(s.measure), formatSpeedup(s.result.ratio),
                          toQString(analysis::verdictName(s.result.verdict)));
      }
      if (!b.reason.empty()) tip += QLatin1Char('\n') + toQString(b.reason);
      return tip;
    }
    case Qt::TextAlignmentRole: {
      const int c = index.column();
      const bool left = c == BenchmarkColumn || c == VerdictColumn || c == MeasureColumn ||
                        c == ExplanationColumn;
      return QVariant((left ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    }
    default:
      return {};
  }
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case BenchmarkColumn:
      return tr("Benchmark");
    case VerdictColumn:
      return tr("Verdict");
    case MeasureColumn:
      return tr("Measure");
    case BaselineColumn:
      return tr("Baseline");
    case CandidateColumn:
      return tr("Candidate");
    case RatioColumn:
      return tr("Ratio");
    case LowColumn:
      return tr("95% low");
    case HighColumn:
      return tr("95% high");
    case PValueColumn:
      return tr("p");
    case ExplanationColumn:
      return tr("What moved");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
