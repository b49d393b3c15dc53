#include "tunelab/gui/ann_model.h"

#include <QFont>
#include <algorithm>
#include <cmath>

#include "tunelab/analysis/format.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/model/params.h"

namespace tunelab::gui {

namespace {

QVariant sortable(double v) { return std::isfinite(v) ? QVariant(v) : QVariant(); }
QString count(double v) {
  return std::isfinite(v) ? toQString(analysis::formatCount(v)) : undefinedText();
}
QString recall(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : undefinedText(); }
// As the report writes them: whole bytes from 100 up ("269"), a tenth below ("8.0").
QString bytes(double v) {
  return std::isfinite(v) ? QString::number(v, 'f', v >= 100 ? 0 : 1) : undefinedText();
}
// A time that may be none at all: an exact index trains nothing ("0").
QString seconds(double s) {
  if (!std::isfinite(s)) return undefinedText();
  return s == 0 ? QStringLiteral("0") : formatDuration(s);
}
// "n:10000/nq:200" → "n:10000 nq:200".
QString spaced(const std::string& params) {
  return toQString(params).replace(QLatin1Char('/'), QLatin1Char(' '));
}

}  // namespace

AnnModel::AnnModel(QObject* parent) : QAbstractTableModel(parent) {}

void AnnModel::setSession(LoadedSessionPtr session) {
  beginResetModel();
  const Group shown = m_group >= 0 ? m_groups[static_cast<std::size_t>(m_group)] : Group{};
  m_data = std::move(session);
  m_groups.clear();
  m_variants.clear();
  m_colours.clear();
  if (m_data)
    for (const auto& c : m_data->ann.cases) {
      Group g{c.workload, c.data, c.workers(), {}};
      for (const auto& p : c.paramValues)
        if (analysis::isAnnDataParam(p.key)) g.dataParams.push_back(p);
      if (std::none_of(m_groups.begin(), m_groups.end(), [&](const Group& o) { return o.same(g); }))
        m_groups.push_back(std::move(g));
      if (std::find(m_variants.begin(), m_variants.end(), c.variant) == m_variants.end())
        m_variants.push_back(c.variant);
    }
  const auto kept =
      std::find_if(m_groups.begin(), m_groups.end(), [&](const Group& g) { return g.same(shown); });
  select(m_groups.empty()         ? -1
         : kept != m_groups.end() ? static_cast<int>(kept - m_groups.begin())
                                  : 0);
  endResetModel();
}

void AnnModel::clear() { setSession(nullptr); }

void AnnModel::setGroup(int group) {
  if (group < 0 || group >= groupCount() || group == m_group) return;
  beginResetModel();
  m_colours.clear();
  select(group);
  endResetModel();
}

void AnnModel::select(int group) {
  m_group = group;
  m_cases.clear();
  m_series.clear();
  m_seriesOfRow.clear();
  m_varyingKnobs.clear();
  if (group < 0) return;
  const Group& g = m_groups[static_cast<std::size_t>(group)];
  const auto& ann = m_data->ann;
  const auto inGroup = [&](const std::string& workload, const std::string& data, int workers) {
    return workload == g.workload && data == g.data && workers == g.workers;
  };
  std::vector<std::size_t> index(ann.cases.size(), 0);
  for (std::size_t i = 0; i < ann.cases.size(); ++i)
    if (inGroup(ann.cases[i].workload, ann.cases[i].data, ann.cases[i].workers())) {
      index[i] = m_cases.size();
      m_cases.push_back(ann.cases[i]);
    }
  for (auto s : ann.series)
    if (inGroup(s.workload, s.data, s.workers())) {
      for (auto& c : s.cases) c = index[c];
      m_series.push_back(std::move(s));
    }
  // Named among the group's series alone: the variant (the data and p are the group's).
  const auto labels = analysis::annSeriesLabels(m_series, m_cases);
  for (std::size_t i = 0; i < labels.size(); ++i) m_series[i].label = labels[i];
  m_seriesOfRow.assign(m_cases.size(), -1);
  for (std::size_t s = 0; s < m_series.size(); ++s)
    for (std::size_t c : m_series[s].cases) m_seriesOfRow[c] = static_cast<int>(s);
  // The knobs that differ, in the order the runs give them.
  for (const auto& c : m_cases)
    for (const auto& k : c.knobs) {
      const QString key = toQString(k.key);
      if (m_varyingKnobs.contains(key)) continue;
      if (std::any_of(m_cases.begin(), m_cases.end(), [&](const analysis::AnnCase& o) {
            return model::findParam(o.knobs, k.key) !=
                   model::findParam(m_cases.front().knobs, k.key);
          }))
        m_varyingKnobs << key;
    }
}

QString AnnModel::groupLabel(int group) const {
  if (group < 0 || group >= groupCount()) return {};
  const Group& g = m_groups[static_cast<std::size_t>(group)];
  QStringList parts;
  if (std::any_of(m_groups.begin(), m_groups.end(),
                  [&](const Group& o) { return o.workload != g.workload; }))
    parts << toQString(g.workload);
  // The data parameters in which the groups differ.
  QStringList data;
  for (const auto& p : g.dataParams)
    if (std::any_of(m_groups.begin(), m_groups.end(), [&](const Group& o) {
          return model::findParam(o.dataParams, p.key) != p.value;
        }))
      data << toQString(p.key + ":" + p.value);
  if (!data.isEmpty()) parts << data.join(QLatin1Char(' '));
  parts << QStringLiteral("p=%1").arg(g.workers);
  return parts.join(QStringLiteral(" · "));
}

QString AnnModel::seriesLabel(int series) const {
  if (series < 0 || series >= seriesCount()) return {};
  return toQString(m_series[static_cast<std::size_t>(series)].label);
}

int AnnModel::seriesOfRow(int row) const {
  return row >= 0 && row < rowCount() ? m_seriesOfRow[static_cast<std::size_t>(row)] : -1;
}

int AnnModel::rowOf(int series, int point) const {
  if (series < 0 || series >= seriesCount()) return -1;
  const auto& cases = m_series[static_cast<std::size_t>(series)].cases;
  return point >= 0 && point < static_cast<int>(cases.size())
             ? static_cast<int>(cases[static_cast<std::size_t>(point)])
             : -1;
}

QString AnnModel::groupText() const {
  if (m_group < 0) return {};
  const Group& g = m_groups[static_cast<std::size_t>(m_group)];
  return spaced(g.data) + QStringLiteral(" · p=%1").arg(g.workers);
}

bool AnnModel::annOutsideScope() const {
  // The scope bar offers every workload of the session; the scope holds another one.
  if (!m_data || !m_data->ann.cases.empty()) return false;
  const auto& scope = m_data->scope.workload;
  const auto& all = m_data->choices.workloads;
  return !scope.empty() && scope != "ann" && std::find(all.begin(), all.end(), "ann") != all.end();
}

QString AnnModel::scopeText() const {
  return m_data ? toQString(analysis::describe(m_data->scope)) : QString();
}

QString AnnModel::annScopeText() const {
  return m_data ? toQString(analysis::describe(m_data->annScope)) : QString();
}

void AnnModel::setSeriesColours(const std::vector<QColor>& colours) {
  m_colours = colours;
  if (rowCount() > 0)
    emit dataChanged(index(0, VariantColumn), index(rowCount() - 1, VariantColumn),
                     {Qt::DecorationRole});
}

int AnnModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_cases.size());
}

int AnnModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant AnnModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const analysis::AnnCase& c = m_cases[static_cast<std::size_t>(index.row())];
  const int series = m_seriesOfRow[static_cast<std::size_t>(index.row())];
  const bool display = role == Qt::DisplayRole;
  switch (role) {
    case Qt::DisplayRole:
    case SortRole:
      switch (index.column()) {
        case VariantColumn:
          return display ? seriesLabel(series) : QVariant(seriesLabel(series));
        case KnobsColumn: {
          QStringList knobs;
          for (const QString& key : m_varyingKnobs)
            knobs << key + QLatin1Char(':') +
                         (model::findParam(c.knobs, key.toStdString())
                              ? toQString(*model::findParam(c.knobs, key.toStdString()))
                              : undefinedText());
          return knobs.join(QLatin1Char(' '));
        }
        case RecallAt1Column:
          return display ? QVariant(recall(c.recallAt1)) : sortable(c.recallAt1);
        case RecallAtKColumn:
          return display ? QVariant(recall(c.recallAtK)) : sortable(c.recallAtK);
        case QpsColumn:
          return display ? QVariant(count(c.qps)) : sortable(c.qps);
        case MsPerQueryColumn:
          return display ? QVariant(formatDuration(c.msPerQuery * 1e-3)) : sortable(c.msPerQuery);
        case BytesColumn:
          return display ? QVariant(bytes(c.bytesPerVector)) : sortable(c.bytesPerVector);
        case TrainColumn:
          return display ? QVariant(seconds(c.trainSeconds)) : sortable(c.trainSeconds);
        case EncodeColumn:
          return display ? QVariant(seconds(c.encodeSeconds)) : sortable(c.encodeSeconds);
        case FrontColumn:
          return display ? QVariant(c.pareto ? tr("◆ yes") : tr("no")) : QVariant(c.pareto ? 1 : 0);
        default:
          return {};
      }
    case Qt::DecorationRole:
      if (index.column() == VariantColumn && series >= 0 &&
          series < static_cast<int>(m_colours.size()))
        return m_colours[static_cast<std::size_t>(series)];
      return {};
    case Qt::FontRole:
      // The cases worth choosing from stand out.
      if (c.pareto) {
        QFont bold;
        bold.setBold(true);
        return bold;
      }
      return {};
    case Qt::ToolTipRole: {
      QString tip =
          tr("%1 (%2): recall@1 %3, recall@k %4 at %5 queries/s (%6 per query, %7 per "
             "core); %8 B per vector; trained in %9")
              .arg(toQString(c.variant), spaced(model::formatParams(c.knobs)), recall(c.recallAt1),
                   recall(c.recallAtK), count(c.qps), formatDuration(c.msPerQuery * 1e-3),
                   count(c.qpsPerCore), bytes(c.bytesPerVector), seconds(c.trainSeconds));
      tip += tr(", encoded in %1").arg(seconds(c.encodeSeconds));
      if (std::isfinite(c.distanceEvaluations))
        tip += tr("; %1 distance evaluations").arg(count(c.distanceEvaluations));
      tip += c.repetitions == 1
                 ? tr(". One repetition.")
                 : tr(". Medians over %1 repetitions.").arg(qulonglong{c.repetitions});
      tip += c.pareto
                 ? tr(" On the Pareto front: no other case of the data set at p=%1 has at least "
                      "its recall@k and its queries/s, one of them higher.")
                       .arg(c.workers())
                 : tr(" Not on the Pareto front: another case of the data set at p=%1 has at "
                      "least its recall@k and its queries/s, one of them higher.")
                       .arg(c.workers());
      return tip + QStringLiteral("\n") + toQString(c.name);
    }
    case Qt::TextAlignmentRole:
      return QVariant((index.column() == VariantColumn || index.column() == KnobsColumn ||
                               index.column() == FrontColumn
                           ? Qt::AlignLeft
                           : Qt::AlignRight) |
                      Qt::AlignVCenter);
    default:
      return {};
  }
}

QVariant AnnModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case KnobsColumn:
        return tr("The index's parameters whose value differs among the cases shown");
      case RecallAt1Column:
        return tr("The share of queries whose nearest neighbour was found");
      case RecallAtKColumn:
        return tr("The share of the k exact nearest neighbours among the k returned");
      case QpsColumn:
        return tr("Queries per second, median over the repetitions (with p workers, wall time)");
      case MsPerQueryColumn:
        return tr("Time per query");
      case BytesColumn:
        return tr("The index's memory per base vector, in bytes");
      case TrainColumn:
        return tr("Training the quantizers: codebooks, rotation, coarse lists (0: the index "
                  "learns nothing: exact search, hnsw)");
      case EncodeColumn:
        return tr("Adding the base vectors: encoding them (hnsw: linking them into its graph)");
      case FrontColumn:
        return tr(
            "On the Pareto front (◆ in the report): no other case on the same data and "
            "worker count has at least its recall@k and its queries/s, one of them higher");
      default:
        return {};
    }
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case VariantColumn:
      return tr("Variant");
    case KnobsColumn:
      return tr("Knobs");
    case RecallAt1Column:
      return tr("recall@1");
    case RecallAtKColumn:
      return tr("recall@k");
    case QpsColumn:
      return tr("q/s");
    case MsPerQueryColumn:
      return tr("Per query");
    case BytesColumn:
      return tr("B/vector");
    case TrainColumn:
      return tr("Train");
    case EncodeColumn:
      return tr("Encode");
    case FrontColumn:
      return tr("Front");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
