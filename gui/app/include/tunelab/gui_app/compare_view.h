#pragma once

#include "tunelab/gui_app/view.h"
#include "tunelab/model/id.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace tunelab::gui {

class CompareModel;
class SessionListModel;

// Baseline against candidate: two session pickers, the verdict table coloured by verdict,
// and the ratios candidate / baseline with their 95 % intervals as whiskers around 1 (the
// threshold band shaded). The comparison itself is analysis::compare's, computed by the
// loader when compareRequested is answered.
class CompareView : public View {
  Q_OBJECT

 public:
  CompareView(CompareModel* model, SessionListModel* sessions, QWidget* parent = nullptr);

  QString title() const override;
  QWidget* exportWidget() override;
  const QAbstractItemModel* table() const override;
  QList<int> selectedRows() const override;

  // Picks the sessions (without asking for a comparison; request() does).
  void setSessions(model::SessionId baseline, model::SessionId candidate);
  model::SessionId baseline() const;
  model::SessionId candidate() const;
  // Emits compareRequested for the sessions picked, if both are and they differ.
  void request();
  // The parameters left out when matching runs by name (`tunelab compare --ignore-param`):
  // the boxes ticked in "Leave out", offered for the parameters that keep benchmarks apart.
  QStringList ignoredParams() const;
  QChart* chart() const;
  QTableView* tableView() const { return m_view; }

 signals:
  void compareRequested(tunelab::model::SessionId baseline, tunelab::model::SessionId candidate);

 protected:
  void refresh() override { rebuild(); }

 private:
  void fillPickers();
  void rebuild();
  void offerIgnoredParams();

  CompareModel* m_model;
  SessionListModel* m_sessions;
  QComboBox* m_baseline;
  QComboBox* m_candidate;
  QLabel* m_summary;
  QWidget* m_ignoreRow;  // "Leave out:" and a check box per parameter
  QStringList m_ignored;
  QSortFilterProxyModel* m_proxy;
  QTableView* m_view;
  QChartView* m_chart;
};

}  // namespace tunelab::gui
