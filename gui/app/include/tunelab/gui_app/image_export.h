#pragma once

#include <QSize>
#include <QString>

class QWidget;

namespace tunelab::gui {

// Writes what `widget` draws to FILE.png (raster, at the widget's size times devicePixelRatio
// 1) or FILE.svg (vector: Qt Charts draws through QPainter, which QSvgGenerator records as
// paths and text). The format follows the suffix; anything else is refused. `title` goes into
// the SVG's <title>. False with a message naming the file on failure.
bool exportImage(QWidget* widget, const QString& path, const QString& title, QString* error);

// The file name suffixes exportImage understands, for file dialogs.
QString imageFileFilter();

}  // namespace tunelab::gui
