#pragma once

#include "tunelab/gui_app/view.h"

class QChart;
class QChartView;

namespace tunelab::gui {

class RooflineModel;

// The roofline: achieved GFLOP/s against arithmetic intensity (FLOP/B), log-log, one colour
// per variant, under the machine's measured roofs — bandwidth × intensity up to the ridge,
// then the fp64 (solid) and fp32 (dashed) peaks. Without measured ceilings the points are
// drawn alone and the subtitle says how to measure them.
class RooflineView : public View {
  Q_OBJECT

 public:
  explicit RooflineView(RooflineModel* model, QWidget* parent = nullptr);

  QString title() const override;
  const QAbstractItemModel* table() const override;
  QChart* chart() const;

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();

  RooflineModel* m_model;
  QChartView* m_view;
};

}  // namespace tunelab::gui
