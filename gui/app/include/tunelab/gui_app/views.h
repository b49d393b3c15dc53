#pragma once

#include <QString>
#include <QStringList>
#include <optional>

class QWidget;

namespace tunelab::gui {

class SessionModels;
class View;

// The kinds of view, as tabs of the window, `tunelab-gui --tab NAME` and
// `tunelab-plot --view NAME`, in tab order.
enum class ViewKind {
  Runs,
  Scaling,
  Counters,
  Regions,
  Allocation,
  Compare,
  Trend,
  Complexity,
  Roofline,
  Stream,
  Ann
};

QString viewName(ViewKind kind);  // "runs", "scaling", …
QString viewLabel(ViewKind kind);  // "&Runs", "&Scaling", … (tab text with its mnemonic)
std::optional<ViewKind> viewFromName(const QString& name);
QStringList viewNames();
// Every kind, in tab order.
const QList<ViewKind>& allViews();

// A view of `kind` over the models of `models`; the window's tabs and tunelab-plot both make
// their views here, so that a plot is the tab it names.
View* createView(ViewKind kind, SessionModels* models, QWidget* parent = nullptr);

}  // namespace tunelab::gui
