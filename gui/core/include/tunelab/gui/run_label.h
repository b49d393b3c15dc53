#pragma once

#include <QString>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::gui {

// Names runs the way every GUI view does: "kmeans/threads p=2", followed by the parameters in
// which the run differs from the others of the session ("kmeans/threads p=2 n:5000"). The
// parameters every run shares (analysis::SessionReport::sharedParamValues) are stated once,
// by shared().
class RunLabeler {
 public:
  explicit RunLabeler(std::vector<model::Param> shared);

  // "kmeans/threads p=2 n:5000".
  QString label(const model::Run& run) const;
  // The same without the worker count: "kmeans/threads n:5000".
  QString caseLabel(const model::Run& run) const;
  // Only the parameters that differ: "n:5000", or empty.
  QString distinct(const model::Run& run) const;
  // "n:20000/d:8/…": what every run shares; empty when they share nothing.
  const QString& shared() const { return m_shared; }

 private:
  std::vector<model::Param> m_sharedValues;
  QString m_shared;
};

}  // namespace tunelab::gui
