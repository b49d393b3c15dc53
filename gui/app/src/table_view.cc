#include "tunelab/gui_app/table_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

#include "tunelab/gui/roles.h"

namespace tunelab::gui {

TableView::TableView(QAbstractItemModel* model, QString title, QWidget* parent)
    : View(parent),
      m_model(model),
      m_title(std::move(title)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_note(new QLabel),
      m_filter(new QLineEdit),
      m_view(new QTableView) {
  m_proxy->setSourceModel(m_model);
  m_proxy->setSortRole(SortRole);
  m_proxy->setFilterKeyColumn(-1);
  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_filter->setPlaceholderText(tr("Filter rows…"));
  m_filter->setClearButtonEnabled(true);
  m_filter->setMaximumWidth(260);
  connect(m_filter, &QLineEdit::textChanged, m_proxy,
          &QSortFilterProxyModel::setFilterFixedString);
  m_note->setWordWrap(true);
  m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);

  m_view->setModel(m_proxy);
  m_view->setAlternatingRowColors(true);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_view->setWordWrap(false);
  m_view->setTextElideMode(Qt::ElideMiddle);
  m_view->verticalHeader()->hide();
  // The style's default row height leaves half a line of air around every row.
  m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
  m_view->horizontalHeader()->setHighlightSections(false);
  // No sort column at first: the rows stay in the order the runs ran until a header is clicked.
  m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_view->setSortingEnabled(true);
  connect(m_model, &QAbstractItemModel::modelReset, this, [this] { fitColumns(); });

  auto* top = new QHBoxLayout;
  top->setContentsMargins(4, 0, 4, 0);
  top->addWidget(m_note, 1);
  top->addWidget(m_filter);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(top);
  layout->addWidget(m_view, 1);
}

QString TableView::title() const {
  return m_context.isEmpty() ? m_title : QStringLiteral("%1 — %2").arg(m_title, m_context);
}

const QAbstractItemModel* TableView::table() const { return m_proxy; }

QList<int> TableView::tableColumns() const {
  QList<int> out;
  const QHeaderView* header = m_view->horizontalHeader();
  // In the order shown, which the user may have changed by dragging headers.
  for (int visual = 0; visual < header->count(); ++visual) {
    const int logical = header->logicalIndex(visual);
    if (!m_view->isColumnHidden(logical)) out.append(logical);
  }
  return out;
}

QList<int> TableView::selectedRows() const {
  QList<int> out;
  for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) out.append(index.row());
  std::sort(out.begin(), out.end());
  return out;
}

void TableView::setNote(const QString& note) {
  m_note->setText(note);
  m_note->setVisible(!note.isEmpty());
}

void TableView::fitColumns(int maxWidth) {
  m_view->resizeColumnsToContents();
  QHeaderView* header = m_view->horizontalHeader();
  for (int c = 0; c < header->count(); ++c)
    if (header->sectionSize(c) > maxWidth) header->resizeSection(c, maxWidth);
}

}  // namespace tunelab::gui
