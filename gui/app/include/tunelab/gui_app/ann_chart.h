#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <string>
#include <vector>

#include "tunelab/analysis/ann.h"

class QChart;

namespace tunelab::gui {

// The recall–throughput chart of nearest-neighbour cases (analysis/ann.h), as
// `tunelab plot --view ann` and the HTML report draw it: recall@k across, queries/s up on a
// log scale; per series (a variant, and p where worker counts differ) every case as a point
// and a line through the variant's own best trade-offs (the cases no other of its own beat);
// the cases on the data set's Pareto front (◆ in the report) ringed. `cases` are one data
// set's; `series` index them. A variant's colour is its place in `variants` (the session's,
// so that a variant keeps its colour from chart to chart). Draws into `chart` from scratch
// (resetChart). Many series go down the right side, in a font that fits the chart's height
// (fitLegendFont: refit it when the chart is resized).
void drawAnnChart(QChart* chart, const std::vector<analysis::AnnCase>& cases,
                  const std::vector<analysis::AnnSeries>& series, const QString& title,
                  const QString& subtitle, const QPalette& palette,
                  const std::vector<std::string>& variants);

// The colour drawAnnChart gives `series` (series[index] of those it draws): its variant's
// place in `variants`, or past them.
QColor annSeriesColor(const analysis::AnnSeries& series, std::size_t index,
                      const std::vector<std::string>& variants);

}  // namespace tunelab::gui
