#pragma once

#include <QObject>

#include "tunelab/gui/background_loader.h"
#include "tunelab/model/result.h"

namespace tunelab::gui {

class CounterTableModel;
class RegionModel;
class RunTableModel;
class ScalingModel;

// The models of one session's views, filled together: the window and tunelab-plot show the
// same numbers because they fill them the same way.
class SessionModels : public QObject {
  Q_OBJECT

 public:
  explicit SessionModels(QObject* parent = nullptr);

  // Stage 1 of the loader (sample times only): the run table and the scaling view.
  void showTimes(const LoadedSessionPtr& session);
  // The whole session: every model.
  void show(const LoadedSessionPtr& session);
  void clear();

  const model::Session& session() const { return m_session; }
  bool complete() const { return m_complete; }

  RunTableModel* runs() const { return m_runs; }
  ScalingModel* scaling() const { return m_scaling; }
  CounterTableModel* counters() const { return m_counters; }
  RegionModel* regions() const { return m_regions; }

 private:
  model::Session m_session;
  bool m_complete = false;
  RunTableModel* m_runs;
  ScalingModel* m_scaling;
  CounterTableModel* m_counters;
  RegionModel* m_regions;
};

// Both loader stages at once, on the calling thread: for tunelab-plot, --screenshot and tests.
model::Result<LoadedSessionPtr> loadSessionNow(const DatabaseLoader& database,
                                            model::SessionId session);

}  // namespace tunelab::gui
