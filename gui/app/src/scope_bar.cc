#include "tunelab/gui_app/scope_bar.h"

#include <QLabel>
#include <QSignalBlocker>

namespace tunelab::gui {

ScopeBar::ScopeBar(QWidget* parent)
    : QWidget(parent), m_layout(new QHBoxLayout(this)), m_workload(new QComboBox) {
  setObjectName(QStringLiteral("scopeBar"));
  m_layout->setContentsMargins(4, 0, 4, 2);
  auto* show = new QLabel(tr("Show"));
  m_layout->addWidget(show);
  m_workload->setObjectName(QStringLiteral("scopeWorkload"));
  m_workload->setToolTip(tr("The workload every tab shows; a session of several is shown one "
                            "workload at a time"));
  m_workload->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  show->setBuddy(m_workload);
  m_layout->addWidget(m_workload);
  m_layout->addStretch(1);
  connect(m_workload, &QComboBox::currentIndexChanged, this, [this] {
    const QString w = m_workload->currentData().toString();
    if (w.isEmpty())
      emit scopeChosen();  // every workload
    else
      emit workloadChosen(w);
  });
  hide();
}

void ScopeBar::setChoices(const analysis::ScopeChoices& choices, const analysis::Scope& current) {
  const std::string shown = analysis::describe(current);
  if (choices.workloads == m_choices.workloads && choices.params == m_choices.params &&
      shown == m_shown)
    return;
  m_choices = choices;
  m_shown = shown;
  const QSignalBlocker block(m_workload);
  m_workload->clear();
  for (const auto& w : choices.workloads)
    m_workload->addItem(QString::fromStdString(w), QString::fromStdString(w));
  m_workload->addItem(tr("every workload"), QString());
  m_workload->setCurrentIndex(m_workload->findData(QString::fromStdString(current.workload)));
  for (QWidget* w : m_paramWidgets) {
    // Out of the window at once (findChild no longer sees it), deleted when it is safe to.
    m_layout->removeWidget(w);
    w->hide();
    w->setParent(nullptr);
    w->deleteLater();
  }
  m_paramWidgets.clear();
  m_params.clear();
  int at = 2;  // after "Show" and the workload
  for (const auto& [key, values] : choices.params) {
    const QString k = QString::fromStdString(key);
    auto* label = new QLabel(k);
    auto* combo = new QComboBox;
    combo->setObjectName(QStringLiteral("scope-") + k);
    combo->setProperty("key", k);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const auto& v : values) combo->addItem(QString::fromStdString(v), QString::fromStdString(v));
    combo->addItem(tr("every %1").arg(k), QString());
    combo->setCurrentIndex(combo->count() - 1);
    for (const auto& p : current.where)
      if (p.key == key) combo->setCurrentIndex(combo->findData(QString::fromStdString(p.value)));
    label->setBuddy(combo);
    connect(combo, &QComboBox::currentIndexChanged, this, [this] { emit scopeChosen(); });
    m_layout->insertWidget(at++, label);
    m_layout->insertWidget(at++, combo);
    m_paramWidgets.push_back(label);
    m_paramWidgets.push_back(combo);
    m_params.push_back(combo);
  }
  setVisible(choices.workloads.size() > 1 || !choices.params.empty());
}

analysis::Scope ScopeBar::scope() const {
  analysis::Scope s{m_workload->currentData().toString().toStdString(), {}};
  for (const QComboBox* combo : m_params) {
    const QString value = combo->currentData().toString();
    if (!value.isEmpty())
      s.where.push_back({combo->property("key").toString().toStdString(), value.toStdString()});
  }
  return s;
}

}  // namespace tunelab::gui
