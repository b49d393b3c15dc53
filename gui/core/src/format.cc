#include "tunelab/gui/format.h"

#include <QDateTime>
#include <cmath>

#include "tunelab/analysis/format.h"
#include "tunelab/model/status.h"

namespace tunelab::gui {

QString toQString(std::string_view text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString undefinedText() { return toQString(analysis::undefinedText()); }
QString formatDuration(double seconds) { return toQString(analysis::formatDuration(seconds)); }
QString formatSpeedup(double speedup) { return toQString(analysis::formatSpeedup(speedup)); }
QString formatPercent(double fraction, int decimals) {
  return toQString(analysis::formatPercent(fraction, decimals));
}
QString formatRatio(double ratio) { return toQString(analysis::formatRatio(ratio)); }
QString formatMetric(double value) { return toQString(analysis::formatMetric(value)); }

QString formatTimestamp(const std::string& iso8601, bool withSeconds) {
  QString text = toQString(iso8601);
  QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
  if (!when.isValid()) when = QDateTime::fromString(text, Qt::ISODate);
  if (!when.isValid()) return text;
  // Stored in UTC; shown in UTC too, so that a screenshot and the CLI's report agree.
  return when.toUTC().toString(withSeconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss")
                                           : QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString describeSession(const model::Session& session) {
  QString out = QStringLiteral("session %1").arg(session.id.value());
  if (!session.label.empty()) out += QStringLiteral(" \"%1\"").arg(toQString(session.label));
  out += QStringLiteral(" · %1 · started %2 UTC")
             .arg(toQString(model::toString(session.status)), formatTimestamp(session.startedAt));
  const auto& env = session.environment;
  if (!env.host.empty()) out += QStringLiteral(" · %1").arg(toQString(env.host));
  if (!env.cpuModel.empty())
    out += QStringLiteral(" · %1 (%2 logical cores)")
               .arg(toQString(env.cpuModel), QString::number(env.logicalCores));
  if (!env.compiler.empty()) out += QStringLiteral(" · %1").arg(toQString(env.compiler));
  if (!env.buildType.empty()) out += QStringLiteral(" · %1 build").arg(toQString(env.buildType));
  return out;
}

}  // namespace tunelab::gui
