#include "tunelab/gui/format.h"

#include <QDateTime>
#include <cmath>

#include "tunelab/model/status.h"

namespace tunelab::gui {

QString toQString(std::string_view text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString undefinedText() { return QStringLiteral("–"); }

QString formatDuration(double seconds) {
  if (!std::isfinite(seconds)) return undefinedText();
  struct Unit {
    double scale;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}};
  for (const auto& unit : kUnits) {
    // The smallest unit takes whatever is left, zero included.
    if (std::abs(seconds) >= unit.scale || unit.scale == 1e-9) {
      const double v = seconds / unit.scale;
      const int decimals = v >= 100 ? 0 : v >= 10 ? 1 : 2;
      return QStringLiteral("%1 %2").arg(v, 0, 'f', decimals).arg(QString::fromUtf8(unit.name));
    }
  }
  return undefinedText();
}

QString formatSpeedup(double speedup) {
  if (!std::isfinite(speedup)) return undefinedText();
  return QStringLiteral("%1×").arg(speedup, 0, 'f', 2);
}

QString formatPercent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return undefinedText();
  return QStringLiteral("%1%").arg(fraction * 100, 0, 'f', decimals);
}

QString formatRatio(double ratio) {
  if (!std::isfinite(ratio)) return undefinedText();
  return QString::number(ratio, 'f', 2);
}

QString formatMetric(double value) {
  if (!std::isfinite(value)) return undefinedText();
  // Counts (iterations, clusters) are integers; printing them as 2.000e+01 would hide that.
  if (value == std::floor(value) && std::abs(value) < 1e7) return QString::number(value, 'f', 0);
  return QString::number(value, 'g', 4);
}

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
