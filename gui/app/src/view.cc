#include "tunelab/gui_app/view.h"

#include <QEvent>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <algorithm>

namespace tunelab::gui {

void View::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  // The desktop switched between light and dark (or --palette set one): charts restyle.
  if (event->type() == QEvent::PaletteChange) refresh();
}

QString View::widenedContext(const QString& scope, const QString& wider) const {
  QString context = m_context;
  if (scope != wider) context.replace(scope, wider);
  return context;
}

QList<int> View::selectedSourceRows(const QTableView* table, const QSortFilterProxyModel* proxy) {
  QList<int> rows;
  for (const QModelIndex& index : table->selectionModel()->selectedRows())
    rows << proxy->mapToSource(index).row();
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace tunelab::gui
