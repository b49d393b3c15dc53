#pragma once

#include "tunelab/gui_app/view.h"

class QChart;
class QChartView;

namespace tunelab::gui {

class RegionModel;

// Time per region (assign, update …) as horizontal stacked bars, one bar per run (variant
// and thread count), one colour per region, one bar set per RegionModel column. The view
// rebuilds when the model is reset.
class RegionsView : public View {
  Q_OBJECT

 public:
  explicit RegionsView(RegionModel* model, QWidget* parent = nullptr);

  QString title() const override;
  const QAbstractItemModel* table() const override;
  QChart* chart() const;
  // The whole chart, also the part scrolled out of sight when the runs outgrow the window.
  QWidget* exportWidget() override;

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();

  RegionModel* m_model;
  QChartView* m_view;
};

}  // namespace tunelab::gui
