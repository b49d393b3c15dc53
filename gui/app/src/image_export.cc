#include "tunelab/gui_app/image_export.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace tunelab::gui {

namespace {

// Writes `bytes` to `path` through a temporary beside it, renamed over the target only once
// every byte is written, so a failed export (full disk, file-size limit) leaves the previous
// file, never part of an image. Unbuffered and counted: QSaveFile::commit() alone renames a
// file whose buffered tail failed to reach the disk (a short write is not an error to Qt).
bool saveWhole(const QString& path, const QByteArray& bytes, QString* why) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
    *why = file.errorString();
    return false;
  }
  if (file.write(bytes) != bytes.size()) {
    *why = file.errorString();
    file.cancelWriting();
    file.commit();  // removes the temporary
    return false;
  }
  if (!file.commit()) {
    *why = file.errorString();
    return false;
  }
  return true;
}

}  // namespace

QString imageFileFilter() { return QObject::tr("PNG image (*.png);;SVG drawing (*.svg)"); }

bool exportImage(QWidget* widget, const QString& path, const QString& title, QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QSize size = widget->size();
  if (size.isEmpty()) {
    if (error) *error = QObject::tr("%1: nothing to draw (the view has no size)").arg(path);
    return false;
  }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (suffix == QLatin1String("png")) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(widget->palette().color(QPalette::Base));
    {
      QPainter painter(&image);
      painter.setRenderHint(QPainter::Antialiasing);
      widget->render(&painter);
    }
    if (!image.save(&buffer, "PNG")) {
      if (error) *error = QObject::tr("%1: cannot encode the image").arg(path);
      return false;
    }
  } else if (suffix == QLatin1String("svg")) {
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(title);
    svg.setDescription(QObject::tr("Drawn by tunelab"));
    QPainter painter;
    if (!painter.begin(&svg)) {
      if (error) *error = QObject::tr("%1: cannot draw the view").arg(path);
      return false;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    widget->render(&painter);
    painter.end();
  } else {
    if (error)
      *error = QObject::tr("%1: unknown image format '%2'; use .png or .svg").arg(path, suffix);
    return false;
  }
  QString why;
  if (!saveWhole(path, bytes, &why)) {
    if (error) *error = QObject::tr("%1: cannot write: %2; nothing was replaced").arg(path, why);
    return false;
  }
  return true;
}

}  // namespace tunelab::gui
