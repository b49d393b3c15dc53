#include "tunelab/gui_app/compare_view.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

namespace {
// Benchmarks a chart of ~250 px can name, one row each.
constexpr int kMaxChartRows = 10;
}  // namespace

CompareView::CompareView(CompareModel* model, SessionListModel* sessions, QWidget* parent)
    : View(parent),
      m_model(model),
      m_sessions(sessions),
      m_baseline(new QComboBox),
      m_candidate(new QComboBox),
      m_summary(new QLabel),
      m_ignoreRow(new QWidget),
      m_proxy(new QSortFilterProxyModel(this)),
      m_view(new QTableView),
      m_chart(makeChartView(QStringLiteral("compareChart"), 260)) {
  m_baseline->setObjectName(QStringLiteral("compareBaseline"));
  m_candidate->setObjectName(QStringLiteral("compareCandidate"));
  for (QComboBox* box : {m_baseline, m_candidate}) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(box, &QComboBox::activated, this, [this] { request(); });
  }
  m_summary->setObjectName(QStringLiteral("compareSummary"));
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(4, 0, 4, 0);
  controls->addWidget(new QLabel(tr("Baseline:")));
  controls->addWidget(m_baseline);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("Candidate:")));
  controls->addWidget(m_candidate);
  controls->addSpacing(12);
  m_ignoreRow->setObjectName(QStringLiteral("compareIgnore"));
  auto* ignore = new QHBoxLayout(m_ignoreRow);
  ignore->setContentsMargins(0, 0, 0, 0);
  auto* leaveOut = new QLabel(tr("Leave out:"));
  leaveOut->setToolTip(tr("Match runs by name without these parameters, as tunelab compare "
                          "--ignore-param does: e.g. extra=0 against extra=10"));
  ignore->addWidget(leaveOut);
  m_ignoreRow->hide();
  controls->addWidget(m_ignoreRow);
  controls->addStretch(1);

  m_proxy->setSourceModel(m_model);
  m_proxy->setSortRole(SortRole);
  m_view->setObjectName(QStringLiteral("compareTable"));
  m_view->setModel(m_proxy);
  m_view->setSortingEnabled(true);
  m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->verticalHeader()->hide();
  m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
  m_view->setWordWrap(false);
  m_view->setTextElideMode(Qt::ElideMiddle);

  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(m_view);
  split->addWidget(m_chart);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(m_summary);
  layout->addWidget(split, 1);

  connect(m_sessions, &QAbstractItemModel::modelReset, this, &CompareView::fillPickers);
  connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
    offerIgnoredParams();
    rebuild();
    m_view->resizeColumnsToContents();
    // Names run to a hundred characters: the column keeps their two ends ("kmeans/hamerly/n:…
    // /threads:1", the whole in the tooltip), so that the ratios stay on screen.
    const int cap = std::max(240, m_view->viewport()->width() * 2 / 5);
    if (m_view->columnWidth(CompareModel::BenchmarkColumn) > cap)
      m_view->setColumnWidth(CompareModel::BenchmarkColumn, cap);
  });
  fillPickers();
  rebuild();
}

QString CompareView::title() const {
  if (const auto* c = m_model->comparison())
    return tr("Compare — %1 against %2").arg(toQString(c->candidate.source), toQString(c->baseline.source));
  return tr("Compare");
}

QWidget* CompareView::exportWidget() { return m_chart; }
const QAbstractItemModel* CompareView::table() const { return m_proxy; }
QChart* CompareView::chart() const { return m_chart->chart(); }

QList<int> CompareView::selectedRows() const {
  QList<int> out;
  for (const QModelIndex& i : m_view->selectionModel()->selectedRows()) out << i.row();
  std::sort(out.begin(), out.end());
  return out;
}

void CompareView::fillPickers() {
  const model::SessionId b = baseline(), c = candidate();
  for (QComboBox* box : {m_baseline, m_candidate}) {
    const QSignalBlocker block(box);
    box->clear();
    for (const auto& s : m_sessions->sessions()) {
      QString text = QStringLiteral("#%1").arg(s.id.value());
      if (!s.label.empty()) text += QStringLiteral(" ") + toQString(s.label);
      text += QStringLiteral(" · ") + formatTimestamp(s.startedAt, false);
      box->addItem(text, static_cast<qlonglong>(s.id.value()));
    }
  }
  setSessions(b, c);
}

void CompareView::setSessions(model::SessionId baselineId, model::SessionId candidateId) {
  for (auto [box, id] : {std::pair{m_baseline, baselineId}, std::pair{m_candidate, candidateId}}) {
    const QSignalBlocker block(box);
    const int i = box->findData(static_cast<qlonglong>(id.value()));
    if (i >= 0) box->setCurrentIndex(i);
  }
}

model::SessionId CompareView::baseline() const {
  return model::SessionId(m_baseline->currentData().toLongLong());
}
model::SessionId CompareView::candidate() const {
  return model::SessionId(m_candidate->currentData().toLongLong());
}

void CompareView::request() {
  if (!baseline().valid() || !candidate().valid()) return;
  if (baseline() == candidate()) {
    m_summary->setText(tr("Pick two different sessions."));
    return;
  }
  m_summary->setText(tr("Comparing …"));
  emit compareRequested(baseline(), candidate());
}

QStringList CompareView::ignoredParams() const { return m_ignored; }

void CompareView::offerIgnoredParams() {
  // Offered: what keeps this comparison's benchmarks apart, and what is left out already
  // (ticked: leaving it out is why those benchmarks now match).
  QStringList keys = m_ignored;
  if (const auto* c = m_model->comparison())
    for (const auto& k : analysis::unmatchedParamKeys(*c))
      if (!keys.contains(toQString(k))) keys << toQString(k);
  for (QCheckBox* box : m_ignoreRow->findChildren<QCheckBox*>()) delete box;
  for (const QString& key : keys) {
    auto* box = new QCheckBox(key);
    box->setObjectName(QStringLiteral("ignore-") + key);
    box->setChecked(m_ignored.contains(key));
    connect(box, &QCheckBox::toggled, this, [this, key](bool on) {
      if (on && !m_ignored.contains(key)) m_ignored << key;
      if (!on) m_ignored.removeAll(key);
      request();
    });
    m_ignoreRow->layout()->addWidget(box);
  }
  m_ignoreRow->setVisible(!keys.isEmpty());
}

void CompareView::rebuild() {
  QChart* c = chart();
  resetChart(c, palette());
  const auto* comparison = m_model->comparison();
  if (!comparison) {
    setChartTitle(c, m_sessions->rowCount() < 2 ? tr("Compare: the database needs two sessions")
                                                : tr("Compare: pick a baseline and a candidate"));
    c->legend()->hide();
    if (m_sessions->rowCount() < 2) m_summary->setText(tr("Compare needs two sessions in the database."));
    return;
  }
  // The headline and what a reader must know (a loaded machine, another build); the
  // thresholds, four sentences that took a third of the tab, are the tooltip's.
  QString summary = m_model->summaryText();
  for (const auto& n : comparison->notes) summary += QLatin1Char('\n') + toQString(n);
  m_summary->setText(summary);
  QStringList thresholds;
  for (const auto& t : comparison->thresholdText) thresholds << toQString(t);
  m_summary->setToolTip(thresholds.join(QLatin1Char('\n')));
  setChartTitle(c, title(), tr("candidate / baseline of the primary measure, 95% interval"));

  // One row per benchmark, in the table's order (regressions first), as many as the chart
  // can label: the rest are the table's.
  std::vector<int> rows;
  int withRatio = 0;
  for (int row = 0; row < m_model->rowCount(); ++row)
    if (m_model->hasRatio(row) && ++withRatio <= kMaxChartRows) rows.push_back(row);
  if (withRatio > kMaxChartRows)
    setChartTitle(c, title(),
                  tr("candidate / baseline of the primary measure, 95% interval; the first %1 of "
                     "%2 in the table's order")
                      .arg(kMaxChartRows)
                      .arg(withRatio));
  if (rows.empty()) {
    c->legend()->hide();
    return;
  }
  c->legend()->show();
  c->legend()->setAlignment(Qt::AlignRight);  // the height is the rows'
  const double threshold = comparison->options.threshold;
  double lo = 1 - threshold, hi = 1 + threshold;
  for (int row : rows) {
    const auto& r = m_model->benchmark(row).primary.result;
    for (double v : {r.ratio, r.ratioInterval.low, r.ratioInterval.high})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  // Ratios on a log₂ axis: 0.5× and 2× lie equally far from 1.
  auto* x = new QLogValueAxis;
  x->setBase(2);
  x->setRange(lo / 1.15, hi * 1.15);
  x->setLabelFormat(QStringLiteral("%.3g"));
  x->setMinorTickCount(-1);
  x->setTitleText(tr("candidate / baseline (below 1: faster or smaller)"));
  // Benchmarks top to bottom in the table's order: the first at the top. Categories are
  // appended from the bottom, as QCategoryAxis wants ascending ranges.
  auto* y = new QCategoryAxis;
  y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
  y->setStartValue(-0.5);
  const int n = static_cast<int>(rows.size());
  for (int i = n - 1; i >= 0; --i)
    y->append(m_model->shortName(rows[static_cast<std::size_t>(i)]).left(48), n - i - 0.5);
  y->setRange(-0.5, n - 0.5);
  y->setGridLineVisible(false);
  // A row is ~16 px in a chart of this height: in the default font Qt elides every label.
  QFont small = y->labelsFont();
  small.setPointSizeF(QFont().pointSizeF() * 0.8);
  y->setLabelsFont(small);
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  const auto attach = [&](QXYSeries* s) {
    c->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  };
  // The threshold band and 1 itself.
  const QColor ref = referenceColor(palette());
  for (double v : {1 - threshold, 1.0, 1 + threshold}) {
    auto* line = new QLineSeries;
    line->append(v, -0.5);
    line->append(v, n - 0.5);
    attach(line);
    line->setPen(QPen(ref, v == 1.0 ? 1.5 : 1, v == 1.0 ? Qt::SolidLine : Qt::DotLine));
    for (auto* m : c->legend()->markers(line)) m->setVisible(false);
  }
  const bool dark = isDark(palette());
  QMap<QString, QScatterSeries*> byVerdict;
  for (int i = 0; i < n; ++i) {
    const int row = rows[static_cast<std::size_t>(i)];
    const auto& r = m_model->benchmark(row).primary.result;
    const double yPos = n - 1 - i;
    const QString verdict = m_model->verdictText(row);
    QColor color = CompareModel::verdictColor(verdict, dark);
    color = color.isValid() ? QColor(color.red(), color.green(), color.blue()) : ref;
    if (r.ratioInterval.defined()) {
      auto* whisker = new QLineSeries;
      whisker->append(r.ratioInterval.low, yPos);
      whisker->append(r.ratioInterval.high, yPos);
      attach(whisker);
      whisker->setPen(QPen(color, 2.5, Qt::SolidLine, Qt::FlatCap));
      for (auto* m : c->legend()->markers(whisker)) m->setVisible(false);
    }
    auto*& points = byVerdict[verdict];
    if (!points) {
      points = new QScatterSeries;
      points->setName(verdict);
      points->setMarkerSize(10);
      points->setColor(color);
      points->setBorderColor(color.darker(130));
    }
    points->append(r.ratio, yPos);
  }
  for (QScatterSeries* s : byVerdict) attach(s);
}

}  // namespace tunelab::gui
