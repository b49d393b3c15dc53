#pragma once

#include <QChartView>
#include <QString>

namespace tunelab::gui {

class ScalingModel;

// Speedup against threads, one line per scaling series, and the ideal S(p) = p for scale.
// Each line is bound to its block of ScalingModel rows by a QVXYModelMapper; the chart
// rebuilds its lines and axes whenever the model is reset. Series without a p = 1 run have
// no speedup and are left out (the run table still lists their times).
class ScalingChart : public QChartView {
  Q_OBJECT

 public:
  explicit ScalingChart(ScalingModel* model, QWidget* parent = nullptr);

  // Names what is plotted, e.g. "session 3"; the chart title adds the shared parameters.
  void setContext(const QString& context);

 private:
  void rebuild();
  void addIdealLine(int maxWorkers);
  void showPointTooltip(int series, const QPointF& point, bool hovered);

  ScalingModel* m_model;
  QString m_context;
};

}  // namespace tunelab::gui
