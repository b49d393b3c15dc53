#pragma once

#include <Qt>

namespace tunelab::gui {

// Item data roles the GUI models share beyond Qt's own.
enum Role {
  // The raw value behind a formatted cell (seconds as a double, thread counts as an int …),
  // so that sorting orders 950 µs before 1.2 ms. Invalid where the value is undefined (a
  // failed run has no time), which QSortFilterProxyModel puts after every defined value.
  SortRole = Qt::UserRole,
  // The database id of the row's session or run, as qint64.
  IdRole,
};

}  // namespace tunelab::gui
