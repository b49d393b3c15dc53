#include "tunelab/analysis/format.h"

#include <cmath>
#include <cstdio>
#include <iterator>

namespace tunelab::analysis {
namespace {
std::string printf1(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Three significant digits of a magnitude as printf rounds them: 99.96 is 100 (not 100.0),
// 9.996 is 10.0.
int decimalsFor(double magnitude) { return magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2; }
double roundedTo3(double magnitude) {
  const int d = decimalsFor(magnitude);
  const double scale = d == 0 ? 1 : d == 1 ? 10 : 100;
  return std::round(magnitude * scale) / scale;
}
const char* threeDigits(double v) {
  const int d = decimalsFor(roundedTo3(std::abs(v)));
  return d == 0 ? "%.0f" : d == 1 ? "%.1f" : "%.2f";
}
}  // namespace

std::string undefinedText() { return "–"; }

std::string formatDuration(double seconds) {
  if (!std::isfinite(seconds)) return undefinedText();
  struct Unit {
    double scale;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}};
  for (std::size_t u = 0; u < std::size(kUnits); ++u) {
    const auto& unit = kUnits[u];
    // The smallest unit takes whatever is left, zero included.
    if (std::abs(seconds) >= unit.scale || unit.scale == 1e-9) {
      const double v = seconds / unit.scale;
      // 999.7 µs rounds to 1000: that is 1.00 ms.
      if (u > 0 && roundedTo3(std::abs(v)) >= 1000) return formatDuration(std::copysign(kUnits[u - 1].scale, seconds));
      return printf1(threeDigits(v), v) + " " + unit.name;
    }
  }
  return undefinedText();
}

std::string formatSpeedup(double speedup) {
  if (!std::isfinite(speedup)) return undefinedText();
  return printf1("%.2f", speedup) + "×";
}

std::string formatPercent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return undefinedText();
  return printf1(decimals > 0 ? "%.1f" : "%.0f", fraction * 100) + "%";
}

std::string formatRatio(double ratio) {
  if (!std::isfinite(ratio)) return undefinedText();
  return printf1("%.2f", ratio);
}

std::string formatMetric(double value) {
  if (!std::isfinite(value)) return undefinedText();
  if (value == std::floor(value) && std::abs(value) < 1e7) return printf1("%.0f", value);
  return printf1("%.4g", value);
}

namespace {
std::string scaled(double value, double base, const char* const* prefixes, int count,
                   const char* unit) {
  if (!std::isfinite(value)) return undefinedText();
  int i = 0;
  double v = value;
  while (i + 1 < count) {
    // 999.7 rounds to 1000: that is 1.00 k (a whole count below the base prints whole: 999).
    const bool whole = i == 0 && v == std::floor(v);
    if (std::abs(v) < base && (whole || roundedTo3(std::abs(v)) < base)) break;
    v /= base;
    ++i;
  }
  if (i == 0 && v == std::floor(v))
    return printf1("%.0f", v) + (unit[0] ? std::string(" ") + unit : "");
  const char* fmt = threeDigits(v);
  std::string suffix = std::string(prefixes[i]) + unit;
  return printf1(fmt, v) + (suffix.empty() ? "" : " " + suffix);
}
}  // namespace

std::string formatCount(double value) {
  static const char* const kPrefixes[] = {"", "k", "M", "G", "T"};
  return scaled(value, 1000, kPrefixes, 5, "");
}

std::string formatChangeRatio(double ratio) {
  if (!std::isfinite(ratio)) return undefinedText();
  const double change = std::abs(ratio - 1);
  const char* fmt = change < 0.01 ? "%.4f" : change < 0.1 ? "%.3f" : ratio < 10 ? "%.2f" : "%.3g";
  return printf1(fmt, ratio) + "×";
}

std::string formatPValue(double p) {
  if (!std::isfinite(p)) return undefinedText();
  if (p >= 0.01 || p == 0) return printf1(p >= 0.995 ? "%.0f" : "%.2g", p);
  if (p >= 0.001) return printf1("%.4f", p);
  return printf1("%.1e", p);
}

std::string formatMeasure(double value, const std::string& unit, bool precise) {
  if (unit == "s") return formatDuration(value);
  if (unit == "ns") return formatDuration(value * 1e-9);
  if (unit == "B") return formatBytes(value);
  if (!precise || !std::isfinite(value)) return formatCount(value);
  static const char* const kPrefixes[] = {"", " k", " M", " G", " T"};
  int i = 0;
  double v = value;
  while (std::abs(v) >= 1000 && i < 4) {
    v /= 1000;
    ++i;
  }
  if (i == 0 && v == std::floor(v)) return printf1("%.0f", v);
  const char* fmt = std::abs(v) >= 100 ? "%.1f" : std::abs(v) >= 10 ? "%.2f" : "%.3f";
  return printf1(fmt, v) + kPrefixes[i];
}

std::string formatBytes(double bytes) {
  static const char* const kPrefixes[] = {"", "Ki", "Mi", "Gi", "Ti"};
  return scaled(bytes, 1024, kPrefixes, 5, "B");
}

}  // namespace tunelab::analysis
