#pragma once

#include <QComboBox>
#include <QHBoxLayout>
#include <QWidget>
#include <vector>

#include "tunelab/analysis/scope.h"

namespace tunelab::gui {

// The bar above the tabs that scopes every view to what a person compares: a workload, then
// one value of each of its pinnable parameters (alloc's pattern, factor's op) or all of them.
// A session of one workload with nothing to pin hides it.
class ScopeBar : public QWidget {
  Q_OBJECT
 public:
  explicit ScopeBar(QWidget* parent = nullptr);
  // What the loaded session offers and what it shows; rebuilt without emitting anything.
  void setChoices(const analysis::ScopeChoices& choices, const analysis::Scope& current);
  analysis::Scope scope() const;

 signals:
  // Another workload: it opens in its default scope.
  void workloadChosen(const QString& workload);
  // Another value of a parameter: scope() says which runs to show.
  void scopeChosen();

 private:
  QHBoxLayout* m_layout;
  QComboBox* m_workload;
  std::vector<QComboBox*> m_params;  // their property "key" names the parameter
  std::vector<QWidget*> m_paramWidgets;  // labels and combos, rebuilt when the choices change
  // What the bar was last built for: both loading stages of one scope offer the same, and a
  // rebuild would pull the combo boxes out from under a reader's (or a test's) hand.
  analysis::ScopeChoices m_choices;
  std::string m_shown;
};

}  // namespace tunelab::gui
