#include "tunelab/gui_app/trend_view.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/trend_model.h"
#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {

TrendView::TrendView(TrendModel* model, QWidget* parent)
    : View(parent),
      m_model(model),
      m_benchmark(new QComboBox),
      m_conclusion(new QLabel),
      m_view(new QTableView),
      m_chart(makeChartView(QStringLiteral("trendChart"), 300)) {
  m_benchmark->setObjectName(QStringLiteral("trendBenchmark"));
  m_benchmark->setEditable(true);
  m_benchmark->setInsertPolicy(QComboBox::NoInsert);
  m_benchmark->completer()->setFilterMode(Qt::MatchContains);
  m_benchmark->completer()->setCompletionMode(QCompleter::PopupCompletion);
  m_benchmark->setMinimumContentsLength(40);
  connect(m_benchmark, &QComboBox::activated, this,
          [this] { emit trendRequested(benchmark()); });
  m_conclusion->setObjectName(QStringLiteral("trendConclusion"));
  m_conclusion->setWordWrap(true);
  m_conclusion->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(4, 0, 4, 0);
  controls->addWidget(new QLabel(tr("Benchmark:")));
  controls->addWidget(m_benchmark, 1);

  m_view->setObjectName(QStringLiteral("trendTable"));
  m_view->setModel(m_model);
  m_view->verticalHeader()->hide();
  m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(m_chart);
  split->addWidget(m_view);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(m_conclusion);
  layout->addWidget(split, 1);
  connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
    rebuild();
    m_view->resizeColumnsToContents();
  });
  rebuild();
}

QString TrendView::title() const {
  if (const auto* t = m_model->trend()) return tr("Trend — %1").arg(toQString(t->benchmark));
  return tr("Trend");
}

QWidget* TrendView::exportWidget() { return m_chart; }
const QAbstractItemModel* TrendView::table() const { return m_model; }
QChart* TrendView::chart() const { return m_chart->chart(); }
QString TrendView::benchmark() const { return m_benchmark->currentText().trimmed(); }

void TrendView::setBenchmarks(const QStringList& names) {
  const QString current = benchmark();
  const QSignalBlocker block(m_benchmark);
  m_benchmark->clear();
  m_benchmark->addItems(names);
  if (!current.isEmpty() && names.contains(current)) m_benchmark->setCurrentText(current);
}

void TrendView::setBenchmark(const QString& name) {
  {
    const QSignalBlocker block(m_benchmark);
    m_benchmark->setCurrentText(name);
  }
  emit trendRequested(name);
}

void TrendView::rebuild() {
  QChart* c = chart();
  resetChart(c, palette());
  const auto* trend = m_model->trend();
  if (!trend || trend->points.empty()) {
    setChartTitle(c, tr("Trend: pick a benchmark that several sessions ran"));
    c->legend()->hide();
    m_conclusion->setText(trend ? toQString(trend->conclusion) : QString());
    return;
  }
  m_conclusion->setText(toQString(trend->conclusion));
  setChartTitle(c, title(), tr("median per session with its 95 % interval, and its levels"));
  c->legend()->show();
  const int n = static_cast<int>(trend->points.size());
  // The axis says seconds; the medians of a time measure are shown in ms or µs when small.
  double top = 0;
  for (const auto& p : trend->points)
    if (p.ok) top = std::max(top, std::isfinite(p.interval.high) ? p.interval.high : p.median);
  double scale = 1;
  QString unit = toQString(trend->unit);
  if (trend->unit == "s" && top < 1e-3) scale = 1e6, unit = QStringLiteral("µs");
  else if (trend->unit == "s" && top < 1) scale = 1e3, unit = QStringLiteral("ms");
  double lo = 1e300, hi = 0;
  for (const auto& p : trend->points)
    if (p.ok)
      for (double v : {p.median, p.interval.low, p.interval.high})
        if (std::isfinite(v)) lo = std::min(lo, v * scale), hi = std::max(hi, v * scale);
  if (hi <= 0) lo = 0, hi = 1;
  const double pad = std::max((hi - lo) * 0.1, hi * 0.02);
  auto* x = new QCategoryAxis;
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  for (int i = 0; i < n; ++i) x->append(toQString(trend->points[static_cast<std::size_t>(i)].name), i);
  x->setRange(-0.5, n - 0.5);
  x->setTitleText(tr("session (oldest first)"));
  x->setLabelsAngle(n > 6 ? -45 : 0);
  auto* y = new QValueAxis;
  y->setRange(std::max(0.0, lo - pad), hi + pad);
  y->applyNiceNumbers();
  y->setLabelFormat(QStringLiteral("%g"));
  y->setTitleText(unit.isEmpty() ? toQString(trend->measure)
                                 : QStringLiteral("%1 (%2)").arg(toQString(trend->measure), unit));
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette());
  c->addAxis(x, Qt::AlignBottom);
  c->addAxis(y, Qt::AlignLeft);
  const auto attach = [&](QXYSeries* s, bool legend) {
    c->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
    if (!legend)
      for (auto* m : c->legend()->markers(s)) m->setVisible(false);
  };
  const QColor ref = referenceColor(palette());
  const QColor main = seriesColor(0);
  const QColor stepColor = seriesColor(2);

  // Levels: the value each stretch of sessions sits at.
  bool first = true;
  for (const auto& level : trend->levels) {
    auto* line = new QLineSeries;
    line->setName(tr("level"));
    line->append(static_cast<double>(level.first) - 0.3, level.value * scale);
    line->append(static_cast<double>(level.last) + 0.3, level.value * scale);
    attach(line, first);
    first = false;
    line->setPen(QPen(ref, 2, Qt::DashLine));
  }
  // Steps: a vertical marker just before the first session of the new level.
  for (const auto& step : trend->steps) {
    auto* line = new QLineSeries;
    line->setName(tr("%1 %2 at %3")
                      .arg(toQString(analysis::stepKindName(step.kind)), formatSpeedup(step.ratio),
                           toQString(trend->points[step.index].name)));
    const double at = static_cast<double>(step.index) - 0.5;
    line->append(at, std::max(0.0, lo - pad));
    line->append(at, hi + pad);
    attach(line, true);
    line->setPen(QPen(stepColor, 2, step.kind == analysis::StepKind::Shift ? Qt::SolidLine : Qt::DotLine));
  }
  // Each session: its interval as a whisker, its median as a point.
  auto* medians = new QLineSeries;
  medians->setName(tr("median"));
  medians->setPointsVisible(true);
  auto* failed = new QScatterSeries;
  failed->setName(tr("failed"));
  failed->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
  failed->setMarkerSize(9);
  for (int i = 0; i < n; ++i) {
    const auto& p = trend->points[static_cast<std::size_t>(i)];
    if (!p.ok) {
      failed->append(i, std::max(0.0, lo - pad));
      continue;
    }
    medians->append(i, p.median * scale);
    if (p.interval.defined()) {
      auto* whisker = new QLineSeries;
      whisker->append(i, p.interval.low * scale);
      whisker->append(i, p.interval.high * scale);
      attach(whisker, false);
      whisker->setPen(QPen(main, 2, Qt::SolidLine, Qt::FlatCap));
    }
  }
  attach(medians, true);
  medians->setPen(QPen(main, 1.5));
  medians->setColor(main);
  medians->setMarkerSize(8);
  if (failed->count() > 0) {
    attach(failed, true);
    failed->setColor(seriesColor(2));
  } else {
    delete failed;
  }
}

}  // namespace tunelab::gui
