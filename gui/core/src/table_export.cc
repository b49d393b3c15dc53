#include "tunelab/gui/table_export.h"

#include <QAbstractItemModel>
#include <QSaveFile>

namespace tunelab::gui {

namespace {

QList<int> allColumns(const QAbstractItemModel& model, const QList<int>& columns) {
  if (!columns.isEmpty()) return columns;
  QList<int> out;
  for (int c = 0; c < model.columnCount(); ++c) out.append(c);
  return out;
}

QString csvField(QString text) {
  if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
      text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))) {
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
  }
  return text;
}

QString tsvField(QString text) {
  text.replace(QLatin1Char('\t'), QLatin1Char(' '));
  text.replace(QLatin1Char('\n'), QLatin1Char(' '));
  text.replace(QLatin1Char('\r'), QLatin1Char(' '));
  return text;
}

template <class Field>
QString table(const QAbstractItemModel& model, const QList<int>& columns, QList<int> rows,
              QChar separator, const QString& lineEnd, Field field) {
  const QList<int> cols = allColumns(model, columns);
  if (rows.isEmpty())
    for (int r = 0; r < model.rowCount(); ++r) rows.append(r);
  QString out;
  QStringList cells;
  for (int c : cols) cells << field(model.headerData(c, Qt::Horizontal).toString());
  out += cells.join(separator) + lineEnd;
  for (int r : rows) {
    cells.clear();
    for (int c : cols) cells << field(model.index(r, c).data(Qt::DisplayRole).toString());
    out += cells.join(separator) + lineEnd;
  }
  return out;
}

}  // namespace

QString tableToCsv(const QAbstractItemModel& model, const QList<int>& columns) {
  return table(model, columns, {}, QLatin1Char(','), QStringLiteral("\r\n"), csvField);
}

QString tableToTsv(const QAbstractItemModel& model, const QList<int>& columns,
                   const QList<int>& rows) {
  return table(model, columns, rows, QLatin1Char('\t'), QStringLiteral("\n"), tsvField);
}

bool writeCsv(const QAbstractItemModel& model, const QString& path, const QList<int>& columns,
              QString* error) {
  // Unbuffered and counted: QSaveFile::commit() alone renames a file whose buffered tail
  // failed to reach the disk (a short write is no error to Qt), leaving a truncated CSV.
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
    if (error) *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    return false;
  }
  const QByteArray bytes = tableToCsv(model, columns).toUtf8();
  if (file.write(bytes) != bytes.size()) {
    if (error) *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    file.cancelWriting();
    file.commit();  // removes the temporary
    return false;
  }
  if (!file.commit()) {
    if (error) *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace tunelab::gui
