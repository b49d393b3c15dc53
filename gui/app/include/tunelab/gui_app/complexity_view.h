#pragma once

#include "tunelab/gui_app/view.h"

class QChart;
class QChartView;

namespace tunelab::gui {

class ComplexityModel;

// Time against size for every size sweep of a session, log-log: the measured medians as
// points and lines, the fitted class as a dotted curve named with its class and RMS.
class ComplexityView : public View {
  Q_OBJECT

 public:
  explicit ComplexityView(ComplexityModel* model, QWidget* parent = nullptr);

  QString title() const override;
  const QAbstractItemModel* table() const override;
  QChart* chart() const;

 protected:
  void refresh() override { rebuild(); }

 private:
  void rebuild();

  ComplexityModel* m_model;
  QChartView* m_view;
};

}  // namespace tunelab::gui
