#include "tunelab/gui/run_label.h"

#include <utility>

#include "tunelab/analysis/session_report.h"
#include "tunelab/gui/format.h"
#include "tunelab/model/params.h"

namespace tunelab::gui {

RunLabeler::RunLabeler(std::vector<model::Param> shared)
    : m_sharedValues(std::move(shared)), m_shared(toQString(model::formatParams(m_sharedValues))) {}

QString RunLabeler::distinct(const model::Run& run) const {
  return toQString(model::formatParams(analysis::distinctParams(run.params, m_sharedValues)));
}

QString RunLabeler::caseLabel(const model::Run& run) const {
  QString out = toQString(run.workload) + QLatin1Char('/') + toQString(run.variant);
  if (const QString d = distinct(run); !d.isEmpty()) out += QLatin1Char(' ') + d;
  return out;
}

QString RunLabeler::label(const model::Run& run) const {
  QString out = toQString(run.workload) + QLatin1Char('/') + toQString(run.variant);
  out += QStringLiteral(" p=%1").arg(run.threads * run.ranks);
  if (const QString d = distinct(run); !d.isEmpty()) out += QLatin1Char(' ') + d;
  return out;
}

}  // namespace tunelab::gui
