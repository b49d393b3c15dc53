#pragma once

#include <QList>
#include <QString>

class QAbstractItemModel;

namespace tunelab::gui {

// Tables leave the GUI as they are shown: the header row, then each row's DisplayRole text
// (formatted numbers, "unsupported", "–"). `tunelab export` is the way to raw values.
// `columns` picks and orders the columns (a view's visible ones); empty means all.

// RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote
// or a line break, quotes doubled.
QString tableToCsv(const QAbstractItemModel& model, const QList<int>& columns = {});
// Tab-separated, for the clipboard: spreadsheets paste it into cells. Tabs and line breaks
// inside a cell become spaces. `rows` limits it to those rows (a selection); empty means all.
QString tableToTsv(const QAbstractItemModel& model, const QList<int>& columns = {},
                   const QList<int>& rows = {});
// Writes tableToCsv as UTF-8; false with a message naming the file on failure.
bool writeCsv(const QAbstractItemModel& model, const QString& path, const QList<int>& columns,
              QString* error);

}  // namespace tunelab::gui
