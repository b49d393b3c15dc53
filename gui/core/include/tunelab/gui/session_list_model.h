#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "tunelab/model/session.h"

namespace tunelab::gui {

// The sessions of a database, one row each, in the order given (the Store lists newest
// first). Columns: id, label, status, start time. IdRole gives the session id on any column.
class SessionListModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { IdColumn, LabelColumn, StatusColumn, StartedColumn, ColumnCount };

  explicit SessionListModel(QObject* parent = nullptr);

  void setSessions(std::vector<model::Session> sessions);
  void clear();
  const std::vector<model::Session>& sessions() const { return m_sessions; }
  // The row of a session, or -1.
  int rowOf(model::SessionId id) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<model::Session> m_sessions;
};

}  // namespace tunelab::gui
