#include "tunelab/gui_app/chart_style.h"

#include <QChartView>
#include <QPainter>

#include <QAbstractAxis>
#include <QChart>
#include <QFont>
#include <QFontMetricsF>
#include <QLegend>
#include <QStringList>
#include <algorithm>
#include <array>

namespace tunelab::gui {

bool isDark(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

QColor seriesColor(int index) {
  // Tableau 10, then ten more hues of their own, so that a chart of up to twenty series (the
  // default sweep's allocators: eleven) never paints two of them alike.
  static constexpr std::array<QRgb, 20> kColors = {
      0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7,
      0x9c755f, 0xbab0ac, 0x2f4b7c, 0xbcbd22, 0x17becf, 0x8c6d31, 0x843c39, 0x393b79,
      0x637939, 0xce6dbd, 0x3182bd, 0xe7969c};
  return QColor(kColors[static_cast<std::size_t>(index) % kColors.size()]);
}

QColor referenceColor(const QPalette& palette) {
  return isDark(palette) ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x70, 0x70, 0x70);
}

QChartView* makeChartView(const QString& objectName, int minimumHeight) {
  auto* view = new QChartView;
  view->setRenderHint(QPainter::Antialiasing);
  view->setObjectName(objectName);
  if (minimumHeight > 0) view->setMinimumHeight(minimumHeight);
  return view;
}

void resetChart(QChart* chart, const QPalette& palette) {
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
  styleChart(chart, palette);
}

void styleChart(QChart* chart, const QPalette& palette) {
  chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  chart->setBackgroundBrush(palette.brush(QPalette::Base));
  chart->setBackgroundPen(Qt::NoPen);
  chart->setBackgroundRoundness(0);
  chart->setMargins(QMargins(6, 6, 6, 6));
  QFont title = chart->titleFont();
  title.setPointSizeF(QFont().pointSizeF() * 1.1);
  title.setBold(true);
  chart->setTitleFont(title);
  chart->setTitleBrush(palette.brush(QPalette::Text));
  chart->legend()->setLabelColor(palette.color(QPalette::Text));
  chart->legend()->setAlignment(Qt::AlignBottom);
}

void fitLegendFont(QChart* chart, int entries, qreal smallest) {
  if (!chart->legend()->isVisible()) return;
  // Each line a marker's height and the legend's spacing.
  const qreal room = chart->size().height() - 100;
  QFont font = chart->legend()->font();
  qreal size = QFont().pointSizeF();
  for (; size > smallest && chart->legend()->alignment() == Qt::AlignRight; size -= 0.5) {
    font.setPointSizeF(size);
    if (entries * (QFontMetricsF(font).height() + 8) <= room) break;
  }
  font.setPointSizeF(std::max(size, smallest));
  if (font != chart->legend()->font()) chart->legend()->setFont(font);
}

QString chartTitle(const QString& title, const QString& subtitle) {
  if (subtitle.isEmpty()) return title.toHtmlEscaped();
  // Qt Charts lays titles out as rich text: the subtitle goes on a second, lighter line.
  return QStringLiteral("%1<br><span style=\"font-weight:normal; font-size:small\">%2</span>")
      .arg(title.toHtmlEscaped(), subtitle.toHtmlEscaped());
}

QStringList wrapLines(const QString& text, const QFont& font, qreal width, const QString& breaks) {
  const QFontMetricsF metrics(font);
  QStringList lines;
  QString line, word;
  const auto place = [&] {
    if (word.isEmpty()) return;
    if (!line.isEmpty() && metrics.horizontalAdvance(line + word) > width) {
      lines << line.trimmed();
      line.clear();
    }
    line += word;
    word.clear();
  };
  for (const QChar c : text) {
    word += c;
    if (breaks.contains(c)) place();
  }
  place();
  if (!line.trimmed().isEmpty()) lines << line.trimmed();
  return lines;
}

namespace {

const char* const kTitleProperty = "tunelabTitle";
const char* const kSubtitleProperty = "tunelabSubtitle";

void fitTitle(QChart* chart) {
  const QString title = chart->property(kTitleProperty).toString();
  const QString subtitle = chart->property(kSubtitleProperty).toString();
  // The width the chart's layout gives its title: the chart less its margins and the
  // layout's own, with a little room so that a line that just fits is not elided.
  const qreal width = chart->size().width() - chart->margins().left() - chart->margins().right() - 40;
  if (width < 80) {
    chart->setTitle(chartTitle(title, subtitle));  // not laid out yet: fitted when it is
    return;
  }
  QFont titleFont = chart->titleFont();
  QStringList html;
  for (const QString& l : wrapLines(title, titleFont, width, QStringLiteral(" /")))
    html << l.toHtmlEscaped();
  QString out = html.join(QStringLiteral("<br>"));
  if (!subtitle.isEmpty()) {
    // The subtitle is set smaller and not bold; measured in the title's size it breaks a
    // little early, never late.
    QFont subFont = titleFont;
    subFont.setBold(false);
    QStringList sub;
    for (const QString& l : wrapLines(subtitle, subFont, width, QStringLiteral(" /")))
      sub << l.toHtmlEscaped();
    out += QStringLiteral("<br><span style=\"font-weight:normal; font-size:small\">%1</span>")
               .arg(sub.join(QStringLiteral("<br>")));
  }
  if (chart->title() != out) chart->setTitle(out);
}

}  // namespace

QString plainChartTitle(const QChart* chart) {
  if (!chart->property("tunelabTitleFitted").toBool()) return chart->title();
  const QString title = chart->property(kTitleProperty).toString();
  const QString subtitle = chart->property(kSubtitleProperty).toString();
  return subtitle.isEmpty() ? title : title + QLatin1Char('\n') + subtitle;
}

void setChartTitle(QChart* chart, const QString& title, const QString& subtitle) {
  chart->setProperty(kTitleProperty, title);
  chart->setProperty(kSubtitleProperty, subtitle);
  if (!chart->property("tunelabTitleFitted").toBool()) {
    chart->setProperty("tunelabTitleFitted", true);
    QObject::connect(chart, &QGraphicsWidget::geometryChanged, chart, [chart] { fitTitle(chart); });
  }
  fitTitle(chart);
}

void styleAxis(QAbstractAxis* axis, const QPalette& palette) {
  const QColor text = palette.color(QPalette::Text);
  QColor grid = text;
  grid.setAlpha(isDark(palette) ? 50 : 35);
  QColor minor = grid;
  minor.setAlpha(grid.alpha() / 2);
  axis->setLabelsColor(text);
  axis->setTitleBrush(text);
  axis->setLinePenColor(grid);
  axis->setGridLineColor(grid);
  axis->setMinorGridLineColor(minor);
  QFont font = axis->titleFont();
  font.setBold(false);
  axis->setTitleFont(font);
}

QPalette darkPalette() {
  QPalette p;
  const QColor window(0x2b, 0x2b, 0x2f), base(0x1f, 0x1f, 0x23), text(0xe6, 0xe6, 0xe6);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2c));
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Highlight, QColor(0x3d, 0x6e, 0xa8));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
  return p;
}

}  // namespace tunelab::gui
