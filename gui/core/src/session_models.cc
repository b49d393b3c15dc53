#include "tunelab/gui/session_models.h"

#include "tunelab/gui/allocation_model.h"
#include "tunelab/gui/ann_model.h"
#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/complexity_model.h"
#include "tunelab/gui/counter_table_model.h"
#include "tunelab/gui/region_model.h"
#include "tunelab/gui/roofline_model.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui/stream_model.h"
#include "tunelab/gui/trend_model.h"

namespace tunelab::gui {

SessionModels::SessionModels(QObject* parent)
    : QObject(parent),
      m_sessions(new SessionListModel(this)),
      m_runs(new RunTableModel(this)),
      m_scaling(new ScalingModel(this)),
      m_counters(new CounterTableModel(this)),
      m_regions(new RegionModel(this)),
      m_allocation(new AllocationModel(this)),
      m_complexity(new ComplexityModel(this)),
      m_roofline(new RooflineModel(this)),
      m_stream(new StreamModel(this)),
      m_ann(new AnnModel(this)),
      m_compare(new CompareModel(this)),
      m_trend(new TrendModel(this)) {}

void SessionModels::showTimes(const LoadedSessionPtr& session) {
  m_session = session->results.session;
  m_complete = false;
  m_runs->setSession(session);
  m_scaling->setSession(session);
  // The rest needs what only the second stage reads (counters, metrics, regions, series).
  m_counters->clear();
  m_regions->clear();
  m_allocation->clear();
  m_complexity->clear();
  m_roofline->clear();
  m_stream->clear();
  m_ann->clear();
}

void SessionModels::show(const LoadedSessionPtr& session) {
  m_session = session->results.session;
  m_complete = session->complete;
  m_runs->setSession(session);
  m_scaling->setSession(session);
  m_counters->setSession(session);
  m_regions->setSession(session);
  m_allocation->setSession(session);
  m_complexity->setSession(session);
  m_roofline->setSession(session);
  m_stream->setSession(session);
  m_ann->setSession(session);
}

void SessionModels::clear() {
  m_session = {};
  m_complete = false;
  m_runs->clear();
  m_scaling->clear();
  m_counters->clear();
  m_regions->clear();
  m_allocation->clear();
  m_complexity->clear();
  m_roofline->clear();
  m_stream->clear();
  m_ann->clear();
}

model::Result<LoadedSessionPtr> loadSessionNow(const DatabaseLoader& database,
                                               model::SessionId session) {
  auto results = database.load(session, store::RunParts::All);
  if (!results) return results.error();
  return loadedSession(std::move(results).value(), true);
}

}  // namespace tunelab::gui
