#include "tunelab/gui_app/image_export.h"

#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace tunelab::gui {

QString imageFileFilter() { return QObject::tr("PNG image (*.png);;SVG drawing (*.svg)"); }

bool exportImage(QWidget* widget, const QString& path, const QString& title, QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QSize size = widget->size();
  if (size.isEmpty()) {
    if (error) *error = QObject::tr("%1: nothing to draw (the view has no size)").arg(path);
    return false;
  }
  if (suffix == QLatin1String("png")) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(widget->palette().color(QPalette::Base));
    {
      QPainter painter(&image);
      painter.setRenderHint(QPainter::Antialiasing);
      widget->render(&painter);
    }
    // QSaveFile writes beside the target and renames over it on commit(), so a failed export
    // (full disk, killed mid-way) leaves the previous file, never half an image.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
      if (error)
        *error = QObject::tr("%1: cannot write the image: %2; nothing was replaced")
                     .arg(path, file.errorString());
      return false;
    }
    return true;
  }
  if (suffix == QLatin1String("svg")) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
      if (error)
        *error = QObject::tr("%1: cannot write the drawing: %2").arg(path, file.errorString());
      return false;
    }
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(title);
    svg.setDescription(QObject::tr("Drawn by tunelab"));
    QPainter painter;
    if (!painter.begin(&svg)) {
      if (error) *error = QObject::tr("%1: cannot write the drawing").arg(path);
      return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    widget->render(&painter);
    painter.end();
    if (!file.commit()) {
      if (error)
        *error = QObject::tr("%1: cannot write the drawing: %2; nothing was replaced")
                     .arg(path, file.errorString());
      return false;
    }
    return true;
  }
  if (error)
    *error = QObject::tr("%1: unknown image format '%2'; use .png or .svg").arg(path, suffix);
  return false;
}

}  // namespace tunelab::gui
