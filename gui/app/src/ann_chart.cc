#include "tunelab/gui_app/ann_chart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "tunelab/gui_app/chart_style.h"

namespace tunelab::gui {
namespace {

// A tick of queries/s as the report writes the count: "100", "1 k", "20 k", "1 M".
QString countTick(double v) {
  if (v >= 1e6) return QStringLiteral("%1 M").arg(v / 1e6);
  if (v >= 1e3) return QStringLiteral("%1 k").arg(v / 1e3);
  return QString::number(v);
}

bool drawable(const analysis::AnnCase& c) {
  return std::isfinite(c.recallAtK) && std::isfinite(c.qps) && c.qps > 0;
}

}  // namespace

QColor annSeriesColor(const analysis::AnnSeries& series, std::size_t index,
                      const std::vector<std::string>& variants) {
  const auto known = std::find(variants.begin(), variants.end(), series.variant);
  return seriesColor(static_cast<int>(known != variants.end()
                                          ? known - variants.begin()
                                          : static_cast<std::ptrdiff_t>(variants.size() + index)));
}

void drawAnnChart(QChart* chart, const std::vector<analysis::AnnCase>& cases,
                  const std::vector<analysis::AnnSeries>& series, const QString& title,
                  const QString& subtitle, const QPalette& palette,
                  const std::vector<std::string>& variants) {
  resetChart(chart, palette);
  setChartTitle(chart, title, subtitle);
  double loRecall = 1, loQps = std::numeric_limits<double>::infinity(), hiQps = 0;
  bool anyFront = false;
  for (const auto& c : cases)
    if (drawable(c)) {
      loRecall = std::min(loRecall, c.recallAtK);
      loQps = std::min(loQps, c.qps);
      hiQps = std::max(hiQps, c.qps);
      anyFront = anyFront || c.pareto;
    }
  if (!(hiQps > 0)) {
    setChartTitle(chart, title + QObject::tr(": no ann runs (runs that report recall_at_k and "
                                             "qps: `tunelab run ann`)"));
    chart->legend()->hide();
    return;
  }
  // Recall across, from a tenth below the least to 1 (exact search) with a little room.
  auto* x = new QValueAxis;
  const double from = std::max(0.0, std::floor(loRecall * 10 - 0.5) / 10);
  x->setRange(from, 1.0 + (1.0 - from) * 0.03);
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(1.0 - from > 0.45 ? 0.1 : 0.05);
  x->setLabelFormat(QStringLiteral("%.2f"));
  // The axes' titles say what the numbers are where the plot is wide (tall) enough for that,
  // else only what they are called: an elided "recall@k (share of the k exact nearest n…"
  // is no use to anyone (a window of 900×600). Re-chosen whenever the plot area changes;
  // the axes, deleted by the next resetChart, take the connection with them.
  const QString recallTitle =
      QObject::tr("recall@k (share of the k exact nearest neighbours found)");
  x->setTitleText(recallTitle);
  // Queries/s up, log10, labelled at 1, 2 and 5 of each decade where the span is short.
  auto* y = new QCategoryAxis;
  y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  const double lo = std::log10(loQps) - 0.15, hi = std::log10(hiQps) + 0.15;
  y->setStartValue(lo);
  const bool fine = hi - lo < 3;
  for (int d = static_cast<int>(std::floor(lo)); d <= static_cast<int>(std::ceil(hi)); ++d)
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1 && !fine) continue;
      const double v = m * std::pow(10.0, d), at = std::log10(v);
      if (at > lo && at < hi) y->append(countTick(v), at);
    }
  y->setRange(lo, hi);
  const QString qpsTitle = QObject::tr("queries/s (log scale)");
  y->setTitleText(qpsTitle);
  const auto fitTitles = [x, y, recallTitle, qpsTitle](const QRectF& plot) {
    const auto fit = [](QAbstractAxis* axis, const QString& full, const QString& brief,
                        qreal room) {
      const QString text =
          QFontMetricsF(axis->titleFont()).horizontalAdvance(full) + 8 <= room ? full : brief;
      if (axis->titleText() != text) axis->setTitleText(text);
    };
    fit(x, recallTitle, QObject::tr("recall@k"), plot.width());
    fit(y, qpsTitle, QObject::tr("queries/s"), plot.height());
  };
  QObject::connect(chart, &QChart::plotAreaChanged, x, fitTitles);
  for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)})
    styleAxis(axis, palette);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);

  const auto attach = [&](QXYSeries* s) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  };
  const auto at = [](const analysis::AnnCase& c) { return QPointF(c.recallAtK, std::log10(c.qps)); };
  // The legend's place and font before the series make its entries (set after them, an entry
  // down the side stayed cut short after a change of scope, as the stream view's did): a
  // variant's point each, and the front's ring.
  const int entries = static_cast<int>(series.size()) + (anyFront ? 1 : 0);
  chart->legend()->show();
  chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
  chart->legend()->setAlignment(entries > 8 ? Qt::AlignRight : Qt::AlignBottom);
  fitLegendFont(chart, entries);
  // The rings of the front first, under the points.
  auto* front = new QScatterSeries;
  front->setName(QObject::tr("Pareto front (◆ in the report)"));
  front->setMarkerSize(17);
  front->setColor(Qt::transparent);
  front->setBorderColor(palette.color(QPalette::WindowText));
  front->setPen(QPen(palette.color(QPalette::WindowText), 1.6));
  for (const auto& c : cases)
    if (c.pareto && drawable(c)) front->append(at(c));
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const QColor colour = annSeriesColor(s, k, variants);
    // The variant's own best trade-offs, by recall: a line through the cases none of its own
    // beats (with two knobs, every case would zig-zag).
    std::vector<double> recall, qps;
    for (std::size_t i : s.cases) {
      recall.push_back(cases[i].recallAtK);
      qps.push_back(cases[i].qps);
    }
    const auto best = analysis::paretoFront(recall, qps);
    auto* line = new QLineSeries;
    line->setPen(QPen(colour, 2));
    auto* points = new QScatterSeries;
    points->setName(QString::fromStdString(s.label));
    points->setMarkerSize(9);
    points->setColor(colour);
    points->setBorderColor(colour.darker(130));
    for (std::size_t j = 0; j < s.cases.size(); ++j) {
      const auto& c = cases[s.cases[j]];
      if (!drawable(c)) continue;
      points->append(at(c));
      if (best[j]) line->append(at(c));
    }
    attach(line);
    attach(points);
    // The legend shows the variant's point; the line is its best trade-offs.
    for (QLegendMarker* m : chart->legend()->markers(line)) m->setVisible(false);
  }
  if (anyFront)
    attach(front);
  else
    delete front;
}

}  // namespace tunelab::gui
