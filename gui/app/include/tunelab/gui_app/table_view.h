#pragma once

#include <functional>

#include "tunelab/gui_app/view.h"

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace tunelab::gui {

// A sortable, filterable table over one model (the runs, the counters): click a header to
// sort by the raw value behind the text (SortRole), type in the filter to keep the rows
// whose text contains it. A note above the table says what it shows. Export writes the rows
// as sorted and filtered, the visible columns only; Copy the selected rows.
class TableView : public View {
  Q_OBJECT

 public:
  // `title` names the table ("Runs", "Counters"); `note(model)` is the line above it.
  TableView(QAbstractItemModel* model, QString title, QWidget* parent = nullptr);

  QString title() const override;
  bool hasChart() const override { return false; }
  const QAbstractItemModel* table() const override;
  QList<int> tableColumns() const override;
  QList<int> selectedRows() const override;

  QTableView* tableView() const { return m_view; }
  QLineEdit* filter() const { return m_filter; }
  void setNote(const QString& note);
  // Columns wider than this are elided; their tooltip has the rest.
  void fitColumns(int maxWidth = 340);

 private:
  QAbstractItemModel* m_model;
  QString m_title;
  QSortFilterProxyModel* m_proxy;
  QLabel* m_note;
  QLineEdit* m_filter;
  QTableView* m_view;
};

}  // namespace tunelab::gui
