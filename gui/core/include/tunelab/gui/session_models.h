#pragma once

#include <QObject>

#include "tunelab/gui/background_loader.h"
#include "tunelab/model/result.h"

namespace tunelab::gui {

class AllocationModel;
class AnnModel;
class CompareModel;
class ComplexityModel;
class CounterTableModel;
class RegionModel;
class RooflineModel;
class RunTableModel;
class ScalingModel;
class SessionListModel;
class StreamModel;
class TrendModel;

// Every model the views show, filled together: the window and tunelab-plot show the same
// numbers because they fill them the same way. The session models follow the session shown;
// the session list, comparison and trend are set on their own.
class SessionModels : public QObject {
  Q_OBJECT

 public:
  explicit SessionModels(QObject* parent = nullptr);

  // Stage 1 of the loader (sample times only): the run table and the scaling view.
  void showTimes(const LoadedSessionPtr& session);
  // The whole session: every session model.
  void show(const LoadedSessionPtr& session);
  // Empties the session models (not the list, comparison or trend).
  void clear();

  const model::Session& session() const { return m_session; }
  bool complete() const { return m_complete; }

  SessionListModel* sessions() const { return m_sessions; }
  RunTableModel* runs() const { return m_runs; }
  ScalingModel* scaling() const { return m_scaling; }
  CounterTableModel* counters() const { return m_counters; }
  RegionModel* regions() const { return m_regions; }
  AllocationModel* allocation() const { return m_allocation; }
  ComplexityModel* complexity() const { return m_complexity; }
  RooflineModel* roofline() const { return m_roofline; }
  StreamModel* stream() const { return m_stream; }
  AnnModel* ann() const { return m_ann; }
  CompareModel* compare() const { return m_compare; }
  TrendModel* trend() const { return m_trend; }

 private:
  model::Session m_session;
  bool m_complete = false;
  SessionListModel* m_sessions;
  RunTableModel* m_runs;
  ScalingModel* m_scaling;
  CounterTableModel* m_counters;
  RegionModel* m_regions;
  AllocationModel* m_allocation;
  ComplexityModel* m_complexity;
  RooflineModel* m_roofline;
  StreamModel* m_stream;
  AnnModel* m_ann;
  CompareModel* m_compare;
  TrendModel* m_trend;
};

// Both loader stages at once, on the calling thread: for tunelab-plot, --screenshot and tests.
model::Result<LoadedSessionPtr> loadSessionNow(const DatabaseLoader& database,
                                               model::SessionId session);

}  // namespace tunelab::gui
