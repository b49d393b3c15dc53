#pragma once

#include <QColor>
#include <QPalette>
#include <QStringList>

class QAbstractAxis;
class QChart;
class QChartView;
class QFont;
class QString;


namespace tunelab::gui {

// Charts follow the window's palette, light or dark, so that they sit in the desktop instead
// of glaring at it; series colours come from one categorical palette (Tableau 10), which reads
// on both backgrounds and stays apart for the common forms of colour blindness.

bool isDark(const QPalette& palette);
// The i-th categorical colour (cycles after ten).
QColor seriesColor(int index);
// Grey for reference lines (ideal scaling, 100 % efficiency) on this palette.
QColor referenceColor(const QPalette& palette);

// Background, title, legend and margins from the palette; call before adding series, as it
// resets the theme.
void styleChart(QChart* chart, const QPalette& palette);
// Empties a chart for a rebuild — every series (with the mappers they own) and every axis
// deleted — and styles it afresh.
void resetChart(QChart* chart, const QPalette& palette);
// An antialiased chart view named for tests and screenshots (objectName); minimumHeight 0
// leaves Qt's default.
QChartView* makeChartView(const QString& objectName, int minimumHeight = 0);
// A chart title with a subtitle line (the parameters every run shares), or the title alone.
QString chartTitle(const QString& title, const QString& subtitle);
// Sets that title so that it fits the chart's width whatever the window: Qt Charts elides a
// title line that is too long ("Allocation — session 1 · alloc · pattern:fixed-ch…"), so the
// title and the subtitle are broken into lines at spaces and '/', for the width the
// chart has now and again whenever its geometry changes. Use it for every chart title.
void setChartTitle(QChart* chart, const QString& title, const QString& subtitle = {});
// The title and subtitle last given to setChartTitle, unbroken, on two lines (else the
// chart's title as it is): what a test reads.
QString plainChartTitle(const QChart* chart);
// The lines of `text` greedily filled to `width` in `font`, broken after the characters of
// `breaks` (a word longer than the width gets a line of its own).
QStringList wrapLines(const QString& text, const QFont& font, qreal width, const QString& breaks);
// A legend of `entries` down the side of `chart` in the largest font, from the default size
// down to `smallest` pt, whose lines fit the chart's height less its title (Qt drops the
// entries a legend has no room for, silently); a legend along the bottom gets the default
// font. Call it before the series make the entries, and again when the chart is resized.
void fitLegendFont(QChart* chart, int entries, qreal smallest = 6.5);
// Labels, title and grid of an axis from the palette.
void styleAxis(QAbstractAxis* axis, const QPalette& palette);

// A dark palette for --palette dark (screenshots, checks of the dark look on a light desktop).
QPalette darkPalette();

}  // namespace tunelab::gui
