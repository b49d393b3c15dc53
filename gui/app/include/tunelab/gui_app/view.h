#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QAbstractItemModel;
class QSortFilterProxyModel;
class QTableView;

namespace tunelab::gui {

// One tab of the window (and one --view of tunelab-plot): a chart or a table over one of
// gui_core's models. Views only show; the models hold the numbers.
class View : public QWidget {
  Q_OBJECT

 public:
  using QWidget::QWidget;

  // What the view shows, as its chart's title says it ("Strong scaling — session 3 …").
  virtual QString title() const = 0;
  // The part an image export renders: the charts without the view's controls.
  virtual QWidget* exportWidget() { return this; }
  // Whether there is a chart to export as an image (tables export as CSV only).
  virtual bool hasChart() const { return true; }
  // The table behind the view, for CSV and the clipboard, and the columns to write (empty: all).
  virtual const QAbstractItemModel* table() const = 0;
  virtual QList<int> tableColumns() const { return {}; }
  // Rows selected by the user (for Copy), in table() rows; empty: the whole table.
  virtual QList<int> selectedRows() const { return {}; }
  // "session 3", for titles.
  virtual void setContext(const QString& context) {
    m_context = context;
    refresh();
  }

 protected:
  // Redraws from the model and the palette: the palette changed, or the context.
  virtual void refresh() {}
  void changeEvent(QEvent* event) override;
  // m_context with the scope's text replaced by `wider`: a tab that spreads along a knob the
  // scope pins for the other tabs (stream's rate, ann's index knobs) names what it shows.
  QString widenedContext(const QString& scope, const QString& wider) const;
  // The rows selected in `table`, mapped through `proxy` to the model's, in order.
  static QList<int> selectedSourceRows(const QTableView* table, const QSortFilterProxyModel* proxy);

  QString m_context;
};

}  // namespace tunelab::gui
