#include "tunelab/gui_app/views.h"

#include <QObject>
#include <QTableView>

#include "tunelab/gui/ann_model.h"
#include "tunelab/gui/counter_table_model.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/stream_model.h"
#include "tunelab/gui_app/allocation_view.h"
#include "tunelab/gui_app/ann_view.h"
#include "tunelab/gui_app/compare_view.h"
#include "tunelab/gui_app/complexity_view.h"
#include "tunelab/gui_app/regions_view.h"
#include "tunelab/gui_app/roofline_view.h"
#include "tunelab/gui_app/trend_view.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/gui_app/stream_view.h"
#include "tunelab/gui_app/table_view.h"

namespace tunelab::gui {

namespace {

struct Entry {
  ViewKind kind;
  const char* name;
  const char* label;
};
constexpr Entry kViews[] = {
    {ViewKind::Runs, "runs", QT_TRANSLATE_NOOP("View", "&Runs")},
    {ViewKind::Scaling, "scaling", QT_TRANSLATE_NOOP("View", "&Scaling")},
    {ViewKind::Counters, "counters", QT_TRANSLATE_NOOP("View", "&Counters")},
    {ViewKind::Regions, "regions", QT_TRANSLATE_NOOP("View", "Re&gions")},
    {ViewKind::Allocation, "allocation", QT_TRANSLATE_NOOP("View", "&Allocation")},
    {ViewKind::Compare, "compare", QT_TRANSLATE_NOOP("View", "Com&pare")},
    {ViewKind::Trend, "trend", QT_TRANSLATE_NOOP("View", "&Trend")},
    {ViewKind::Complexity, "complexity", QT_TRANSLATE_NOOP("View", "Comple&xity")},
    {ViewKind::Roofline, "roofline", QT_TRANSLATE_NOOP("View", "Roo&fline")},
    {ViewKind::Stream, "stream", QT_TRANSLATE_NOOP("View", "Strea&m")},
    {ViewKind::Ann, "ann", QT_TRANSLATE_NOOP("View", "A&NN")}};

}  // namespace

QString viewName(ViewKind kind) {
  for (const auto& v : kViews)
    if (v.kind == kind) return QString::fromLatin1(v.name);
  return {};
}

QString viewLabel(ViewKind kind) {
  for (const auto& v : kViews)
    if (v.kind == kind) return QObject::tr(v.label);
  return {};
}

std::optional<ViewKind> viewFromName(const QString& name) {
  for (const auto& v : kViews)
    if (name == QLatin1String(v.name)) return v.kind;
  return std::nullopt;
}

QStringList viewNames() {
  QStringList out;
  for (const auto& v : kViews) out << QString::fromLatin1(v.name);
  return out;
}

const QList<ViewKind>& allViews() {
  static const QList<ViewKind> kAll = [] {
    QList<ViewKind> out;
    for (const auto& v : kViews) out << v.kind;
    return out;
  }();
  return kAll;
}

View* createView(ViewKind kind, SessionModels* models, QWidget* parent) {
  View* view = nullptr;
  switch (kind) {
    case ViewKind::Runs: {
      auto* table = new TableView(models->runs(), QObject::tr("Runs"), parent);
      table->tableView()->setObjectName(QStringLiteral("runTable"));
      view = table;
      break;
    }
    case ViewKind::Scaling:
      view = new ScalingView(models->scaling(), parent);
      break;
    case ViewKind::Counters: {
      auto* table = new TableView(models->counters(), QObject::tr("Counters"), parent);
      table->tableView()->setObjectName(QStringLiteral("counterTable"));
      view = table;
      break;
    }
    case ViewKind::Regions:
      view = new RegionsView(models->regions(), parent);
      break;
    case ViewKind::Allocation:
      view = new AllocationView(models->allocation(), parent);
      break;
    case ViewKind::Compare:
      view = new CompareView(models->compare(), models->sessions(), parent);
      break;
    case ViewKind::Trend:
      view = new TrendView(models->trend(), parent);
      break;
    case ViewKind::Complexity:
      view = new ComplexityView(models->complexity(), parent);
      break;
    case ViewKind::Roofline:
      view = new RooflineView(models->roofline(), parent);
      break;
    case ViewKind::Stream:
      view = new StreamView(models->stream(), parent);
      break;
    case ViewKind::Ann:
      view = new AnnView(models->ann(), parent);
      break;
  }
  view->setObjectName(viewName(kind) + QStringLiteral("View"));
  return view;
}

}  // namespace tunelab::gui
