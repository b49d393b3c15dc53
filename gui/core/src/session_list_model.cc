#include "tunelab/gui/session_list_model.h"

#include <QBrush>
#include <QColor>
#include <utility>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/model/status.h"

namespace tunelab::gui {

namespace {

QString tooltip(const model::Session& s) {
  QString out = describeSession(s);
  if (s.endedAt) out += QStringLiteral("\nended %1 UTC").arg(formatTimestamp(*s.endedAt));
  if (!s.commandLine.empty()) out += QStringLiteral("\n%1").arg(toQString(s.commandLine));
  if (!s.environment.gitRevision.empty())
    out += QStringLiteral("\ngit %1").arg(toQString(s.environment.gitRevision));
  return out;
}

}  // namespace

SessionListModel::SessionListModel(QObject* parent) : QAbstractTableModel(parent) {}

void SessionListModel::setSessions(std::vector<model::Session> sessions) {
  beginResetModel();
  m_sessions = std::move(sessions);
  endResetModel();
}

void SessionListModel::clear() { setSessions({}); }

int SessionListModel::rowOf(model::SessionId id) const {
  for (std::size_t i = 0; i < m_sessions.size(); ++i)
    if (m_sessions[i].id == id) return static_cast<int>(i);
  return -1;
}

int SessionListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_sessions.size());
}

int SessionListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& s = m_sessions[static_cast<std::size_t>(index.row())];
  const auto column = static_cast<Column>(index.column());
  switch (role) {
    case Qt::DisplayRole:
      switch (column) {
        case IdColumn:
          return static_cast<qlonglong>(s.id.value());
        case LabelColumn:
          return toQString(s.label);
        case StatusColumn:
          return toQString(model::toString(s.status));
        // Minutes are enough to tell sessions apart at a glance; the tooltip has seconds.
        case StartedColumn:
          return formatTimestamp(s.startedAt, false);
        case ColumnCount:
          break;
      }
      break;
    case SortRole:
      // ISO 8601 in UTC orders correctly as text; every other column sorts as it reads.
      if (column == StartedColumn) return toQString(s.startedAt);
      return data(index, Qt::DisplayRole);
    case IdRole:
      return static_cast<qlonglong>(s.id.value());
    case Qt::ToolTipRole:
      return tooltip(s);
    case Qt::TextAlignmentRole:
      if (column == IdColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
      break;
    case Qt::ForegroundRole:
      // An interrupted or abandoned session is incomplete data; say so before anyone
      // compares with it.
      if (column == StatusColumn && (s.status == model::SessionStatus::Interrupted ||
                                     s.status == model::SessionStatus::Abandoned))
        return QBrush(QColor(0xb0, 0x3a, 0x2e));
      break;
    default:
      break;
  }
  return {};
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case IdColumn:
      return tr("#");
    case LabelColumn:
      return tr("Label");
    case StatusColumn:
      return tr("Status");
    case StartedColumn:
      return tr("Started (UTC)");
    default:
      return {};
  }
}

}  // namespace tunelab::gui
